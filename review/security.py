"""How the review UI protects officers and the people in the posts.

- **Sessions**: Flask's signed cookie, HttpOnly, SameSite=Lax, Secure when ``[review]
  https_only`` is on; it ends after ``session_minutes`` without a request, when the account is
  disabled, and when its password changes (``review.auth``). The signing key comes from
  ``WAGEWATCH_SECRET_KEY`` only; outside debug and testing the app refuses to start without one.
- **CSRF**: Flask-WTF's ``CSRFProtect`` checks a token on every POST; each form carries
  ``{{ csrf_token() }}``. A refused POST gets a 400 page that says to reload.
- **Scraped text is never markup**: Jinja autoescapes every template; links to the original
  posts are only made for http(s) URLs (``views.safe_url``), so ``javascript:`` never becomes a link.
- **Headers on every response**: a Content-Security-Policy without inline scripts (the UI has no
  JavaScript at all) that forbids framing, ``X-Content-Type-Options: nosniff``, ``X-Frame-Options:
  DENY``, ``Referrer-Policy: no-referrer`` (opening an original post tells the platform nothing),
  and ``Cache-Control: no-store`` on pages (they hold personal data).
- **Who sees what**: ``review.auth`` decides; a district officer gets 404 for any other 镇街's lead.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()


class ConfigurationError(RuntimeError):
    """The app cannot start as configured (e.g. no secret key in production)."""


MIN_SECRET = 32
SECRET_HELP = (
    "WAGEWATCH_SECRET_KEY is not set: the review UI signs its sessions with it and will not start "
    "without one outside debug or testing. Make one and keep it in the service's environment file:\n"
    "  export WAGEWATCH_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
)
CSP = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def secret_key(app: Flask, given: str | None) -> str:
    """The session key: given by the caller, else $WAGEWATCH_SECRET_KEY; a throw-away one only in
    debug or testing. Refuses (``ConfigurationError``) a missing or short key in production."""
    key = given or os.environ.get("WAGEWATCH_SECRET_KEY") or ""
    relaxed = app.testing or app.debug or app.config.get("TESTING") or app.config.get("DEBUG")
    if not key:
        if relaxed:
            return secrets.token_hex(32)
        raise ConfigurationError(SECRET_HELP)
    if len(key) < MIN_SECRET and not relaxed:
        raise ConfigurationError(
            f"WAGEWATCH_SECRET_KEY is too short ({len(key)} characters; at least {MIN_SECRET}).\n"
            "  export WAGEWATCH_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return key


def init_app(app: Flask) -> None:
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        detail = "表单已过期或来源不明，请刷新页面后重试 / the form expired or did not come from this site: reload it"
        return render_template("error.html", code=400, title="请求被拒绝 / refused", detail=detail), 400

    @app.after_request
    def headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html" or response.headers.get("Content-Disposition"):
            response.headers["Cache-Control"] = "no-store"
        return response
