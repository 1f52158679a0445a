"""Helpers every parser shares: markup to text, whitespace, counts and times.

Markup becomes text exactly once, in the parser that knows a field is markup (``html_to_text``).
``clean_text`` only tidies whitespace and invisible characters, so it is safe to run again later
(the normalising pipeline does): a post that literally says ``<script>`` keeps saying it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

BEIJING = timezone(timedelta(hours=8))

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
# Elements whose content is code or styling, never words of the post.
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif not self.skipping:
            self._open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag not in _SKIP_TAGS:
            self._open(tag, attrs)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            # Weibo writes its emoji as <img alt="[怒]">: the alt text is what the user typed.
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str | None) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded, ``<br>`` and blocks as line
    breaks, images as their alt text.

    >>> html_to_text('讨薪<br />第二行 <span class="url-icon"><img alt=[怒] /></span> &lt;b&gt;')
    '讨薪\\n第二行 [怒] <b>'
    """
    if not fragment:
        return ""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    return clean_text("".join(extractor.parts))


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: object) -> str:
    """Tidy plain text: unify line breaks, drop control and zero-width characters, collapse runs of
    spaces (full-width ones too), trim every line and keep at most one blank line in a row.
    Idempotent: ``clean_text(clean_text(x)) == clean_text(x)``."""
    if value is None:
        return ""
    text = (
        str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    )
    text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: object) -> str | None:
    """``clean_text`` on one line (line breaks become spaces); ``None`` when nothing is left."""
    text = clean_text(value).replace("\n", " ")
    return _SPACES.sub(" ", text) or None


_COUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(万|亿|w|W|k|K)?\+?$")
_UNITS = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000, "k": 1_000, "K": 1_000}


def parse_count(value: object) -> int | None:
    """An engagement count as an int: ``12``, ``"1,234"``, ``"1.2万"`` -> 12000, ``"100万+"`` ->
    1000000. ``None`` for anything else (missing, ``""``, ``"转发"``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    match = _COUNT.match(str(value).strip().replace(",", ""))
    if not match:
        return None
    number, unit = match.groups()
    return int(float(number) * _UNITS.get(unit, 1))


def beijing_iso(moment: datetime) -> str:
    """ISO 8601 in Beijing time, to the second. A naive datetime is taken to be Beijing time
    already (what Chinese sites print without an offset)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return moment.astimezone(BEIJING).replace(microsecond=0).isoformat()
