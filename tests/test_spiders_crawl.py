"""Spiders and pipelines: callbacks on saved pages, then real ``scrapy crawl`` subprocesses against
the demo mirror on 127.0.0.1 writing to a temporary SQLite database, faults included: a server
error then success, a timeout, malformed JSON, GBK pages, login walls and captchas (recorded as
blocked), robots.txt, a page of already-seen posts (incremental stop), a crawl that stops half-way
and is resumed, a duplicate post across pages, bad arguments."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import storage
from demo import render
from demo.render import HOTLINE_ARGS
from demo.server import DEFAULT_POSTS, EXTRA_POSTS, serve_demo
from spiders.items import Post
from spiders.parsers.common import clean_text
from spiders.pipelines import NormalizePipeline, run_status
from spiders.runner import REPO_ROOT, CrawlTimeout, crawl_command, run_crawl
from spiders.sites import rebase
from spiders.sites.tieba import TiebaSpider
from spiders.sites.weibo import WeiboSpider

FIXTURES = Path(__file__).parent / "fixtures" / "html"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "WAGEWATCH_BACKOFF_BASE": "0.05"}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """Crawls reach only 127.0.0.1 and store only where a test says."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("WAGEWATCH_DB", "WEIBO_COOKIE", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def make_spider(cls: type, **kwargs: Any) -> Any:
    return cls.from_crawler(get_crawler(cls, {"WEIBO_COOKIE": kwargs.pop("cookie", "")}), **kwargs)


# --- spiders, without a network ----------------------------------------------------------------


def weibo_search_response(spider: WeiboSpider, name: str, page: int = 1) -> TextResponse:
    request = spider.search_request("欠薪", page)
    return TextResponse(url=request.url, body=(FIXTURES / "weibo" / name).read_bytes(), request=request)


def test_weibo_spider_expands_long_posts_and_pages_on():
    spider = make_spider(WeiboSpider, keywords="欠薪", max_pages="2", cookie="SUB=secret")
    out = list(
        spider.parse_search(weibo_search_response(spider, "search_page1.json"), keyword="欠薪", page=1)
    )
    posts = [o for o in out if isinstance(o, Post)]
    requests = [o for o in out if isinstance(o, Request)]
    assert [p.post_id for p in posts] == ["5120000000000001", "5120000000000003", "5120000000000004"]
    extend, next_page = requests
    assert extend.url == "https://m.weibo.cn/statuses/extend?id=5120000000000002"
    assert extend.headers["Cookie"] == b"SUB=secret"
    assert next_page.url.endswith("&page_type=searchall&page=2")
    assert next_page.cb_kwargs == {"keyword": "欠薪", "page": 2}
    last = list(
        spider.parse_search(weibo_search_response(spider, "search_page1.json", 2), keyword="欠薪", page=2)
    )
    assert not [o for o in last if isinstance(o, Request) and "getIndex" in o.url]  # max_pages reached


def test_weibo_spider_stops_at_the_last_page_and_survives_a_bad_one(caplog):
    spider = make_spider(WeiboSpider, keywords="欠薪")
    assert (
        list(spider.parse_search(weibo_search_response(spider, "search_end.json"), keyword="欠薪", page=1))
        == []
    )
    request = spider.search_request("欠薪", 3)
    broken = TextResponse(url=request.url, body=b'{"ok":1,"data":{"cards":[', request=request)
    (after,) = spider.parse_search(broken, keyword="欠薪", page=3)
    assert after.cb_kwargs["page"] == 4
    assert "Unreadable search page" in caplog.text


def test_weibo_spider_keeps_the_cut_text_when_expansion_fails():
    spider = make_spider(WeiboSpider, keywords="欠薪")
    page = list(
        spider.parse_search(weibo_search_response(spider, "search_page1.json"), keyword="欠薪", page=1)
    )
    extend = next(o for o in page if isinstance(o, Request) and "extend" in o.url)
    failure = Failure(ConnectionError("refused"))
    failure.request = extend
    (post,) = spider.long_text_failed(failure)
    assert post.post_id == "5120000000000002"
    assert post.text.endswith("...")
    full = TextResponse(
        url=extend.url, body=(FIXTURES / "weibo" / "extend.json").read_bytes(), request=extend
    )
    (expanded,) = spider.parse_long_text(full, **extend.cb_kwargs)
    assert expanded.text.endswith("#古镇#")


