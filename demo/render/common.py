"""What every platform's rendering shares: public fields, posting times, ordering."""

from __future__ import annotations

import html
import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

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


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _thread_title(floors: Sequence[dict[str, Any]]) -> str:
    return next((p["title"] for p in floors if p.get("title")), "")


def _lines_html(text: str) -> str:
    return "<br/>".join(_text(line) for line in text.split("\n"))
