"""Any list → detail HTML site, driven by selectors from the configuration: Discuz! forums, 12345
reply pages, a government portal's 回复公开 column. No code per site.

    scrapy crawl forum -a "list_url=https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2"
                       -a preset=discuz [-a site=zsbbs] [-a max_pages=3] [-a max_thread_pages=5]
                       [-a encoding=gbk] [-a <selector>=...] [-a base_url=...] [-a source=...]

``list_url`` is one or more list pages (comma-separated). The selectors (``row``, ``link``,
``row_time``, ``next_page``, ``post``, ``post_id``, ``post_id_re``, ``title``, ``author``,
``posted_at``, ``text``, ``region``, ``reply``, ``reply_org``, ``reply_at``, ``status``, ``drop``,
``detail_next``) are described in :mod:`spiders.parsers.forum`; ``preset=discuz`` fills them for
Discuz! X3, and any given one overrides the preset's. ``site`` (default: the list's host name)
namespaces the post ids and names the runs (``forum-<site>``) unless ``source`` is given. Pages
are decoded as they declare (HTTP header, BOM, ``<meta charset>``, GBK/GB2312 read as GB18030);
``encoding`` overrides a site that declares wrongly.

Incremental when the site has a ``row_time``: threads last active before the source's mark less
``overlap_hours`` are not opened, and the list stops at a page of nothing but such threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse

from spiders.items import Post
from spiders.parsers import forum
from spiders.parsers.common import BEIJING, parse_cn_time
from spiders.sites import PlatformSpider, positive_int, rebase, split_arg


class ForumSpider(PlatformSpider):
    name = "forum"
    platform = "forum"

    def __init__(
        self,
        list_url: str = "",
        site: str | None = None,
        preset: str | None = None,
        encoding: str | None = None,
        max_pages: str | int = 3,
        max_thread_pages: str | int = 5,
        **kwargs: Any,
    ):
        selectors = {k: kwargs.pop(k) for k in list(kwargs) if k in forum.SiteRules.names()}
        super().__init__(list_url=list_url, max_pages=max_pages, max_thread_pages=max_thread_pages, **kwargs)
        self.list_urls = split_arg(list_url)
        if not self.list_urls or not all(u.startswith(("http://", "https://")) for u in self.list_urls):
            raise ValueError("forum needs list pages: scrapy crawl forum -a list_url=https://.../list.html")
        self.rules = forum.SiteRules.build(preset, **selectors)
        first = urlsplit(self.list_urls[0])
        self.site = (site or first.hostname or "").strip()
        if not self.site:
            raise ValueError("forum needs -a site= (a short name for the site) when list_url has no host")
        if not kwargs.get("source"):
            self.source = f"forum-{self.site}"  # each site keeps its own runs and high-water mark
        self.origin = f"{first.scheme}://{first.netloc}"  # stored post URLs point at the real site
        self.encoding = (encoding or "").strip() or None
        if self.encoding:
            "".encode(self.encoding)  # an unknown codec fails now, with its name
        self.max_pages = positive_int(max_pages, "max_pages")
        self.max_thread_pages = positive_int(max_thread_pages, "max_thread_pages")
        self.arguments.update({k: str(v) for k, v in selectors.items()})
        for key, value in (("site", site), ("preset", preset), ("encoding", encoding)):
            if value:
                self.arguments[key] = str(value)

    async def start(self) -> Any:
        for url in self.list_urls:
            yield scrapy.Request(rebase(url, self.base_url), callback=self.parse_list, cb_kwargs={"page": 1})

    def parse_list(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        response = self._decoded(response)
        listing = forum.parse_list(response, self.rules)
        self.saw(len(listing.links))
        if not listing.links:
            self.found_nothing(response, f"links on list page {page}")
        now = datetime.now(BEIJING)
        times = [parse_cn_time(shown, now=now, latest=True) for _, shown in listing.links]
        for (url, _), last_active in zip(listing.links, times, strict=True):
            if self.is_old(last_active):
                self.crawler.stats.inc_value("wagewatch/skipped_old")
                continue
            yield scrapy.Request(url, callback=self.parse_detail, cb_kwargs={"page": 1})
        if self.all_old(times):
            self.logger.info("List %s stops at page %d: nothing newer than the mark", response.url, page)
        elif listing.next_url and page < self.max_pages:
            yield scrapy.Request(listing.next_url, callback=self.parse_list, cb_kwargs={"page": page + 1})

    def parse_detail(self, response: Response, page: int) -> Iterator[Post | scrapy.Request]:
        response = self._decoded(response)
        detail = forum.parse_detail(response, self.rules, self.site, url=rebase(response.url, self.origin))
        self.saw(len(detail.posts))
        if not detail.posts:
            self.found_nothing(response, "posts")
        yield from detail.posts
        if detail.next_url and page < self.max_thread_pages:
            yield scrapy.Request(detail.next_url, callback=self.parse_detail, cb_kwargs={"page": page + 1})

    def _decoded(self, response: Response) -> TextResponse:
        if self.encoding:
            return HtmlResponse(
                url=response.url, body=response.body, encoding=self.encoding, request=response.request
            )
        if isinstance(response, TextResponse):
            return response
        return HtmlResponse(
            url=response.url, body=response.body, headers=response.headers, request=response.request
        )