def test_tieba_spider_follows_threads_and_pages():
    spider = make_spider(TiebaSpider, bars="中山吧", max_pages="2")
    first = spider.list_request("中山吧", 0)
    assert first.url == "https://tieba.baidu.com/f?kw=%E4%B8%AD%E5%B1%B1&ie=utf-8&pn=0"
    listing = HtmlResponse(url=first.url, body=(FIXTURES / "tieba" / "list.html").read_bytes(), request=first)
    out = list(spider.parse_list(listing, **first.cb_kwargs))
    assert [r.url for r in out] == [
        "https://tieba.baidu.com/p/9100000001",
        "https://tieba.baidu.com/p/9245110387",
        "https://tieba.baidu.com/p/9251983342",
        "https://tieba.baidu.com/f?kw=%E4%B8%AD%E5%B1%B1&ie=utf-8&pn=50",
    ]
    thread = spider.thread_request("9245110387", 1)
    page = HtmlResponse(
        url=thread.url, body=(FIXTURES / "tieba" / "thread_2016.html").read_bytes(), request=thread
    )
    *posts, more = spider.parse_thread(page, **thread.cb_kwargs)
    assert len(posts) == 2
    assert more.url == "https://tieba.baidu.com/p/9245110387?pn=2"


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (WeiboSpider, {}),
        (WeiboSpider, {"keywords": "欠薪", "max_pages": "many"}),
        (TiebaSpider, {"bars": " , "}),
    ],
)
def test_spiders_refuse_bad_arguments(cls, kwargs):
    with pytest.raises(ValueError, match="-a|needs"):
        make_spider(cls, **kwargs)


def test_rebase_keeps_path_and_query():
    assert (
        rebase("https://www.zsnews.cn/feed/a.xml?x=1", "http://127.0.0.1:8000")
        == "http://127.0.0.1:8000/feed/a.xml?x=1"
    )
    assert rebase("https://www.zsnews.cn/feed/a.xml", None) == "https://www.zsnews.cn/feed/a.xml"


# --- pipelines ---------------------------------------------------------------------------------


def test_normalize_pipeline_validates_tidies_and_drops_repeats():
    pipeline = NormalizePipeline()
    with pytest.raises(DropItem, match="without post_id"):
        pipeline.process_item(Post(platform="weibo", post_id="  "))
    with pytest.raises(DropItem, match="without platform"):
        pipeline.process_item({"platform": None, "post_id": "1"})
    post = pipeline.process_item(
        Post(
            platform="weibo",
            post_id=" 1 ",
            text=" 发 <script>  \u200b工资\r\n\r\n\r\n了",
            author="  ",
            reposts="1.5万",
        )
    )
    assert (post.post_id, post.text, post.author, post.reposts) == (
        "1",
        "发 <script> 工资\n\n了",
        None,
        15000,
    )
    assert pipeline.process_item(Post(platform="tieba", post_id="1")).platform == "tieba"
    with pytest.raises(DropItem, match="already seen"):
        pipeline.process_item(Post(platform="weibo", post_id="1", text="again"))
    huge = pipeline.process_item(Post(platform="rss", post_id="big", text="欠" * 50_000))
    assert len(huge.text) == 20_000


@pytest.mark.parametrize(
    ("items", "errors", "reason", "status"),
    [
        (3, 0, "finished", "ok"),
        (0, 0, "finished", "empty"),
        (3, 2, "finished", "error"),
        (3, 0, "shutdown", "error"),
        (3, 0, "closespider_itemcount", "ok"),
    ],
)
def test_run_status(items, errors, reason, status):
    assert run_status(items, errors, reason) == status


def test_crawl_command():
    command = crawl_command("weibo", "/tmp/w.db", {"keywords": "欠薪,讨薪"}, {"LOG_LEVEL": "WARNING"})
    assert command == [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "weibo",
        "-a",
        "keywords=欠薪,讨薪",
        "-s",
        "WAGEWATCH_DB=/tmp/w.db",
        "-s",
        "LOG_LEVEL=WARNING",
    ]


# --- real crawls against the demo mirror --------------------------------------------------------


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


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_demo() as base_url:
        yield base_url


