"""What a crawl writes to its log stays free of personal data and secrets.

Scrapy logs a dropped or failed item with its whole content (post text, author, phone numbers) and,
at DEBUG, every scraped item. ``PostLogFormatter`` names such an item by its platform and id only.
``RedactLogs`` (an extension, so it runs once Scrapy has set up logging) puts ``redact``'s filter on
every log handler, which masks phone and ID numbers and hides the cookie and other secrets wherever
they would appear (a URL, an error message, a setting).
"""

from __future__ import annotations

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


class RedactLogs:
    """Install ``redact.RedactingFilter`` on the crawl process's log handlers."""

    @classmethod
    def from_crawler(cls, crawler):
        redact.install()
        return cls()
