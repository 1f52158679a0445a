"""The demo corpus written out in each platform's real format; pure functions, no serving.

Post text in the corpus is plain text; here it becomes each platform's markup, escaped first, so
that a post which says ``<script>`` reaches the crawler as those characters and never as a tag.
The layouts are the ones ``spiders/parsers/`` document and read; the mirror shares no code with
the crawlers, so a parser bug cannot hide behind the same bug here. Ground-truth fields
(:data:`GROUND_TRUTH`) are never rendered.

Platforms: Weibo's mobile API, Tieba's list and thread pages, two RSS feeds, 人民网 领导留言板 (list
API and message pages), a Discuz! X3 forum (UTF-8) and a city 12345 hotline's published replies
(GBK). The last section holds the pages platforms answer when they refuse a crawler (a login
wall, a captcha, "请求过于频繁"), for tests.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlencode

BEIJING = timezone(timedelta(hours=8))
GROUND_TRUTH = ("label", "case", "district", "workers", "amount_yuan")

WEIBO_PAGE_SIZE = 10
WEIBO_CUT = 100  # characters of a long post shown before "全文", as Weibo cuts at about that
TIEBA_THREADS_PER_PAGE = 50
TIEBA_FLOORS_PER_PAGE = 30

FEEDS = {
    "zsnews": {
        "title": "中山网 - 民生",
        "link": "https://www.zsnews.cn/",
        "description": "中山日报社主办的新闻网站",
        "encoding": "utf-8",
        "item_link": "https://www.zsnews.cn/news/{post_id}.html",
    },
    "zsgov": {
        "title": "中山市人民政府 - 政务动态",
        "link": "http://www.zs.gov.cn/",
        "description": "中山市人民政府门户网站",
        "encoding": "gbk",
        "item_link": "http://www.zs.gov.cn/zwgk/content/post_{post_id}.html",
    },
}


def public(post: dict[str, Any]) -> dict[str, Any]:
    """A corpus line without its ground truth."""
    return {k: v for k, v in post.items() if k not in GROUND_TRUTH}


def posted(post: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(post["posted_at"]).astimezone(BEIJING)
    except (KeyError, TypeError, ValueError):
        return datetime(1970, 1, 1, tzinfo=BEIJING)


def newest_first(posts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(posts, key=posted, reverse=True)


def _number_id(value: str) -> int:
    """A stable made-up numeric id (user ids and the like) for a name."""
    return 1_000_000_000 + zlib.crc32(value.encode("utf-8")) % 9_000_000_000


# --- Weibo -------------------------------------------------------------------------------------

_WEIBO_TOKEN = re.compile(r"#[^#\n]{1,40}#|\[[^\[\]\n]{1,8}\]|@[\w\u4e00-\u9fff-]{1,30}|\n")
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def weibo_html(text: str) -> str:
    """Plain post text as Weibo's mblog HTML: hashtags and @mentions as links, ``[怒]`` codes as
    emoji images, line breaks as ``<br />``, everything else escaped."""
    out = []
    last = 0
    for match in _WEIBO_TOKEN.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        token = match.group()
        if token == "\n":
            out.append("<br />")
        elif token.startswith("#"):
            search = quote(f"231522type=1&t=10&q={token}", safe="")
            out.append(
                f'<a  href="https://m.weibo.cn/search?containerid={search}&luicode=10000011" data-hide="">'
                f'<span class="surl-text">{html.escape(token, quote=False)}</span></a>'
            )
        elif token.startswith("["):
            icon = f"d_{zlib.crc32(token.encode('utf-8')):08x}"
            out.append(
                f'<span class="url-icon"><img alt={html.escape(token)} '
                f'src="https://h5.sinaimg.cn/m/emoticon/icon/default/{icon}.png" '
                'style="width:1em; height:1em;" /></span>'
            )
        else:
            name = token[1:]
            out.append(f"<a href='/n/{html.escape(name)}'>@{html.escape(name, quote=False)}</a>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def weibo_created_at(post: dict[str, Any]) -> str:
    """``"Tue Nov 24 21:05:11 +0800 2026"``, locale-independent."""
    moment = posted(post)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} +0800 {moment.year}"
    )


def weibo_mblog(post: dict[str, Any]) -> dict[str, Any]:
    """One post as an mblog of the search API; a long post is cut and flagged ``isLongText``."""
    text = post.get("text") or ""
    post_id = str(post["post_id"])
    long = bool(post.get("is_long"))
    if long:
        cut = max(1, min(WEIBO_CUT, len(text) * 2 // 3))
        shown = weibo_html(text[:cut]) + f'...<a href="/status/{post_id}">全文</a>'
    else:
        shown = weibo_html(text)
    author = post.get("author") or ""
    mblog: dict[str, Any] = {
        "visible": {"type": 0, "list_id": 0},
        "created_at": weibo_created_at(post),
        "id": post_id,
        "mid": post_id,
        "idstr": post_id,
        "can_edit": False,
        "text": shown,
        "textLength": len(text.encode("gbk", "replace")),
        "source": "iPhone客户端",
        "favorited": False,
        "pic_ids": [],
        "user": {
            "id": _number_id(author),
            "screen_name": author,
            "profile_url": f"https://m.weibo.cn/u/{_number_id(author)}",
            "verified": False,
        },
        "reposts_count": post.get("reposts") or 0,
        "comments_count": post.get("comments") or 0,
        "attitudes_count": post.get("likes") or 0,
        "isLongText": long,
        "bid": post_id[-9:],
    }
    if post.get("region"):
        mblog["region_name"] = f"发布于 {post['region']}"
    return mblog


def weibo_search(posts: Sequence[dict[str, Any]], query: str, page: int) -> dict[str, Any]:
    """A getIndex ``searchall`` page: posts whose text contains ``query`` (every word of it, when
    it has several: ``中山 工资``), newest first, ten a page. The first post of page 1 sits in a
    nested ``card_group``, as Weibo's "热门" block does."""
    words = query.split()
    matching = newest_first(
        p
        for p in posts
        if p.get("platform") == "weibo" and words and all(w in (p.get("text") or "") for w in words)
    )
    start = (page - 1) * WEIBO_PAGE_SIZE
    chunk = matching[start : start + WEIBO_PAGE_SIZE] if page >= 1 else []
    if not chunk:
        return {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}
    containerid = f"100103type=1&q={query}"
    cards: list[dict[str, Any]] = [
        {
            "card_type": 9,
            "itemid": f"seqid:{page}|type:1|t:|pos:{i}",
            "scheme": f"https://m.weibo.cn/status/{p['post_id']}",
            "mblog": weibo_mblog(p),
        }
        for i, p in enumerate(chunk)
    ]
    if page == 1:
        cards[0] = {"card_type": 11, "card_group": [cards[0]], "show_type": 1}
    more = start + WEIBO_PAGE_SIZE < len(matching)
    return {
        "ok": 1,
        "data": {
            "cardlistInfo": {
                "containerid": containerid,
                "v_p": 42,
                "show_style": 1,
                "total": len(matching),
                "page": page + 1 if more else None,
            },
            "cards": cards,
            "scheme": f"sinaweibo://searchall?containerid={quote(containerid, safe='')}",
        },
    }


