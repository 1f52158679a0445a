"""Spiders and pipelines without a network: callbacks on saved pages, item validation, run status,
the crawl command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from spiders.items import Post
from spiders.pipelines import NormalizePipeline, run_status
from spiders.runner import crawl_command
from spiders.sites import rebase
from spiders.sites.tieba import TiebaSpider
from spiders.sites.weibo import WeiboSpider

pytestmark = pytest.mark.usefixtures("clean_crawl_env")
FIXTURES = Path(__file__).parent / "fixtures" / "html"


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
