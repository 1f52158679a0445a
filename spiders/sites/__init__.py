"""The spiders, one module per site. ``SPIDER_MODULES = ["spiders.sites"]`` loads only these.

Every spider takes:

- ``-a base_url=...``: another scheme and host for the platform (the demo mirror, a test
  server); paths and queries stay the real ones;
- ``-a source=...``: the name its runs are recorded under (default: the spider's name);
- ``-a since=...``: fetch only what is newer than this time (ISO 8601, or ``all``). Without it,
  a crawl that stores into a database continues from the source's high-water mark, which the
  storage pipeline hands over when the spider opens (:meth:`PlatformSpider.use_high_water`);
- ``-a overlap_hours=...``: how far below the mark paging goes on before it stops (default per
  spider): search results and lists are not strictly ordered by time, and a little overlap
  costs only already-stored posts, which are stored idempotently.

Spiders only fetch and paginate; the parsers in ``spiders.parsers`` read the pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from spiders.health import canary_found, mark_blocked, soft_block_reason
from spiders.parsers.common import BEIJING, parse_cn_time


class PlatformSpider(scrapy.Spider):
    """What all our spiders share: ``platform``, ``base_url``, ``source``, their arguments, the
    incremental cut-off and the health bookkeeping."""

    platform: str
    default_base_url: str | None = None
    overlap_hours: float = 1.0

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        source: str | None = None,
        since: str | None = None,
        overlap_hours: str | float | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # What the run was asked to do, recorded with its source (storage.ensure_source).
        self.arguments = {k: str(v) for k, v in kwargs.items() if k not in ("name", "start_urls")}
        if base_url:
            self.arguments["base_url"] = base_url
        self.base_url = (base_url or self.default_base_url or "").rstrip("/")
        self.source = source or self.name
        self.since_given = since is not None and str(since).strip() != ""
        self.since = _parse_since(since) if self.since_given else None
        if overlap_hours is not None:
            self.overlap_hours = non_negative_float(overlap_hours, "overlap_hours")
        self.high_water: dict[str, str] | None = None

    # --- incremental --------------------------------------------------------------------------

    def use_high_water(self, mark: dict[str, str] | None) -> None:
        """Continue from the source's high-water mark (``{"at", "id"}``), unless ``-a since``
        said otherwise. Called by the storage pipeline when the spider opens."""
        if self.since_given or not mark:
            return
        self.high_water = mark
        self.since = _parse_since(mark["at"])
        self.logger.info(
            "Continuing from the high-water mark %s (post %s); paging stops below %s",
            mark["at"],
            mark.get("id"),
            self.stop_before.isoformat() if self.stop_before else "-",
        )

    @property
    def stop_before(self) -> datetime | None:
        """Posts at or before this time are old: a page of nothing but old posts ends paging."""
        if self.since is None:
            return None
        if self.since_given:
            return self.since
        return self.since - timedelta(hours=self.overlap_hours)

    def is_old(self, when: str | datetime | None) -> bool:
        """True when ``when`` (ISO 8601 or a datetime) is at or before :attr:`stop_before`; a
        post without a time is never old."""
        cut = self.stop_before
        if cut is None or when is None:
            return False
        moment = when if isinstance(when, datetime) else _parse_since(when)
        return moment is not None and moment <= cut

    def all_old(self, times: Iterable[str | datetime | None]) -> bool:
        """True when there is at least one time and every one of them is old."""
        times = list(times)
        return bool(times) and all(self.is_old(t) for t in times)

    # --- health --------------------------------------------------------------------------------

    def saw(self, count: int, ids: Iterable[str] = (), texts: Iterable[str | None] = ()) -> None:
        """Count the posts or threads a page showed, old or new (none in a whole run means
        ``empty``), and look for the source's canary among their ``ids`` and ``texts`` (list
        entries that are not fetched in full still count; posts are also checked as stored)."""
        stats = self.crawler.stats
        if count:
            stats.inc_value("wagewatch/seen", count)
        canary = self.settings.get("WAGEWATCH_CANARY") or ""
        if canary and not stats.get_value("wagewatch/canary"):
            texts = tuple(texts)
            if any(canary_found(canary, i) for i in ids) or canary_found(canary, None, texts):
                stats.set_value("wagewatch/canary", "found")

    def found_nothing(self, response: Response, what: str) -> None:
        """A page without any post: refused (a login form, a captcha) or just empty."""
        reason = soft_block_reason(response)
        if reason:
            mark_blocked(self.crawler, reason, response.url)
        else:
            self.logger.info("No %s on %s", what, response.url)


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


def non_negative_float(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if number < 0:
        raise ValueError(f"-a {name}= wants a number of 0 or more, got {value!r}")
    return number


def rebase(url: str, base_url: str | None) -> str:
    """``url`` with its scheme and host replaced by ``base_url``'s (path and query kept)."""
    if not base_url:
        return url
    base = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def _parse_since(value: str | None) -> datetime | None:
    text = str(value or "").strip()
    if not text or text.lower() in ("all", "none", "0"):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = parse_cn_time(text)
        if moment is None:
            raise ValueError(f"-a since= wants an ISO 8601 time or 'all', got {value!r}") from None
    return moment.replace(tzinfo=BEIJING) if moment.tzinfo is None else moment
