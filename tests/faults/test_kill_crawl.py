"""``kill -9`` of a crawl at random points (#13): the Scrapy process dies without cleanup while it
reads the demo mirror. The run is recorded as an error that says so, the source's high-water mark
does not move, and the next crawl stores exactly the posts of an uninterrupted crawl, once each."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

import storage
from spiders.runner import run_crawl
from tests.crawlkit import FAST

SEED = 20261206
ARGS = {"keywords": "欠薪,讨薪,工资,拖欠,工地", "max_pages": "30", "source": "weibo-demo"}
pytestmark = pytest.mark.usefixtures("clean_crawl_env")


def crawl_children() -> list[int]:
    """The pids of this process's children that run a Scrapy crawl."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"scrapy" in command and b"crawl" in command:
                pids.append(int(pid))
    return pids


def posts_of(db_path) -> list[tuple]:
    db = storage.open_db(db_path)
    try:
        return sorted(db.execute("SELECT platform, post_id, text, posted_at FROM posts").fetchall())
    finally:
        db.close()


def crawl(db_path, base_url):
    return run_crawl("weibo", db_path, {**ARGS, "base_url": base_url}, settings=FAST, timeout=120)


def test_kill_9_of_a_crawl(demo_url, tmp_path, fault_report):
    reference = tmp_path / "reference.db"
    started = time.monotonic()
    assert crawl(reference, demo_url).returncode == 0
    duration = time.monotonic() - started
    want = posts_of(reference)
    assert len(want) > 30

    rng = random.Random(f"{SEED}-crawl")
    lost = doubled = 0
    message = "(every kill landed after the crawl had finished)"
    for n, after in enumerate(sorted(rng.uniform(0.5, 0.95 * duration) for _ in range(3))):
        db_path = tmp_path / f"run{n}.db"
        results: list = []
        worker = threading.Thread(target=lambda p=db_path, out=results: out.append(crawl(p, demo_url)))
        worker.start()
        time.sleep(after)
        for pid in crawl_children():
            os.kill(pid, signal.SIGKILL)
        worker.join(timeout=120)
        (killed,) = results
        db = storage.open_db(db_path)
        (run,) = storage.recent_runs(db, "weibo-demo")
        db.close()
        if run["status"] == "ok":  # the crawl had closed its run (all stored) before the kill landed
            assert killed.returncode in (0, -signal.SIGKILL)
        else:
            assert killed.returncode == -signal.SIGKILL
            assert run["status"] == "error"
            assert "exited with status -9" in run["message"]
            message = run["message"]
        assert crawl(db_path, demo_url).returncode == 0
        got = posts_of(db_path)
        lost += len(set(want) - set(got))
        doubled += len(got) - len(set(got)) + len(set(got) - set(want))
        assert got == want, f"killed after {after:.1f} s"
    fault_report("kill -9 of a crawl (weibo, demo mirror)", 3, lost, doubled, message)
