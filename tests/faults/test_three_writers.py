"""Three writer processes at once (#13), for a bounded time: a real crawl storing posts, pipeline
passes, and the web UI (``wagewatch serve``) taking officers' notes over HTTP. Afterwards: no
"database is locked" anywhere, every crawled post stored once, every post processed, every note the
web UI confirmed in the ledger, the file sound."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
import urllib.request

import pytest

import pipeline
import storage
from demo.server import serve_demo
from spiders.runner import run_crawl
from tests.conftest import PASSWORD, WEB_POSTS
from tests.crawlkit import FAST, line
from tests.faults.conftest import ROOT, seed_web_db, write_jsonl
from tests.test_dedupe import Stub

SECONDS = 20
PASSES = textwrap.dedent(
    """
    import sys, time
    import pipeline, storage
    from tests.test_dedupe import Stub
    db = storage.open_db(sys.argv[1])
    deadline, passes = time.monotonic() + float(sys.argv[2]), 0
    while time.monotonic() < deadline:
        pipeline.run_pass(db, classifier=Stub(), batch_size=25)
        passes += 1
        time.sleep(0.05)
    print(passes)
    """
)
pytestmark = pytest.mark.usefixtures("clean_crawl_env")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Officer:
    """An officer's browser session against ``wagewatch serve``: a cookie jar and the CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode("utf-8")

    def post(self, path: str, fields: dict[str, str]) -> int:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def login(self, username: str) -> None:
        _status, page = self.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert self.post("/login", {"csrf_token": token, "username": username, "password": PASSWORD}) == 200

    def note(self, lead_id: int, text: str) -> int:
        _status, page = self.get(f"/leads/{lead_id}")
        form = re.search(rf'action="/leads/{lead_id}/note".*?</form>', page, re.S).group(0)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        version = re.search(r'name="version" value="(\d+)"', form).group(1)
        return self.post(f"/leads/{lead_id}/note", {"csrf_token": token, "version": version, "text": text})


def test_crawl_pipeline_and_web_ui_writing_at_once(tmp_path, fault_report):
    db_path = tmp_path / "w.db"
    lead_ids = seed_web_db(db_path, WEB_POSTS)
    corpus = write_jsonl(tmp_path / "posts.jsonl", [
        line("weibo", f"54{n:014d}", f"第{n}条 坦洲工地拖欠工资求助 #中山欠薪#", f"{1 + n % 28:02d}T{n % 24:02d}:00:00")
        for n in range(1500)
    ])  # fmt: skip

    port = free_port()
    env = {**os.environ, "WAGEWATCH_SECRET_KEY": "three-writers-" + "k" * 50, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db_path), "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    officer = Officer(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while True:
        try:
            officer.login("duty")
            break
        except OSError:
            assert server.poll() is None, "wagewatch serve exited"
            assert time.monotonic() < deadline, "wagewatch serve did not start"
            time.sleep(0.3)

    passes = subprocess.Popen([sys.executable, "-c", PASSES, str(db_path), str(SECONDS)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    crawled: list = []
    with serve_demo(corpus) as base_url:
        crawler = threading.Thread(target=lambda: crawled.append(run_crawl(
            "weibo", db_path, {"keywords": "欠薪", "max_pages": "200", "base_url": base_url},
            settings=FAST, timeout=300)))  # fmt: skip
        crawler.start()
        confirmed, statuses, n = [], [], 0
        stop = time.monotonic() + SECONDS
        while time.monotonic() < stop:
            text = f"第{n}次电话联系 三写者测试"
            status = officer.note(lead_ids[n % len(lead_ids)], text)
            statuses.append(status)
            if status == 200:  # the redirect to the lead page, flashed as done
                confirmed.append(text)
            n += 1
        crawler.join(timeout=300)
    out, err = passes.communicate(timeout=120)
    server.terminate()
    server.wait(timeout=20)
    log.close()
    server_log = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")

    assert passes.returncode == 0, err
    (crawl,) = crawled
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    for output in (err, crawl.stderr, server_log):
        assert "database is locked" not in output
        assert "Traceback" not in output
    assert set(statuses) == {200}, sorted(set(statuses))
    assert len(confirmed) >= 10
    db = storage.open_db(db_path)
    pipeline.run_pass(db, classifier=Stub())  # what arrived after the last pass
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {
        r[0] for r in db.execute("SELECT post_id FROM posts WHERE platform = 'weibo' AND post_id LIKE '54%'")
    }
    assert len(stored) == 1500
    assert storage.count_posts(db) == {"done": 1500 + len(WEB_POSTS)}
    notes = [r[0] for r in db.execute("SELECT note FROM lead_events WHERE action = 'note' AND who = 'duty'")]
    assert sorted(notes) == sorted(confirmed)
    fault_report("three writers at once (crawl, pipeline passes, web UI notes)", 1, 0, 0,
                 f"{int(out)} passes, 1,500 posts crawled, {len(confirmed)} notes over HTTP; no lock error")  # fmt: skip