def weibo_extend(post: dict[str, Any] | None) -> dict[str, Any]:
    """``/statuses/extend``: the whole text of a post."""
    if post is None:
        return {"ok": 0, "msg": "微博不存在或暂无查看权限!"}
    return {
        "ok": 1,
        "data": {
            "ok": 1,
            "longTextContent": weibo_html(post.get("text") or ""),
            "reposts_count": post.get("reposts") or 0,
            "comments_count": post.get("comments") or 0,
            "attitudes_count": post.get("likes") or 0,
        },
    }


# --- Tieba -------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _attr_json(value: Any) -> str:
    return _attr(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _maybe_int(value: Any) -> Any:
    return int(value) if str(value).isdigit() else value


def bar_keyword(bar: str) -> str:
    return bar[:-1] if len(bar) > 1 and bar.endswith("吧") else bar


def tieba_threads(posts: Iterable[dict[str, Any]], kw: str) -> dict[str, list[dict[str, Any]]]:
    """The floors of every thread of one bar (``kw`` with or without 吧), in floor order, the
    threads by latest reply first (Tieba's own list order)."""
    threads: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        if post.get("platform") == "tieba" and bar_keyword(post.get("bar") or "") == bar_keyword(kw):
            threads.setdefault(str(post.get("tid")), []).append(post)
    for floors in threads.values():
        floors.sort(key=lambda p: (p.get("floor") or 0, posted(p)))
    return dict(sorted(threads.items(), key=lambda kv: max(posted(p) for p in kv[1]), reverse=True))


def _thread_title(floors: Sequence[dict[str, Any]]) -> str:
    return next((p["title"] for p in floors if p.get("title")), "")


def _thread_replies(floors: Sequence[dict[str, Any]]) -> int:
    opening = floors[0]
    if opening.get("floor") == 1 and opening.get("comments") is not None:
        return int(opening["comments"])
    return max(0, len(floors) - 1)


def _user_link(author: str, cls: str) -> str:
    return (
        f'<a class="{cls} j_user_card" href="/home/main?id=tb.1.{_number_id(author):x}" target="_blank">'
        f"{_text(author)}</a>"
    )


def _list_item(tid: str, floors: Sequence[dict[str, Any]]) -> str:
    opening = floors[0]
    title = _thread_title(floors)
    author = opening.get("author") or ""
    field = {
        "id": _maybe_int(tid),
        "author_name": author,
        "author_nickname": None,
        "first_post_id": _maybe_int(opening["post_id"]),
        "reply_num": _thread_replies(floors),
        "is_bakan": None,
        "vid": "",
        "is_good": None,
        "is_top": None,
        "is_protal": None,
        "is_membertop": None,
        "is_multi_forum": None,
        "frs_tpoint": None,
    }
    last = max(floors, key=posted)
    return "\n".join(
        [
            f'<li class=" j_thread_list clearfix thread_item_box" data-field="{_attr_json(field)}" >',
            '<div class="t_con cleafix">',
            '<div class="col2_left j_threadlist_li_left">',
            f'<span class="threadlist_rep_num center_text" title="回复">{field["reply_num"]}</span></div>',
            '<div class="col2_right j_threadlist_li_right "><div class="threadlist_lz clearfix">',
            '<div class="threadlist_title pull_left j_th_tit ">',
            f'<a rel="noreferrer" href="/p/{_attr(tid)}" title="{_attr(title)}" target="_blank" '
            f'class="j_th_tit ">'
            f"{_text(title)}</a></div>",
            '<div class="threadlist_author pull_right">',
            f'<span class="tb_icon_author " title="主题作者: {_attr(author)}">'
            '<span class="frs-author-name-wrap">'
            f"{_user_link(author, 'frs-author-name')}</span></span>",
            f'<span class="pull-right is_show_create_time" title="创建时间">{posted(opening):%m-%d}</span>',
            "</div></div>",
            '<div class="threadlist_detail clearfix"><div class="threadlist_text pull_left">',
            '<div class="threadlist_abs threadlist_abs_onlyline ">'
            f"{_text((opening.get('text') or '')[:60])}</div></div>",
            '<div class="threadlist_author pull_right">',
            '<span class="tb_icon_author_rely j_replyer" '
            f'title="最后回复人: {_attr(last.get("author") or "")}">'
            f"{_user_link(last.get('author') or '', 'frs-author-name')}</span>",
            '<span class="threadlist_reply_date pull_right j_reply_data" title="最后回复时间">'
            f"{tieba_reply_date(posted(last))}</span></div></div>",
            "</div></div>",
            "</li>",
        ]
    )


def tieba_reply_date(moment: datetime, now: datetime | None = None) -> str:
    """A last-reply time as the thread list shows it: ``21:40`` today, ``11-24`` this year,
    ``2025-11`` before."""
    now = (now or datetime.now(BEIJING)).astimezone(BEIJING)
    moment = moment.astimezone(BEIJING)
    if moment.date() == now.date():
        return f"{moment:%H:%M}"
    if moment.year == now.year:
        return f"{moment:%m-%d}"
    return f"{moment:%Y-%m}"


def tieba_list_page(kw: str, threads: dict[str, list[dict[str, Any]]], pn: int) -> str:
    """``/f?kw=...&pn=...``: 50 threads a page, hidden in the ``<code><!-- ... --></code>`` pagelet."""
    name = bar_keyword(kw)
    shown = list(threads.items())[pn : pn + TIEBA_THREADS_PER_PAGE]
    pager = []
    if pn > 0:
        query = urlencode({"kw": name, "ie": "utf-8", "pn": max(0, pn - TIEBA_THREADS_PER_PAGE)})
        pager.append(f'<a href="/f?{_attr(query)}" class="pre pagination-item " >&lt;上一页</a>')
    if pn + TIEBA_THREADS_PER_PAGE < len(threads):
        query = urlencode({"kw": name, "ie": "utf-8", "pn": pn + TIEBA_THREADS_PER_PAGE})
        pager.append(f'<a href="/f?{_attr(query)}" class="next pagination-item " >下一页&gt;</a>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html><head><meta charset="UTF-8"><title>{_text(name)}吧-百度贴吧</title></head>',
            "<body>",
            '<div id="head" class="search_bright clearfix"><div class="card_title">',
            f'<a class="card_title_fname" href="/f?{_attr(urlencode({"kw": name}))}">{_text(name)}吧</a>',
            "</div></div>",
            '<div id="content_wrap"><div id="content_leftList" class="content_leftList clearfix">',
            '<code class="pagelet_html" id="pagelet_html_frs-list/pagelet/thread_list" '
            'style="display:none;"><!--',
            '<ul id="thread_list" class="threadlist_bright j_threadlist_bright">',
            *(_list_item(tid, floors) for tid, floors in shown),
            "</ul>",
            '<div class="thread_list_bottom clearfix">',
            f'<div id="frs_list_pager" class="pagination-default clearfix">{"".join(pager)}</div></div>',
            "--></code>",
            "</div></div>",
            f"<script>PageData.forum = {{name: {json.dumps(name)}}};</script>",
            "</body></html>",
        ]
    )


