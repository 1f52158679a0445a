"""The digest, built apart from sending: what it shows (new leads P1 first, overdue with owner and
days, due within 24 h, resolved with amounts recovered, on-time rate, blind sources), the period it
covers, the dry run's .eml + .html, and how it reads on a phone (rendered by headless Chromium)."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import cli
import config
import digest
import storage
from storage.db import BEIJING
from tests.smtpkit import seed_leads
from triage import followup

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


def test_preview_escapes_masks_and_puts_p1_first(db, tmp_path):
    seed_leads(db)
    result = digest.write_preview(db, tmp_path / "d.html")
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert result["count"] == 2
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "13800001234" not in html
    assert "138****1234" in html
    assert "javascript:" not in html
    assert html.index("小榄五金厂") < html.index("坦洲镇工地")  # the P1 collective action first
    assert "data:image/png;base64," in html  # the chart inline, for a browser
    assert db["digests"].count == 0  # a preview records nothing


def test_the_digest_shows_overdue_due_soon_resolved_rates_and_blind_sources(db):
    leads = seed_leads(db)
    tz, xl = leads["坦洲镇"], leads["小榄镇"]
    now = datetime.now(BEIJING).replace(microsecond=0)
    with storage.transaction(db):
        followup.assign(db, xl, "李科长", "王主任")
        storage.update_lead(db, xl, {"close_due": (now - timedelta(days=3, hours=2)).isoformat()})
        storage.update_lead(
            db, tz, {"close_due": (now + timedelta(hours=5)).isoformat(), "responded_at": now.isoformat()}
        )
    storage.ensure_source(db, "weibo-zhongshan", "weibo")
    for hour in (3, 4):
        run_id = storage.start_run(db, "weibo-zhongshan")
        db.execute(
            "UPDATE crawl_runs SET started_at = ? WHERE id = ?",
            [now.replace(hour=hour, minute=12).isoformat(), run_id],
        )
        storage.finish_run(db, run_id, status="blocked", pages=1, blocked_reason="安全验证 page")
    cfg = config.validate({"sources": [{"name": "weibo-zhongshan", "spider": "weibo"}]}, "test")
    period = digest.Period(now.date().isoformat(), (now - timedelta(hours=24)).isoformat(), now.isoformat())
    data = digest.collect(db, cfg, None, period)
    assert [row["id"] for row in data["new"]] == [xl, tz]
    assert data["counts"]["P1"] == 1
    assert data["counts"]["group_incident"] == 1
    overdue = data["overdue"][0]
    assert (overdue["id"], overdue["owner"], overdue["late"]) == (xl, "李科长", "逾期 3 天")
    assert [row["id"] for row in data["due_soon"]] == [tz]
    assert data["health"][0]["kind"] == "被拦截"
    assert data["health"][0]["since"] == "03:12"  # the first of the unbroken blocked runs
    assert data["health"][0]["platform"] == "微博"

    with storage.transaction(db):
        followup.move(db, tz, "in_progress", "张三")
        followup.move(db, tz, "resolved", "张三", recovered_yuan=35000)
    later = digest.collect(
        db, cfg, None, digest.Period(period.day, period.start, datetime.now(BEIJING).isoformat())
    )
    assert [(row["id"], row["recovered"]) for row in later["done"]] == [(tz, 35000.0)]
    assert later["recovered_total"] == 35000
    assert any(row["district"] == "小榄镇" and row["open_overdue"] == 1 for row in later["closure"])
    built = digest.build(db, cfg, "坦洲镇", period, ["tanzhou@zs.example"])
    assert "小榄" not in built.text
    assert "坦洲镇" in built.text


def test_each_digest_starts_where_the_groups_previous_one_ended(db):
    seed_leads(db)
    cfg = config.validate({"digest": {"to_addrs": ["city@zs.example"]}, "sources": []}, "test")
    first_now = datetime.now(BEIJING).replace(microsecond=0) - timedelta(days=1)
    yesterday = first_now.date()
    built = digest.prepare_digests(db, cfg, yesterday, now=first_now + timedelta(hours=1))
    assert built[0]["created"] is True
    again = digest.prepare_digests(db, cfg, yesterday)
    assert (again[0]["digest_id"], again[0]["created"]) == (built[0]["digest_id"], False)
    today = digest.period_for(db, cfg, None, None)
    assert today.start == storage.digest_for_day(db, yesterday.isoformat(), None)["period_end"]
    with pytest.raises(ValueError, match="in the future"):
        digest.prepare_digests(db, cfg, datetime.now(BEIJING).date() + timedelta(days=1))


def test_dry_run_writes_eml_and_html_to_wagewatch_at_localhost_without_recipients(
    runner, db, db_path, tmp_path
):
    seed_leads(db)
    result = runner.invoke(
        cli.main, ["--db", str(db_path), "digest", "--dry-run", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    emls = list((tmp_path / "out").glob("*.eml"))
    htmls = list((tmp_path / "out").glob("*.html"))
    assert len(emls) == len(htmls) == 1
    assert str(emls[0].resolve()) in result.output
    message = email.message_from_bytes(emls[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "wagewatch@localhost"
    assert message.get_content_type() == "multipart/alternative"
    html = htmls[0].read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert "&lt;script&gt;" in html
    assert db["digests"].count == 0
    assert db["deliveries"].count == 0
    bad = runner.invoke(cli.main, ["--db", str(db_path), "digest", "--dry-run", "--date", "25/11/2026"])
    assert bad.exit_code == 2
    assert "not a date like 2026-11-25" in bad.output


def test_the_digest_reads_on_a_phone(db, tmp_path):
    """Headless Chromium at 390 px: no sideways scrolling, text at a readable size, the chart
    scaled to the screen. The screenshot lands in test-artifacts/ for a person to look at."""
    from playwright.sync_api import sync_playwright

    seed_leads(db)
    path = tmp_path / "digest.html"
    digest.write_preview(db, path)
    ARTIFACTS.mkdir(exist_ok=True)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(path.as_uri())
            page.screenshot(path=str(ARTIFACTS / "digest-390.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            chart = page.evaluate("document.querySelector('img.chart').getBoundingClientRect().width")
            smallest = page.evaluate(
                "Math.min(...[...document.querySelectorAll('.line, .row, .quote')].map("
                "e => parseFloat(getComputedStyle(e).fontSize)))"
            )
        finally:
            browser.close()
    assert width <= 390
    assert 300 <= chart <= 390
    assert smallest >= 13
    assert (ARTIFACTS / "digest-390.png").stat().st_size > 10_000
