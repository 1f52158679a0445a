"""What a crawl writes to its log stays free of personal data and secrets.

Scrapy logs a dropped or failed item with its whole content (post text, author, phone numbers) and,
at DEBUG, every scraped item. ``PostLogFormatter`` names such an item by its platform and id only.
``RedactLogs`` (an extension, so it runs once Scrapy has set up logging) puts ``redact``'s filter on
every log handler, which masks phone and ID numbers and hides the cookie and other secrets wherever
they would appear (a URL, an error message, a setting), and keeps the latest error line for the run's
record (``LastError``).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter

import redact


def _name(item: Any) -> str:
    try:
        adapter = ItemAdapter(item)
        return f"post {adapter.get('platform') or '?'}/{adapter.get('post_id') or '?'}"
    except TypeError:
        return "an item"


class PostLogFormatter(LogFormatter):
    """Items are named by platform and id in the log, never shown whole."""

    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        entry["args"] = {**entry["args"], "item": _name(item)}
        return entry

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["args"] = {**entry["args"], "item": _name(item)}
        return entry

    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        entry["args"] = {**entry["args"], "item": _name(item)}
        return entry


class LastError(logging.Handler):
    """Keeps the crawl's latest ERROR line (masked) in its stats as ``wagewatch/last_error``, so the run
    can say what went wrong instead of only how many errors there were."""

    def __init__(self, stats):
        super().__init__(level=logging.ERROR)
        self.stats = stats

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage().splitlines()[0] if record.getMessage() else ""
        except Exception:  # noqa: BLE001 - a malformed record must not break the crawl
            return
        if record.exc_info and record.exc_info[1] is not None:  # Scrapy puts the cause in the exception
            error = record.exc_info[1]
            text = f"{text}: {type(error).__name__}: {error}".rstrip(": ")
        self.stats.set_value("wagewatch/last_error", redact.mask_personal(text)[:300])


class RedactLogs:
    """Install ``redact.RedactingFilter`` on the crawl process's log handlers, and ``LastError``."""

    @classmethod
    def from_crawler(cls, crawler):
        redact.install()
        logging.getLogger().addHandler(LastError(crawler.stats))
        return cls()