def test_weibo_crawl_of_the_demo_corpus_and_a_rerun(demo_url, tmp_path):
    keywords = ("欠薪", "讨薪")
    expected = {
        p["post_id"]: p
        for p in corpus()
        if p["platform"] == "weibo" and any(k in p["text"] for k in keywords)
    }
    assert expected, "the demo corpus has no matching weibo posts"
    pages = math.ceil(len(expected) / 10) + 1
    db_path = tmp_path / "w.db"

    first = crawl("weibo", db_path, keywords=",".join(keywords), max_pages=str(pages), base_url=demo_url)
    posts = stored(db_path, "weibo")
    assert set(posts) == set(expected)
    for post_id, post in posts.items():
        truth = expected[post_id]
        assert post["text"] == clean_text(truth["text"]), post_id  # long posts expanded in full
        assert post["url"] == f"https://m.weibo.cn/detail/{post_id}"
        assert (post["author"], post["posted_at"], post["region"]) == (
            truth["author"],
            truth["posted_at"],
            truth["region"],
        )
        assert (post["reposts"], post["comments"], post["likes"]) == (
            truth["reposts"],
            truth["comments"],
            truth["likes"],
        )
    assert any(p.get("is_long") for p in expected.values()), "the demo corpus has no long weibo post"
    (run,) = runs(db_path)
    assert_clean_run(first, run, "weibo", len(expected))
    assert run["new_items"] == len(expected)

    newest = max(expected.values(), key=lambda p: p["posted_at"])
    assert high_water(db_path, "weibo") == {"at": newest["posted_at"], "id": newest["post_id"]}

    # The rerun continues from the mark: each search stops at its first page of old posts.
    second = crawl("weibo", db_path, keywords=",".join(keywords), max_pages=str(pages), base_url=demo_url)
    assert len(stored(db_path, "weibo")) == len(expected)
    rerun = runs(db_path)[-1]
    assert "stops at page" in second.stderr
    assert (rerun["status"], rerun["new_items"], rerun["errors"]) == ("ok", 0, 0)
    assert 0 < rerun["items"] <= len(expected)
    assert rerun["pages"] < run["pages"]


def test_tieba_crawl_of_the_demo_corpus(demo_url, tmp_path):
    expected = {p["post_id"]: p for p in corpus() if p["platform"] == "tieba"}
    bars = sorted({p["bar"] for p in expected.values()})
    db_path = tmp_path / "w.db"
    process = crawl("tieba", db_path, bars=",".join(bars), base_url=demo_url, source="tieba-zhongshan")
    posts = stored(db_path, "tieba")
    assert set(posts) == set(expected)
    for post_id, post in posts.items():
        truth = expected[post_id]
        assert post["text"] == clean_text(truth["text"]), post_id
        assert post["author"] == truth["author"]
        assert post["posted_at"] == truth["posted_at"][:16] + ":00+08:00"  # Tieba shows minutes
        assert post["url"] == f"https://tieba.baidu.com/p/{truth['tid']}?pid={post_id}#{post_id}"
        if truth["floor"] == 1:
            assert (post["title"], post["comments"]) == (truth["title"], truth["comments"])
        else:
            assert post["title"] is None
    (run,) = runs(db_path)
    assert_clean_run(process, run, "tieba-zhongshan", len(expected))


def test_rss_crawl_of_the_demo_corpus(demo_url, tmp_path):
    expected = {p["post_id"]: p for p in corpus() if p["platform"] == "rss"}
    feeds = sorted({p["feed"] for p in expected.values()})
    assert "zsgov" in feeds, "the demo corpus has no item for the GBK feed"
    db_path = tmp_path / "w.db"
    urls = ",".join(f"https://www.example.cn/feed/{feed}.xml" for feed in feeds)  # rebased onto the mirror
    process = crawl("rss", db_path, {"WAGEWATCH_CANARY": "这个词不会出现"}, url=urls, base_url=demo_url)
    posts = stored(db_path, "rss")
    assert set(posts) == set(expected)
    for post_id, post in posts.items():
        truth = expected[post_id]
        assert words(post["text"]) == words(truth["text"]), post_id
        assert (post["title"], post["author"], post["posted_at"]) == (
            truth["title"],
            truth["author"],
            truth["posted_at"],
        )
    (run,) = runs(db_path)
    assert_clean_run(process, run, "rss", len(expected))
    assert run["canary"] == "missing"  # the run is ok, the source is suspect


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


