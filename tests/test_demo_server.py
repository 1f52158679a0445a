"""The demo mirror: real formats at real paths, no ground truth, markup in posts escaped."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from demo import render
from demo.server import load_posts, serve_demo

LABELS = ("wage_arrears", "other_labor", "irrelevant")


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def search_url(base_url: str, q: str, page: int = 1) -> str:
    query = urlencode({"containerid": f"100103type=1&q={q}", "page_type": "searchall", "page": page})
    return f"{base_url}/api/container/getIndex?{query}"


def line(platform: str, post_id: str, text: str, day: int, **fields: Any) -> dict[str, Any]:
    return {
        "platform": platform,
        "post_id": post_id,
        "author": "作者",
        "title": None,
        "text": text,
        "posted_at": f"2026-11-{day:02d}T10:00:00+08:00",
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
        "case": "SECRET-CASE",
        "district": "秘密镇",
        "workers": 7,
        "amount_yuan": 4321,
        **fields,
    }


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    lines = [line("weibo", f"52{day:014d}", f"第{day}天 欠薪", day) for day in range(1, 13)]
    lines += [
        line(
            "weibo",
            "5300000000000001",
            "讨薪 <script>alert(1)</script> #中山讨薪# [怒] @中山人社\n下一行",
            20,
        ),
        line("weibo", "5300000000000002", "讨薪" + "长" * 200, 21, is_long=True),
        line(
            "tieba",
            "400001",
            "楼主 <script>x</script> -->",
            20,
            title="<i>标题</i>",
            bar="测试吧",
            tid="77",
            floor=1,
            comments=30,
        ),
        *(line("tieba", f"4{n:05d}", f"回复{n}", 21, bar="测试吧", tid="77", floor=n) for n in range(2, 32)),
        line("rss", "gov-1", "政务 <script>x</script> 😡 鎔", 22, title="标题<一>", feed="zsgov"),
        line("rss", "news-1", "新闻 & ]]> 结束", 23, title="新闻", feed="zsnews"),
    ]
    path = tmp_path_factory.mktemp("corpus") / "posts.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base_url(small_corpus) -> Iterator[str]:
    with serve_demo(small_corpus) as url:
        yield url


def test_binds_a_free_local_port_and_stops():
    with serve_demo() as url:
        assert url.startswith("http://127.0.0.1:")
        assert fetch(f"{url}/robots.txt") == (200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/robots.txt", timeout=2)  # noqa: S310


def test_bundled_corpus_loads_without_ground_truth():
    posts = load_posts()
    assert posts
    assert not any(key in post for post in posts for key in render.GROUND_TRUTH)


def test_weibo_search_pages_newest_first(base_url):
    status, content_type, body = fetch(search_url(base_url, "欠薪"))
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    page = json.loads(body)
    assert page["ok"] == 1
    cards = page["data"]["cards"]
    assert cards[0]["card_type"] == 11  # the first post sits in a group
    mblogs = [cards[0]["card_group"][0]["mblog"]] + [c["mblog"] for c in cards[1:]]
    assert [m["id"] for m in mblogs] == [f"52{day:014d}" for day in range(12, 2, -1)]
    assert mblogs[0]["created_at"] == "Thu Nov 12 10:00:00 +0800 2026"
    assert (mblogs[0]["reposts_count"], mblogs[0]["comments_count"], mblogs[0]["attitudes_count"]) == (
        1,
        2,
        3,
    )
    assert mblogs[0]["region_name"] == "发布于 广东"
    second = json.loads(fetch(search_url(base_url, "欠薪", 2))[2])
    assert [c["mblog"]["id"] for c in second["data"]["cards"]] == [f"52{day:014d}" for day in (2, 1)]
    assert json.loads(fetch(search_url(base_url, "欠薪", 3))[2]) == {
        "ok": 0,
        "msg": "这里还没有内容",
        "data": {"cards": []},
    }
    assert json.loads(fetch(search_url(base_url, "没有这个词"))[2])["ok"] == 0
    (only,) = json.loads(fetch(search_url(base_url, "第3天 欠薪"))[2])["data"]["cards"][0]["card_group"]
    assert only["mblog"]["id"] == f"52{3:014d}"  # several words: all of them, in any order


def test_weibo_mblog_html_and_long_posts(base_url):
    cards = json.loads(fetch(search_url(base_url, "讨薪"))[2])["data"]["cards"]
    long, marked = cards[0]["card_group"][0]["mblog"], cards[1]["mblog"]
    assert "<script>" not in marked["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in marked["text"]
    assert '<span class="surl-text">#中山讨薪#</span></a>' in marked["text"]
    assert '<span class="url-icon"><img alt=[怒] ' in marked["text"]
    assert "<a href='/n/中山人社'>@中山人社</a><br />下一行" in marked["text"]
    assert long["isLongText"] is True
    assert long["text"].endswith('...<a href="/status/5300000000000002">全文</a>')
    status, _, body = fetch(f"{base_url}/statuses/extend?id=5300000000000002")
    assert json.loads(body)["data"]["longTextContent"] == "讨薪" + "长" * 200
    assert json.loads(fetch(f"{base_url}/statuses/extend?id=404")[2])["ok"] == 0


def test_tieba_list_and_thread_pages(base_url):
    status, content_type, body = fetch(f"{base_url}/f?{urlencode({'kw': '测试', 'ie': 'utf-8', 'pn': 0})}")
    assert (status, content_type) == (200, "text/html; charset=UTF-8")
    page = body.decode("utf-8")
    hidden = page.split(
        '<code class="pagelet_html" id="pagelet_html_frs-list/pagelet/thread_list" style="display:none;"><!--'
    )[1]
    assert 'class=" j_thread_list clearfix thread_item_box"' in hidden.split("--></code>")[0]
    assert 'href="/p/77" title="&lt;i&gt;标题&lt;/i&gt;"' in page
    assert "&quot;reply_num&quot;:30" in page
    assert fetch(f"{base_url}/f?{urlencode({'kw': '测试吧', 'pn': 0})}")[2] == body  # with or without 吧
    first = fetch(f"{base_url}/p/77")[2].decode("utf-8")
    assert first.count('class="l_post l_post_bright j_l_post') == 30
    assert '<span class="red">2</span>页' in first
    assert "楼主 &lt;script&gt;x&lt;/script&gt; --&gt;" in first
    assert "<span>IP属地:广东</span>" in first
    second = fetch(f"{base_url}/p/77?pn=2")[2].decode("utf-8")
    assert second.count('class="l_post l_post_bright j_l_post') == 1
    assert fetch(f"{base_url}/p/77?pn=3")[0] == 404
    assert fetch(f"{base_url}/p/1")[0] == 404


def test_feeds_in_their_declared_encodings(base_url):
    status, content_type, body = fetch(f"{base_url}/feed/zsgov.xml")
    assert (status, content_type) == (200, "application/rss+xml")  # no charset: the declaration decides
    assert body.startswith(b'<?xml version="1.0" encoding="GBK"?>')
    text = body.decode("gbk")
    assert "<title>标题&lt;一&gt;</title>" in text
    assert "&lt;script&gt;x&lt;/script&gt; &#128545; 鎔" in text  # inside CDATA, still HTML-escaped
    assert "<pubDate>Sun, 22 Nov 2026 02:00:00 GMT</pubDate>" in text
    news = fetch(f"{base_url}/feed/zsnews.xml")[2].decode("utf-8")
    assert news.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "<description>&lt;p&gt;新闻 &amp;amp; ]]&amp;gt; 结束&lt;/p&gt;</description>" in news
    assert "<pubDate>Mon, 23 Nov 2026 10:00:00 +0800</pubDate>" in news
    assert fetch(f"{base_url}/feed/nope.xml")[0] == 404


def test_ground_truth_is_never_served(base_url):
    pages = [
        search_url(base_url, "欠薪"),
        search_url(base_url, "讨薪"),
        f"{base_url}/statuses/extend?id=5300000000000002",
        f"{base_url}/f?kw=%E6%B5%8B%E8%AF%95&ie=utf-8&pn=0",
        f"{base_url}/p/77",
        f"{base_url}/feed/zsnews.xml",
        f"{base_url}/",
    ]
    bodies = [fetch(url)[2].decode("utf-8") for url in pages] + [
        fetch(f"{base_url}/feed/zsgov.xml")[2].decode("gbk")
    ]
    for body in bodies:
        for secret in (
            *LABELS,
            "SECRET-CASE",
            "秘密镇",
            "4321",
            '"case"',
            '"workers"',
            '"amount_yuan"',
            '"label"',
        ):
            assert secret not in body


def test_overrides_replace_one_answer(small_corpus):
    def fail_page_two(params: dict[str, str]) -> tuple[int, str, bytes] | None:
        return (503, "text/plain", b"busy") if params.get("page") == "2" else None

    with serve_demo(small_corpus, overrides={"/api/container/getIndex": fail_page_two}) as url:
        assert fetch(search_url(url, "欠薪", 2)) == (503, "text/plain", b"busy")
        assert json.loads(fetch(search_url(url, "欠薪", 1))[2])["ok"] == 1
