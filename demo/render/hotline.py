"""A city 12345 hotline's published replies as the demo mirror serves them: list and detail pages in GBK."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from demo.render.common import (
    BEIJING,
    _attr,
    _lines_html,
    _text,
    newest_first,
    posted,
)

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