def _floor(post: dict[str, Any], tid: str, number: int, index: int) -> str:
    pid = str(post["post_id"])
    author = post.get("author") or ""
    field = {
        "author": {"user_id": _number_id(author), "user_name": author, "props": None},
        "content": {
            "post_id": _maybe_int(pid),
            "is_anonym": False,
            "forum_id": _number_id(post.get("bar") or ""),
            "thread_id": _maybe_int(tid),
            "post_no": number,
            "type": "0",
            # The opening floor's count is the thread's (l_reply_num); later floors count their 楼中楼.
            "comment_num": 0 if number == 1 else post.get("comments") or 0,
            "is_fold": 0,
            "props": None,
            "post_index": index,
            "pb_tpoint": None,
        },
    }
    words = "<br>".join(_text(line) for line in (post.get("text") or "").split("\n"))
    region = f"<span>IP属地:{_text(post['region'])}</span>" if post.get("region") else ""
    first = " d_post_content_firstfloor" if number == 1 else ""
    return "\n".join(
        [
            f'<div class="l_post l_post_bright j_l_post clearfix  " data-pid="{_attr(pid)}" '
            f'data-field="{_attr_json(field)}">',
            '<div class="d_author"><ul class="p_author">',
            f'<li class="d_name" data-field="{_attr_json({"user_id": _number_id(author)})}">'
            f"{_user_link(author, 'p_author_name')}</li>",
            "</ul></div>",
            f'<div class="d_post_content_main {first}">',
            '<div class="p_content  "><cc>',
            f'<div id="post_content_{_attr(pid)}" class="d_post_content j_d_post_content " style="display:;">'
            f"            {words}</div><br></cc></div>",
            '<div class="core_reply j_lzl_wrapper"><div class="core_reply_tail clearfix">',
            f'<div class="post-tail-wrap">{region}<span class="tail-info">来自Android客户端</span>'
            f'<span class="tail-info">{number}楼</span>'
            f'<span class="tail-info">{posted(post):%Y-%m-%d %H:%M}</span></div>',
            "</div></div>",
            "</div>",
            "</div>",
        ]
    )


