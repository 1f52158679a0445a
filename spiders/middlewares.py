"""Downloader middlewares: a proxy from the configuration, refusals recognised, backoff on errors.

``ProxyMiddleware`` (740, before Scrapy's HttpProxyMiddleware at 750) sends every request through
``WAGEWATCH_PROXY`` when it is set (``[crawl] proxy`` in the config); otherwise Scrapy's own
middleware reads ``http_proxy``/``https_proxy``/``no_proxy`` from the environment, where proxy
credentials belong.

``HealthMiddleware`` (580: it sees responses after redirects were followed and bodies
decompressed, before the retry middleware at 550):

- a refusal (:func:`spiders.health.block_reason`) marks the run blocked, drops the response and
  closes the spider;
- a server error or a timeout doubles the site's download delay (from ``WAGEWATCH_BACKOFF_BASE``
  up to ``AUTOTHROTTLE_MAX_DELAY``) before the retry middleware asks again, so retries back off
  instead of hammering a struggling site; AutoThrottle brings the delay down again as answers
  come back healthy.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import load_object

from spiders.health import ROBOTS_PATH, block_reason, mark_blocked

logger = logging.getLogger(__name__)


class ProxyMiddleware:
    def __init__(self, proxy: str):
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        proxy = crawler.settings.get("WAGEWATCH_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        if "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy


class HealthMiddleware:
    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.retry_exceptions = tuple(
            load_object(name) if isinstance(name, str) else name
            for name in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.base = settings.getfloat("WAGEWATCH_BACKOFF_BASE", 2.0)
        self.ceiling = max(self.base, settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 30.0))
        # Without AutoThrottle nothing else lowers a raised delay: healthy answers halve it back.
        self.floor = None if settings.getbool("AUTOTHROTTLE_ENABLED") else settings.getfloat("DOWNLOAD_DELAY")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(request.url).path == ROBOTS_PATH:
            return response
        reason = block_reason(response, redirected=bool(request.meta.get("redirect_urls")))
        if reason:
            mark_blocked(self.crawler, reason, response.url)
            raise IgnoreRequest(f"blocked: {reason}")
        if response.status in self.retry_codes:
            self._back_off(request, f"HTTP {response.status}")
        elif self.floor is not None and response.status < 400:
            slot = self._slot(request)
            if slot is not None and slot.delay > self.floor:
                slot.delay = max(self.floor, slot.delay / 2)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.retry_exceptions and isinstance(exception, self.retry_exceptions):
            self._back_off(request, type(exception).__name__)

    def _slot(self, request: Request) -> Any:
        engine: Any = self.crawler.engine
        return engine.downloader.slots.get(request.meta.get("download_slot")) if engine else None

    def _back_off(self, request: Request, why: str) -> None:
        slot = self._slot(request)
        if slot is None:
            return
        slot.delay = min(self.ceiling, max(self.base, slot.delay * 2))
        self.crawler.stats.inc_value("wagewatch/backoff_count")
        logger.info("%s from %s: next request to this site in %.1f s", why, request.url, slot.delay)
