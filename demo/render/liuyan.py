"""人民网 领导留言板 as the demo mirror serves it: the list API and the message pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from demo.render.common import (
    BEIJING,
    _lines_html,
    _number_id,
    _text,
    posted,
)

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
