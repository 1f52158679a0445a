"""Logging in and out, the session's life, and who may do what.

Every page but /login needs a session (``require_login`` runs before every request). A session
ends after ``SESSION_MINUTES`` without a request, when its account is disabled, and when the
account's password changes. Roles: ``admin`` and ``duty`` see every lead, ``district`` only the
leads of their 镇街 (``visible_lead`` answers 404 for any other, so a district officer cannot even
learn that a lead exists).
"""

from __future__ import annotations

import functools
import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

import storage
from review import accounts
from review.db import get_db

bp = Blueprint("auth", __name__)
PUBLIC = {"auth.login", "static"}
# casework a district officer may do on their 镇街's leads; admin and duty may do all of it
DISTRICT_ACTIONS = {"confirm", "take", "note", "start", "resolve", "callback", "close", "reopen"}
# actions where a duty officer may act on a lead another officer owns (recorded as such)
SUPERVISED = {"dismiss", "take", "start", "resolve", "close", "reopen", "escalate"}


@bp.before_app_request
def require_login():
    g.user = None
    uid = session.get("uid")
    if uid is not None:
        user = storage.get_user_by_id(get_db(), uid)
        idle = time.time() - session.get("seen", 0)
        if user is None or not user["active"] or session.get("pw") != user["password_changed_at"]:
            session.clear()
            flash("请重新登录 / please log in again", "info")
        elif idle > current_app.config["SESSION_MINUTES"] * 60:
            session.clear()
            flash("会话已过期，请重新登录 / the session expired: log in again", "info")
        else:
            g.user = user
            if idle > 30:  # refresh the idle clock (not on every request: the cookie would change each time)
                session["seen"] = int(time.time())
    if g.user is None and request.endpoint not in PUBLIC:
        if request.method == "GET" and request.endpoint:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("auth.login"))
    return None


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme) is followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if g.user:
            return redirect(url_for("dashboard.index"))
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    if not username or not password:
        flash("请输入用户名和密码 / user name and password are required", "error")
        return render_template("login.html", username=username, next=request.form.get("next", "")), 400
    config = current_app.config
    result = accounts.login(
        get_db(), username, password, config["MAX_FAILED_LOGINS"], config["LOCKOUT_MINUTES"]
    )
    if result.user is None:
        flash(result.message, "error")
        return render_template("login.html", username=username, next=request.form.get("next", "")), 401
    session.clear()  # a fresh session: nothing from before the login carries over
    session.permanent = True
    session.update(uid=result.user["id"], pw=result.user["password_changed_at"], seen=int(time.time()))
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    session.clear()
    flash("已退出 / logged out", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change one's own password (the old one is asked for)."""
    if request.method == "POST":
        old, new, again = (request.form.get(k, "") for k in ("old", "new", "again"))
        result = accounts.login(get_db(), g.user["username"], old, current_app.config["MAX_FAILED_LOGINS"],
                                current_app.config["LOCKOUT_MINUTES"])  # fmt: skip
        try:
            if result.user is None:
                raise accounts.AccountError("原密码不对 / the current password is wrong")
            if new != again:
                raise accounts.AccountError("两次输入的新密码不一致 / the new passwords differ")
            accounts.set_password(get_db(), g.user["username"], new)
        except accounts.AccountError as exc:
            flash(str(exc), "error")
            return render_template("password.html"), 400
        user = storage.get_user(get_db(), g.user["username"])
        session.update(pw=user["password_changed_at"])  # this session stays; every other one ends
        flash("密码已修改 / password changed", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("password.html")


def roles(*allowed: str):
    """Only these roles (403 for the others)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if g.user is None or g.user["role"] not in allowed:
                abort(403, description="您的角色无权访问此页 / your role cannot open this page")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scope() -> str | None:
    """The 镇街 the signed-in officer is limited to (None: every lead)."""
    return g.user["district"] if g.user and g.user["role"] == "district" else None


def can_see(lead: dict[str, Any] | None) -> bool:
    limit = scope()
    return lead is not None and (limit is None or lead["district"] == limit)


def visible_lead(lead_id: int) -> dict[str, Any]:
    """The lead if this officer may see it; 404 otherwise (the same answer as for no such lead)."""
    lead = storage.get_lead(get_db(), lead_id)
    if not can_see(lead):
        abort(404)
    return lead


def may(action: str) -> bool:
    """Whether the signed-in officer's role allows a casework action."""
    return bool(g.user) and (g.user["role"] in ("admin", "duty") or action in DISTRICT_ACTIONS)


def supervising(lead: dict[str, Any]) -> bool:
    """A duty officer or admin acting on a lead another officer owns (allowed, and recorded)."""
    return g.user["role"] in ("admin", "duty") and lead["owner"] not in (None, g.user["username"])