def tieba_thread_page(tid: str, floors: Sequence[dict[str, Any]], page: int) -> str | None:
    """``/p/<tid>?pn=<page>``: 30 floors a page, each an ``l_post`` with its data-field JSON and
    the date in the tail (the current layout); ``None`` past the last page."""
    total_pages = max(1, -(-len(floors) // TIEBA_FLOORS_PER_PAGE))
    if page < 1 or page > total_pages:
        return None
    title = _thread_title(floors)
    name = bar_keyword(floors[0].get("bar") or "")
    start = (page - 1) * TIEBA_FLOORS_PER_PAGE
    shown = floors[start : start + TIEBA_FLOORS_PER_PAGE]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta charset="UTF-8">',
            f"<title>{_text(title)}_{_text(name)}吧_百度贴吧</title></head>",
            "<body>",
            '<div class="core_title_wrap_bright clearfix">',
            f'<h3 class="core_title_txt pull-left text-overflow  " title="{_attr(title)}" '
            'style="width: 416px">'
            f"{_text(title)}</h3></div>",
            '<div class="p_thread thread_theme_5"><div class="l_thread_info"><ul class="l_posts_num">',
            '<li class="l_reply_num" style="margin-left:8px" >'
            f'<span class="red" style="margin-right:3px">{_thread_replies(floors)}</span>回复贴，'
            f'共<span class="red">{total_pages}</span>页</li>',
            "</ul></div></div>",
            '<div class="p_postlist" id="j_p_postlist">',
            *(
                _floor(post, tid, post.get("floor") or start + index + 1, index)
                for index, post in enumerate(shown)
            ),
            "</div>",
            "</body></html>",
        ]
    )


# --- RSS ---------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return html.escape(_XML_INVALID.sub("", text), quote=False)


def _cdata(text: str) -> str:
    return "<![CDATA[" + _XML_INVALID.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip())


def rss_feed(name: str, posts: Iterable[dict[str, Any]]) -> bytes | None:
    """An RSS 2.0 feed of the corpus lines with ``feed == name``, newest first, in the feed's own
    encoding (declared in the XML declaration). ``zsnews`` escapes its HTML descriptions, names
    authors in ``dc:creator`` and dates in +0800; ``zsgov`` is GBK, wraps descriptions in CDATA,
    names authors in ``<author>`` and dates in GMT."""
    feed = FEEDS.get(name)
    if feed is None:
        return None
    gov = name == "zsgov"
    items = []
    for post in newest_first(p for p in posts if p.get("platform") == "rss" and p.get("feed") == name):
        post_id = str(post["post_id"])
        body = _paragraphs(post.get("text") or "")
        moment = posted(post)
        author = post.get("author") or ""
        if gov:  # CDATA, a bare name, GMT
            description, byline = _cdata(body), f"<author>{_xml(author)}</author>"
            date = format_datetime(moment.astimezone(UTC), usegmt=True)
        else:  # escaped HTML, Dublin Core, Beijing time
            description, byline = _xml(body), f"<dc:creator>{_xml(author)}</dc:creator>"
            date = format_datetime(moment)
        items.append(
            f"<item><title>{_xml(post.get('title') or '')}</title>"
            f"<link>{_xml(feed['item_link'].format(post_id=post_id))}</link>"
            f'<guid isPermaLink="false">{_xml(post_id)}</guid>'
            f"<description>{description}</description>{byline}<pubDate>{date}</pubDate></item>"
        )
    encoding = feed["encoding"]
    document = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{_xml(feed['title'])}</title><link>{feed['link']}</link>"
        f"<description>{_xml(feed['description'])}</description><language>zh-cn</language>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )
    # Characters GBK lacks (emoji) travel as character references, as such sites emit them.
    return document.encode(encoding, "xmlcharrefreplace")


# --- 人民网 领导留言板 -------------------------------------------------------------------------------

