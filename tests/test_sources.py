"""Source health (issue 5): crawl_runs bookkeeping, high-water marks, the flags of ``wagewatch
sources``, and the per-source crawl settings in the configuration. No crawling here; the crawls
themselves are in test_spiders_crawl.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import cli
import config
import storage
from spiders.runner import last_error, source_settings
from storage.db import BEIJING
from storage.migrations import migrations

AT = datetime(2026, 11, 25, 12, 0, tzinfo=BEIJING)


def add_run(db, source: str, hours_ago: float, status: str = "ok", **figures) -> int:
    """A finished (or running) run that started ``hours_ago`` before :data:`AT`."""
    run_id = storage.start_run(db, source)
    started = (AT - timedelta(hours=hours_ago)).isoformat()
    db.execute("UPDATE crawl_runs SET started_at = ? WHERE id = ?", [started, run_id])
    if status != "running":
        storage.finish_run(db, run_id, status=status, **figures)
        db.execute("UPDATE crawl_runs SET ended_at = ? WHERE id = ?", [started, run_id])
    return run_id


def kinds(db, source: str, quiet_hours: float = 48, **kwargs) -> list[str]:
    health = storage.source_health(db, source, quiet_hours=quiet_hours, at=AT, **kwargs)
    return [flag["kind"] for flag in health["flags"]]


# --- storage -------------------------------------------------------------------------------------


def test_crawl_health_migration_comes_before_the_later_ones():
    names = [m.name for m in migrations._migrations]
    assert "005_crawl_health" in names
    assert names.index("004_post_analysis") < names.index("005_crawl_health")
    assert all(names.index("005_crawl_health") < i for i, n in enumerate(names) if n[:3] in ("006", "007"))


def test_finish_run_keeps_the_health_figures(db):
    run_id = storage.start_run(db, "weibo")
    storage.finish_run(
        db, run_id, status="blocked", items=3, pages=2, duration_s=1.5, seen=10,
        blocked_reason="HTTP 418: 请求过于频繁", canary="missing",
    )  # fmt: skip
    run = storage.get_run(db, run_id)
    assert (run["status"], run["duration_s"], run["seen"], run["blocked_reason"], run["canary"]) == (
        "blocked", 1.5, 10, "HTTP 418: 请求过于频繁", "missing",
    )  # fmt: skip
    with pytest.raises(ValueError, match="unknown canary result"):
        storage.finish_run(db, run_id, status="ok", canary="maybe")


def test_a_run_the_crawl_never_closed_is_closed_by_the_runner(db):
    died = storage.start_run(db, "tieba")
    assert storage.close_unfinished_run(
        db, died, message="killed after 600 s", exit_code=-9, duration_s=600.0
    )
    assert storage.get_run(db, died)["status"] == "error"
    closed = storage.start_run(db, "tieba")
    storage.finish_run(db, closed, status="ok", items=4)
    assert not storage.close_unfinished_run(db, closed, message="exited with status 0", exit_code=0)
    run = storage.get_run(db, closed)
    assert (run["status"], run["message"], run["exit_code"]) == ("ok", None, 0)


def test_a_run_opened_by_the_runner_is_claimed_under_the_crawls_own_source(db):
    run_id = storage.start_run(db, "forum")
    assert storage.claim_run(db, run_id, "forum-zsbbs")
    assert storage.get_run(db, run_id)["source"] == "forum-zsbbs"
    storage.finish_run(db, run_id, status="ok")
    assert not storage.claim_run(db, run_id, "forum-other")  # closed rows are not reopened


def test_the_high_water_mark_only_moves_forward(db):
    storage.ensure_source(db, "weibo-zs", "weibo")
    assert storage.high_water(db, "weibo-zs") is None
    assert storage.advance_high_water(db, "weibo-zs", "2026-11-24T21:05:11+08:00", "5120000000000001")
    assert not storage.advance_high_water(db, "weibo-zs", "2026-11-24T13:05:11+00:00", "older")  # same moment
    assert not storage.advance_high_water(db, "weibo-zs", "2026-11-20T00:00:00+08:00", "older")
    assert storage.high_water(db, "weibo-zs") == {"at": "2026-11-24T21:05:11+08:00", "id": "5120000000000001"}
    assert storage.advance_high_water(db, "weibo-zs", "2026-11-25T08:00:00+08:00", "5120000000000009")
    storage.ensure_source(db, "weibo-zs", "weibo", {"keywords": "欠薪"})  # new settings keep the mark
    assert storage.high_water(db, "weibo-zs")["id"] == "5120000000000009"
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        storage.advance_high_water(db, "weibo-zs", "yesterday")


def test_a_healthy_source_has_no_flags(db):
    add_run(db, "weibo", 30, items=20, new_items=20)
    add_run(db, "weibo", 1, items=12, new_items=2)
    assert kinds(db, "weibo") == []


def test_a_blocked_source_is_flagged_with_its_reason(db):
    add_run(db, "tieba", 5, items=50, new_items=5)
    add_run(db, "tieba", 1, status="blocked", blocked_reason="a block page: 百度安全验证")
    health = storage.source_health(db, "tieba", quiet_hours=48, at=AT)
    assert health["flags"] == [{"kind": "blocked", "detail": "a block page: 百度安全验证"}]


def test_an_erroring_source_and_a_run_that_never_finished(db):
    add_run(db, "rss", 3, status="error", message="crawl process exited with status 1: ValueError: x")
    assert kinds(db, "rss") == ["error"]
    add_run(db, "rss", 2, status="running")  # the process died without a word
    assert kinds(db, "rss", stale_after_s=3600) == ["error", "error"]
    assert kinds(db, "rss", stale_after_s=3 * 3600) == ["error"]


def test_a_source_without_its_canary_is_suspect(db):
    add_run(db, "weibo", 1, items=10, new_items=1, canary="missing")
    assert kinds(db, "weibo") == ["suspect"]


def test_a_source_quiet_for_longer_than_its_quiet_period(db):
    add_run(db, "liuyan", 80, items=7, new_items=7)
    for hours in (50, 20, 2):
        add_run(db, "liuyan", hours, items=7, new_items=0)  # "ok", and still blind for days
    assert kinds(db, "liuyan", quiet_hours=72) == ["quiet"]
    assert kinds(db, "liuyan", quiet_hours=96) == []
    add_run(db, "empty-forum", 60, status="empty")
    health = storage.source_health(db, "empty-forum", quiet_hours=48, at=AT)
    assert health["flags"] == [{"kind": "quiet", "detail": "no new post ever for 60 h (quiet period 48 h)"}]
    assert kinds(db, "nobody") == ["never"]


# --- configuration -------------------------------------------------------------------------------


def test_per_source_crawl_settings():
    cfg = config.validate(
        {
            "crawl": {
                "download_delay": 2,
                "proxy": "http://10.0.0.1:3128",
                "httpcache": True,
                "retry_times": 4,
            },
            "sources": [
                {
                    "name": "w",
                    "spider": "weibo",
                    "canary": "欠薪",
                    "args": {"keywords": "欠薪", "max_pages": 5},
                },
                {
                    "name": "t",
                    "spider": "tieba",
                    "obey_robots": False,
                    "download_delay": 5,
                    "args": {"bars": "中山"},
                },
            ],
        }
    )
    weibo, tieba = cfg["sources"]
    assert (weibo["obey_robots"], weibo["download_delay"], tieba["canary"]) == (None, None, "")
    assert source_settings(weibo, cfg["crawl"]) == {
        "DOWNLOAD_DELAY": "2",
        "ROBOTSTXT_OBEY": "True",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "RETRY_TIMES": "4",
        "DOWNLOAD_TIMEOUT": "30",
        "HTTPCACHE_ENABLED": "True",
        "WAGEWATCH_PROXY": "http://10.0.0.1:3128",
        "WAGEWATCH_CANARY": "欠薪",
    }
    assert source_settings(tieba, cfg["crawl"])["ROBOTSTXT_OBEY"] == "False"
    assert source_settings(tieba, cfg["crawl"])["DOWNLOAD_DELAY"] == "5"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"crawl": {"proxy": "http://user:pass@10.0.0.1:3128"}}, "crawl.proxy must be a proxy address"),
        ({"crawl": {"retry_times": -1}}, "crawl.retry_times must be 0 or more"),
        (
            {"sources": [{"name": "f", "spider": "forum", "args": {"selectors": {"text": "td"}}}]},
            "plain values",
        ),
        ({"sources": [{"name": "w", "spider": "weibo", "obey_robots": "no"}]}, "obey_robots must be bool"),
    ],
)
def test_bad_crawl_settings_are_refused(raw, message):
    with pytest.raises(config.ConfigError, match=message):
        config.validate(raw)


def test_the_example_config_knows_every_spider():
    cfg = config.load(Path(__file__).parent.parent / "wagewatch.example.toml")
    spiders = {s["spider"] for s in cfg["sources"]}
    assert spiders == set(config.SPIDERS)
    hotline = next(s for s in cfg["sources"] if s["name"] == "12345-example")
    assert hotline["args"]["post_id_re"] == r"post_(\d+)"


def test_last_error_of_a_crawl_log():
    log = "2026 [scrapy] INFO: x\nTraceback (most recent call last):\n  File ...\n"
    log += "ValueError: weibo needs keywords\n"
    assert last_error(log) == "ValueError: weibo needs keywords"
    assert last_error("") is None


# --- the sources command -------------------------------------------------------------------------


CONFIG = """
[crawl]
timeout_s = 600

