"""RSS and Atom feeds: news sites and government portals.

    scrapy crawl rss -a url=https://example.gov.cn/feed.xml[,https://...] [-a base_url=...] [-a source=...]

With ``base_url``, every feed is fetched from that scheme and host instead, at its own path.
A feed has no pages to stop early in: every item is yielded on every run (a feed holds the latest
ten to fifty), and items already stored only have their counts refreshed. An item whose guid is a
bare number gets the feed's host as a namespace (``spiders.parsers.rss.post_id``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse, XmlResponse

from spiders.items import Post
from spiders.parsers import rss
from spiders.sites import PlatformSpider, rebase, split_arg


class RssSpider(PlatformSpider):
    name = "rss"
    platform = "rss"

    def __init__(self, url: str = "", **kwargs: Any):
        super().__init__(url=url, **kwargs)
        self.feeds = split_arg(url)
        if not self.feeds:
            raise ValueError("rss needs feed URLs: scrapy crawl rss -a url=https://.../feed.xml")

    async def start(self) -> Any:
        for feed in self.feeds:
            # The namespace is the host as configured, not as fetched: the same under any base_url.
            yield scrapy.Request(
                rebase(feed, self.base_url),
                callback=self.parse_feed,
                cb_kwargs={"namespace": urlsplit(feed).hostname or ""},
            )

    def parse_feed(self, response: Response, namespace: str = "") -> Iterator[Post]:
        if not isinstance(response, TextResponse):  # a feed served as application/octet-stream
            response = XmlResponse(url=response.url, body=response.body, headers=response.headers)
        posts = rss.parse_feed(response, namespace or None)
        self.saw(len(posts))
        if not posts:
            self.found_nothing(response, "feed items")
        yield from posts
