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


# --- 留言板, forum and 12345 pages of the bundled extra corpus -------------------------------------


def post_form(url: str, form: dict[str, str]) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=urlencode(form).encode(), method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status, response.headers["Content-Type"], response.read()


@pytest.fixture(scope="module")
def bundled_url() -> Iterator[str]:
    with serve_demo() as url:
        yield url


def extra_posts() -> list[dict[str, Any]]:
    path = Path(__file__).parent.parent / "demo" / "data" / "extra_posts.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_extra_corpus_has_the_same_fields_as_the_main_one():
    first_line = (
        (Path(__file__).parent.parent / "demo/data/posts.jsonl").read_text(encoding="utf-8").split("\n")[0]
    )
    main_keys = list(json.loads(first_line))
    for post in extra_posts():
        assert list(post)[: len(main_keys)] == main_keys
        assert post["platform"] in ("liuyan", "forum")
        assert post["label"] in LABELS


def test_liuyan_list_answers_posts_newest_first_in_batches(bundled_url):
    status, content_type, body = post_form(
        f"{bundled_url}/threads/queryThreadsList", {"fid": "9001", "state": "1", "lastItem": "0"}
    )
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    answer = json.loads(body)
    assert answer["result"] == "success"
    tids = [m["tid"] for m in answer["responseData"]]
    expected = sorted((int(p["post_id"]) for p in extra_posts() if p.get("fid") == "9001"), reverse=True)
    assert tids == expected
    handled = next(m for m in answer["responseData"] if m["tid"] == 20563101)
    assert (handled["stateInfo"], handled["answerOrganization"]) == ("已办理", "中山市坦洲镇人民政府")
    assert handled["content"].endswith("...")
    assert handled["dateline"] == 1791940841
    waiting = next(m for m in answer["responseData"] if m["stateInfo"] == "待回复")
    assert waiting["answerId"] is None
    assert waiting["answerContent"] is None
    after = json.loads(
        post_form(f"{bundled_url}/threads/queryThreadsList", {"fid": "9001", "lastItem": str(tids[1])})[2]
    )
    assert [m["tid"] for m in after["responseData"]] == tids[2:]
    pending = json.loads(
        post_form(f"{bundled_url}/threads/queryThreadsList", {"fid": "9001", "state": "2"})[2]
    )
    assert {m["stateInfo"] for m in pending["responseData"]} == {"待回复"}
    assert (
        json.loads(post_form(f"{bundled_url}/threads/queryThreadsList", {"fid": "1"})[2])["responseData"]
        == []
    )


def test_liuyan_message_page(bundled_url):
    status, _, body = fetch(f"{bundled_url}/threads/content?tid=20563101")
    page = body.decode("utf-8")
    assert status == 200
    assert (
        '<span class="context-title-text">坦洲镇安置房项目拖欠12名钢筋工工资18.6万元</span>'
        '<em class="green">已办理</em>' in page
    )
    assert '<i id="currentForum">中山市委书记</i>' in page
    assert '<h3><i class="red">中山市坦洲镇人民政府</i></h3>' in page
    assert "回复时间：2026-10-21 16:30" in page
    assert 'li class="reply"' not in fetch(f"{bundled_url}/threads/content?tid=20602277")[2].decode()
    assert fetch(f"{bundled_url}/threads/content?tid=1")[0] == 404


def test_discuz_board_and_thread(bundled_url):
    status, content_type, body = fetch(f"{bundled_url}/forum.php?mod=forumdisplay&fid=2")
    page = body.decode("utf-8")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert page.count('<tbody id="normalthread_') == 3
    assert '<tbody id="stickthread_1">' in page
    assert page.index("normalthread_880011") < page.index("normalthread_880027")  # by last reply
    thread = fetch(f"{bundled_url}/forum.php?mod=viewthread&tid=880011")[2].decode("utf-8")
    assert '<span id="thread_subject">横栏镇一间灯饰厂老板走佬，6个人工资冇着落</span>' in thread
    assert thread.count('<div id="post_') == 3
    assert '<font class="jammer">' in thread
    assert 'id="ls_password"' in thread  # the guest login form every Discuz! page carries
    missing = fetch(f"{bundled_url}/forum.php?mod=viewthread&tid=1")
    assert missing[0] == 200
    assert "指定的主题不存在" in missing[2].decode("utf-8")


def test_hotline_pages_are_gbk_declared_by_meta_only(bundled_url):
    status, content_type, body = fetch(f"{bundled_url}/hdjl/rxhf/index.html")
    assert (status, content_type) == (200, "text/html")
    page = body.decode("gbk")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />' in page
    assert '<a href="./content/post_401.html"' in page
    assert '<span class="date">2026-11-02</span>' in page
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    detail = fetch(f"{bundled_url}/hdjl/rxhf/content/post_404.html")[2].decode("gbk")
    assert '<td class="blzt">已办结</td>' in detail
    assert "鎔铸车间" in detail
    assert fetch(f"{bundled_url}/hdjl/rxhf/index_1.html")[0] == 404
    assert fetch(f"{bundled_url}/hdjl/rxhf/content/post_999.html")[0] == 404


def test_tieba_list_shows_the_last_reply(bundled_url):
    page = fetch(f"{bundled_url}/f?{urlencode({'kw': '中山', 'ie': 'utf-8', 'pn': 0})}")[2].decode("utf-8")
    assert page.count('title="最后回复时间">') == page.count("j_thread_list clearfix")
    late = render.posted({"posted_at": "2026-11-24T23:00:00+08:00"})
    earlier = render.posted({"posted_at": "2026-11-24T21:40:00+08:00"})
    assert render.tieba_reply_date(earlier, now=late) == "21:40"
    assert render.tieba_reply_date(render.posted({"posted_at": "2025-11-24T21:40:00+08:00"})) == "2025-11"


def test_extra_ground_truth_is_never_served(bundled_url):
    bodies = [
        post_form(f"{bundled_url}/threads/queryThreadsList", {"fid": fid})[2].decode("utf-8")
        for fid in ("9001", "9002")
    ]
    bodies += [fetch(f"{bundled_url}/threads/content?tid={p['post_id']}")[2].decode() for p in extra_posts()
               if p["platform"] == "liuyan"]  # fmt: skip
    bodies += [
        fetch(f"{bundled_url}/forum.php?mod=viewthread&tid={tid}")[2].decode() for tid in ("880011", "880027")
    ]
    bodies += [
        fetch(f"{bundled_url}/hdjl/rxhf/content/post_{n}.html")[2].decode("gbk") for n in (401, 402, 403, 404)
    ]
    for body in bodies:
        for secret in (*LABELS, '"case"', "C90", "C94", "C95", "amount_yuan"):
            assert secret not in body


def test_overrides_can_send_headers(small_corpus):
    def login(params: dict[str, str]) -> tuple[int, str, bytes, dict[str, str]]:
        return 302, "text/html", b"", {"Location": "/signin/login?entry=mweibo"}

    with serve_demo(small_corpus, overrides={"/api/container/getIndex": login}) as url:
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(search_url(url, "欠薪"), timeout=10)
        caught.value.close()
        assert (caught.value.code, caught.value.headers["Location"]) == (302, "/signin/login?entry=mweibo")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
