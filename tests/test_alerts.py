"""Immediate alerts: a new P1 lead (or a lead raised to P1) reaches the city task force and its
镇街 by email at once and the robot webhook, once per lead, with a link to the lead; the pipeline
itself sends nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from datetime import datetime, timedelta

import pytest

import config
import digest
import jobs
import pipeline
import storage
from jobs import tasks
from storage.db import BEIJING
from tests.conftest import make_post
from tests.smtpkit import SmtpServer, WebhookServer, free_port, mail_config, seed_leads

CITY = ["city@zs.example"]


def alert_config(port, kind="wecom", **alerts):
    cfg = mail_config(port, to_addrs=CITY, review_url="http://review.zs.example:8000",
                      recipients=[{"district": "小榄镇", "to": ["xiaolan@zs.example"]},
                                  {"district": "坦洲镇", "to": ["tanzhou@zs.example"]}])  # fmt: skip
    cfg["alerts"].update(webhook_kind=kind, **alerts)
    return cfg


def run_alerts(db_path, cfg):
    return jobs.run(jobs.Context(cfg, str(db_path)), "alerts", tasks.alerts)


@pytest.fixture
def hook(monkeypatch):
    monkeypatch.delenv("WAGEWATCH_WEBHOOK_SECRET", raising=False)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with WebhookServer() as server:
        monkeypatch.setenv("WAGEWATCH_WEBHOOK_URL", server.url)
        yield server


def test_a_new_p1_lead_is_alerted_once_by_mail_and_webhook(db, db_path, hook):
    with SmtpServer() as smtp:
        leads = seed_leads(db)  # the pipeline records the alert; it sends nothing
        assert smtp.handler.accepted == []
        cfg = alert_config(smtp.port)
        outcome = run_alerts(db_path, cfg)
        assert outcome.status == "ok", outcome.error
        p1 = leads["小榄镇"]
        assert sorted(a.rcpt_tos[0] for a in smtp.handler.accepted) == [
            "city@zs.example",
            "xiaolan@zs.example",
        ]
        message = smtp.handler.accepted[0].message
        assert "P1 立即预警" in message["Subject"]
        assert "小榄镇" in message["Subject"]
        assert message["X-Priority"] == "1"
        html = message.get_body(("html",)).get_content()
        assert f'href="http://review.zs.example:8000/leads/{p1}"' in html
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert f"http://review.zs.example:8000/leads/{p1}" in message.get_body(("plain",)).get_content()

        assert len(hook.posts) == 1
        assert hook.posts[0]["msgtype"] == "text"
        assert f"/leads/{p1}" in hook.posts[0]["text"]["content"]
        assert "P1" in hook.posts[0]["text"]["content"]

        again = run_alerts(db_path, cfg)  # nothing new: nothing sent
        assert again.status == "ok"
        assert len(smtp.handler.accepted) == 2
        assert len(hook.posts) == 1
        assert storage.get_alert(db, p1)["subject"] == message["Subject"]

        # a later post about the 坦洲镇 case tells of a banner: the lead is raised to P1 and alerted once
        text = "坦洲镇工地拖欠我们二十多个工友工资<script>alert('x')</script> 电话13800001234 今天拉横幅讨薪"
        storage.upsert_posts(db, [make_post(9, text)])
        assert pipeline.run_pass(db).get("escalated_to_p1") == 1
        run_alerts(db_path, cfg)
        assert sorted(a.rcpt_tos[0] for a in smtp.handler.accepted[2:]) == [
            "city@zs.example",
            "tanzhou@zs.example",
        ]
        assert "138****1234" in smtp.handler.accepted[2].message.get_body(("plain",)).get_content()
        assert f"/leads/{leads['坦洲镇']}" in hook.posts[1]["text"]["content"]
        assert "13800001234" not in hook.posts[1]["text"]["content"]
        run_alerts(db_path, cfg)
        assert len(smtp.handler.accepted) == 4
        assert len(hook.posts) == 2


def test_the_webhook_is_signed_for_dingtalk_and_an_error_answer_is_retried(db, db_path, hook, monkeypatch):
    seed_leads(db)
    monkeypatch.setenv("WAGEWATCH_WEBHOOK_SECRET", "SECtest")
    hook.answer = {"errcode": 310000, "errmsg": "sign not match"}
    cfg = alert_config(free_port(), kind="dingtalk")
    cfg["digest"]["to_addrs"], cfg["digest"]["recipients"] = [], []  # webhook only
    failed = run_alerts(db_path, cfg)
    assert failed.status == "error"
    assert "310000 sign not match" in failed.error
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(hook.paths[0]).query)
    stamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(
        hmac.new(b"SECtest", f"{stamp}\nSECtest".encode(), hashlib.sha256).digest()
    ).decode()
    assert sign == expected
    assert query["key"] == ["test"]

    hook.answer = {"errcode": 0, "errmsg": "ok"}
    storage_db = storage.open_db(db_path)
    storage_db.execute("UPDATE deliveries SET next_attempt_at = NULL")  # due now
    ok = run_alerts(db_path, cfg)
    assert ok.status == "ok", ok.error
    assert len(hook.posts) == 2  # the refused one, then the accepted one: never more
    run_alerts(db_path, cfg)
    assert len(hook.posts) == 2


def test_old_alerts_from_before_alerting_was_configured_are_not_sent(db, db_path):
    seed_leads(db)
    with SmtpServer() as smtp:
        later = (datetime.now(BEIJING) + timedelta(hours=30)).isoformat()
        prepared = digest.prepare_alerts(db, alert_config(smtp.port, kind=""), now=later)
        assert prepared["created"] == 0
        assert prepared["skipped"] == 1
        assert "older than 24 h" in next(iter(prepared["reasons"]))
        run_alerts(db_path, alert_config(smtp.port, kind=""))
        assert smtp.handler.accepted == []


def test_alerts_without_any_recipient_are_recorded_not_sent(db, db_path):
    seed_leads(db)
    outcome = run_alerts(db_path, config.validate({"sources": []}, "test"))
    assert outcome.status == "ok"
    assert "not sent: no alert recipients" in outcome.detail
    assert db["alerts"].count == 1
    assert db["deliveries"].count == 0
