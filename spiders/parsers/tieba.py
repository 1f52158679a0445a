"""Baidu Tieba's desktop pages (tieba.baidu.com), UTF-8 these days.

Thread list, ``GET /f?kw=<bar name without 吧>&ie=utf-8&pn=<50·k>``: the list is not in the live
DOM. It sits inside an HTML comment in ``<code class="pagelet_html"
id="pagelet_html_frs-list/pagelet/thread_list">``, for script to render. Each thread is ``<li
class=" j_thread_list clearfix" data-field='{"id": <tid>, "author_name": ..., "first_post_id": ...,
"reply_num": n, ...}'>`` holding ``<a class="j_th_tit" href="/p/<tid>" title="<title>">``; a next
page shows as ``<a class="next pagination-item" href="...&pn=50">``.

Thread, ``GET /p/<tid>`` and ``?pn=2`` onwards (30 floors a page): the title is ``<h3
class="core_title_txt" title="...">`` (``h1`` on some themes), the counts are ``<li
class="l_reply_num"><span class="red">N</span>回复贴，共<span class="red">M</span>页</li>``. Every
floor is ``<div class="l_post j_l_post ..." data-field='{"author": {"user_name": ...}, "content":
{"post_id": <pid>, "post_no": <floor>, "date": "YYYY-MM-DD HH:MM", "comment_num": n}}'>`` whose
words are in ``<div id="post_content_<pid>" class="d_post_content j_d_post_content">``. Newer pages
leave ``date`` out of data-field and print it as the last ``<span class="tail-info">``, beside
``<span>IP属地:广东</span>``.
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
from spiders.parsers.common import beijing_iso, clean_line, html_to_text, parse_count

HOST = "https://tieba.baidu.com"  # post URLs point here, whichever base_url served the crawl
THREADS_PER_LIST_PAGE = 50


@dataclass
class ThreadLink:
    tid: str
    title: str | None = None
    replies: int | None = None
    author: str | None = None
    last_reply: str | None = None  # as shown: "21:40", "11-24", "2025-11"


@dataclass
class ThreadList:
    threads: list[ThreadLink] = field(default_factory=list)
    has_next: bool = False


@dataclass
class ThreadPage:
    posts: list[Post] = field(default_factory=list)
    page: int = 1
    total_pages: int = 1


def bar_keyword(bar: str) -> str:
    """The ``kw`` Tieba's URLs use for a bar: its name without the 吧 (``中山吧`` -> ``中山``)."""
    bar = bar.strip()
    return bar[:-1] if len(bar) > 1 and bar.endswith("吧") else bar


def parse_thread_list(response: TextResponse) -> ThreadList:
    """The threads of one list page, in page order, and whether a next page exists."""
    listing = _thread_list_markup(response)
    threads = []
    for item in listing.css("li.j_thread_list"):
        data = _data_field(item)
        link = item.css("a.j_th_tit")
        tid = str(data.get("id") or "").strip() or _tid_from(link.attrib.get("href", ""))
        if not tid:
            continue
        threads.append(
            ThreadLink(
                tid=tid,
                title=clean_line(link.attrib.get("title") or link.xpath("string()").get()),
                replies=parse_count(data.get("reply_num")),
                author=clean_line(data.get("author_nickname") or data.get("author_name")),
                last_reply=clean_line(item.css("span.threadlist_reply_date").xpath("string()").get()),
            )
        )
    return ThreadList(threads=threads, has_next=bool(listing.css("a.next.pagination-item")))


def _thread_list_markup(response: TextResponse) -> Selector:
    """The thread list, taken out of the comment that hides it (or the page itself when a mirror
    or an older theme serves the list in plain markup)."""
    hidden = response.xpath('//code[contains(@id, "frs-list/pagelet/thread_list")]/comment()').getall()
    if not hidden:
        return response.selector
    inner = "".join(re.sub(r"^<!--|-->$", "", chunk) for chunk in hidden)
    return Selector(text=f"<html><body>{inner}</body></html>")


def parse_thread_page(response: TextResponse) -> ThreadPage:
    """Every floor of one thread page as a Post (``post_id`` = the floor's pid).

    The opening floor (楼主, floor 1) carries the thread title and, as ``comments``, the thread's
    reply count; later floors carry their own 楼中楼 count.
    """
    tid = _tid_from(response.url)
    title = clean_line(
        response.css("h3.core_title_txt::attr(title), h1.core_title_txt::attr(title)").get()
        or response.css(".core_title_txt").xpath("string()").get()
    )
    counts = [parse_count(v) for v in response.css("li.l_reply_num span.red::text").getall()]
    thread_replies = counts[0] if counts else None
    total_pages = counts[1] if len(counts) > 1 and counts[1] else 1
    posts = [
        post
        for floor in response.css("div.l_post")
        if (post := _floor_post(floor, tid, title, thread_replies))
    ]
    return ThreadPage(posts=posts, page=_page_number(response.url), total_pages=total_pages)


_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}")
_REGION = re.compile(r"IP属地\s*[:：]\s*(\S+)")


def _floor_post(floor: Selector, tid: str, title: str | None, thread_replies: int | None) -> Post | None:
    data = _data_field(floor)
    author = data.get("author") or {}
    content = data.get("content") or {}
    pid = str(content.get("post_id") or floor.attrib.get("data-pid") or "").strip()
    if not pid:  # adverts and placeholders share the l_post class but carry no post id
        return None
    number = parse_count(content.get("post_no"))
    tails = [t.strip() for t in floor.css(".post-tail-wrap span::text, .core_reply_tail span::text").getall()]
    if number is None:
        number = next((int(t[:-1]) for t in tails if re.fullmatch(r"\d+楼", t)), None)
    date = content.get("date") or next((t for t in reversed(tails) if _DATE.fullmatch(t)), None)
    region = next((m[1] for t in tails if (m := _REGION.search(t))), None)
    body = floor.css("div.d_post_content").get()
    opening = number == 1
    return Post(
        platform="tieba",
        post_id=pid,
        url=f"{HOST}/p/{tid}?pid={pid}#{pid}" if tid else None,
        author=clean_line(
            floor.css("a.p_author_name").xpath("string()").get()
            or author.get("name_show")
            or author.get("user_name")
        ),
        title=title if opening else None,
        text=html_to_text(body),
        posted_at=_parse_date(date),
        reposts=None,
        comments=thread_replies if opening else parse_count(content.get("comment_num")),
        likes=None,
        region=clean_line(region),
        raw=floor.get(),
    )


def _data_field(node: Selector) -> dict[str, Any]:
    try:
        value = json.loads(node.attrib.get("data-field") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _tid_from(url: str) -> str:
    match = re.search(r"/p/(\d+)", url)
    return match[1] if match else ""


def _page_number(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get("pn") or ["1"]
    return parse_count(values[0]) or 1


def _parse_date(value: str | None) -> str | None:
    """Tieba prints Beijing time to the minute: ``2026-10-12 21:14``."""
    if not value:
        return None
    try:
        return beijing_iso(datetime.strptime(value.strip(), "%Y-%m-%d %H:%M"))
    except ValueError:
        return None
