"""Telling "the site refused us" apart from "the site had nothing new".

The most common failure of a crawler of Chinese platforms is silent: an expired cookie, a
throttled IP or a captcha answers with a page that holds no posts, which looks like a quiet day.
These functions recognise such pages so the run is recorded as **blocked**, with the reason:

- :func:`block_reason` (every response, in :class:`spiders.middlewares.HealthMiddleware`): only
  signals that cannot be a page of posts: HTTP 401/403/418/429; a redirect that ended on a login,
  passport or captcha page; Weibo's ``{"ok": -100}`` login answer or an API message about logging
  in, captchas or "请求过于频繁"; a page whose ``<title>`` is a captcha, login or rate-limit page;
  Discuz!'s ``#messagetext`` notice about logging in.
- :func:`soft_block_reason` (a spider calls it only for a page where it found nothing): requests
  to log in ("请先登录", "尚未登录"), captcha words and rate-limit messages anywhere in the page.
  On a page full of posts these words are just words (a post may well say "验证码"), so they
  count only on empty pages.

:func:`mark_blocked` records the reason in the crawl's stats (``wagewatch/blocked``) and closes
the spider: asking a site that has just refused us for more pages is neither polite nor useful.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

BLOCK_STATUSES = {
    401: "HTTP 401: login required",
    403: "HTTP 403: forbidden",
    418: "HTTP 418: 请求过于频繁",
    429: "HTTP 429: too many requests",
}
# Where platforms send a client they want to log in or to solve a captcha.
_LOGIN_URL = re.compile(
    r"passport\.|/signin|/login|[?&]action=login|mod=logging|captcha|wappass\.|/visitor/visitor|/verify",
    re.IGNORECASE,
)
# <title>s of pages that are never a page of posts. A title that merely mentions 登录 (a thread
# "社保网登录不了") is not one: the word must stand alone or lead the site name.
_BLOCK_TITLE = re.compile(
    r"^\s*(?:百度)?安全验证\s*(?:[-_|·—]|$)|Sina Visitor System|^\s*(?:用户)?登录\s*(?:[-_|·—]|$)"
    r"|^\s*(?:请输入)?验证码\s*(?:[-_|·—]|$)|^\s*(?:请求|访问)过于频繁|^\s*访问受限|^\s*403 Forbidden"
    r"|^\s*Access Denied",
    re.IGNORECASE,
)
_API_BLOCK = re.compile(r"登录|登陆|验证|频繁|captcha|login", re.IGNORECASE)
_SOFT_WORDS = re.compile(
    r"安全验证|验证码|请求过于频繁|访问过于频繁|尚未登录|请先登录|登录后|请登录|未登录|访问受限|captcha",
    re.IGNORECASE,
)
ROBOTS_PATH = "/robots.txt"


def block_reason(response: Response, redirected: bool | None = None) -> str | None:
    """Why ``response`` is a refusal rather than a page, or None. Only unambiguous signals.
    ``redirected``: whether redirects led to it (default: from the response's request)."""
    if urlsplit(response.url).path == ROBOTS_PATH:
        return None
    status = BLOCK_STATUSES.get(response.status)
    if status:
        words = _visible_words(response)
        return f"{status} ({_shorten(words)})" if words and _SOFT_WORDS.search(words) else status
    if redirected is None:
        redirected = bool(response.request and response.request.meta.get("redirect_urls"))
    if redirected and _LOGIN_URL.search(response.url):
        return f"redirected to a login or captcha page: {_shorten(response.url, 120)}"
    if not isinstance(response, TextResponse):
        return None
    if response.status == 200 and response.text.lstrip()[:1] == "{":
        return _api_block(response.text)
    title = response.xpath("string(//title)").get(default="") if _is_html(response) else ""
    if title and _BLOCK_TITLE.search(title):
        return f"a block page: {_shorten(title)}"
    if _is_html(response):
        notice = " ".join(response.css("#messagetext").xpath("string()").getall()).strip()
        if notice and re.search(r"登录|登陆", notice):
            return f"login wall: {_shorten(notice)}"
    return None


def soft_block_reason(response: Response) -> str | None:
    """For a page where the spider found nothing: a request to log in, captcha words or a
    rate-limit message mean we were refused, not that the page is empty."""
    if not isinstance(response, TextResponse):
        return None
    # (A password field alone proves nothing: Discuz! puts a login form in every guest page's header.)
    words = _visible_words(response)
    match = _SOFT_WORDS.search(words)
    if match:
        start = max(0, match.start() - 20)
        return f"a page that says {words[start : match.end() + 20].strip()!r}"
    return None


def mark_blocked(crawler: Any, reason: str, url: str | None = None) -> None:
    """Record that the site refused us (the first reason is kept) and close the spider."""
    stats = crawler.stats
    stats.inc_value("wagewatch/blocked_count")
    if stats.get_value("wagewatch/blocked"):
        return
    stats.set_value("wagewatch/blocked", reason)
    logger.warning("Blocked at %s: %s; closing the spider", url or "?", reason)
    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason="blocked"))


def _api_block(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("ok") == -100:
        return "login wall (API answered ok: -100)"
    if data.get("ok") == 1 or data.get("result") == "success":
        return None
    for key in ("msg", "message", "resultDesc", "errmsg", "error"):
        value = data.get(key)
        if isinstance(value, str) and _API_BLOCK.search(value):
            return f"the API refused: {_shorten(value)}"
    return None


def _is_html(response: TextResponse) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "html" in content_type or response.text.lstrip()[:14].lower().startswith(
        ("<!doctype html", "<html")
    )


def _visible_words(response: Response) -> str:
    if not isinstance(response, TextResponse):
        return ""
    if not _is_html(response):
        return response.text[:2000]
    parts = response.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall()
    return " ".join(" ".join(parts).split())[:5000]


def _shorten(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def canary_found(canary: str, post_id: str | None = None, texts: tuple[str | None, ...] = ()) -> bool:
    """Whether a post (its id, its title and text) shows the source's canary: a word every
    healthy run meets (``欠薪`` for a search for 欠薪), or ``post:<id>`` for one post that must be
    among those fetched (a pinned thread, a board's standing notice).

    >>> canary_found("欠薪", "1", ("老板欠薪三个月",)), canary_found("post:9", "9")
    (True, True)
    """
    canary = canary.strip()
    if not canary:
        return False
    if canary.startswith("post:"):
        return post_id is not None and str(post_id).strip() == canary[len("post:") :].strip()
    return any(canary in text for text in texts if text)
