"""Parsers on saved pages (tests/fixtures/html/<site>/, each described in its README), no network:
the common helpers, Weibo, Tieba, RSS/Atom and the times Chinese sites print."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from spiders.parsers import rss, tieba, weibo
from spiders.parsers.common import BEIJING, clean_text, html_to_text, parse_cn_time, parse_count
from tests.conftest import FIXTURES, fixture_response

# --- common ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("讨薪<br />第二行", "讨薪\n第二行"),
        ('<span class="url-icon"><img alt=[怒] src="x.png" /></span>', "[怒]"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("前<script>track('x')</script>后", "前后"),
        ("<p>一</p><p>二</p>", "一\n\n二"),
        ("一行<br />\r\n二行\n三", "一行\n二行 三"),  # a line break in the source is a space
        ("<pre>a\n  b</pre>", "a\nb"),
        ("a&amp;b &nbsp; c", "a&b c"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected


def test_clean_text_is_idempotent_and_keeps_literal_markup():
    messy = " 老板\u3000欠薪\u200b <script> \r\n\r\n\r\n\t第二段 "
    assert clean_text(messy) == "老板 欠薪 <script>\n\n第二段"
    assert clean_text(clean_text(messy)) == clean_text(messy)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        ("1,234", 1234),
        ("1.2万", 12000),
        ("100万+", 1_000_000),
        ("", None),
        (None, None),
        ("转发", None),
    ],
)
def test_parse_count(value, expected):
    assert parse_count(value) == expected


# --- weibo -------------------------------------------------------------------------------------

SEARCH_URL = (
    "https://m.weibo.cn/api/container/getIndex?containerid=100103type%3D1%26q%3D%E6%AC%A0%E8%96%AA"
    "&page_type=searchall&page=1"
)


@pytest.fixture
def search_page() -> weibo.SearchPage:
    return weibo.parse_search(fixture_response("weibo", "search_page1.json", SEARCH_URL))


def test_weibo_search_finds_posts_in_groups_and_plain_cards(search_page):
    assert search_page.ok
    assert [weibo.mblog_id(m) for m in search_page.mblogs] == [
        "5120000000000001",
        "5120000000000002",
        "5120000000000003",
        "5120000000000004",
    ]


def test_weibo_post_fields(search_page):
    post = weibo.post_from_mblog(search_page.mblogs[0])
    assert post.platform == "weibo"
    assert post.post_id == "5120000000000001"
    assert post.url == "https://m.weibo.cn/detail/5120000000000001"
    assert post.author == "钢筋工老周"
    assert post.title is None
    assert (
        post.text
        == "#中山欠薪#坦洲裕洲村安置房工地，我们班组12人被欠工钱18万6[怒]\n求@中山人社 帮帮我们 & 转发扩散"
    )
    assert post.posted_at == "2026-11-24T21:05:11+08:00"
    assert (post.reposts, post.comments, post.likes) == (1_000_000, 212, 890)
    assert post.region == "广东"
    assert json.loads(post.raw)["source"] == "iPhone 15 Pro"


def test_weibo_repost_keeps_the_original_words(search_page):
    post = weibo.post_from_mblog(search_page.mblogs[2])
    assert (
        post.text
        == "转发微博 @中山发布 请关注 //转发原文: @三角街坊: 三角镇一家电镀厂老板失联，50多个工人集体讨薪[泪]"
    )
    assert post.region == "湖南"


def test_weibo_escaped_markup_stays_text(search_page):
    post = weibo.post_from_mblog(search_page.mblogs[3])
    assert "<script>alert(1)</script>" in post.text
    assert post.author is None  # a deleted account has "user": null


def test_weibo_long_post_is_cut_until_expanded(search_page):
    mblog = search_page.mblogs[1]
    assert weibo.is_truncated(mblog)
    assert not weibo.is_truncated(search_page.mblogs[0])
    cut = weibo.post_from_mblog(mblog)
    assert cut.text.endswith("一个星期过去了...")
    assert "全文" not in cut.text
    extend = fixture_response(
        "weibo", "extend.json", "https://m.weibo.cn/statuses/extend?id=5120000000000002"
    )
    full = weibo.post_from_mblog(mblog, long_text=weibo.parse_long_text(extend))
    assert full.text.startswith(cut.text[:-3])
    assert full.text.endswith("还没有消息。\n\n厂门口现在天天有人守着，老板的车也不见了[怒] #古镇#")
    assert (full.post_id, full.comments) == (cut.post_id, cut.comments)


def test_weibo_extend_refusal_gives_no_text():
    response = TextResponse(url="https://m.weibo.cn/statuses/extend?id=1", body=b'{"ok":0,"msg":"x"}')
    assert weibo.parse_long_text(response) is None


def test_weibo_last_page():
    page = weibo.parse_search(fixture_response("weibo", "search_end.json", SEARCH_URL))
    assert (page.ok, page.mblogs, page.message) == (False, [], "这里还没有内容")


@pytest.mark.parametrize("body", [b'{"ok":1,"data":{"cards":[{', b"<html>error</html>", b"[]"])
def test_weibo_unreadable_page_raises(body):
    with pytest.raises(ValueError):  # noqa: PT011 (json.JSONDecodeError or ours)
        weibo.parse_search(TextResponse(url=SEARCH_URL, body=body, encoding="utf-8"))


NOW = datetime(2026, 11, 25, 9, 30, 0, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("created_at", "expected"),
    [
        ("Tue Nov 24 21:05:11 +0800 2026", "2026-11-24T21:05:11+08:00"),
        ("Tue Nov 24 13:05:11 +0000 2026", "2026-11-24T21:05:11+08:00"),
        ("刚刚", "2026-11-25T09:30:00+08:00"),
        ("5分钟前", "2026-11-25T09:25:00+08:00"),
        ("2小时前", "2026-11-25T07:30:00+08:00"),
        ("昨天 21:05", "2026-11-24T21:05:00+08:00"),
        ("11-20", "2026-11-20T00:00:00+08:00"),
        ("12-30", "2025-12-30T00:00:00+08:00"),
        ("2025-02-03", "2025-02-03T00:00:00+08:00"),
        ("", None),
        ("whenever", None),
    ],
)
def test_weibo_created_at(created_at, expected):
    assert weibo.parse_created_at(created_at, now=NOW) == expected


# --- tieba -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bar", "kw"), [("中山吧", "中山"), ("中山", "中山"), (" 小榄吧 ", "小榄"), ("吧", "吧")]
)
def test_tieba_bar_keyword(bar, kw):
    assert tieba.bar_keyword(bar) == kw


def test_tieba_list_is_read_out_of_its_comment():
    response = fixture_response(
        "tieba",
        "list.html",
        "https://tieba.baidu.com/f?kw=%E4%B8%AD%E5%B1%B1&ie=utf-8&pn=0",
        cls=HtmlResponse,
    )
    listing = tieba.parse_thread_list(response)
    assert [t.tid for t in listing.threads] == ["9100000001", "9245110387", "9251983342"]
    second = listing.threads[1]
    assert second.title == "【求助】坦洲安置房工地欠我们班组18万多工钱 & 包工头失联"
    assert (second.replies, second.author) == (41, "湘南钢筋工")
    assert listing.has_next


def test_tieba_list_in_plain_markup_and_last_page():
    body = """<html><body><ul id="thread_list"><li class=" j_thread_list clearfix"
        data-field='{"id":77,"reply_num":2}'><a class="j_th_tit" href="/p/77" title="t">t</a></li>
        </ul></body></html>"""
    response = HtmlResponse(url="https://tieba.baidu.com/f?kw=x", body=body.encode(), encoding="utf-8")
    listing = tieba.parse_thread_list(response)
    assert [(t.tid, t.replies) for t in listing.threads] == [("77", 2)]
    assert not listing.has_next


def test_tieba_thread_older_layout():
    response = fixture_response(
        "tieba", "thread_2016.html", "https://tieba.baidu.com/p/9245110387", cls=HtmlResponse
    )
    page = tieba.parse_thread_page(response)
    assert (page.page, page.total_pages) == (1, 2)
    assert [p.post_id for p in page.posts] == ["150211034567", "150211098812"]  # the advert floor is skipped
    opening, reply = page.posts
    assert opening.platform == "tieba"
    assert opening.title == "【求助】坦洲安置房工地欠我们班组18万多工钱"
    assert opening.author == "湘南钢筋工"
    assert opening.text == (
        "各位坦洲的吧友，我们是在裕洲村那个安置房项目做钢筋的，一个班组12个人，从7月做到9月底，工钱一共186000。\n"
        "包工头陈某上个月起就联系不上了 <急>"
    )
    assert opening.posted_at == "2026-10-12T22:30:00+08:00"
    assert opening.comments == 41  # the thread's reply count
    assert opening.url == "https://tieba.baidu.com/p/9245110387?pid=150211034567#150211034567"
    assert "data-field" in opening.raw
    assert reply.title is None
    assert reply.comments == 5  # its own 楼中楼
    assert reply.text == "同情，建议先打12345，再去坦洲人社分局登记"
    assert reply.posted_at == "2026-10-12T22:47:00+08:00"


def test_tieba_thread_current_layout():
    response = fixture_response(
        "tieba", "thread_2024.html", "https://tieba.baidu.com/p/9245110387?pn=2", cls=HtmlResponse
    )
    page = tieba.parse_thread_page(response)
    assert (page.page, page.total_pages) == (2, 2)
    (post,) = page.posts
    assert post.post_id == "150213230045"
    assert post.author == "钢筋班阿亮"  # name_show: the user_name is empty
    assert post.title is None  # floor 31, not the opening floor
    assert post.posted_at == "2026-10-13T14:05:00+08:00"
    assert post.region == "广东"
    assert post.text == "我也是这个班组的，老周说的都是真的，12个人18万6一分没见到。\n今天去工地门口拉横幅了"


# --- rss ---------------------------------------------------------------------------------------


def test_rss_utf8_feed():
    posts = rss.parse_feed(
        fixture_response("rss", "zsnews_utf8.xml", "https://www.zsnews.cn/rss.xml", cls=XmlResponse)
    )
    assert [p.post_id for p in posts] == [
        "zsnews-20261119-0033",
        "https://www.zsnews.cn/news/2026/11/18/0002.html",
    ]
    first, second = posts
    assert first.platform == "rss"
    assert first.title == "康乐大道改造工程40余名工人讨薪 一度堵塞路口"
    assert first.author == "中山网"
    assert first.url == "https://www.zsnews.cn/news/2026/11/19/0033.html"
    assert first.posted_at == "2026-11-19T10:12:00+08:00"
    assert (
        first.text == "11月19日早高峰，火炬开发区康乐大道改造工程的40余名工人在路口聚集讨薪。\n\n"
        "有工人称被拖欠工资约180万元 & 已多次反映。"
    )
    # content:encoded wins over the description; escaped markup is text, real script is dropped.
    assert second.title == "网传“<script>领补贴”链接系诈骗"
    assert second.text == "有网民收到含 <script>alert(1)</script> 字样的“欠薪补偿”链接，警方提醒勿点。"
    assert second.author == "中山网 - 民生"  # no creator: the channel speaks


def test_rss_gbk_feed_decoded_by_its_declaration():
    response = fixture_response("rss", "zsgov_gbk.xml", "http://www.zs.gov.cn/rss.xml", cls=XmlResponse)
    (post,) = rss.parse_feed(response)
    assert post.title == "市根治欠薪办约谈重点房地产开发企业"
    assert post.author == "中山市根治欠薪工作领导小组办公室"
    assert post.text.endswith("鎔炉😡")  # 鎔 is GBK, not GB2312; 😡 came as a character reference
    assert post.posted_at == "2026-11-18T10:30:00+08:00"  # GMT to Beijing time


def test_rss_http_charset_decides_without_a_declaration():
    body = (FIXTURES / "rss" / "zsgov_gbk.xml").read_bytes().split(b"\n", 1)[1]  # no <?xml ...?>
    response = XmlResponse(
        url="http://www.zs.gov.cn/rss.xml",
        body=body,
        headers={"Content-Type": "application/rss+xml; charset=GB2312"},
    )
    (post,) = rss.parse_feed(response)
    assert post.title == "市根治欠薪办约谈重点房地产开发企业"


def test_atom_feed():
    posts = rss.parse_feed(
        fixture_response("rss", "atom.xml", "https://example.gov.cn/atom.xml", cls=XmlResponse)
    )
    first, second = posts
    assert first.post_id == "tag:example.gov.cn,2026:entry-1"
    assert first.title == "工资 < 最低标准？这样投诉"  # type="text": a literal <
    assert first.url == "https://example.gov.cn/zwgk/1.html"  # rel="alternate", not rel="edit"
    assert first.author == "中山市人力资源和社会保障局"  # the feed's author
    assert first.posted_at == "2026-11-24T09:00:00+08:00"  # published, in Beijing time
    assert first.text == "劳动者工资低于最低工资标准的，可向镇街人社分局投诉。"
    assert second.title == "东凤镇<电器厂>欠薪处置进展"  # type="html": escaped markup is text
    assert second.url == "https://example.gov.cn/zwgk/2.html"
    assert second.author == "东凤镇人社分局"
    assert second.posted_at == "2026-11-20T16:30:00+08:00"
    assert second.text == "已为112名工人追回工资。\n\n第二段"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Thu, 19 Nov 2026 10:12:00 +0800", "2026-11-19T10:12:00+08:00"),
        ("Wed, 18 Nov 2026 02:30:00 GMT", "2026-11-18T10:30:00+08:00"),
        ("2026-11-24T01:00:00Z", "2026-11-24T09:00:00+08:00"),
        ("2026-11-24 09:00:00", "2026-11-24T09:00:00+08:00"),
        ("not a date", None),
        (None, None),
    ],
)
def test_feed_dates(value, expected):
    assert rss.parse_date(value) == expected


def test_weibo_expanded_post_keeps_its_whole_text_in_raw(search_page):
    mblog = search_page.mblogs[1]
    full = weibo.post_from_mblog(mblog, long_text="<b>全文</b> 的 HTML")
    raw = json.loads(full.raw)
    assert raw["longTextContent"] == "<b>全文</b> 的 HTML"
    assert raw["text"] == mblog["text"]  # the search's cut text stays as it came
    assert "longTextContent" not in json.loads(weibo.post_from_mblog(mblog).raw)


def test_tieba_list_shows_each_threads_last_reply():
    response = fixture_response(
        "tieba",
        "list.html",
        "https://tieba.baidu.com/f?kw=%E4%B8%AD%E5%B1%B1&ie=utf-8&pn=0",
        cls=HtmlResponse,
    )
    replies = [t.last_reply for t in tieba.parse_thread_list(response).threads]
    assert replies[:2] == [None, "21:40"]  # the pinned thread shows none


def test_rss_bare_number_guids_get_the_feed_host():
    assert (
        rss.post_id("12345", "https://www.zs.gov.cn/a/12345.html", "www.zs.gov.cn") == "www.zs.gov.cn:12345"
    )
    # ids that are unique already stay exactly as before, so stored posts are found again
    assert rss.post_id("zsgov-20261118-0002", None, "www.zs.gov.cn") == "zsgov-20261118-0002"
    assert rss.post_id("https://a.cn/1.html", None, "a.cn") == "https://a.cn/1.html"
    assert rss.post_id(None, "https://a.cn/2.html", "a.cn") == "https://a.cn/2.html"
    assert rss.post_id("12345", None, None) == "12345"
    feed = fixture_response("rss", "zsgov_gbk.xml", "http://www.zs.gov.cn/feed.xml", cls=XmlResponse)
    assert [p.post_id for p in rss.parse_feed(feed, "www.zs.gov.cn")] == [
        p.post_id for p in rss.parse_feed(feed)
    ]


# --- times as Chinese sites print them ---------------------------------------------------------

CN_NOW = datetime(2026, 11, 25, 14, 0, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("shown", "exact", "latest"),
    [
        ("发表于 2026-11-20 10:12:33", "2026-11-20T10:12:33", "2026-11-20T10:12:33"),
        ("2026-11-20 10:12", "2026-11-20T10:12:00", "2026-11-20T10:12:59"),
        ("2026年11月20日 10:12", "2026-11-20T10:12:00", "2026-11-20T10:12:59"),
        ("2026/1/2", "2026-01-02T00:00:00", "2026-01-02T23:59:59"),
        ("2019-3-1", "2019-03-01T00:00:00", "2019-03-01T23:59:59"),
        ("11-24", "2026-11-24T00:00:00", "2026-11-24T23:59:59"),
        ("12-30", "2025-12-30T00:00:00", "2025-12-30T23:59:59"),  # read in November: last year's
        ("21:40", "2026-11-25T21:40:00", "2026-11-25T21:40:59"),
        ("2025-11", "2025-11-01T00:00:00", "2025-11-30T23:59:59"),
        ("昨天 21:05", "2026-11-24T21:05:00", "2026-11-24T21:05:59"),
        ("前天\xa008:40", "2026-11-23T08:40:00", "2026-11-23T08:40:59"),
        ("3 天前", "2026-11-22T14:00:00", "2026-11-22T14:00:00"),
        ("半小时前", "2026-11-25T13:30:00", "2026-11-25T13:30:00"),
        ("刚刚", "2026-11-25T14:00:00", "2026-11-25T14:00:00"),
    ],
)
def test_parse_cn_time(shown, exact, latest):
    assert parse_cn_time(shown, now=CN_NOW).isoformat() == exact + "+08:00"
    assert parse_cn_time(shown, now=CN_NOW, latest=True).isoformat() == latest + "+08:00"


@pytest.mark.parametrize("shown", ["", None, "置顶", "13-45", "2026-13-01"])
def test_parse_cn_time_unreadable(shown):
    assert parse_cn_time(shown, now=CN_NOW) is None
