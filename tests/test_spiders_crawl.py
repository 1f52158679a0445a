"""Spiders and pipelines: callbacks on saved pages, then real ``scrapy crawl`` subprocesses against
the demo mirror on 127.0.0.1 writing to a temporary SQLite database."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import storage
from demo.server import DEFAULT_POSTS, serve_demo
from spiders.items import Post
from spiders.parsers.common import clean_text
from spiders.pipelines import NormalizePipeline, run_status
from spiders.runner import REPO_ROOT, CrawlTimeout, crawl_command, run_crawl
from spiders.sites import rebase
from spiders.sites.tieba import TiebaSpider
from spiders.sites.weibo import WeiboSpider

FIXTURES = Path(__file__).parent / "fixtures" / "html"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0"}


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


def crawl(spider: str, db_path: Path, **args: str) -> subprocess.CompletedProcess[str]:
    process = run_crawl(spider, db_path, args, settings=FAST, timeout=120)
    assert process.returncode == 0, process.stderr[-3000:]
    return process


def assert_clean_run(
    process: subprocess.CompletedProcess[str], run: dict[str, Any], source: str, items: int
) -> None:
    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    assert run["source"] == source
    assert (run["status"], run["items"], run["errors"], run["message"]) == ("ok", items, 0, "finished")
    assert run["pages"] >= 2  # robots.txt and at least one page


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

    second = crawl("weibo", db_path, keywords=",".join(keywords), max_pages=str(pages), base_url=demo_url)
    assert len(stored(db_path, "weibo")) == len(expected)
    rerun = runs(db_path)[-1]
    assert_clean_run(second, rerun, "weibo", len(expected))
    assert rerun["new_items"] == 0


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
    process = crawl("rss", db_path, url=urls, base_url=demo_url)
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


def test_a_crawl_past_its_timeout_is_killed(tmp_path):
    with pytest.raises(CrawlTimeout, match="ran past"):
        run_crawl("rss", tmp_path / "w.db", {"url": "http://127.0.0.1:9/feed.xml"}, timeout=0.01)
