"""人民网 领导留言板 (liuyan.people.com.cn): messages to a leader's board and their official replies.

A board (留言板) belongs to one leader or government of a region and has a numeric ``fid``
(``/threads/list?fid=<fid>`` is its page).

List, as the board page's script asks for it: ``POST /threads/queryThreadsList`` with the form
fields ``fid``, ``state`` (1 all, 2 待回复, 3 办理中, 4 已办理) and ``lastItem`` (0, then the ``tid``
of the last message of the previous batch: newest first, ten a batch). The answer is
``{"result": "success", "resultDesc": "", "responseData": [...]}``; an empty ``responseData`` ends
the list. Each message: ``tid``, ``fid``, ``nickName`` (masked: ``陈***``), ``subject``, ``content``
(cut, ending in ``...``), ``dateline`` (written, Unix seconds), ``threadsCheckTime`` (published),
``stateInfo`` (待回复/办理中/已办理/已回复), ``domainName`` (劳动社保, 城建 …), ``typeName`` (投诉,
求助, 咨询, 建言), ``favNum``, ``forumName`` (the board), ``from`` (" 广东省 中山市"), ``ip`` (masked),
``answerId``, ``answerContent`` (cut), ``answerOrganization`` and ``answerDateline`` (Unix
seconds), the last four null until a reply is published.

Detail, ``GET /threads/content?tid=<tid>``: ``<i id="currentForum">`` (the board) in the
``path_2j`` breadcrumb; ``div.liuyan_box03`` holds ``span.context-title-text`` (the subject), an
``<em>`` with the status (class red 待回复, orange 办理中, green 已办理) and two ``em.domainType``
(domain, type), ``h3.grey2 span`` ("陈***　　2026-11-20 10:12") and ``p.zoom.content`` (the whole
message, HTML). Each official reply is an ``li.reply`` in ``div.liuyan_box05``: the organization in
``h3 i.red``, the words in ``p.zoom``, ``em.grey2`` "回复时间：2026-11-22 16:30". A message still
waiting has no ``li.reply``.

A message is one Post: the citizen's words as ``text`` (the reply is not mixed into them: the
classifier reads the complaint), and ``raw`` as JSON with the list entry, the board, the status,
the domain and type, and every reply with its organization and time. A handled message is a
Post like any other, with its status.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers.common import BEIJING, beijing_iso, clean_line, cn_time_iso, html_to_text, parse_count

HOST = "https://liuyan.people.com.cn"  # post URLs point here, whichever base_url served the crawl
LIST_PATH = "/threads/queryThreadsList"
STATES = {"1": "全部", "2": "待回复", "3": "办理中", "4": "已办理"}


@dataclass
class MessageList:
    """One batch of a board's list: ``ok`` is false when the API says it failed."""

    ok: bool
    messages: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None


def parse_list(response: TextResponse) -> MessageList:
    """The messages of one ``queryThreadsList`` answer, newest first.

    Raises ``ValueError`` when the body is not the JSON object the API answers with.
    """
    data = json.loads(response.text)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object from {response.url}, got {type(data).__name__}")
    items = data.get("responseData") or []
    if not isinstance(items, list):
        raise ValueError(f"responseData of {response.url} is not a list")
    return MessageList(
        ok=data.get("result") == "success",
        messages=[item for item in items if isinstance(item, dict) and message_id(item)],
        message=clean_line(data.get("resultDesc")),
    )


def message_id(item: dict[str, Any]) -> str:
    return str(item.get("tid") or "").strip()


def message_time(item: dict[str, Any]) -> str | None:
    """When the message was written (``dateline``), else published, as ISO 8601."""
    return _epoch(item.get("dateline")) or _epoch(item.get("threadsCheckTime"))


def content_url(tid: str, base_url: str = HOST) -> str:
    return f"{base_url}/threads/content?tid={tid}"