[[sources]]
name = "weibo-zs"
spider = "weibo"
quiet_hours = 24
canary = "欠薪"
args = { keywords = "欠薪" }

[[sources]]
name = "tieba-zs"
spider = "tieba"
args = { bars = "中山" }

[[sources]]
name = "liuyan-zs"
spider = "liuyan"
enabled = false
args = { fids = "539" }
"""


@pytest.fixture
def config_path(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_sources_lists_runs_and_flags_blind_sources(runner, db, db_path, config_path):
    now = datetime.now(BEIJING)
    ok = storage.start_run(db, "weibo-zs")
    storage.finish_run(db, ok, status="ok", items=25, new_items=4, pages=4, duration_s=3.2, canary="found")
    blocked = storage.start_run(db, "tieba-zs")
    storage.finish_run(db, blocked, status="blocked", pages=1, blocked_reason="a block page: 百度安全验证")
    old = storage.start_run(db, "demo-rss")
    storage.finish_run(db, old, status="ok", items=3)
    storage.ensure_source(db, "weibo-zs", "weibo")
    storage.advance_high_water(
        db, "weibo-zs", (now - timedelta(hours=1)).replace(microsecond=0).isoformat(), "9"
    )
    result = runner.invoke(cli.main, ["--db", str(db_path), "--config", str(config_path), "sources"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "weibo-zs  (weibo, every 60 min, quiet 24 h)  OK" in out
    assert "ok      · 25 posts (4 new) · 4 pages · 0 errors · 3.2 s · canary found" in out
    assert "tieba-zs  (tieba, every 60 min, quiet 48 h)  BLOCKED" in out
    assert "! blocked: a block page: 百度安全验证" in out
    assert "liuyan-zs  (liuyan, every 60 min, quiet 48 h, disabled)  OK" in out  # never run, but disabled
    assert "demo-rss  (not in the configuration)" in out
    checked = runner.invoke(
        cli.main, ["--db", str(db_path), "--config", str(config_path), "sources", "--check"]
    )
    assert checked.exit_code == 1
    assert "1 source(s) need attention: tieba-zs" in checked.output


def test_crawl_refuses_an_unknown_source(runner, db_path, config_path):
    result = runner.invoke(cli.main, ["--db", str(db_path), "--config", str(config_path), "crawl", "nope"])
    assert result.exit_code == 1
    assert "unknown source 'nope'; configured: weibo-zs, tieba-zs, liuyan-zs" in result.output
