"""Baidu Tieba bars: the newest threads of each bar, every floor of each thread.

    scrapy crawl tieba -a bars=中山吧,小榄吧 [-a max_pages=1] [-a max_thread_pages=5]
                       [-a base_url=http://127.0.0.1:8000] [-a source=...]

``max_pages`` list pages of 50 threads per bar (Tieba lists threads by latest reply), then up to
``max_thread_pages`` pages of 30 floors per thread.

Incremental by last-reply time: with a high-water mark, a thread whose last reply (as the list
shows it: ``21:40``, ``11-24``, read as the latest moment it can mean) is older than the mark less
``overlap_hours`` is not opened, and the list stops at a page of nothing but such threads. A
thread with new replies is read from page 1 (title, reply count) and then from its last page
backwards, since new floors are appended at the end, until a page holds only old floors.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers import tieba
from spiders.parsers.common import BEIJING, parse_cn_time
from spiders.sites import PlatformSpider, positive_int, split_arg


class TiebaSpider(PlatformSpider):
    name = "tieba"
    platform = "tieba"
    default_base_url = "https://tieba.baidu.com"

    def __init__(
        self, bars: str = "", max_pages: str | int = 1, max_thread_pages: str | int = 5, **kwargs: Any
    ):
        super().__init__(bars=bars, max_pages=max_pages, max_thread_pages=max_thread_pages, **kwargs)
        self.bars = split_arg(bars)
        if not self.bars:
            raise ValueError("tieba needs bars: scrapy crawl tieba -a bars=中山吧,小榄吧")
        self.max_pages = positive_int(max_pages, "max_pages")
        self.max_thread_pages = positive_int(max_thread_pages, "max_thread_pages")

    def list_request(self, bar: str, page: int) -> scrapy.Request:
        query = urlencode(
            {"kw": tieba.bar_keyword(bar), "ie": "utf-8", "pn": page * tieba.THREADS_PER_LIST_PAGE}
        )
        return scrapy.Request(
            f"{self.base_url}/f?{query}", callback=self.parse_list, cb_kwargs={"bar": bar, "page": page}
        )

    def thread_request(self, tid: str, page: int, backwards: bool = False) -> scrapy.Request:
        suffix = f"?pn={page}" if page > 1 else ""
        return scrapy.Request(
            f"{self.base_url}/p/{tid}{suffix}",
            callback=self.parse_thread,
            cb_kwargs={"tid": tid, "page": page, "backwards": backwards},
        )

    async def start(self) -> Any:
        for bar in self.bars:
            yield self.list_request(bar, 0)

    def parse_list(self, response: TextResponse, bar: str, page: int) -> Iterator[scrapy.Request]:
        listing = tieba.parse_thread_list(response)
        self.saw(len(listing.threads), [t.tid for t in listing.threads], [t.title for t in listing.threads])
        if not listing.threads:
            self.found_nothing(response, f"threads of {bar} (list page {page + 1})")
        now = datetime.now(BEIJING)
        replied = [parse_cn_time(t.last_reply, now=now, latest=True) for t in listing.threads]
        for thread, last_reply in zip(listing.threads, replied, strict=True):
            if self.is_old(last_reply):
                self.crawler.stats.inc_value("wagewatch/skipped_old")
                continue
            yield self.thread_request(thread.tid, 1)
        if self.all_old(replied):
            self.logger.info("Bar %s stops at list page %d: no reply newer than the mark", bar, page + 1)
        elif listing.has_next and page + 1 < self.max_pages:
            yield self.list_request(bar, page + 1)

    def parse_thread(
        self, response: TextResponse, tid: str, page: int, backwards: bool = False
    ) -> Iterator[Post | scrapy.Request]:
        thread = tieba.parse_thread_page(response)
        self.saw(len(thread.posts))
        if not thread.posts:
            self.found_nothing(response, f"floors in thread {tid}")
        yield from thread.posts
        last = thread.total_pages
        if page == 1 and last > 1 and self.max_thread_pages > 1:
            if self.stop_before is None:
                yield self.thread_request(tid, 2)
            else:  # new floors are at the end: read backwards from the last page
                yield self.thread_request(tid, last, backwards=True)
        elif backwards:
            read = 1 + last - page + 1  # page 1 and pages page..last
            if (
                page > 2
                and read < self.max_thread_pages
                and not self.all_old(p.posted_at for p in thread.posts)
            ):
                yield self.thread_request(tid, page - 1, backwards=True)
        elif page > 1 and page < last and page < self.max_thread_pages:
            yield self.thread_request(tid, page + 1)
