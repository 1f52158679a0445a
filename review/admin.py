"""Admin pages: accounts (add, disable, enable, new password, role), each source's crawl health
with its last runs, and the configuration in force (secrets are never shown: only whether each
environment variable is set)."""

from __future__ import annotations

import os

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

import storage
from config import SECRET_WORDS
from review import accounts
from review.auth import roles
from review.dashboard import crawl_health
from review.db import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")
SECRETS = ("WAGEWATCH_SECRET_KEY", "WAGEWATCH_SMTP_PASSWORD", "WEIBO_COOKIE")


@bp.route("/users", methods=["GET", "POST"])
@roles("admin")
def users():
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            if form.get("password", "") != form.get("again", ""):
                raise accounts.AccountError("两次输入的密码不一致 / the passwords differ")
            user = accounts.add_user(
                get_db(), form.get("username", ""), form.get("password", ""), form.get("role", ""),
                form.get("district") or None, form.get("display_name"), form.get("email"),
            )  # fmt: skip
        except accounts.AccountError as exc:
            flash(str(exc), "error")
            status = 400
        else:
            flash(f"已添加用户 {user['username']}", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin_users.html", users=storage.list_users(get_db()), form=request.form), status


@bp.post("/users/<username>/<action>")
@roles("admin")
def user_action(username: str, action: str):
    database = get_db()
    try:
        if action in ("disable", "enable"):
            accounts.set_active(database, username, action == "enable", by=g.user["username"])
            done = "已停用" if action == "disable" else "已启用"
        elif action == "password":
            if request.form.get("password", "") != request.form.get("again", ""):
                raise accounts.AccountError("两次输入的密码不一致 / the passwords differ")
            accounts.set_password(database, username, request.form.get("password", ""))
            done = "已重设密码（该用户需重新登录）"
        elif action == "role":
            accounts.update_role(
                database, username, request.form.get("role", ""), request.form.get("district")
            )
            done = "已修改角色"
        else:
            return render_template("error.html", code=404, title="找不到 / not found"), 404
    except accounts.AccountError as exc:
        flash(f"{username}：{exc}", "error")
        return render_template("admin_users.html", users=storage.list_users(database), form={}), 400
    flash(f"{username}：{done}", "success")
    return redirect(url_for("admin.users"))


@bp.get("/sources")
@roles("admin")
def sources():
    database = get_db()
    rows = crawl_health(database, current_app.config["WAGEWATCH"])
    for row in rows:
        row["runs"] = storage.recent_runs(database, row["name"], limit=5)
    return render_template("admin_sources.html", sources=rows)


def _hide(key: str, value):
    return "（不显示）" if any(w in key.lower() for w in SECRET_WORDS) else value


@bp.get("/config")
@roles("admin")
def config_view():
    config = current_app.config["WAGEWATCH"]
    sections = {
        name: {k: _hide(k, v) for k, v in body.items()}
        for name, body in config.items()
        if isinstance(body, dict)
    }
    sources = [{k: _hide(k, v) for k, v in s.items()} for s in config["sources"]]
    environment = {name: bool(os.environ.get(name)) for name in SECRETS}
    return render_template(
        "admin_config.html", sections=sections, sources=sources, environment=environment,
        database=current_app.config["DATABASE"], config_path=current_app.config.get("CONFIG_PATH") or os.environ.get("WAGEWATCH_CONFIG") or "（内置默认值）",
    )  # fmt: skip
