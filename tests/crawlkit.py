"""Helpers for the spider tests that crawl for real: run a crawl into a temporary database and read
back what it stored and how its runs were recorded; the awkward-posts corpus."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import storage
from demo.server import DEFAULT_POSTS, EXTRA_POSTS
from spiders.runner import run_crawl

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "WAGEWATCH_BACKOFF_BASE": "0.05"}


def corpus(path: Path = DEFAULT_POSTS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def stored(db_path: Path, platform: str) -> dict[str, dict[str, Any]]:
    db = storage.open_db(db_path)
    try:
        return {row["post_id"]: row for row in db.query("SELECT * FROM posts WHERE platform = ?", [platform])}
    finally:
        db.close()


def runs(db_path: Path, source: str | None = None) -> list[dict[str, Any]]:
    db = storage.open_db(db_path)
    try:
        return list(reversed(storage.recent_runs(db, source)))
    finally:
        db.close()


def crawl(
    spider: str, db_path: Path, settings: dict[str, str] | None = None, **args: str
) -> subprocess.CompletedProcess[str]:
    process = run_crawl(spider, db_path, args, settings={**FAST, **(settings or {})}, timeout=120)
    assert process.returncode == 0, process.stderr[-3000:]
    return process


def high_water(db_path: Path, source: str) -> dict[str, str] | None:
    db = storage.open_db(db_path)
    try:
        return storage.high_water(db, source)
    finally:
        db.close()


def assert_clean_run(
    process: subprocess.CompletedProcess[str], run: dict[str, Any], source: str, items: int
) -> None:
    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    assert run["source"] == source
    assert (run["status"], run["items"], run["errors"], run["message"]) == ("ok", items, 0, "finished")
    assert run["pages"] >= 1  # robots.txt is not counted
    assert run["duration_s"] is not None
    assert run["seen"] >= items
    assert run["blocked_reason"] is None


def words(text: str) -> str:
    return " ".join(text.split())


def extra_corpus() -> list[dict[str, Any]]:
    return corpus(EXTRA_POSTS)


# A small corpus of awkward posts: markup typed as text, emoji outside GBK, a long post, a thread
# of two pages, enough posts for three search pages.
def line(platform: str, post_id: str, text: str, when: str, **fields: Any) -> dict[str, Any]:
    return {
        "platform": platform,
        "post_id": post_id,
        "author": fields.pop("author", "作者"),
        "title": None,
        "text": text,
        "posted_at": f"2026-11-{when}+08:00",
        "reposts": 1,
        "comments": 2,
        "likes": 3,
        "region": "广东",
        "bar": None,
        "tid": None,
        "floor": None,
        "feed": None,
        "is_long": False,
        "label": "wage_arrears",
        "case": "T1",
        "district": "坦洲镇",
        "workers": 5,
        "amount_yuan": 1000,
        **fields,
    }


SCRIPT = "<script>alert('欠薪')</script> & &amp; ]]> --> 😡"
LONG_TEXT = "我们十二个人在坦洲的工地做了三个月，" * 12 + "工钱一分没拿到欠薪十八万。"


def write_odd_corpus(folder: Path) -> Path:
    """A small corpus of awkward posts written to ``folder/posts.jsonl``: markup typed as text, emoji
    outside GBK, a long post, a thread of two pages, enough posts for three search pages."""
    lines = [
        line(
            "weibo",
            f"51{n:014d}",
            f"第{n}条 欠薪求助 #中山欠薪# [怒]",
            f"{10 + n % 10:02d}T{n % 24:02d}:00:00",
        )
        for n in range(23)
    ]
    lines += [
        line("weibo", "5200000000000001", f"欠薪 {SCRIPT}\n第二行", "24T08:00:00"),
        line("weibo", "5200000000000002", LONG_TEXT, "24T09:00:00", is_long=True),
        line(
            "tieba",
            "300001",
            f"楼主 {SCRIPT}",
            "20T10:00:00",
            title="<b>标题</b> & 欠薪",
            bar="测试吧",
            tid="900",
            floor=1,
            comments=34,
        ),
        *(
            line(
                "tieba", f"3{n:05d}", f"回复 {n}", "20T11:00:00", bar="测试吧", tid="900", floor=n, comments=0
            )
            for n in range(2, 36)
        ),
        line(
            "rss",
            "gov-1",
            f"通报 {SCRIPT} 鎔",
            "21T10:00:00",
            title="<政府> 通报",
            feed="zsgov",
            author="人社局",
        ),
        line(
            "rss",
            "news-1",
            f"新闻 {SCRIPT}",
            "21T11:00:00",
            title="新闻 & 标题",
            feed="zsnews",
            author="记者",
        ),
    ]
    path = folder / "posts.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def failing_first(times: int, reply: Callable[[dict[str, str]], Any], when: Callable[[dict[str, str]], bool]):
    """An override that answers ``reply`` to the first ``times`` requests matching ``when``."""
    lock, count = threading.Lock(), [0]

    def override(params: dict[str, str]) -> Any:
        if not when(params):
            return None
        with lock:
            count[0] += 1
            if count[0] > times:
                return None
        return reply(params)

    return override
