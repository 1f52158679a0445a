"""Logging in to the review UI (#9): every page but /login needs a session; sessions expire and end
when the account is disabled or its password changes; repeated failures lock the account; CSRF
tokens on every POST; security headers and cookie flags; no secret key, no production start."""

from __future__ import annotations

import time

import pytest

import config
import storage
from review import ConfigurationError, create_app
from tests.conftest import PASSWORD

PAGES = ["/", "/leads", "/leads/1", "/search?q=工资", "/export/ledger.csv", "/export/ledger.xlsx", "/admin/users",
         "/admin/sources", "/admin/config", "/password"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_but_login_needs_a_session(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/leads/1/start", "/leads/1/note", "/admin/users", "/logout"])
def test_posts_without_a_session_change_nothing(client, web, path):
    response = client.post(path, data={"version": "0", "text": "x"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert len(storage.lead_events(storage.connect(web[0]), 1)) == 1


def test_login_lands_where_the_officer_was_going_and_never_elsewhere(client, auth):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in page
    assert 'name="password"' in page
    response = client.post(
        "/login", data={"username": "duty", "password": PASSWORD, "next": "/leads?priority=P1"}
    )
    assert response.headers["Location"] == "/leads?priority=P1"
    auth.logout()
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post("/login", data={"username": "duty", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/"
        auth.logout()


def test_wrong_or_missing_credentials_show_the_form_again_with_a_message(client, auth):
    response = auth.login("duty", "wrong password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert auth.login("nobody", "wrong password").get_data(as_text=True).count("用户名或密码错误") == 1
    response = client.post("/login", data={"username": "duty"})
    assert response.status_code == 400
    assert "请输入用户名和密码" in response.get_data(as_text=True)
    assert client.get("/leads").status_code == 302


def test_five_wrong_passwords_lock_the_account(client, auth, web):
    for _ in range(4):
        assert auth.login("tz", "wrong password").status_code == 401
    page = auth.login("tz", "wrong password").get_data(as_text=True)
    assert "账户锁定 15 分钟" in page
    page = auth.login("tz", PASSWORD).get_data(as_text=True)
    assert "已锁定" in page
    assert client.get("/leads").status_code == 302
    assert storage.get_user(storage.connect(web[0]), "tz")["locked_until"]


def test_logout_ends_the_session(client, auth):
    auth.login()
    assert client.get("/leads").status_code == 200
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/leads").status_code == 302


def test_an_idle_session_expires(client, auth, app):
    auth.login()
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - app.config["SESSION_MINUTES"] * 60 - 5
    response = client.get("/leads")
    assert response.status_code == 302
    assert "会话已过期" in client.get("/login").get_data(as_text=True)


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(app, web):
    from review import accounts

    officer, other = app.test_client(), app.test_client()
    officer.post("/login", data={"username": "tz", "password": PASSWORD})
    other.post("/login", data={"username": "duty", "password": PASSWORD})
    database = storage.connect(web[0])
    accounts.set_active(database, "tz", False)
    assert officer.get("/leads").status_code == 302
    assert officer.post("/login", data={"username": "tz", "password": PASSWORD}).status_code == 401
    time.sleep(1.1)  # password_changed_at has a resolution of one second
    accounts.set_password(database, "duty", "a brand new password")
    assert other.get("/leads").status_code == 302


def test_officers_change_their_own_password_and_keep_this_session(client, auth):
    auth.login("duty")
    bad = client.post("/password", data={"old": "wrong", "new": "x" * 12, "again": "x" * 12})
    assert bad.status_code == 400
    assert "原密码不对" in bad.get_data(as_text=True)
    differ = client.post("/password", data={"old": PASSWORD, "new": "x" * 12, "again": "y" * 12})
    assert "不一致" in differ.get_data(as_text=True)
    assert (
        client.post("/password", data={"old": PASSWORD, "new": "short", "again": "short"}).status_code == 400
    )
    time.sleep(1.1)
    assert (
        client.post("/password", data={"old": PASSWORD, "new": "x" * 12, "again": "x" * 12}).status_code
        == 302
    )
    assert client.get("/leads").status_code == 200
    auth.logout()
    assert auth.login("duty", "x" * 12).status_code == 302


def test_a_post_without_its_csrf_token_is_refused(web, leads):
    app = create_app({"TESTING": True, "DATABASE": str(web[0]), "WAGEWATCH": config.defaults()})
    client = app.test_client()
    refused = client.post("/login", data={"username": "duty", "password": PASSWORD})
    assert refused.status_code == 400
    assert "表单已过期或来源不明" in refused.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    logged_in = client.post("/login", data={"username": "duty", "password": PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    lead_id = leads["tz"]
    version = storage.get_lead(storage.connect(web[0]), lead_id)["version"]
    assert client.post(f"/leads/{lead_id}/note", data={"version": version, "text": "x"}).status_code == 400
    assert len(storage.lead_events(storage.connect(web[0]), lead_id)) == 1
    page = client.get(f"/leads/{lead_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    ok = client.post(f"/leads/{lead_id}/note", data={"version": version, "text": "有效", "csrf_token": token})
    assert ok.status_code == 302
    assert len(storage.lead_events(storage.connect(web[0]), lead_id)) == 2


def test_every_form_carries_a_csrf_token(client, auth, leads):
    auth.login("admin")
    for path in ("/", f"/leads/{leads['tz']}", "/admin/users", "/password", "/leads"):
        page = client.get(path).get_data(as_text=True)
        assert page.count('method="post"') == page.count('name="csrf_token"'), path


@pytest.mark.parametrize(
    "path", ["/login", "/leads", "/leads/999", "/static/style.css", "/export/ledger.csv"]
)
def test_security_headers_on_every_response(client, auth, path):
    auth.login()
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src" not in csp
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    response.close()


def test_session_cookie_flags(web):
    defaults = config.defaults()
    for https_only in (False, True):
        defaults["review"]["https_only"] = https_only
        app = create_app(
            {"TESTING": True, "DATABASE": str(web[0]), "WTF_CSRF_ENABLED": False, "WAGEWATCH": defaults}
        )
        response = app.test_client().post("/login", data={"username": "duty", "password": PASSWORD})
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is https_only


def test_production_needs_a_long_secret_key(web, monkeypatch):
    monkeypatch.delenv("WAGEWATCH_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigurationError, match="WAGEWATCH_SECRET_KEY is not set"):
        create_app({"DATABASE": str(web[0]), "WAGEWATCH": config.defaults()})
    monkeypatch.setenv("WAGEWATCH_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="too short"):
        create_app({"DATABASE": str(web[0]), "WAGEWATCH": config.defaults()})
    monkeypatch.setenv("WAGEWATCH_SECRET_KEY", "k" * 64)
    assert create_app({"DATABASE": str(web[0]), "WAGEWATCH": config.defaults()}).secret_key == "k" * 64


def test_serve_refuses_to_start_without_a_secret(runner, web, monkeypatch):
    import cli

    monkeypatch.delenv("WAGEWATCH_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    result = runner.invoke(cli.main, ["--db", str(web[0]), "serve", "--port", "1"])
    assert result.exit_code == 1
    assert "WAGEWATCH_SECRET_KEY is not set" in result.output
    assert "secrets.token_hex(32)" in result.output


def test_the_wsgi_module_gives_a_production_app_from_the_environment(web, monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("WAGEWATCH_SECRET_KEY", "w" * 64)
    monkeypatch.setenv("WAGEWATCH_DB", str(web[0]))
    monkeypatch.delenv("WAGEWATCH_CONFIG", raising=False)
    sys.modules.pop("review.wsgi", None)
    wsgi = importlib.import_module("review.wsgi")
    try:
        assert wsgi.app.config["DATABASE"] == str(web[0])
        assert not wsgi.app.testing
        client = wsgi.app.test_client()
        assert client.get("/leads").status_code == 302
        assert client.get("/login").status_code == 200
    finally:
        sys.modules.pop("review.wsgi", None)
