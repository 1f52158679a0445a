"""Weibo's mobile web API (m.weibo.cn), as its own search page calls it.

Search: ``GET /api/container/getIndex?containerid=100103type%3D1%26q%3D<kw>&page_type=searchall&page=N``
answers ``{"ok": 1, "data": {"cardlistInfo": {...}, "cards": [...]}}``. A post is a card with
``card_type`` 9 and its ``mblog``; other cards (type 11 and friends) nest cards in ``card_group``.
Past the last page the answer is ``{"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}``.

An mblog: ``id``/``mid``, ``created_at`` (``"Tue Nov 24 21:05:11 +0800 2026"``), ``text`` (HTML:
hashtags as ``<a ...><span class="surl-text">#话题#</span></a>``, emoji as ``<span
class="url-icon"><img alt=[怒] ...></span>``, ``<br />``), ``user.screen_name``,
``reposts_count``/``comments_count``/``attitudes_count``, ``region_name`` (``"发布于 广东"``),
``isLongText``, ``retweeted_status`` (another mblog) and ``source`` (the client).

A long post's ``text`` is cut and ends in a ``全文`` link; the whole text is
``GET /statuses/extend?id=<id>`` -> ``{"ok": 1, "data": {"longTextContent": "<html>"}}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers.common import BEIJING, beijing_iso, clean_line, html_to_text, parse_count

HOST = "https://m.weibo.cn"  # post URLs point here, whichever base_url served the crawl
RETWEET_SEPARATOR = " //转发原文: "


@dataclass
class SearchPage:
    """One page of search results: ``ok`` is false past the last page (or when Weibo refuses)."""

    ok: bool
    mblogs: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None


def parse_search(response: TextResponse) -> SearchPage:
    """The mblogs of a getIndex search page, nested groups included, in page order.

    Raises ``ValueError`` when the body is not the JSON object the API answers with.
    """
    data = json.loads(response.text)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object from {response.url}, got {type(data).__name__}")
    cards = (data.get("data") or {}).get("cards") or []
    return SearchPage(ok=data.get("ok") == 1, mblogs=list(_mblogs(cards)), message=data.get("msg"))


def _mblogs(cards: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for card in cards:
        if not isinstance(card, dict):
            continue
        if card.get("card_type") == 9 and isinstance(card.get("mblog"), dict):
            yield card["mblog"]
        yield from _mblogs(card.get("card_group") or [])


def mblog_id(mblog: dict[str, Any]) -> str:
    return str(mblog.get("id") or mblog.get("mid") or "").strip()


def is_truncated(mblog: dict[str, Any]) -> bool:
    """True when the mblog's text is cut short and ``/statuses/extend`` has the rest."""
    return bool(mblog.get("isLongText"))


def parse_long_text(response: TextResponse) -> str | None:
    """The HTML of a long post from ``/statuses/extend``, or ``None`` when Weibo gives none."""
    data = json.loads(response.text)
    if not isinstance(data, dict) or data.get("ok") != 1:
        return None
    return (data.get("data") or {}).get("longTextContent") or None


def post_from_mblog(mblog: dict[str, Any], long_text: str | None = None, now: datetime | None = None) -> Post:
    """A Post from one mblog; ``long_text`` (from ``parse_long_text``) replaces the cut text.

    A repost keeps the original's words after :data:`RETWEET_SEPARATOR`, since a bare "转发微博"
    says nothing about the case.
    """
    post_id = mblog_id(mblog)
    text = mblog_text(long_text if long_text is not None else mblog.get("text"))
    original = mblog.get("retweeted_status")
    if isinstance(original, dict):
        original_text = mblog_text(original.get("text"))
        original_author = clean_line((original.get("user") or {}).get("screen_name"))
        if original_text:
            by = f"@{original_author}: " if original_author else ""
            text = f"{text}{RETWEET_SEPARATOR}{by}{original_text}"
    return Post(
        platform="weibo",
        post_id=post_id,
        url=f"{HOST}/detail/{post_id}" if post_id else None,
        author=clean_line((mblog.get("user") or {}).get("screen_name")),
        title=None,
        text=text,
        posted_at=parse_created_at(mblog.get("created_at"), now=now),
        reposts=parse_count(mblog.get("reposts_count")),
        comments=parse_count(mblog.get("comments_count")),
        likes=parse_count(mblog.get("attitudes_count")),
        region=parse_region(mblog.get("region_name")),
        # The mblog as the search answered it; an expanded post also keeps the whole text it
        # was expanded to, as /statuses/extend answered it.
        raw=json.dumps(
            mblog if long_text is None else {**mblog, "longTextContent": long_text}, ensure_ascii=False
        ),
    )


_FULL_TEXT_LINK = re.compile(r"<a\b[^>]*>\s*全文\s*</a>\s*$")


def mblog_text(fragment: str | None) -> str:
    """Plain text of an mblog's HTML, without the trailing ``全文`` link of a cut post."""
    return html_to_text(_FULL_TEXT_LINK.sub("", fragment or ""))


def parse_region(value: str | None) -> str | None:
    """``"发布于 广东"`` -> ``"广东"``."""
    return clean_line(re.sub(r"^\s*发布于\s*", "", value or ""))


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
    )
}
_FULL_DATE = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$"
)


def parse_created_at(value: Any, now: datetime | None = None) -> str | None:
    """An mblog's ``created_at`` as ISO 8601 in Beijing time.

    The API's own format is ``"Tue Nov 24 21:05:11 +0800 2026"``; some views print relative times
    instead (``刚刚``, ``5分钟前``, ``3小时前``, ``昨天 21:05``, ``11-24``, ``2025-11-24``), read
    against ``now`` (default: the current time in Beijing). ``None`` when unreadable.
    """
    text = str(value or "").strip()
    if not text:
        return None
    match = _FULL_DATE.match(text)
    if match:
        month, day, hour, minute, second, sign, off_h, off_m, year = match.groups()
        if month not in _MONTHS:
            return None
        offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
        moment = datetime(
            int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=timezone(offset)
        )
        return beijing_iso(moment)
    now = (now or datetime.now(BEIJING)).astimezone(BEIJING)
    if text == "刚刚":
        return beijing_iso(now)
    if match := re.fullmatch(r"(\d+)\s*分钟前", text):
        return beijing_iso(now - timedelta(minutes=int(match[1])))
    if match := re.fullmatch(r"(\d+)\s*小时前", text):
        return beijing_iso(now - timedelta(hours=int(match[1])))
    if match := re.fullmatch(r"(今天|昨天)\s*(\d{1,2}):(\d{2})", text):
        day = now - timedelta(days=1 if match[1] == "昨天" else 0)
        return beijing_iso(day.replace(hour=int(match[2]), minute=int(match[3]), second=0))
    if match := re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})", text):
        try:
            moment = datetime(int(match[1] or now.year), int(match[2]), int(match[3]), tzinfo=BEIJING)
            if not match[1] and moment > now:  # "12-30" read on 2 January: last year's
                moment = moment.replace(year=now.year - 1)
        except ValueError:
            return None
        return beijing_iso(moment)
    return None