LIUYAN_BATCH = 10
LIUYAN_CUT = 100  # characters of a message (and of a reply) the list shows before "..."
LIUYAN_STATE_FILTER = {"2": ("待回复",), "3": ("办理中",), "4": ("已办理", "已回复")}
_LIUYAN_STATE_CLASS = {"待回复": "red", "办理中": "orange"}


def _epoch(value: str | None) -> int | None:
    if not value:
        return None
    return int(datetime.fromisoformat(value).timestamp())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def liuyan_messages(posts: Iterable[dict[str, Any]], fid: str) -> list[dict[str, Any]]:
    """A board's messages, newest (highest tid) first."""
    board = [p for p in posts if p.get("platform") == "liuyan" and str(p.get("fid")) == str(fid)]
    return sorted(board, key=lambda p: int(p["post_id"]), reverse=True)


def liuyan_item(post: dict[str, Any]) -> dict[str, Any]:
    """One message as ``queryThreadsList`` lists it (content and reply cut, times in seconds)."""
    text = post.get("text") or ""
    replied = bool(post.get("reply"))
    written = _epoch(post["posted_at"]) or 0
    return {
        "tid": int(post["post_id"]),
        "userId": _number_id(post.get("author") or ""),
        "fid": int(post["fid"]),
        "typeId": 1,
        "domainId": 7,
        "topicId": 0,
        "nickName": post.get("author") or "",
        "subject": post.get("title") or "",
        "content": _cut(text, LIUYAN_CUT),
        "dateline": written,
        "ip": "113.104.*.*",
        "stateInfo": post.get("status") or "待回复",
        "traceInfo": post.get("status") or "待回复",
        "processInfo": "已交办" if post.get("status") != "待回复" else "未交办",
        "hasReported": 0,
        "favNum": post.get("likes") or 0,
        "forumName": post.get("forum") or "",
        "typeName": post.get("type") or "",
        "domainName": post.get("domain") or "",
        "sourceName": "PC浏览器",
        "answerId": 900_000 + int(post["post_id"]) % 100_000 if replied else None,
        "answerContent": _cut(post.get("reply") or "", LIUYAN_CUT) if replied else None,
        "answerDateline": _epoch(post.get("reply_at")) if replied else None,
        "answerOrganization": post.get("reply_org") if replied else None,
        "userType": 0,
        "threadState": 1,
        "publicAttachment": 0,
        "userFavStatus": 0,
        "grade": None,
        "threadsCheckTime": written + 2 * 3600,
        "from": " 广东省 中山市",
    }


def liuyan_list(posts: Sequence[dict[str, Any]], fid: str, state: str, last_item: str) -> dict[str, Any]:
    """``POST /threads/queryThreadsList`` (fid, state, lastItem): ten messages older than the
    ``lastItem`` tid (0: from the newest), filtered by state (1 all, 2 待回复, 3 办理中, 4 已办理)."""
    messages = liuyan_messages(posts, fid)
    wanted = LIUYAN_STATE_FILTER.get(state)
    if wanted:
        messages = [p for p in messages if p.get("status") in wanted]
    try:
        cursor = int(last_item or 0)
    except ValueError:
        return {"result": "fail", "resultDesc": "参数错误", "responseData": []}
    if cursor:
        messages = [p for p in messages if int(p["post_id"]) < cursor]
    batch = messages[:LIUYAN_BATCH]
    return {"result": "success", "resultDesc": "", "responseData": [liuyan_item(p) for p in batch]}


def _lines_html(text: str) -> str:
    return "<br/>".join(_text(line) for line in text.split("\n"))


def liuyan_content(post: dict[str, Any]) -> str:
    """``GET /threads/content?tid=<tid>``: the message whole, and the reply when there is one."""
    status = post.get("status") or "待回复"
    moment = posted(post)
    reply = ""
    if post.get("reply"):
        replied = (
            datetime.fromisoformat(post["reply_at"]).astimezone(BEIJING) if post.get("reply_at") else moment
        )
        reply = "\n".join(
            [
                '<div class="clearfix liuyan_box05 w1200">',
                '<ul><li class="reply"><span class="title">回复</span>',
                f'<h3><i class="red">{_text(post.get("reply_org") or "")}</i></h3>',
                f'<p class="zoom">　　{_lines_html(post["reply"])}</p>',
                f'<h3><em class="grey2">回复时间：{replied:%Y-%m-%d %H:%M}</em></h3>',
                "</li></ul></div>",
            ]
        )
    forum = post.get("forum") or ""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>',
            f"<title>{_text(post.get('title') or '')} - {_text(forum)} - 领导留言板 - 人民网</title></head>",
            "<body>",
            '<div class="path_2j w1200 grey2">当前位置 ：<a href="/">领导留言板</a> &gt; 地方领导 &gt; ',
            f'<a href="/forum/list?fid=4">广东省</a> &gt; <i id="currentForum">{_text(forum)}</i></div>',
            '<div class="liuyan_box03 w1200 clearfix">',
            f'<h2><b><span class="context-title-text">{_text(post.get("title") or "")}</span>'
            f'<em class="{_LIUYAN_STATE_CLASS.get(status, "green")}">{_text(status)}</em>'
            f'<em class="domainType">{_text(post.get("domain") or "")}</em>'
            f'<em class="domainType">{_text(post.get("type") or "")}</em></b></h2>',
            '<h3 class="grey2 clearfix">'
            f"<span>{_text(post.get('author') or '')}　　{moment:%Y-%m-%d %H:%M}</span></h3>",
            f'<p class="zoom content">{_lines_html(post.get("text") or "")}</p>',
            "</div>",
            reply,
            "</body></html>",
        ]
    )


