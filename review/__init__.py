"""The officers' web UI (Flask): the queue of leads, each lead with its posts and its ledger and
every casework action as a form, the dashboard, search, the 台账 export and the admin pages.

    export WAGEWATCH_SECRET_KEY=...      # required outside debug/testing
    wagewatch serve                      # waitress on 127.0.0.1:8000 ([review] in the config)

Every page but /login needs a session. Roles (``review.accounts``): admin, duty (every lead) and
district (the leads of one 镇街: any other lead answers 404, on every route). Every action goes
through ``triage.casework`` / ``triage.followup``, as the CLI's do. The security design is in
``review.security``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from flask import Flask, render_template

import config as config_module
import storage
from review import admin, auth, dashboard, db, export, leads, security, views
from review.security import ConfigurationError

__all__ = ["ConfigurationError", "create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app. ``test_config`` overrides Flask settings; besides Flask's own keys it may give
    ``DATABASE`` (else $WAGEWATCH_DB, else the config's [database] path) and ``WAGEWATCH`` (the
    loaded wagewatch configuration, else ``config.load()``: $WAGEWATCH_CONFIG or the defaults)."""
    overrides = dict(test_config or {})
    wagewatch = overrides.pop("WAGEWATCH", None) or config_module.load()
    review = wagewatch["review"]
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=str(
            storage.resolve_db_path(os.environ.get("WAGEWATCH_DB") or wagewatch["database"]["path"])
        ),
        WAGEWATCH=wagewatch,
        PAGE_SIZE=review["page_size"],
        SESSION_MINUTES=review["session_minutes"],
        MAX_FAILED_LOGINS=review["max_failed_logins"],
        LOCKOUT_MINUTES=review["lockout_minutes"],
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=review["session_minutes"]),
        SESSION_COOKIE_NAME="wagewatch_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=review["https_only"],
        WTF_CSRF_TIME_LIMIT=review["session_minutes"] * 60,
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.config.update(overrides)
    app.config["SECRET_KEY"] = security.secret_key(app, overrides.get("SECRET_KEY"))
    db.init_app(app)
    security.init_app(app)
    views.init_app(app)
    for blueprint in (auth.bp, dashboard.bp, leads.bp, export.bp, admin.bp):
        app.register_blueprint(blueprint)

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page(code))
    return app


ERRORS = {
    400: "请求有误 / bad request",
    403: "无权访问 / forbidden",
    404: "找不到该页面或线索 / not found",
    405: "不支持的操作 / method not allowed",
    413: "提交的内容太大 / too large",
    500: "服务器出错，已记录 / server error",
}


def _error_page(code: int):
    def handler(error):
        description = getattr(error, "description", None) if code in (400, 403) else None
        return render_template("error.html", code=code, title=ERRORS[code], detail=description), code

    return handler
