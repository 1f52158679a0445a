"""Two RSS 2.0 feeds of the demo mirror (a news site and a government site)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from demo.render.common import (
    FEEDS,
    newest_first,
    posted,
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return html.escape(_XML_INVALID.sub("", text), quote=False)


def _cdata(text: str) -> str:
    return "<![CDATA[" + _XML_INVALID.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip())


def rss_feed(name: str, posts: Iterable[dict[str, Any]]) -> bytes | None:
    """An RSS 2.0 feed of the corpus lines with ``feed == name``, newest first, in the feed's own
    encoding (declared in the XML declaration). ``zsnews`` escapes its HTML descriptions, names
    authors in ``dc:creator`` and dates in +0800; ``zsgov`` is GBK, wraps descriptions in CDATA,
    names authors in ``<author>`` and dates in GMT."""
    feed = FEEDS.get(name)
    if feed is None:
        return None
    gov = name == "zsgov"
    items = []
    for post in newest_first(p for p in posts if p.get("platform") == "rss" and p.get("feed") == name):
        post_id = str(post["post_id"])
        body = _paragraphs(post.get("text") or "")
        moment = posted(post)
        author = post.get("author") or ""
        if gov:  # CDATA, a bare name, GMT
            description, byline = _cdata(body), f"<author>{_xml(author)}</author>"
            date = format_datetime(moment.astimezone(UTC), usegmt=True)
        else:  # escaped HTML, Dublin Core, Beijing time
            description, byline = _xml(body), f"<dc:creator>{_xml(author)}</dc:creator>"
            date = format_datetime(moment)
        items.append(
            f"<item><title>{_xml(post.get('title') or '')}</title>"
            f"<link>{_xml(feed['item_link'].format(post_id=post_id))}</link>"
            f'<guid isPermaLink="false">{_xml(post_id)}</guid>'
            f"<description>{description}</description>{byline}<pubDate>{date}</pubDate></item>"
        )
    encoding = feed["encoding"]
    document = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{_xml(feed['title'])}</title><link>{feed['link']}</link>"
        f"<description>{_xml(feed['description'])}</description><language>zh-cn</language>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )
    # Characters GBK lacks (emoji) travel as character references, as such sites emit them.
    return document.encode(encoding, "xmlcharrefreplace")
