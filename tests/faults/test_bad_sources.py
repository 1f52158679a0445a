"""Sources that misbehave (#13), caused for real on 127.0.0.1: one answers too slowly, one resets the
connection, one serves a 200 with a login wall. The scheduler's crawl jobs run them beside a healthy
source: each misbehaving one is recorded as error or blocked with a message that says why, the
healthy one's posts all arrive, and ``wagewatch sources --check`` names the three."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time

import pytest

import cli
import config as config_module
import jobs
import storage
from demo import render
from demo.server import serve_demo
from tests.crawlkit import FAST

pytestmark = pytest.mark.usefixtures("clean_crawl_env")


class ResettingServer:
    """Accepts each connection and resets it at once (RST: SO_LINGER with a zero timeout)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.resets = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            self.resets += 1

    def close(self):
        self.sock.close()


def test_slow_resetting_and_walled_sources_do_not_touch_the_healthy_one(runner, tmp_path, fault_report):
    db_path = tmp_path / "w.db"
    storage.open_db(db_path).close()
    reset = ResettingServer()

    def slow(_params):
        time.sleep(3)  # past the 1 s download timeout

    walled = {"/api/container/getIndex": lambda _p: (200, "application/json", json.dumps(render.WEIBO_LOGIN_REQUIRED).encode())}  # fmt: skip
    with serve_demo() as healthy_url, serve_demo(overrides={"/feed/zsnews.xml": slow}) as slow_url, \
            serve_demo(overrides=walled) as walled_url:  # fmt: skip
        sources = [
            {"name": "healthy", "spider": "weibo", "args": {"keywords": "欠薪,讨薪", "max_pages": "30", "base_url": healthy_url}},
            {"name": "slow", "spider": "rss", "args": {"url": f"{slow_url}/feed/zsnews.xml"}},
            {"name": "reset", "spider": "rss", "args": {"url": f"http://127.0.0.1:{reset.port}/feed.xml"}},
            {"name": "walled", "spider": "weibo", "args": {"keywords": "欠薪", "base_url": walled_url}},
        ]  # fmt: skip
        raw = {"sources": sources, "crawl": {"download_timeout_s": 1, "retry_times": 1, "timeout_s": 120}}
        config = config_module.validate(raw, "test")
        outcomes = jobs.run_once(jobs.Context(config, str(db_path), crawl_settings=FAST), only=("crawl",))
    reset.close()
    assert [o.job for o in outcomes] == ["crawl:healthy", "crawl:slow", "crawl:reset", "crawl:walled"]
    assert reset.resets >= 1

    db = storage.open_db(db_path)
    runs = {
        name: storage.recent_runs(db, name, limit=1)[0] for name in ("healthy", "slow", "reset", "walled")
    }
    assert runs["healthy"]["status"] == "ok"
    assert runs["healthy"]["items"] > 10
    assert (
        db.execute("SELECT count(*) FROM posts WHERE source = 'healthy'").fetchone()[0]
        == runs["healthy"]["items"]
    )
    assert runs["slow"]["status"] == "error"
    assert "took longer than" in runs["slow"]["message"] or "TimeoutError" in runs["slow"]["message"]
    assert runs["reset"]["status"] == "error"
    assert "Connection" in runs["reset"]["message"] or "reset" in runs["reset"]["message"]
    assert runs["walled"]["status"] == "blocked"
    assert "login wall" in runs["walled"]["blocked_reason"]
    db.close()

    toml = tmp_path / "w.toml"
    toml.write_text("".join(
        f'[[sources]]\nname = "{s["name"]}"\nspider = "{s["spider"]}"\n' for s in sources), encoding="utf-8")  # fmt: skip
    checked = runner.invoke(cli.main, ["--db", str(db_path), "--config", str(toml), "sources", "--check"])
    assert checked.exit_code == 1
    assert "3 source(s) need attention: slow, reset, walled" in checked.output
    fault_report("sources that answer slowly, reset the connection, or show a login wall", 3, 0, 0,
                 f"recorded error / error / blocked ({runs['walled']['blocked_reason']}); the healthy source unaffected")  # fmt: skip