# --- a Discuz! X3 forum ----------------------------------------------------------------------

DISCUZ_THREADS_PER_PAGE = 20
DISCUZ_POSTS_PER_PAGE = 10
DISCUZ_NAME = "中山生活论坛"
_DISCUZ_HEAD = (
    '<div id="hd"><div class="hdc"><h2><a href="./" title="{name}">{name}</a></h2>'
    '<form method="post" autocomplete="off" id="lsform" action="member.php?mod=logging&amp;action=login">'
    '<input type="text" name="username" id="ls_username" /><input type="password" name="password" '
    'id="ls_password" /><button type="submit">登录</button></form></div></div>'
)


def discuz_threads(posts: Iterable[dict[str, Any]], board: str) -> dict[str, list[dict[str, Any]]]:
    """A board's threads, by last post first; each thread's posts in floor order."""
    threads: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        if (
            post.get("platform") == "forum"
            and post.get("site") == "zsbbs"
            and str(post.get("board")) == str(board)
        ):
            threads.setdefault(str(post["tid"]), []).append(post)
    for floors in threads.values():
        floors.sort(key=lambda p: (p.get("floor") or 0, posted(p)))
    return dict(sorted(threads.items(), key=lambda kv: max(posted(p) for p in kv[1]), reverse=True))


def _discuz_time(moment: datetime, now: datetime) -> str:
    """Discuz! shows a recent time as "3 天前" with the exact time in a title."""
    exact = f"{moment:%Y-%m-%d %H:%M}"
    age = now - moment
    if timedelta(0) <= age < timedelta(days=7):
        shown = f"{age.days} 天前" if age.days else f"{max(1, age.seconds // 3600)} 小时前"
        return f'<span title="{exact}">{shown}</span>'
    return exact


def discuz_forumdisplay(
    posts: Sequence[dict[str, Any]], board: str, page: int, now: datetime | None = None
) -> str:
    """``forum.php?mod=forumdisplay&fid=<board>&page=<n>``: a pinned notice, then 20 threads a
    page by last reply, each a ``tbody id="normalthread_<tid>"``."""
    now = (now or datetime.now(BEIJING)).astimezone(BEIJING)
    threads = list(discuz_threads(posts, board).items())
    start = (max(page, 1) - 1) * DISCUZ_THREADS_PER_PAGE
    shown = threads[start : start + DISCUZ_THREADS_PER_PAGE]
    rows = [
        '<tbody id="stickthread_1"><tr><td class="icn"><img src="static/image/common/pin_1.gif" /></td>'
        '<th class="common"><a href="forum.php?mod=viewthread&amp;tid=1&amp;extra=page%3D1" class="s xst">'
        "【版规】发帖前请先阅读本版规定</a></th>"
        '<td class="by"><cite><a href="home.php?mod=space&amp;uid=1">版主</a></cite><em><span>'
        "2019-03-01</span></em></td>"
        '<td class="num"><a class="xi2">0</a><em>9999</em></td>'
        '<td class="by"><cite><a>版主</a></cite><em><a href="#">2019-03-01 09:00</a></em></td></tr></tbody>'
    ]
    for tid, floors in shown:
        opening, last = floors[0], max(floors, key=posted)
        link = f"forum.php?mod=viewthread&amp;tid={_attr(tid)}&amp;extra=page%3D{page}"
        rows.append(
            f'<tbody id="normalthread_{_attr(tid)}"><tr>'
            f'<td class="icn"><a href="{link}" title="新窗口打开" target="_blank">'
            '<img src="static/image/common/folder_new.gif" /></a></td>'
            f'<th class="new"><a href="{link}" onclick="atarget(this)" class="s xst">'
            f"{_text(_thread_title(floors))}</a></th>"
            '<td class="by"><cite><a '
            f'href="home.php?mod=space&amp;uid={_number_id(opening.get("author") or "")}" c="1">'
            f"{_text(opening.get('author') or '')}</a></cite><em><span>{posted(opening):%Y-%m-%d}</span>"
            "</em></td>"
            f'<td class="num"><a href="{link}" class="xi2">{len(floors) - 1}</a><em>{37 * len(floors)}</em>'
            "</td>"
            '<td class="by"><cite><a '
            f'href="home.php?mod=space&amp;username={quote(last.get("author") or "")}" c="1">'
            f"{_text(last.get('author') or '')}</a></cite>"
            f'<em><a href="forum.php?mod=redirect&amp;tid={_attr(tid)}&amp;goto=lastpost#lastpost">'
            f"{_discuz_time(posted(last), now)}</a></em></td>"
            "</tr></tbody>"
        )
    pager = ""
    if start + DISCUZ_THREADS_PER_PAGE < len(threads):
        pager = (
            f'<div class="pg"><strong>{page}</strong><a '
            f'href="forum.php?mod=forumdisplay&amp;fid={_attr(board)}'
            f'&amp;page={page + 1}" class="nxt">下一页</a></div>'
        )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            f"<title>中山生活 - {DISCUZ_NAME} - Powered by Discuz!</title></head><body>",
            _DISCUZ_HEAD.format(name=DISCUZ_NAME),
            '<div id="threadlist" class="tl bm bmw"><div class="bm_c"><form method="post" name="moderate" '
            'id="moderate">',
            '<table summary="forum_2" cellspacing="0" cellpadding="0" id="threadlisttableid">',
            *rows,
            "</table></form></div></div>",
            f'<div class="bm bw0 pgs cl"><span id="fd_page_bottom">{pager}</span></div>',
            "</body></html>",
        ]
    )


