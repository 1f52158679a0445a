"""Item pipelines: tidy and validate each post, then store the run's posts through ``storage``.

``NormalizePipeline`` (always on) drops posts without a platform or id, drops repeats of a post
within the run, tidies whitespace and caps huge texts. It does not strip markup: the parsers turn
markup into text once, where they know a field is HTML, so a second pass here would eat posts that
literally say ``<script>`` or ``&lt;``.

``StoragePipeline`` is on only when ``WAGEWATCH_DB`` names a database (setting or environment).
It upserts posts in batches and records the run in ``crawl_runs``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

import storage
from spiders.parsers.common import clean_line, clean_text, parse_count

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

    The run's source is the spider's ``source`` argument, else its name. The row is opened as
    "running" when the spider opens and closed with :func:`run_status` when it closes; a crawl
    killed from outside leaves it "running".
    """

    def __init__(self, crawler: Crawler, db_path: str, batch_size: int = 50):
        self.crawler = crawler
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.batch: list[dict[str, Any]] = []
        self.items = 0
        self.new_items = 0
        self.db: Any = None
        self.run_id: int | None = None
        self.source = ""

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
        self.source = getattr(spider, "source", None) or spider.name
        self.db = storage.open_db(self.db_path)
        storage.ensure_source(
            self.db, self.source, getattr(spider, "platform", spider.name), getattr(spider, "arguments", {})
        )
        self.run_id = storage.start_run(self.db, self.source)

    def process_item(self, item: Any) -> Any:
        self.batch.append(ItemAdapter(item).asdict())
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
        storage.finish_run(
            self.db,
            self.run_id,
            status=run_status(self.items, errors, reason),
            items=self.items,
            new_items=self.new_items,
            pages=stats.get_value("response_received_count", 0),
            errors=errors,
            message=reason,
        )
        self.db.close()
        logger.info(
            "Run %d of %s: %d posts, %d new, %d errors (%s)",
            self.run_id,
            self.source,
            self.items,
            self.new_items,
            errors,
            reason,
        )


def run_status(items: int, errors: int, reason: str) -> str:
    """The crawl_runs status: ``error`` when anything was logged as an error or the crawl ended
    early, else ``ok`` when posts came and ``empty`` when none did.

    >>> run_status(12, 0, "finished"), run_status(0, 0, "finished"), run_status(12, 1, "finished")
    ('ok', 'empty', 'error')
    """
    if errors or reason not in NORMAL_FINISH:
        return "error"
    return "ok" if items else "empty"