def post_from_item(item: dict[str, Any]) -> Post:
    """A Post from the list entry alone (its ``content`` is cut): for messages whose detail page
    is not fetched (older than the mark) or could not be fetched."""
    tid = message_id(item)
    reply = _list_reply(item)
    return Post(
        platform="liuyan",
        post_id=tid,
        url=content_url(tid),
        author=clean_line(item.get("nickName")),
        title=clean_line(item.get("subject")),
        text=html_to_text(item.get("content")),
        posted_at=message_time(item),
        likes=parse_count(item.get("favNum")),
        raw=json.dumps(
            {
                "list_item": item,
                "forum": clean_line(item.get("forumName")),
                "status": clean_line(item.get("stateInfo") or item.get("traceInfo")),
                "domain": clean_line(item.get("domainName")),
                "type": clean_line(item.get("typeName")),
                "replies": [reply] if reply else [],
            },
            ensure_ascii=False,
        ),
    )


def parse_detail(response: TextResponse, item: dict[str, Any] | None = None) -> Post | None:
    """The message of a ``/threads/content`` page with its replies, completed by its list entry
    (exact time, likes); None when the page holds no message."""
    box = response.css("div.liuyan_box03")
    if not box:
        return None
    item = item or {}
    tid = message_id(item) or (parse_qs(urlsplit(response.url).query).get("tid") or [""])[0]
    byline = clean_line(box.css("h3 span").xpath("string()").get()) or ""
    shown_at = cn_time_iso(byline)
    author = clean_line(re.sub(r"\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?", "", byline))
    tags = [clean_line(t) for t in box.css("em.domainType").xpath("string()").getall()]
    status = clean_line(box.css("h2 em:not(.domainType)").xpath("string()").get())
    replies = [_detail_reply(li) for li in response.css("div.liuyan_box05 li.reply")]
    replies = [r for r in replies if r["text"] or r["organization"]]
    fragment = "\n".join(response.css("div.liuyan_box03, div.liuyan_box05").getall())
    return Post(
        platform="liuyan",
        post_id=tid,
        url=content_url(tid),
        author=clean_line(item.get("nickName")) or author,
        title=clean_line(box.css(".context-title-text").xpath("string()").get())
        or clean_line(item.get("subject")),
        text=html_to_text("".join(box.css("p.content").xpath("node()").getall())),
        posted_at=message_time(item) or shown_at,
        likes=parse_count(item.get("favNum")),
        raw=json.dumps(
            {
                "list_item": item or None,
                "forum": clean_line(response.css("#currentForum").xpath("string()").get())
                or clean_line(item.get("forumName")),
                "status": status or clean_line(item.get("stateInfo")),
                "domain": tags[0] if tags else clean_line(item.get("domainName")),
                "type": tags[1] if len(tags) > 1 else clean_line(item.get("typeName")),
                "replies": replies or ([r] if (r := _list_reply(item)) else []),
                "html": fragment,
            },
            ensure_ascii=False,
        ),
    )


def _detail_reply(li: Selector) -> dict[str, Any]:
    when = " ".join(li.css("em.grey2").xpath("string()").getall())
    return {
        "organization": clean_line(li.css("h3 i").xpath("string()").get()),
        "text": html_to_text("".join(li.css("p.zoom").xpath("node()").getall())),
        "replied_at": cn_time_iso(when.replace("回复时间", "")),
    }


def _list_reply(item: dict[str, Any]) -> dict[str, Any] | None:
    if not (item.get("answerId") or item.get("answerContent")):
        return None
    return {
        "organization": clean_line(item.get("answerOrganization")),
        "text": html_to_text(item.get("answerContent")),
        "replied_at": _epoch(item.get("answerDateline")),
    }


def _epoch(value: Any) -> str | None:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    if seconds > 10**11:  # milliseconds
        seconds //= 1000
    return beijing_iso(datetime.fromtimestamp(seconds, BEIJING))
