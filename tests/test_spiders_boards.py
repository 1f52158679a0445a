"""Parsers on saved pages, no network: 人民网 领导留言板, selector-driven forums and reply pages, and the
pages platforms answer when they refuse a crawler."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from demo.render import HOTLINE_SELECTORS
from spiders.health import block_reason, canary_found, soft_block_reason
from spiders.parsers import forum, liuyan
from tests.conftest import FIXTURES, fixture_response

# --- 人民网 领导留言板 -------------------------------------------------------------------------------


def liuyan_list(name: str = "list.json") -> TextResponse:
    return fixture_response("liuyan", name, "https://liuyan.people.com.cn/threads/queryThreadsList")


def test_liuyan_list_reads_every_message_whatever_its_status():
    batch = liuyan.parse_list(liuyan_list())
    assert batch.ok
    assert [liuyan.message_id(m) for m in batch.messages] == ["21900077", "21899310", "21898004"]
    assert [m["stateInfo"] for m in batch.messages] == ["已办理", "待回复", "办理中"]
    assert liuyan.message_time(batch.messages[0]) == "2026-11-22T11:30:45+08:00"
    assert liuyan.parse_list(liuyan_list("list_end.json")).messages == []
    refused = liuyan.parse_list(liuyan_list("list_fail.json"))
    assert (refused.ok, refused.message) == (False, "系统繁忙，请稍后再试")


@pytest.mark.parametrize(
    "body", [b"<html>502 Bad Gateway</html>", b'{"result":"success","responseData":', b"[]"]
)
def test_liuyan_unreadable_list_raises(body):
    with pytest.raises(ValueError):  # noqa: PT011 (json's and ours: the message varies)
        liuyan.parse_list(
            TextResponse(url="https://liuyan.people.com.cn/threads/queryThreadsList", body=body)
        )


def test_liuyan_list_entry_alone_keeps_status_and_cut_reply():
    item = liuyan.parse_list(liuyan_list()).messages[0]
    post = liuyan.post_from_item(item)
    assert (post.platform, post.post_id, post.author, post.likes) == ("liuyan", "21900077", "梁***", 41)
    assert post.url == "https://liuyan.people.com.cn/threads/content?tid=21900077"
    assert post.text.endswith("...")
    raw = json.loads(post.raw)
    assert raw["status"] == "已办理"
    (reply,) = raw["replies"]
    assert reply["organization"] == "中山市古镇镇人民政府"
    assert reply["replied_at"] == "2026-11-24T16:30:00+08:00"


def test_liuyan_handled_message_with_its_reply():
    item = liuyan.parse_list(liuyan_list()).messages[0]
    page = fixture_response(
        "liuyan",
        "content_replied.html",
        "https://liuyan.people.com.cn/threads/content?tid=21900077",
        cls=HtmlResponse,
    )
    post = liuyan.parse_detail(page, item)
    assert post.post_id == "21900077"
    assert post.title == "古镇镇灯饰厂拖欠20名工人两个月工资"
    assert post.text == (
        "我们是古镇镇海洲村一家灯饰厂的工人，一共20人，厂里从9月开始拖欠工资，两个月加起来三十多万。\n"
        "老板一直说等客户回款，现在厂门都关了，找不到人。\n"
        "我们都是外地来的，房租都交不起了，希望领导帮帮我们！[泪]"
    )
    assert "古镇镇人社分局" not in post.text  # the reply is kept apart from the complaint
    assert (post.author, post.posted_at, post.likes) == ("梁***", "2026-11-22T11:30:45+08:00", 41)
    raw = json.loads(post.raw)
    assert (raw["forum"], raw["status"], raw["domain"], raw["type"]) == (
        "中山市委书记",
        "已办理",
        "劳动社保",
        "求助",
    )
    (reply,) = raw["replies"]
    assert reply["organization"] == "中山市古镇镇人民政府"
    assert reply["replied_at"] == "2026-11-24T16:30:00+08:00"
    assert reply["text"].startswith("网友您好！古镇镇人社分局接到交办后立即核查")
    assert reply["text"].endswith("如有疑问请致电0760-22300000。")
    assert raw["list_item"]["tid"] == 21900077
    assert "liuyan_box05" in raw["html"]


def test_liuyan_pending_message_without_its_list_entry():
    page = fixture_response(
        "liuyan",
        "content_pending.html",
        "https://liuyan.people.com.cn/threads/content?tid=21899310",
        cls=HtmlResponse,
    )
    post = liuyan.parse_detail(page)
    assert (post.post_id, post.title, post.author) == ("21899310", "工地包工头走佬，<工钱>谁来给？", "刘***")
    assert post.posted_at == "2026-11-21T11:28:00+08:00"  # the page shows minutes
    assert post.text == "坦洲镇某工地包工头走佬，欠我们8个人工钱6万5。#中山欠薪# @中山人社 请帮帮我们。"
    raw = json.loads(post.raw)
    assert (raw["status"], raw["replies"]) == ("待回复", [])
    assert liuyan.parse_detail(HtmlResponse(url=page.url, body=b"<html><body>404</body></html>")) is None


# --- forums and reply pages, by selectors ------------------------------------------------------

MIRROR = "http://127.0.0.1:8000"


def test_discuz_list_leaves_pinned_threads_out():
    page = fixture_response(
        "forum", "discuz_forumdisplay.html", f"{MIRROR}/forum.php?mod=forumdisplay&fid=2", cls=HtmlResponse
    )
    listing = forum.parse_list(page, forum.SiteRules.build("discuz"))
    assert listing.links == [
        (
            f"{MIRROR}/forum.php?mod=viewthread&tid=880011&extra=page%3D1",
            "2026-11-24 08:40",
        ),  # the exact title
        (f"{MIRROR}/forum.php?mod=viewthread&tid=880027&extra=page%3D1", "2026-11-10 09:00"),
    ]
    assert listing.next_url == f"{MIRROR}/forum.php?mod=forumdisplay&fid=2&page=2"


def test_discuz_thread_floors_without_the_junk():
    page = fixture_response(
        "forum", "discuz_viewthread.html", f"{MIRROR}/forum.php?mod=viewthread&tid=880011", cls=HtmlResponse
    )
    real = "https://bbs.example.cn/forum.php?mod=viewthread&tid=880011"
    detail = forum.parse_detail(page, forum.SiteRules.build("discuz"), "zsbbs", url=real)
    first, second = detail.posts  # the advert floor has no words and is left out
    assert (first.platform, first.post_id, first.author) == ("forum", "zsbbs:3150011", "横栏灯饰佬")
    assert first.title == "横栏一间灯饰厂老板走佬，6个人工资冇着落"
    assert first.posted_at == "2026-11-18T22:14:07+08:00"  # from the title, not "7 天前"
    assert first.text == (
        "横栏镇贴边那间做吸顶灯的小厂，老细上个礼拜走佬了，我们6个人两个月人工冇出，加埋有4万8。\n"
        "厂房都被房东锁咗，有冇人知道去边度投诉最快？"
    )
    assert first.url == f"{real}#pid3150011"
    assert '<font class="jammer">k3Fz</font>' in first.raw  # raw keeps the page as served
    assert (second.post_id, second.title, second.posted_at) == (
        "zsbbs:3150014",
        None,
        "2026-11-18T23:02:00+08:00",
    )
    assert second.text.endswith("打12345，或者直接去横栏人社分局，带齐考勤记录同工资条。")
    assert detail.next_url == f"{MIRROR}/forum.php?mod=viewthread&tid=880011&extra=page%3D1&page=2"


def test_gbk_reply_pages_are_decoded_from_their_meta():
    rules = forum.SiteRules.build(None, **HOTLINE_SELECTORS)
    listing = fixture_response(
        "forum", "rxhf_list_gbk.html", f"{MIRROR}/hdjl/rxhf/index.html", cls=HtmlResponse,
        headers={"Content-Type": "text/html"},
    )  # fmt: skip
    assert [url for url, _ in forum.parse_list(listing, rules).links] == [
        f"{MIRROR}/hdjl/rxhf/content/post_5301.html",
        f"{MIRROR}/hdjl/rxhf/content/post_5288.html",
    ]
    assert "“鎔”字" in listing.text  # declared GB2312, read as GB18030
    page = fixture_response(
        "forum", "rxhf_detail_gbk.html", f"{MIRROR}/hdjl/rxhf/content/post_5301.html", cls=HtmlResponse,
        headers={"Content-Type": "text/html"},
    )  # fmt: skip
    (post,) = forum.parse_detail(page, rules, "zs12345").posts
    assert (post.post_id, post.author, post.posted_at) == ("zs12345:5301", None, "2026-11-02T15:20:00+08:00")
    assert post.title == "关于南头镇某家电厂拖欠员工工资的诉求"
    assert post.text == (
        "来电人反映：其与10名工友在南头镇一家小家电厂工作，企业拖欠9月、10月两个月工资共计7.7万元。\n"
        "多次找老板均未解决，要求相关部门协调处理。鎔 😡"
    )
    raw = json.loads(post.raw)
    assert (raw["status"], raw["reply_org"], raw["reply_at"]) == (
        "已办结",
        "南头镇人力资源和社会保障分局",
        "2026-11-06T10:00:00+08:00",
    )
    assert raw["reply"].startswith("经核查")


@pytest.mark.parametrize(
    ("selectors", "problem"),
    [
        ({"text": "td"}, "link selector"),
        ({"link": "a::attr(href)"}, "text selector"),
        ({"link": "a::attr(href)", "text": "td"}, "post_id"),
        ({"link": "a::attr(href)", "text": "td[", "post_id_re": "(\\d+)"}, None),  # not CSS
        ({"link": "a::attr(href)", "text": "td", "post_id_re": "(\\d+)", "colour": "x"}, "unknown selector"),
    ],
)
def test_site_rules_refuse_incomplete_or_broken_configs(selectors, problem):
    with pytest.raises(Exception, match=problem):
        forum.SiteRules.build(None, **selectors)
    with pytest.raises(ValueError, match="unknown preset"):
        forum.SiteRules.build("phpwind")


def test_selectors_xpath_and_union_order():
    node = HtmlResponse(
        url=MIRROR, body='<p><em id="t">发表于 <span title="2026-11-20 10:12">3 天前</span></em></p>'.encode()
    )
    assert forum.first(node, "xpath://em/span/@title") == "2026-11-20 10:12"
    assert forum.first(node, "em span::attr(title), em") == "2026-11-20 10:12"  # in the order written
    assert forum.first(node, "em, em span::attr(title)") == "发表于 3 天前"
    assert forum.alternatives("a[title='x, y'], b") == ["a[title='x, y']", "b"]


# --- refusals ----------------------------------------------------------------------------------


def response(body: bytes | str, status: int = 200, url: str = "https://m.weibo.cn/api/container/getIndex",
             content_type: str = "text/html; charset=utf-8") -> TextResponse:  # fmt: skip
    body = body.encode() if isinstance(body, str) else body
    cls = HtmlResponse if "html" in content_type else TextResponse
    return cls(url=url, status=status, body=body, headers={"Content-Type": content_type})


JSON = "application/json"


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (response("", 403), "HTTP 403"),
        (response("<html><body><h1>请求过于频繁，请稍后再试</h1></body></html>", 418),
         "HTTP 418: 请求过于频繁 (请求过于频繁"),
        (response("", 429), "HTTP 429"),
        (response('{"ok":-100,"url":"https://passport.weibo.cn/signin/welcome"}', content_type=JSON),
         "login wall"),
        (response('{"ok":0,"msg":"请求过于频繁，歇歇吧"}', content_type=JSON), "the API refused"),
        (response("<html><head><title>百度安全验证</title></head><body></body></html>"),
         "a block page: 百度安全验证"),
        (response("<html><head><title>Sina Visitor System</title></head></html>"),
         "a block page: Sina Visitor System"),
        (response((FIXTURES / "forum" / "discuz_nopermission.html").read_bytes()),
         "login wall: 抱歉，您尚未登录"),
    ],
)  # fmt: skip
def test_refusals_are_recognised(page, reason):
    assert block_reason(page).startswith(reason)


@pytest.mark.parametrize(
    "page",
    [
        response('{"ok":0,"msg":"这里还没有内容","data":{"cards":[]}}', content_type="application/json"),
        response('{"result":"success","responseData":[]}', content_type="application/json"),
        # a thread that talks about logging in and captchas is still a thread
        response(
            "<html><head><title>社保网登录不了，验证码收不到 - 中山吧</title></head>"
            "<body>请先登录</body></html>"
        ),
        response((FIXTURES / "forum" / "discuz_viewthread.html").read_bytes()),
        response(
            "User-agent: *\nDisallow: /", 403, url="https://m.weibo.cn/robots.txt", content_type="text/plain"
        ),
        response("", 404),
    ],
)
def test_ordinary_pages_are_not_refusals(page):
    assert block_reason(page) is None


def test_a_redirect_to_a_login_or_captcha_page_is_a_refusal():
    landed = response(
        "<html><body>ok</body></html>", url="https://wappass.baidu.com/static/captcha/tuxing.html?x=1"
    )
    assert block_reason(landed, redirected=True).startswith("redirected to a login or captcha page")
    assert block_reason(landed, redirected=False) is None


def test_an_empty_page_that_asks_to_log_in_is_a_refusal():
    assert soft_block_reason(response("<html><body><p>请先登录后再查看</p></body></html>")).startswith(
        "a page that says"
    )
    assert soft_block_reason(response("<html><body><p>本版暂无主题</p></body></html>")) is None
    # the guest login form in every Discuz! header alone is not a refusal
    assert (
        soft_block_reason(response('<html><body><form><input type="password"/></form>暂无</body></html>'))
        is None
    )


def test_canary():
    assert canary_found("欠薪", "1", ("标题", "老板欠薪三个月"))
    assert not canary_found("欠薪", "1", (None, "讨薪"))
    assert canary_found("post:zsbbs:3150011", "zsbbs:3150011")
    assert not canary_found("", "1", ("欠薪",))
