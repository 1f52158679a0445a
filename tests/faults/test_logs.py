"""Logs never hold secrets, cookies, passwords or full phone numbers (#13), checked by grepping every
log of a full demo run (the CLI's own log at -v, and each crawl's log) and of a crawl at DEBUG level
that sends a Weibo cookie, with secrets set in the environment as production sets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from demo.server import serve_demo
from redact import PHONE
from spiders.runner import run_crawl
from tests.crawlkit import FAST, line
from tests.faults.conftest import ROOT, write_jsonl

SECRETS = {
    "WEIBO_COOKIE": "SUB=_2A25LeakMe_cookie_value_123",
    "WAGEWATCH_SMTP_PASSWORD": "smtp-Pa55-leakme",
    "WAGEWATCH_SECRET_KEY": "web-secret-leakme-0123456789",
}
pytestmark = pytest.mark.usefixtures("clean_crawl_env")


PHONES = [f"1390000{n:04d}" for n in range(12)]
RESIDENT_ID = "44200019900101123X"


def phones_in(path) -> set[str]:
    phones = set()
    for row in path.read_text(encoding="utf-8").splitlines():
        phones.update(p for p in PHONE.findall(json.loads(row)["text"]) if "*" not in p)
    return phones


def assert_clean(text: str, where: str, phones: set[str]) -> None:
    for name, value in SECRETS.items():
        assert value not in text, f"{name} leaked into {where}"
    leaked = {p for p in phones if p in text}
    assert not leaked, f"full phone numbers in {where}: {sorted(leaked)[:5]}"
    assert RESIDENT_ID not in text, f"a resident ID number in {where}"


def test_a_full_demo_run_logs_no_secret_and_no_phone_number(tmp_path, monkeypatch, fault_report):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    phones = phones_in(ROOT / "demo" / "data" / "posts.jsonl")
    assert phones  # the demo posts do carry phone numbers
    result = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "-v", "--db", "w.db", "demo", "--out", "out"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, env=os.environ.copy(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert_clean(result.stdout + result.stderr, "the demo's own output", phones)
    logs = sorted((tmp_path / "out" / "crawl-logs").glob("*.log"))
    assert len(logs) == 6
    for log in logs:
        text = log.read_text(encoding="utf-8")
        assert "Spider closed (finished)" in text
        assert_clean(text, log.name, phones)
    fault_report("secrets and phone numbers in the logs of a full demo run", 1 + len(logs), 0, 0,
                 "none found (CLI at -v, six crawl logs at INFO)")  # fmt: skip


def test_a_debug_crawl_with_a_cookie_logs_neither(tmp_path, monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    posts = [line("weibo", f"53{n:014d}", f"欠薪求助 坦洲工地 联系 {phone} 身份证 {RESIDENT_ID}",
                  f"{10 + n:02d}T08:00:00") for n, phone in enumerate(PHONES)]  # fmt: skip
    # and one the pipeline drops (no id): Scrapy would log its whole content
    posts.append(line("weibo", "", f"欠薪 没有编号的帖子 {PHONES[0]}", "23T08:00:00"))
    corpus = write_jsonl(tmp_path / "posts.jsonl", posts)
    with serve_demo(corpus) as base_url:
        result = run_crawl("weibo", tmp_path / "w.db", {"keywords": "欠薪", "max_pages": "3", "base_url": base_url},
                           settings={**FAST, "LOG_LEVEL": "DEBUG"}, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Scraped from" in result.stderr  # items are logged at DEBUG …
    assert "post weibo/" in result.stderr  # … by platform and id only
    assert_clean(result.stderr, "a DEBUG crawl log", set(PHONES))