def _discuz_post(post: dict[str, Any], tid: str, number: int, now: datetime) -> str:
    pid = _attr(post["post_id"])
    author = post.get("author") or ""
    lines = (post.get("text") or "").split("\n")
    # Discuz!'s anti-copy junk: invisible characters a crawler must drop
    words = "<br />".join(
        _text(line) + (f'<font class="jammer">{pid[-4:]}xq</font>' if i == 0 and number == 1 else "")
        for i, line in enumerate(lines)
    )
    return "\n".join(
        [
            f'<div id="post_{pid}">',
            f'<table id="pid{pid}" class="plhin" summary="pid{pid}" cellspacing="0" cellpadding="0"><tr>',
            '<td class="pls" rowspan="2"><div class="pi"><div class="authi">'
            f'<a href="home.php?mod=space&amp;uid={_number_id(author)}" target="_blank" '
            f'class="xw1">{_text(author)}</a>'
            "</div></div></td>",
            '<td class="plc"><div class="pi"><strong>'
            f'<a href="forum.php?mod=redirect&amp;goto=findpost&amp;ptid={_attr(tid)}&amp;pid={pid}" '
            f'id="postnum{pid}">'
            f"<em>{number}</em><sup>#</sup></a></strong>",
            f'<div class="pti"><div class="authi"><em id="authorposton{pid}">'
            f"发表于 {_discuz_time(posted(post), now)}</em>"
            "</div></div></div>",
            '<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr>'
            f'<td class="t_f" id="postmessage_{pid}">\n{words}\n</td></tr></table></div></div></div>',
            "</td></tr></table></div>",
        ]
    )


def discuz_viewthread(
    posts: Sequence[dict[str, Any]], tid: str, page: int, now: datetime | None = None
) -> str | None:
    """``forum.php?mod=viewthread&tid=<tid>&page=<n>``: ten floors a page; None for no such thread."""
    now = (now or datetime.now(BEIJING)).astimezone(BEIJING)
    floors = sorted(
        (
            p
            for p in posts
            if p.get("platform") == "forum" and p.get("site") == "zsbbs" and str(p.get("tid")) == tid
        ),
        key=lambda p: p.get("floor") or 0,
    )
    pages = max(1, -(-len(floors) // DISCUZ_POSTS_PER_PAGE))
    if not floors or page < 1 or page > pages:
        return None
    start = (page - 1) * DISCUZ_POSTS_PER_PAGE
    shown = floors[start : start + DISCUZ_POSTS_PER_PAGE]
    pager = ""
    if page < pages:
        pager = (
            f'<div class="pgbtn"><a href="forum.php?mod=viewthread&amp;tid={_attr(tid)}&amp;page={page + 1}" '
            'class="bm_h">下一页 &raquo;</a></div>'
        )
    title = _thread_title(floors)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            f"<title>{_text(title)} - 中山生活 - {DISCUZ_NAME} - Powered by Discuz!</title></head><body>",
            _DISCUZ_HEAD.format(name=DISCUZ_NAME),
            f'<div id="pt" class="bm cl"><div class="z"><a href="./">{DISCUZ_NAME}</a></div></div>',
            f'<h1 class="ts"><span id="thread_subject">{_text(title)}</span></h1>',
            '<div id="postlist" class="pl bm">',
            *(_discuz_post(p, tid, p.get("floor") or start + i + 1, now) for i, p in enumerate(shown)),
            "</div>",
            pager,
            "</body></html>",
        ]
    )


# --- a 12345 hotline's published replies (GBK) ----------------------------------------------

HOTLINE_PER_PAGE = 10
HOTLINE_NAME = "中山市12345政务服务便民热线"
# How the forum spider reads this 12345 reply site: selectors only, no code per site. The demo, the
# crawl bench and the tests all crawl it with these arguments.
HOTLINE_SELECTORS = {
    "row": "ul.rxhf-list li",
    "link": "a::attr(href)",
    "row_time": "span.date::text",
    "next_page": "a.next::attr(href)",
    "post": "div.rxhf-detail",
    "post_id_re": r"post_(\d+)",
    "title": "h1",
    "posted_at": "td.ldsj",
    "text": "td.sqnr",
    "reply": "td.hfnr",
    "reply_org": "td.cbdw",
    "reply_at": "td.hfsj",
    "status": "td.blzt",
}
HOTLINE_ARGS = {
    "list_url": "https://www.zs12345.example/hdjl/rxhf/index.html",
    "site": "zs12345",
    **HOTLINE_SELECTORS,
}


