"""Crawls that meet faults, caused for real against the demo mirror: a server error then success, a
timeout, a malformed list, login walls and captchas (recorded as blocked), robots.txt, a crawl that
stops half-way and is resumed, a duplicate post across pages, a proxy."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from demo import render
from demo.server import serve_demo
from spiders.sites.weibo import WeiboSpider
from tests.crawlkit import (
    crawl,
    extra_corpus,
    failing_first,
    high_water,
    runs,
    stored,
)

pytestmark = pytest.mark.usefixtures("clean_crawl_env")


# --- faults --------------------------------------------------------------------------------------


def test_a_server_error_is_retried_after_backing_off(odd_corpus, tmp_path):
    error = failing_first(1, lambda _: (500, "text/html", b"<html>Internal Server Error</html>"),
                          lambda p: p.get("page") == "2")  # fmt: skip
    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus, overrides={"/api/container/getIndex": error}) as base_url:
        process = crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url)
    assert "HTTP 500 from" in process.stderr
    assert "next request to this site in" in process.stderr
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["errors"]) == ("ok", 25, 0)


def test_a_timeout_is_retried(odd_corpus, tmp_path):
    def slow(_: dict[str, str]) -> None:
        time.sleep(2.5)  # past the 1 s download timeout; the mirror then answers normally

    stall = failing_first(1, slow, lambda _: True)
    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus, overrides={"/feed/zsgov.xml": stall}) as base_url:
        process = crawl("rss", db_path, {"DOWNLOAD_TIMEOUT": "1"}, url=f"{base_url}/feed/zsgov.xml")
    assert "TimeoutError" in process.stderr or "took longer than" in process.stderr
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["errors"]) == ("ok", 1, 0)


def test_a_malformed_list_loses_that_board_only(tmp_path):
    def broken(params: dict[str, str]) -> tuple[int, str, bytes] | None:
        return (
            (200, "application/json", b'{"result":"success","responseData":[{"tid":')
            if params["fid"] == "9002"
            else None
        )

    db_path = tmp_path / "w.db"
    with serve_demo(overrides={"/threads/queryThreadsList": broken}) as base_url:
        process = crawl("liuyan", db_path, fids="9001,9002", base_url=base_url)
    assert "Unreadable message list" in process.stderr
    board = [p for p in extra_corpus() if p.get("fid") == "9001"]
    assert set(stored(db_path, "liuyan")) == {p["post_id"] for p in board}
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["errors"]) == ("error", len(board), 1)
    assert high_water(db_path, "liuyan") is None  # a run that missed pages does not move the mark


def _json(value: Any) -> tuple[int, str, bytes]:
    return 200, "application/json; charset=utf-8", json.dumps(value).encode()


def _html(body: str, status: int = 200) -> tuple[int, str, bytes]:
    return status, "text/html; charset=utf-8", body.encode("utf-8")


BLOCKED_CASES = {
    "weibo login wall": (
        {"/api/container/getIndex": lambda _: _json(render.WEIBO_LOGIN_REQUIRED)},
        "weibo", {"keywords": "欠薪,讨薪"}, "login wall (API answered ok: -100)",
    ),
    "tieba captcha": (
        {
            "/f": lambda _: (302, "text/html", b"", {"Location": "/static/captcha/tuxing.html?ak=x"}),
            "/static/captcha/tuxing.html": lambda _: _html(render.tieba_captcha_page()),
        },
        "tieba", {"bars": "中山,小榄"}, "redirected to a login or captcha page",
    ),
    "discuz login wall": (
        {"/forum.php": lambda _: _html(render.discuz_login_wall())},
        "forum", {"preset": "discuz", "list_url": "https://bbs.zsforum.example/forum.php?mod=forumdisplay&fid=2"},
        "login wall: 抱歉，您尚未登录",
    ),
    "liuyan rate limit": (
        {"/threads/queryThreadsList": lambda _: _html(render.too_many_requests_page(), 418)},
        "liuyan", {"fids": "9001"}, "HTTP 418: 请求过于频繁",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BLOCKED_CASES))
def test_a_refusal_is_recorded_as_blocked_not_empty(case, tmp_path):
    overrides, spider, args, reason = BLOCKED_CASES[case]
    db_path = tmp_path / "w.db"
    with serve_demo(overrides=overrides) as base_url:
        process = crawl(spider, db_path, base_url=base_url, source="s", **args)
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["new_items"]) == ("blocked", 0, 0), process.stderr[-2000:]
    assert run["blocked_reason"].startswith(reason)
    assert run["pages"] <= 2  # the spider closes at the first refusal
    assert high_water(db_path, "s") is None


def test_robots_txt_is_obeyed_and_says_so(odd_corpus, tmp_path):
    robots = {"/robots.txt": lambda _: (200, "text/plain", b"User-agent: *\nDisallow: /api/\n")}
    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus, overrides=robots) as base_url:
        crawl("weibo", db_path, keywords="欠薪", base_url=base_url)
        crawl(
            "weibo", db_path, {"ROBOTSTXT_OBEY": "False"}, keywords="欠薪", max_pages="1", base_url=base_url
        )
    kept_out, allowed = runs(db_path)
    assert (kept_out["status"], kept_out["items"], kept_out["pages"]) == ("blocked", 0, 0)
    assert kept_out["blocked_reason"].startswith("robots.txt disallows 1 request(s)")
    assert (allowed["status"], allowed["items"]) == ("ok", 10)  # a source may decide otherwise


def test_a_crawl_that_stops_half_way_is_resumed_then_stops_at_old_posts(odd_corpus, tmp_path):
    db_path = tmp_path / "w.db"
    down = {
        "/api/container/getIndex": lambda p: (503, "text/html", b"busy") if p.get("page") == "3" else None
    }
    with serve_demo(odd_corpus, overrides=down) as base_url:
        crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url)
    broken = runs(db_path)[-1]
    assert (broken["status"], broken["items"]) == ("error", 20)  # page 3 never came
    assert high_water(db_path, "weibo") is None  # so the mark stays where it was

    with serve_demo(odd_corpus) as base_url:
        crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url)
        resumed = runs(db_path)[-1]
        assert (resumed["status"], resumed["items"], resumed["new_items"]) == ("ok", 25, 5)
        assert len(stored(db_path, "weibo")) == 25  # nothing lost, nothing twice
        assert high_water(db_path, "weibo") == {"at": "2026-11-24T09:00:00+08:00", "id": "5200000000000002"}

        process = crawl(
            "weibo", db_path, keywords="欠薪", max_pages="5", overlap_hours="0", base_url=base_url
        )
    again = runs(db_path)[-1]
    assert "Search '欠薪' stops at page 1" in process.stderr
    assert (again["status"], again["items"], again["new_items"]) == ("ok", 10, 0)  # page 1 only
    assert len(stored(db_path, "weibo")) == 25


def test_a_post_on_two_pages_is_stored_once(odd_corpus, tmp_path):
    posts = [json.loads(x) for x in odd_corpus.read_text(encoding="utf-8").splitlines()]

    def repeat(params: dict[str, str]) -> tuple[int, str, bytes] | None:
        if params.get("page") != "2":
            return None
        first = render.weibo_search(posts, "欠薪", 1)["data"]["cards"][-1]  # the last post of page 1
        page = render.weibo_search(posts, "欠薪", 2)
        page["data"]["cards"].insert(0, first)
        return _json(page)

    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus, overrides={"/api/container/getIndex": repeat}) as base_url:
        process = crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url)
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["new_items"]) == ("ok", 25, 25)
    assert run["seen"] == 26
    assert "'item_dropped_count': 1" in process.stderr


def test_a_configured_proxy_is_used_unless_a_request_names_its_own():
    from spiders.middlewares import ProxyMiddleware

    middleware = ProxyMiddleware.from_crawler(
        get_crawler(WeiboSpider, {"WAGEWATCH_PROXY": "http://10.0.0.1:3128"})
    )
    request = Request("https://m.weibo.cn/api/container/getIndex")
    middleware.process_request(request)
    assert request.meta["proxy"] == "http://10.0.0.1:3128"
    own = Request("https://m.weibo.cn/", meta={"proxy": None})
    middleware.process_request(own)
    assert own.meta["proxy"] is None
