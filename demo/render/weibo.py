"""Weibo's mobile API as the demo mirror serves it: getIndex search and statuses/extend."""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from demo.render.common import (
    WEIBO_CUT,
    WEIBO_PAGE_SIZE,
    _number_id,
    newest_first,
    posted,
)

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
