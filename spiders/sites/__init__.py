"""The spiders, one module per site. ``SPIDER_MODULES = ["spiders.sites"]`` loads only these.

Every spider takes ``-a base_url=...`` (another scheme and host for the platform: the demo
mirror, a test server; paths and queries stay the real ones) and ``-a source=...`` (the name its
runs are recorded under; default: the spider's name). Spiders only fetch and paginate; the
parsers in ``spiders.parsers`` read the pages.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy


class PlatformSpider(scrapy.Spider):
    """What all our spiders share: ``platform``, ``base_url``, ``source`` and their arguments."""

    platform: str
    default_base_url: str | None = None

    def __init__(self, *args: Any, base_url: str | None = None, source: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # What the run was asked to do, recorded with its source (storage.ensure_source).
        self.arguments = {k: str(v) for k, v in kwargs.items() if k not in ("name", "start_urls")}
        if base_url:
            self.arguments["base_url"] = base_url
        self.base_url = (base_url or self.default_base_url or "").rstrip("/")
        self.source = source or self.name


def split_arg(value: str | None) -> list[str]:
    """A comma-separated spider argument as a list (full-width commas too, blanks dropped)."""
    return [part.strip() for part in re.split(r"[,，]", value or "") if part.strip()]


def positive_int(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValueError(f"-a {name}= wants a whole number of at least 1, got {value!r}")
    return number


def rebase(url: str, base_url: str | None) -> str:
    """``url`` with its scheme and host replaced by ``base_url``'s (path and query kept)."""
    if not base_url:
        return url
    base = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
