"""Baidu Tieba bars: the newest threads of each bar, every floor of each thread.

    scrapy crawl tieba -a bars=中山吧,小榄吧 [-a max_pages=1] [-a max_thread_pages=5]
                       [-a base_url=http://127.0.0.1:8000] [-a source=...]

``max_pages`` list pages of 50 threads per bar (Tieba lists threads by latest reply), then up to
``max_thread_pages`` pages of 30 floors per thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers import tieba
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

    def thread_request(self, tid: str, page: int) -> scrapy.Request:
        suffix = f"?pn={page}" if page > 1 else ""
        return scrapy.Request(
            f"{self.base_url}/p/{tid}{suffix}",
            callback=self.parse_thread,
            cb_kwargs={"tid": tid, "page": page},
        )

    async def start(self) -> Any:
        for bar in self.bars:
            yield self.list_request(bar, 0)

    def parse_list(self, response: TextResponse, bar: str, page: int) -> Iterator[scrapy.Request]:
        listing = tieba.parse_thread_list(response)
        if not listing.threads:
            self.logger.info("Bar %s has no threads on list page %d", bar, page + 1)
        for thread in listing.threads:
            yield self.thread_request(thread.tid, 1)
        if listing.has_next and page + 1 < self.max_pages:
            yield self.list_request(bar, page + 1)

    def parse_thread(self, response: TextResponse, tid: str, page: int) -> Iterator[Post | scrapy.Request]:
        thread = tieba.parse_thread_page(response)
        yield from thread.posts
        if page < thread.total_pages and page < self.max_thread_pages:
            yield self.thread_request(tid, page + 1)
