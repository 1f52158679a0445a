"""End to end in a real browser (#9): ``wagewatch serve`` (waitress) on 127.0.0.1 over a database
made from the demo posts by the real pipeline, driven by headless Chromium through Playwright.

A duty officer logs in, takes a lead through 交办 → 办理中 → 办结 → 回访 → 结案, dismisses another and
sees the dashboard's numbers change; a district officer cannot open another town's lead; hostile
post text runs no script. Screenshots of the queue, a lead and the dashboard (desktop and 390 px
phone width) go to test-artifacts/.

CI installs Debian's chromium and the CJK font (.ci/run); these tests need /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import pipeline
import storage
from tests.conftest import PASSWORD, WEB_POSTS, WEB_USERS, password_hash

ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, database path) of ``wagewatch serve`` over the demo posts and the web users."""
    db_path = tmp_path_factory.mktemp("browser") / "wagewatch.db"
    database = storage.open_db(db_path)
    posts = [
        json.loads(line)
        for line in (ROOT / "demo" / "data" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    storage.upsert_posts(database, [*posts, *WEB_POSTS], source="demo")
    pipeline.run_pass(database)
    with storage.transaction(database):
        for name, role, district in WEB_USERS:
            storage.create_user(database, {"username": name, "display_name": name, "role": role, "district": district,
                                           "password_hash": password_hash(), "active": 1})  # fmt: skip
    database.close()
    port = _free_port()
    env = {**os.environ, "WAGEWATCH_SECRET_KEY": "e2e-" + "k" * 60, "PYTHONPATH": str(ROOT)}
    env.pop("WAGEWATCH_CONFIG", None)
    log = (db_path.parent / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db_path), "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as response:
                assert response.status == 200
                assert response.headers["Server"] == "wagewatch"  # waitress, named by serve
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail(f"wagewatch serve did not start: {(db_path.parent / 'serve.log').read_text()}")
            time.sleep(0.2)
    yield base, db_path
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _number(page, element_id: str) -> int:
    return int(page.inner_text(f"#{element_id}"))


def _submit(page, action: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None,
            check: str | None = None) -> None:  # fmt: skip
    form = page.locator(f"form[action$='/{action}']")
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    if check:
        form.locator(f"input[value={check}]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _shot(page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def _lead_of_post(db_path, post_id: str) -> int:
    database = storage.connect(db_path)
    try:
        return database.execute(
            "SELECT lead_id FROM lead_posts JOIN posts ON posts.id = lead_posts.post_id WHERE posts.post_id = ?",
            [post_id],
        ).fetchone()[0]
    finally:
        database.close()


def test_a_duty_officer_works_a_lead_from_new_to_closed_in_the_browser(site, browser):
    base, db_path = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _login(page, base, "duty")
    open_before, p1_before = _number(page, "open-total"), _number(page, "open-p1")
    assert open_before > 50
    assert p1_before > 5
    page.goto(f"{base}/leads")
    assert page.locator("table.queue tbody tr").first.get_attribute("class").startswith("row-P1")
    assert "P1 紧急线索" in page.inner_text(".p1-banner")
    assert "显示 50 条 / 共" in page.inner_text(".pager")
    _shot(page, "queue")

    lead_id = _lead_of_post(db_path, "5")  # 老细走佬，冇出粮！ — no town named
    page.goto(f"{base}/leads/{lead_id}")
    assert "未分配" in page.inner_text(".lead-head")
    _submit(page, "district", fill={"reason": "回帖说在坦洲镇工业园"}, select={"district": "坦洲镇"})
    assert "已交办镇街" in page.inner_text(".flash-success")
    _submit(page, "start", fill={"note": "已电话联系发帖人"})
    assert "办理中" in page.inner_text(".lead-head")
    _submit(page, "resolve", fill={"recovered_yuan": "8600", "workers_paid": "3"})
    assert "追回 8,600 元" in page.inner_text("table.ledger")
    _submit(page, "callback", check="paid")
    assert "已回访" in page.inner_text(".lead-head")
    _submit(page, "close", fill={"note": "工人确认收到"})
    assert "已结案" in page.inner_text(".lead-head")
    ledger = page.inner_text("table.ledger")
    for step in ("交办镇街", "开始办理", "办结", "回访确认", "结案"):
        assert step in ledger
    page.goto(f"{base}/leads/{_lead_of_post(db_path, '5108412297016634')}")
    _shot(page, "lead")
    _shot(page, "lead-full", full=True)

    other = _lead_of_post(db_path, "6")  # 石岐 decoration firm
    page.goto(f"{base}/leads/{other}")
    _submit(page, "dismiss", fill={"note": "重复投诉，已在12345办结"}, select={"label": "irrelevant"})
    assert "已排除" in page.inner_text(".flash-success")

    page.goto(f"{base}/")
    assert _number(page, "open-total") == open_before - 2
    assert "合计 1" in page.inner_text(".legend")  # one lead resolved in the 30 days shown
    _shot(page, "dashboard", full=True)

    xss_lead = _lead_of_post(db_path, "1")
    page.goto(f"{base}/leads/{xss_lead}")
    assert '<script>alert("x")</script>' in page.inner_text(".summary-text")  # shown as text, not run
    assert page.locator("a[href^='javascript']").count() == 0
    assert dialogs == []


def test_a_district_officer_cannot_open_another_towns_lead(site, browser):
    base, db_path = site
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    _login(page, base, "tz")
    page.goto(f"{base}/leads")
    assert "线索队列 · 坦洲镇" in page.inner_text("h1")
    towns = set(page.locator("td[data-label='镇街']").all_inner_texts())
    assert towns == {"坦洲镇"}
    _shot(page, "queue-phone")
    own = _lead_of_post(db_path, "5108412297016634")
    page.goto(f"{base}/leads/{own}")
    assert page.locator("form[action$='/take'] button").is_visible()
    _shot(page, "lead-phone")
    foreign = _lead_of_post(db_path, "2")  # 小榄 P1
    response = page.goto(f"{base}/leads/{foreign}")
    assert response.status == 404
    assert "找不到该页面或线索" in page.inner_text("h1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways on a phone