@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory) -> Path:
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
    path = tmp_path_factory.mktemp("corpus") / "posts.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def test_odd_posts_arrive_as_written(odd_corpus, tmp_path):
    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus) as base_url:
        crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url, source="weibo-test")
        crawl("tieba", db_path, bars="测试吧", base_url=base_url)
        crawl("rss", db_path, url=f"{base_url}/feed/zsgov.xml,{base_url}/feed/zsnews.xml")
    weibo_posts = stored(db_path, "weibo")
    assert len(weibo_posts) == 25
    assert weibo_posts["5200000000000001"]["text"] == f"欠薪 {SCRIPT}\n第二行"
    assert weibo_posts["5200000000000002"]["text"] == LONG_TEXT  # expanded through /statuses/extend
    assert weibo_posts["5100000000000007"]["text"] == "第7条 欠薪求助 #中山欠薪# [怒]"
    tieba_posts = stored(db_path, "tieba")
    assert len(tieba_posts) == 35  # both pages of the thread
    assert (tieba_posts["300001"]["title"], tieba_posts["300001"]["text"]) == (
        "<b>标题</b> & 欠薪",
        f"楼主 {SCRIPT}",
    )
    rss_posts = stored(db_path, "rss")
    assert rss_posts["gov-1"]["text"] == f"通报 {SCRIPT} 鎔"  # GBK, emoji as a character reference
    assert rss_posts["gov-1"]["title"] == "<政府> 通报"
    assert rss_posts["news-1"]["text"] == f"新闻 {SCRIPT}"
    assert [r["status"] for r in runs(db_path)] == ["ok", "ok", "ok"]
    db = storage.open_db(db_path)
    sources = {row["name"]: row for row in db.query("SELECT * FROM sources")}
    db.close()
    assert sources["weibo-test"]["platform"] == "weibo"
    assert json.loads(sources["weibo-test"]["settings"])["keywords"] == "欠薪"


def test_a_malformed_page_is_an_error_and_the_good_pages_are_kept(odd_corpus, tmp_path):
    def broken_second_page(params: dict[str, str]) -> tuple[int, str, bytes] | None:
        if params.get("page") == "2":
            return 200, "application/json; charset=utf-8", b'{"ok":1,"data":{"cards":[{"card_type":9,'
        return None

    db_path = tmp_path / "w.db"
    with serve_demo(odd_corpus, overrides={"/api/container/getIndex": broken_second_page}) as base_url:
        process = crawl("weibo", db_path, keywords="欠薪", max_pages="5", base_url=base_url)
    assert "Unreadable search page" in process.stderr
    assert len(stored(db_path, "weibo")) == 15  # pages 1 and 3 of 3
    (run,) = runs(db_path)
    assert (run["status"], run["items"], run["errors"]) == ("error", 15, 1)


