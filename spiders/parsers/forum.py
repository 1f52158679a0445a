"""Ordinary HTML sites read by selectors from the configuration: local forums, 12345 reply pages.

No code per site: a site is a list page of links and a detail page of one or more posts, and
:class:`SiteRules` says where each field is. A selector is CSS (``td.t_f``,
``a.xst::attr(href)``), or XPath after ``xpath:`` (``xpath:.//td[@class="t_f"]``). A selector
that picks elements yields their words (markup to text once, images as their alt text); one that
picks text or attributes (``::text``, ``::attr(title)``, ``/@id``) yields those strings. Several
selectors may be joined with commas: the first non-empty result wins for one-line fields.

List page: ``row`` (one element per thread; default: the whole page), inside it ``link`` (the
detail's address) and optionally ``row_time`` (the thread's latest activity, for incremental
crawls), and ``next_page`` (the next list page's address).

Detail page: ``post`` (one element per post or floor; default: the whole page). Inside each:
``post_id`` (with ``post_id_re``, a regular expression whose first group is the id; without a
selector the expression is applied to the page's address), ``author``, ``posted_at``, ``text``,
``region``; a reply page adds ``reply``, ``reply_org``, ``reply_at`` and ``status``, kept in
``raw``. ``title`` is read once per page and given to the first post (a thread's opening floor).
``drop`` names elements to delete first (anti-copy junk, "本帖最后由 … 编辑" notes), and
``detail_next`` a thread's next page.

The ``discuz`` preset holds Discuz! X3's own markup (forum.php?mod=forumdisplay / viewthread):
rows ``tbody[id^=normalthread_]`` (pinned threads left out), ``a.xst``, the last-reply time in the
last ``td.by`` (absolute in a ``span title`` when the page shows "3 天前"), floors
``div#postlist > div[id^=post_]`` with ids ``post_<pid>``, ``a.xw1`` authors, ``em[id^=authorposton]``
times, ``td.t_f`` words, ``#thread_subject``, the pager's ``a.nxt``; ``font.jammer`` and
``i.pstatus`` are dropped.

Every post's id is ``<site>:<the site's id>``: forums number their posts independently, and
platform ``forum`` is shared by every configured site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from spiders.items import Post
from spiders.parsers.common import clean_line, clean_text, cn_time_iso, html_to_text, parse_cn_time

PRESETS: dict[str, dict[str, str]] = {
    "discuz": {
        "row": "tbody[id^=normalthread_]",
        "link": "a.xst::attr(href)",
        "row_time": "td.num + td.by em span::attr(title), td.num + td.by em a::text",
        "next_page": "#fd_page_bottom a.nxt::attr(href), div.pg a.nxt::attr(href)",
        "post": "div#postlist > div[id^=post_]",
        "post_id": "::attr(id)",
        "post_id_re": r"post_(\d+)",
        "title": "#thread_subject",
        "author": "a.xw1",
        "posted_at": "em[id^=authorposton] span::attr(title), em[id^=authorposton]",
        "text": "td.t_f",
        "drop": "font.jammer, span[style*='display:none'], i.pstatus, div.attach_nopermission",
        "detail_next": "div.pgbtn a::attr(href), div.pg a.nxt::attr(href)",
    },
}
REPLY_FIELDS = ("reply", "reply_org", "reply_at", "status")


@dataclass
class SiteRules:
    """Where a site keeps each field (see the module docstring)."""

    link: str = ""
    row: str = ""
    row_time: str = ""
    next_page: str = ""
    post: str = ""
    post_id: str = ""
    post_id_re: str = ""
    title: str = ""
    author: str = ""
    posted_at: str = ""
    text: str = ""
    region: str = ""
    reply: str = ""
    reply_org: str = ""
    reply_at: str = ""
    status: str = ""
    drop: str = ""
    detail_next: str = ""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def build(cls, preset: str | None = None, **selectors: str | None) -> SiteRules:
        """Rules from a preset, overridden by the given selectors; an empty string clears one."""
        values: dict[str, str] = {}
        if preset:
            if preset not in PRESETS:
                raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
            values.update(PRESETS[preset])
        values.update({k: v for k, v in selectors.items() if v is not None})
        unknown = set(values) - set(cls.names())
        if unknown:
            raise ValueError(f"unknown selector(s) {', '.join(sorted(unknown))}")
        rules = cls(**values)
        if not rules.link:
            raise ValueError("a forum site needs a link selector (where the list links its pages)")
        if not rules.text:
            raise ValueError("a forum site needs a text selector (where a post's words are)")
        if rules.post_id_re:
            re.compile(rules.post_id_re)
        elif not rules.post_id:
            raise ValueError("a forum site needs post_id (a selector) or post_id_re (applied to the address)")
        for name in cls.names():
            value = getattr(rules, name)
            if value and name != "post_id_re":
                select(Selector(text="<html></html>"), value)  # a bad selector fails now, not per page
        return rules


@dataclass
class ListPage:
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (absolute URL, time as shown)
    next_url: str | None = None


@dataclass
class DetailPage:
    posts: list[Post] = field(default_factory=list)
    next_url: str | None = None


def select(node: Selector | SelectorList, selector: str) -> SelectorList:
    """``selector`` applied to ``node``: XPath after ``xpath:``, else CSS."""
    selector = selector.strip()
    if selector.startswith("xpath:"):
        return node.xpath(selector[len("xpath:") :].strip())
    return node.css(selector)


def values(node: Selector | SelectorList, selector: str, multiline: bool = False) -> list[str]:
    """Each result of ``selector`` as text: elements as their words, strings as they are."""
    out = []
    for result in select(node, selector):
        if isinstance(result.root, str):
            out.append(clean_text(result.root) if multiline else clean_line(result.root) or "")
        else:
            words = html_to_text("".join(result.xpath("node()").getall()))
            out.append(words if multiline else clean_line(words) or "")
    return [v for v in out if v]


def alternatives(selector: str) -> list[str]:
    """The parts of a CSS union (``a::attr(title), a::text``), in the order written; an XPath
    selector is one part."""
    selector = selector.strip()
    if selector.startswith("xpath:"):
        return [selector]
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(selector):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector[start:i].strip())
            start = i + 1
    parts.append(selector[start:].strip())
    return [p for p in parts if p]


def first(node: Selector | SelectorList, selector: str) -> str | None:
    """The first non-empty value, trying the parts of a union in the order written."""
    for part in alternatives(selector) if selector else []:
        found = values(node, part)
        if found:
            return found[0]
    return None


def parse_list(response: TextResponse, rules: SiteRules) -> ListPage:
    """The detail links of a list page (with their rows' times) and the next list page."""
    rows = select(response, rules.row) if rules.row else [response.selector]
    links: list[tuple[str, str | None]] = []
    seen = set()
    for row in rows:
        for href in values(row, rules.link):
            url = response.urljoin(href)
            if url in seen:
                continue
            seen.add(url)
            links.append((url, _first_time(row, rules.row_time)))
    next_href = first(response, rules.next_page)
    return ListPage(links=links, next_url=response.urljoin(next_href) if next_href else None)


def parse_detail(
    response: TextResponse, rules: SiteRules, site: str, url: str | None = None, now: datetime | None = None
) -> DetailPage:
    """The posts of a detail page. ``site`` namespaces the ids; ``url`` is the address stored
    with them (the real site's, when a mirror served the page); ``now`` reads relative times."""
    nodes = select(response, rules.post) if rules.post else [response.selector]
    originals = [node.get() for node in nodes]  # raw keeps the markup as served, junk included
    if rules.drop:
        for junk in select(response, rules.drop):
            junk.drop()
    title = first(response, rules.title)
    page_url = url or response.url
    posts = []
    for index, (node, fragment) in enumerate(zip(nodes, originals, strict=True)):
        own_id = _post_id(node, rules, response.url, index)
        if not own_id:
            continue
        text = "\n".join(values(node, rules.text, multiline=True))
        if not text and (posts or not title):
            continue  # an advert or a placeholder: no words of anyone
        extra = {name: first(node, getattr(rules, name)) for name in REPLY_FIELDS if getattr(rules, name)}
        if rules.reply:
            extra["reply"] = "\n".join(values(node, rules.reply, multiline=True)) or None
        if extra.get("reply_at"):
            extra["reply_at"] = cn_time_iso(extra["reply_at"], now=now) or extra["reply_at"]
        posts.append(
            Post(
                platform="forum",
                post_id=f"{site}:{own_id}",
                url=page_url if len(nodes) == 1 else f"{page_url}#pid{own_id}",
                author=first(node, rules.author),
                title=title if not posts else None,
                text=text,
                posted_at=_first_iso(node, rules.posted_at, now),
                region=first(node, rules.region),
                raw=json.dumps({**extra, "html": fragment}, ensure_ascii=False) if extra else fragment,
            )
        )
    next_href = first(response, rules.detail_next)
    return DetailPage(posts=posts, next_url=response.urljoin(next_href) if next_href else None)


def _post_id(node: Selector, rules: SiteRules, url: str, index: int) -> str | None:
    if rules.post_id:
        raw = first(node, rules.post_id)
        if raw is None:
            return None
    else:
        raw = url
    if rules.post_id_re:
        match = re.search(rules.post_id_re, raw)
        if not match:
            return None
        raw = match.group(1) if match.groups() else match.group(0)
    if not rules.post_id and index:
        raw = f"{raw}-{index + 1}"  # several posts on a page that only the address identifies
    return clean_line(raw)


def _first_time(node: Selector, selector: str) -> str | None:
    """The first value that reads as a time, trying the parts of a union in the order written
    (``span::attr(title), a::text``: the exact time in the title before the "3 天前" shown)."""
    for part in alternatives(selector) if selector else []:
        for value in values(node, part):
            if parse_cn_time(value) is not None:
                return value
    return None


def _first_iso(node: Selector, selector: str, now: datetime | None) -> str | None:
    value = _first_time(node, selector)
    return cn_time_iso(value, now=now) if value else None


def rules_from_args(args: dict[str, Any]) -> SiteRules:
    """:class:`SiteRules` from spider arguments (``preset`` plus any selector names)."""
    selectors = {k: str(v) for k, v in args.items() if k in SiteRules.names()}
    return SiteRules.build(args.get("preset") or None, **selectors)
