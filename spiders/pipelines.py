"""Item pipelines: tidy and validate each post, then store the run's posts through ``storage``.

``NormalizePipeline`` (always on) drops posts without a platform or id, drops repeats of a post
within the run, tidies whitespace and caps huge texts. It does not strip markup: the parsers turn
markup into text once, where they know a field is HTML, so a second pass here would eat posts that
literally say ``<script>`` or ``&lt;``.

``StoragePipeline`` is on only when ``WAGEWATCH_DB`` names a database (setting or environment).
It upserts posts in batches, records the run in ``crawl_runs`` (status, items, new items, pages,
errors, duration, posts seen, why it was blocked, the canary) and keeps the source's high-water
mark: it hands the mark to the spider when the spider opens, and moves it to the newest post of
the run only when the run ended ``ok`` and every post is committed. A crawl that stops half-way
(killed, blocked, an error on a page) leaves the mark where it was, so the next crawl fetches the
same span again: what was stored is found again (no second row), what was missed is fetched.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

import storage
from spiders.health import canary_found
from spiders.parsers.common import BEIJING, clean_line, clean_text, parse_count

logger = logging.getLogger(__name__)

MAX_TEXT = 20_000  # characters of one post, as storage keeps; the original stays whole in ``raw``
LINE_FIELDS = ("url", "author", "title", "posted_at", "region")
COUNT_FIELDS = ("reposts", "comments", "likes")
# Finish reasons of a crawl that ran its course (CloseSpider limits included).
NORMAL_FINISH = frozenset(
    {
        "finished",
        "closespider_itemcount",
        "closespider_pagecount",
        "closespider_timeout",
        "closespider_timeout_no_item",
    }
)


class NormalizePipeline:
    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for field in ("platform", "post_id"):
            adapter[field] = clean_line(adapter.get(field))
            if adapter[field] is None:
                raise DropItem(f"Post without {field} (from {adapter.get('url') or 'an unknown page'})")
        key = (adapter["platform"], adapter["post_id"])
        if key in self.seen:
            # Normal: two keywords find the same post, a thread is listed in two bars.
            raise DropItem(f"Post {'/'.join(key)} already seen in this run", log_level="DEBUG")
        self.seen.add(key)
        adapter["text"] = clean_text(adapter.get("text"))[:MAX_TEXT]
        for field in LINE_FIELDS:
            if field in adapter:
                adapter[field] = clean_line(adapter[field])
        for field in COUNT_FIELDS:
            if field in adapter:
                adapter[field] = parse_count(adapter[field])
        return item


class StoragePipeline:
    """Write posts with ``storage.upsert_posts`` in batches; one ``crawl_runs`` row per crawl.

    The run's source is the spider's ``source`` argument, else its name. The row is the one the
    runner opened (``WAGEWATCH_RUN_ID``), else a new one opened when the spider opens; it is
    closed with :func:`run_status` when the spider closes. A crawl killed from outside leaves it
    "running": the runner, which waits for the process, records it then.
    """

    def __init__(self, crawler: Crawler, db_path: str, batch_size: int = 50):
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.canary = (settings.get("WAGEWATCH_CANARY") or "").strip()
        self.given_run_id = settings.getint("WAGEWATCH_RUN_ID", 0) or None
        self.batch: list[dict[str, Any]] = []
        self.items = 0
        self.new_items = 0
        self.newest: tuple[datetime, str, str] | None = None  # (time, ISO as stored, post id)
        self.db: Any = None
        self.run_id: int | None = None
        self.source = ""
        self.started = 0.0
        self.horizon = datetime.now(BEIJING) + timedelta(hours=1)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        db_path = crawler.settings.get("WAGEWATCH_DB")
        if not db_path:
            logger.info("No WAGEWATCH_DB: posts are not stored")
            raise NotConfigured
        pipeline = cls(crawler, db_path, crawler.settings.getint("WAGEWATCH_BATCH_SIZE", 50))
        # The finish reason and final stats exist only once the spider has closed, after
        # close_spider(): the run is recorded then.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.started = time.monotonic()
        self.horizon = datetime.now(BEIJING) + timedelta(hours=1)
        self.source = getattr(spider, "source", None) or spider.name
        self.db = storage.open_db(self.db_path)
        storage.ensure_source(
            self.db, self.source, getattr(spider, "platform", spider.name), getattr(spider, "arguments", {})
        )
        self.run_id = self._adopt_run() or storage.start_run(self.db, self.source)
        if hasattr(spider, "use_high_water"):
            spider.use_high_water(storage.high_water(self.db, self.source))

    def _adopt_run(self) -> int | None:
        if self.given_run_id is None:
            return None
        if storage.claim_run(self.db, self.given_run_id, self.source):
            return self.given_run_id
        logger.warning("Run %s is not an open run; recording a new one", self.given_run_id)
        return None

    def process_item(self, item: Any) -> Any:
        post = ItemAdapter(item).asdict()
        looking = self.canary and not self.crawler.stats.get_value("wagewatch/canary")
        if looking and canary_found(self.canary, post.get("post_id"), (post.get("title"), post.get("text"))):
            self.crawler.stats.set_value("wagewatch/canary", "found")
        moment = _moment(post.get("posted_at"))
        # A time in the future (a wrong clock, a misread date) must not lift the mark past posts
        # still to come.
        if moment and moment <= self.horizon and (self.newest is None or moment > self.newest[0]):
            self.newest = (moment, post["posted_at"], str(post.get("post_id")))
        self.batch.append(post)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        counts = storage.upsert_posts(self.db, batch, source=self.source)
        self.items += len(batch)
        self.new_items += counts["new"]

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.crawler.stats
        errors = stats.get_value("log_count/ERROR", 0)
        # robots.txt answers are not pages of the site
        pages = stats.get_value("response_received_count", 0) - stats.get_value("robotstxt/response_count", 0)
        seen = stats.get_value("wagewatch/seen", 0)
        blocked = stats.get_value("wagewatch/blocked")
        forbidden = stats.get_value("robotstxt/forbidden", 0)
        if not blocked and forbidden:
            blocked = (
                f"robots.txt disallows {forbidden} request(s) (set obey_robots for this source to decide)"
            )
        status = run_status(self.items, errors, reason, blocked=blocked, seen=seen)
        canary = None
        if self.canary:
            canary = "found" if stats.get_value("wagewatch/canary") else "missing"
        message = reason
        if errors and (last := stats.get_value("wagewatch/last_error")):
            message = f"{reason}; {errors} error(s), the last: {last}"
        storage.finish_run(
            self.db,
            self.run_id,
            status=status,
            items=self.items,
            new_items=self.new_items,
            pages=max(0, pages),
            errors=errors,
            message=message,
            duration_s=round(time.monotonic() - self.started, 3),
            seen=seen,
            blocked_reason=blocked,
            canary=canary,
        )
        moved = False
        # Every post is committed by now (close_spider flushed). Only a run that read everything
        # it meant to read may move the mark: otherwise what it missed would fall below it.
        if status == "ok" and reason == "finished" and self.newest:
            moved = storage.advance_high_water(self.db, self.source, self.newest[1], self.newest[2])
        self.db.close()
        logger.info(
            "Run %d of %s: %s, %d posts, %d new, %d pages, %d errors (%s)%s%s",
            self.run_id,
            self.source,
            status,
            self.items,
            self.new_items,
            pages,
            errors,
            reason,
            f"; blocked: {blocked}" if blocked else "",
            f"; high-water mark now {self.newest[1]}" if moved and self.newest else "",
        )


def run_status(items: int, errors: int, reason: str, blocked: str | None = None, seen: int = 0) -> str:
    """The crawl_runs status: ``blocked`` when the site refused us (whatever else happened),
    ``error`` when anything was logged as an error or the crawl ended early, else ``ok`` when
    posts came (or the pages showed posts that were all older than the mark) and ``empty`` when
    the pages showed nothing at all.

    >>> run_status(12, 0, "finished"), run_status(0, 0, "finished"), run_status(12, 1, "finished")
    ('ok', 'empty', 'error')
    >>> run_status(0, 0, "blocked", blocked="HTTP 403"), run_status(0, 0, "finished", seen=50)
    ('blocked', 'ok')
    """
    if blocked:
        return "blocked"
    if errors or reason not in NORMAL_FINISH:
        return "error"
    return "ok" if items or seen else "empty"


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
