"""RSS 2.0 (and 1.0) and Atom feeds, in whatever encoding they declare.

The response decides the decoding: the HTTP charset when there is one, else the XML declaration
(GB2312 and GBK are read as their superset GB18030).

RSS: ``<channel><title/><item><title/><link/><guid isPermaLink="false"/><description/>`` (HTML,
escaped or in CDATA), optional ``<content:encoded/>``, ``<dc:creator/>`` or ``<author/>``, and
``<pubDate>`` in RFC 822 (``Tue, 24 Nov 2026 21:05:11 +0800``).
Atom: ``<feed><title/><entry><id/><title type=.../><link rel="alternate" href=.../>``, ``<content
type="text|html|xhtml">`` or ``<summary>``, ``<author><name/></author>``, ``<published/>`` and
``<updated/>`` in RFC 3339.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers.common import beijing_iso, clean_line, clean_text, html_to_text


def parse_feed(response: TextResponse, namespace: str | None = None) -> list[Post]:
    """Every item (RSS) or entry (Atom) of a feed as a Post; ``post_id`` is the guid (Atom: id),
    else the link. A bare number as guid (``12345``, what many CMSs emit) is unique only within
    its site, so it becomes ``<namespace>:12345`` (see :func:`post_id`)."""
    feed = Selector(text=response.text, type="xml")
    feed.remove_namespaces()
    if feed.xpath("/feed"):
        return _atom(feed, namespace)
    return _rss(feed, namespace)


def post_id(guid: str | None, link: str | None, namespace: str | None = None) -> str:
    """The id of a feed item: its guid, else its link. A guid of digits only is namespaced with
    the feed's host (``www.zs.gov.cn:12345``), so two sites' item 12345 stay two posts. Every other
    guid (URLs, ``tag:`` URIs, ``zsnews-20261110-0022``) is kept exactly as before: posts already
    stored under it are found again, not stored twice.

    >>> post_id("12345", None, "www.zs.gov.cn"), post_id("https://a.cn/1.html", None, "a.cn")
    ('www.zs.gov.cn:12345', 'https://a.cn/1.html')
    """
    if guid and namespace and guid.isdigit():
        return f"{namespace}:{guid}"
    return guid or link or ""


def _rss(feed: Selector, namespace: str | None) -> list[Post]:
    channel_title = clean_line(feed.xpath("string(//channel/title)").get())
    posts = []
    for item in feed.xpath("//item"):
        link = clean_line(item.xpath("string(link)").get())
        guid = clean_line(item.xpath("string(guid)").get())
        body = item.xpath("string(encoded)").get() or item.xpath("string(description)").get()
        author = clean_line(item.xpath("string(creator)").get()) or _rss_author(
            item.xpath("string(author)").get()
        )
        published = item.xpath("string(pubDate)").get() or item.xpath("string(date)").get()
        posts.append(
            Post(
                platform="rss",
                post_id=post_id(guid, link, namespace),
                url=link or (guid if guid and guid.startswith(("http://", "https://")) else None),
                author=author or channel_title,
                title=clean_line(item.xpath("string(title)").get()),
                text=html_to_text(body),
                posted_at=parse_date(published),
                raw=item.get(),
            )
        )
    return posts


def _rss_author(value: str | None) -> str | None:
    """RSS wants ``editor@example.com (Name)``; Chinese feeds mostly put the name alone."""
    match = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", value or "")
    return clean_line(match[1] if match else value)


def _atom(feed: Selector, namespace: str | None) -> list[Post]:
    feed_title = _atom_text(feed.xpath("/feed/title"))
    feed_author = clean_line(feed.xpath("string(/feed/author/name)").get())
    posts = []
    for entry in feed.xpath("/feed/entry"):
        link = (
            entry.xpath("link[@rel='alternate']/@href").get()
            or entry.xpath("link[not(@rel)]/@href").get()
            or entry.xpath("link/@href").get()
        )
        body = entry.xpath("content") or entry.xpath("summary")
        posts.append(
            Post(
                platform="rss",
                post_id=post_id(clean_line(entry.xpath("string(id)").get()), clean_line(link), namespace),
                url=clean_line(link),
                author=clean_line(entry.xpath("string(author/name)").get()) or feed_author or feed_title,
                title=_atom_text(entry.xpath("title")),
                text=_atom_text(body, multiline=True) or "",
                posted_at=parse_date(
                    entry.xpath("string(published)").get() or entry.xpath("string(updated)").get()
                ),
                raw=entry.get(),
            )
        )
    return posts


def _atom_text(nodes: SelectorList, multiline: bool = False) -> str | None:
    """An Atom text construct: ``type="text"`` is plain (a literal ``<`` stays), ``html`` is escaped
    markup, ``xhtml`` is inline markup."""
    if not nodes:
        return None
    node = nodes[0]
    kind = (node.attrib.get("type") or "text").lower()
    if kind == "xhtml":
        text = html_to_text("".join(node.xpath("node()").getall()))
    elif kind in ("html", "text/html"):
        text = html_to_text(node.xpath("string()").get())
    else:
        text = clean_text(node.xpath("string()").get())
    return text if multiline else clean_line(text)


def parse_date(value: str | None) -> str | None:
    """An RFC 822 (RSS) or RFC 3339 (Atom) date as ISO 8601 in Beijing time; ``None`` if unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return beijing_iso(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return beijing_iso(datetime.fromisoformat(value))
    except ValueError:
        return None
