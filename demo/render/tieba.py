"""Baidu Tieba as the demo mirror serves it: the bar's thread list and the thread pages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from demo.render.common import (
    BEIJING,
    TIEBA_FLOORS_PER_PAGE,
    TIEBA_THREADS_PER_PAGE,
    _attr,
    _number_id,
    _text,
    _thread_title,
    posted,
)


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