def hotline_replies(posts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return newest_first(p for p in posts if p.get("platform") == "forum" and p.get("site") == "zs12345")


def _gbk_page(document: str) -> bytes:
    # Characters GBK lacks travel as character references, as such sites emit them.
    return document.encode("gbk", "xmlcharrefreplace")


def hotline_list(posts: Sequence[dict[str, Any]], page: int) -> bytes | None:
    """``/hdjl/rxhf/index.html`` (page 0) and ``index_<n>.html``: a TRS-style column of published
    replies, newest first, in GBK declared by ``<meta>`` only; None past the last page."""
    replies = hotline_replies(posts)
    start = page * HOTLINE_PER_PAGE
    if page < 0 or (start >= len(replies) and page > 0):
        return None
    shown = replies[start : start + HOTLINE_PER_PAGE]
    items = "\n".join(
        f'<li><a href="./content/post_{_attr(p["post_id"])}.html" target="_blank" '
        f'title="{_attr(p.get("title") or "")}">'
        f'{_text(p.get("title") or "")}</a><span class="date">{posted(p):%Y-%m-%d}</span></li>'
        for p in shown
    )
    pager = ""
    if start + HOTLINE_PER_PAGE < len(replies):
        pager = f'<a class="next" href="index_{page + 1}.html">下一页</a>'
    return _gbk_page(
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk" />',
                f"<title>热线回复公开-{HOTLINE_NAME}</title></head><body>",
                '<div class="main"><h2 class="lm-title">热线回复公开</h2>',
                f'<ul class="rxhf-list">\n{items}\n</ul>',
                f'<div class="page">{pager}</div></div>',
                "</body></html>",
            ]
        )
    )


def hotline_detail(post: dict[str, Any]) -> bytes:
    """``/hdjl/rxhf/content/post_<id>.html``: one request and its reply in a table, GBK."""
    replied = (
        f"{datetime.fromisoformat(post['reply_at']).astimezone(BEIJING):%Y-%m-%d %H:%M:%S}"
        if post.get("reply_at")
        else ""
    )
    return _gbk_page(
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk" />',
                f"<title>{_text(post.get('title') or '')}-{HOTLINE_NAME}</title></head><body>",
                '<div class="rxhf-detail">',
                f"<h1>{_text(post.get('title') or '')}</h1>",
                '<table class="rxhf-table" cellspacing="0">',
                f'<tr><th>来电时间</th><td class="ldsj">{posted(post):%Y-%m-%d %H:%M:%S}</td>'
                f'<th>办理状态</th><td class="blzt">{_text(post.get("status") or "")}</td></tr>',
                "<tr><th>诉求内容</th>"
                f'<td colspan="3" class="sqnr">{_lines_html(post.get("text") or "")}</td></tr>',
                f'<tr><th>承办单位</th><td class="cbdw">{_text(post.get("reply_org") or "")}</td>'
                f'<th>回复时间</th><td class="hfsj">{replied}</td></tr>',
                "<tr><th>回复内容</th>"
                f'<td colspan="3" class="hfnr">{_lines_html(post.get("reply") or "")}</td></tr>',
                "</table></div>",
                "</body></html>",
            ]
        )
    )


# --- refusals: what platforms answer a crawler they do not want ------------------------------

WEIBO_LOGIN_REQUIRED = {
    "ok": -100,
    "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo&r=https%3A%2F%2Fm.weibo.cn%2F",
}


def tieba_captcha_page() -> str:
    """Where Tieba sends a client it suspects (after a redirect to wappass.baidu.com)."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>百度安全验证</title></head><body>'
        '<div class="timeout"><div class="timeout-img"></div>'
        '<div class="timeout-title">网络不给力，请稍后重试</div>'
        '<button type="button" class="timeout-button">返回首页</button></div>'
        '<div class="timeout-feedback"><a href="https://help.baidu.com/" class="timeout-feedback-icon">'
        "问题反馈</a></div>"
        "</body></html>"
    )


def discuz_login_wall() -> str:
    """A Discuz! board closed to guests: the 提示信息 page with a login form."""
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        f"<title>提示信息 - {DISCUZ_NAME} - Powered by Discuz!</title></head><body>"
        + _DISCUZ_HEAD.format(name=DISCUZ_NAME)
        + '<div id="ct" class="wp cl w"><div class="nfl" id="main_succeed" style="display: none"></div>'
        '<div class="nfl" id="main_messaqge"><div id="layer_login"><h3 class="flb">'
        '<em id="returnmessage">用户登录</em></h3></div></div>'
        '<div id="messagetext" class="alert_error"><p>抱歉，您尚未登录，没有权限访问该版块</p></div></div>'
        "</body></html>"
    )


def too_many_requests_page() -> str:
    """The body of a 403/418 a WAF answers when a client asks too fast."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问受限</title></head><body>'
        "<h1>请求过于频繁，请稍后再试</h1><p>您的访问频率过高，已被暂时限制。</p></body></html>"
    )
