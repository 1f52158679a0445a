"""A Discuz! X3 forum (UTF-8) as the demo mirror serves it: the board list and thread pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from demo.render.common import (
    BEIJING,
    _attr,
    _number_id,
    _text,
    _thread_title,
    posted,
)

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