def test_export_without_a_database_stores_nothing(odd_corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    with serve_demo(odd_corpus) as base_url:
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "rss",
                "-a",
                f"url={base_url}/feed/zsgov.xml",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=0",
                "-O",
                str(out),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    assert process.returncode == 0, process.stderr[-3000:]
    (item,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert item["post_id"] == "gov-1"
    assert item["text"] == f"通报 {SCRIPT} 鎔"
    assert set(item) == {f.name for f in fields(Post)}  # no ground truth, nothing extra
    assert not list(tmp_path.glob("*.db"))


def test_a_crawl_past_its_timeout_is_killed_and_recorded(tmp_path):
    with pytest.raises(CrawlTimeout, match="ran past"):
        run_crawl("rss", tmp_path / "w.db", {"url": "http://127.0.0.1:9/feed.xml"}, timeout=0.01)
    (run,) = runs(tmp_path / "w.db")
    assert (run["source"], run["status"], run["exit_code"]) == ("rss", "error", -9)
    assert "killed after running past its 0.01 s timeout" in run["message"]


def test_bad_arguments_are_recorded_as_an_error(tmp_path):
    process = run_crawl("weibo", tmp_path / "w.db", {"source": "weibo-typo", "max_pages": "3"}, timeout=120)
    assert process.returncode == 1
    (run,) = runs(tmp_path / "w.db")
    assert (run["source"], run["status"], run["exit_code"]) == ("weibo-typo", "error", 1)
    assert "weibo needs keywords" in run["message"]


# --- 人民网 领导留言板 and the selector-driven forum spider ------------------------------------------


def extra_corpus() -> list[dict[str, Any]]:
    return corpus(EXTRA_POSTS)


def test_liuyan_crawl_keeps_status_and_replies_and_a_rerun_skips_old_details(demo_url, tmp_path):
    expected = {p["post_id"]: p for p in extra_corpus() if p["platform"] == "liuyan"}
    assert {p["status"] for p in expected.values()} >= {"已办理", "办理中", "待回复"}
    db_path = tmp_path / "w.db"
    first = crawl(
        "liuyan", db_path, {"WAGEWATCH_CANARY": "post:20563101"},
        fids="9001,9002", base_url=demo_url, source="liuyan-zs",
    )  # fmt: skip
    posts = stored(db_path, "liuyan")
    assert set(posts) == set(expected)
    for post_id, post in posts.items():
        truth = expected[post_id]
        assert post["text"] == clean_text(truth["text"]), post_id  # whole, from the detail page
        assert (post["title"], post["author"], post["posted_at"], post["likes"]) == (
            truth["title"], truth["author"], truth["posted_at"], truth["likes"],
        )  # fmt: skip
        assert post["url"] == f"https://liuyan.people.com.cn/threads/content?tid={post_id}"
        raw = json.loads(post["raw"])
        assert raw["status"] == truth["status"]  # handled messages are stored, with their status
        if truth["reply"]:
            (reply,) = raw["replies"]
            assert (reply["organization"], reply["text"]) == (truth["reply_org"], clean_text(truth["reply"]))
            assert reply["replied_at"] == truth["reply_at"][:16] + ":00+08:00"
        else:
            assert raw["replies"] == []
    (run,) = runs(db_path)
    assert_clean_run(first, run, "liuyan-zs", len(expected))
    assert run["canary"] == "found"

    second = crawl("liuyan", db_path, fids="9001,9002", base_url=demo_url, source="liuyan-zs")
    rerun = runs(db_path)[-1]
    assert (rerun["status"], rerun["new_items"], rerun["items"]) == ("ok", 0, len(expected))
    assert rerun["pages"] < run["pages"]  # messages older than the mark (less 72 h) are not reopened
    assert "Traceback" not in second.stderr


def test_forum_crawls_of_a_discuz_board_and_a_gbk_reply_site(demo_url, tmp_path):
    extra = extra_corpus()
    db_path = tmp_path / "w.db"
    crawl(
        "forum", db_path, preset="discuz", site="zsbbs", base_url=demo_url,
        list_url="https://bbs.zsforum.example/forum.php?mod=forumdisplay&fid=2",
    )  # fmt: skip
    crawl("forum", db_path, base_url=demo_url, source="zs12345-replies", **HOTLINE_ARGS)
    posts = stored(db_path, "forum")
    expected = {f"{p['site']}:{p['post_id']}": p for p in extra if p["platform"] == "forum"}
    assert set(posts) == set(expected)
    for post_id, post in posts.items():
        truth = expected[post_id]
        assert post["text"] == clean_text(truth["text"]), post_id
        assert post["author"] == truth["author"]
        if truth["site"] == "zsbbs":
            assert post["posted_at"] == truth["posted_at"][:16] + ":00+08:00"  # Discuz! shows minutes
            assert post["title"] == (truth["title"] if truth["floor"] == 1 else None)
            assert post["url"].startswith(
                f"https://bbs.zsforum.example/forum.php?mod=viewthread&tid={truth['tid']}"
            )
        else:
            assert (post["posted_at"], post["title"]) == (truth["posted_at"], truth["title"])  # GBK, decoded
            raw = json.loads(post["raw"])
            assert (raw["status"], raw["reply_org"]) == (truth["status"], truth["reply_org"])
            assert raw["reply"] == (clean_text(truth["reply"]) if truth["reply"] else None)
            assert (
                post["url"] == f"https://www.zs12345.example/hdjl/rxhf/content/post_{truth['post_id']}.html"
            )
    assert "鎔铸车间" in posts["zs12345:404"]["text"]
    discuz, hotline = runs(db_path)
    assert discuz["source"] == "forum-zsbbs"  # each site keeps its own runs and mark by default
    assert (discuz["status"], hotline["status"], hotline["source"]) == ("ok", "ok", "zs12345-replies")


# --- faults --------------------------------------------------------------------------------------


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
