"""Weibo keyword search through the mobile web API.

    scrapy crawl weibo -a keywords=欠薪,讨薪 -a max_pages=5
                       [-a base_url=http://127.0.0.1:8000] [-a source=...]

Pages 1..max_pages of each keyword's search, stopping early at an empty page or ``ok: 0``, and
at a page whose posts are all older than the source's high-water mark (less ``overlap_hours``:
the ``searchall`` results are only roughly newest first). Every post of a fetched page is
yielded, old ones too: their engagement counts are updated, and nothing is stored twice. Long
posts are expanded through ``/statuses/extend``. A logged-in cookie, if any, comes from the
environment (``WEIBO_COOKIE``), never from the command line. Weibo's login answer (``ok: -100``)
and captcha redirects are recorded as blocked by ``spiders.middlewares.HealthMiddleware``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import TextResponse
from twisted.python.failure import Failure

from spiders.items import Post
from spiders.parsers import weibo
from spiders.sites import PlatformSpider, positive_int, split_arg


class WeiboSpider(PlatformSpider):
    name = "weibo"
    platform = "weibo"
    default_base_url = "https://m.weibo.cn"

    def __init__(self, keywords: str = "", max_pages: str | int = 10, **kwargs: Any):
        super().__init__(keywords=keywords, max_pages=max_pages, **kwargs)
        self.keywords = split_arg(keywords)
        if not self.keywords:
            raise ValueError("weibo needs keywords: scrapy crawl weibo -a keywords=欠薪,讨薪")
        self.max_pages = positive_int(max_pages, "max_pages")

    def _headers(self, referer: str) -> dict[str, str]:
        # What the m.weibo.cn search page itself sends with its XHRs.
        headers = {
            "Accept": "application/json, text/plain, */*",
            "X-Requested-With": "XMLHttpRequest",
            "Referer": referer,
        }
        if cookie := self.settings.get("WEIBO_COOKIE"):
            headers["Cookie"] = cookie
        return headers

    def search_request(self, keyword: str, page: int) -> scrapy.Request:
        containerid = f"100103type=1&q={keyword}"
        query = urlencode({"containerid": containerid, "page_type": "searchall", "page": page})
        referer = f"{self.base_url}/search?{urlencode({'containerid': containerid})}"
        return scrapy.Request(
            f"{self.base_url}/api/container/getIndex?{query}",
            callback=self.parse_search,
            cb_kwargs={"keyword": keyword, "page": page},
            headers=self._headers(referer),
        )

    async def start(self) -> Any:
        for keyword in self.keywords:
            yield self.search_request(keyword, 1)

    def parse_search(
        self, response: TextResponse, keyword: str, page: int
    ) -> Iterator[Post | scrapy.Request]:
        try:
            result = weibo.parse_search(response)
        except ValueError as exc:
            # One bad page (an error page, a cut-off body) loses that page only.
            self.logger.error("Unreadable search page %s (%s): %s", response.url, keyword, exc)
            result = weibo.SearchPage(ok=True)
        else:
            if not result.ok or not result.mblogs:
                self.logger.info(
                    "Search %r ends at page %d (%s)", keyword, page, result.message or "no posts"
                )
                return
        self.saw(len(result.mblogs))
        for mblog in result.mblogs:
            if weibo.is_truncated(mblog) and weibo.mblog_id(mblog):
                yield scrapy.Request(
                    f"{self.base_url}/statuses/extend?{urlencode({'id': weibo.mblog_id(mblog)})}",
                    callback=self.parse_long_text,
                    errback=self.long_text_failed,
                    cb_kwargs={"mblog": mblog},
                    headers=self._headers(f"{self.base_url}/detail/{weibo.mblog_id(mblog)}"),
                )
            else:
                yield weibo.post_from_mblog(mblog)
        if self.all_old(weibo.parse_created_at(m.get("created_at")) for m in result.mblogs):
            self.logger.info("Search %r stops at page %d: nothing newer than the mark", keyword, page)
        elif page < self.max_pages:
            yield self.search_request(keyword, page + 1)

    def parse_long_text(self, response: TextResponse, mblog: dict[str, Any]) -> Iterator[Post]:
        try:
            long_text = weibo.parse_long_text(response)
        except ValueError as exc:
            self.logger.warning("Unreadable long text %s, keeping the cut text: %s", response.url, exc)
            long_text = None
        yield weibo.post_from_mblog(mblog, long_text=long_text)

    def long_text_failed(self, failure: Failure) -> Iterator[Post]:
        request = failure.request
        self.logger.warning(
            "No long text from %s, keeping the cut text: %s", request.url, failure.getErrorMessage()
        )
        yield weibo.post_from_mblog(request.cb_kwargs["mblog"])
