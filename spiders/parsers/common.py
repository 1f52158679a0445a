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


_SOURCE_BREAK = re.compile(r"[^\S\n]*\n\s*")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif not self.skipping:
            self.preformatted += tag == "pre"
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
            self.preformatted = max(0, self.preformatted - (tag == "pre"))
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # A line break in the page's source is a space, as a browser shows it (Discuz! writes
            # "<br />\r\n" after every line); only <br>, blocks and <pre> break lines.
            self.parts.append(data if self.preformatted else _SOURCE_BREAK.sub(" ", data))


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


_CN_DATE = re.compile(
    r"(?<!\d)(?:(\d{4})\s*[-/年.]\s*)?(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?")
_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?")
_AGO = re.compile(r"(\d+|半)\s*(秒|分钟|小时|天|周|个月)前")
_AGO_UNITS = {
    "秒": timedelta(seconds=1),
    "分钟": timedelta(minutes=1),
    "小时": timedelta(hours=1),
    "天": timedelta(days=1),
    "周": timedelta(days=7),
    "个月": timedelta(days=30),
}
_DAY_WORDS = {"今天": 0, "昨天": 1, "前天": 2}


def parse_cn_time(value: object, now: datetime | None = None, latest: bool = False) -> datetime | None:
    """A time as Chinese sites print it, in Beijing time: ``2026-11-20 10:12:33``, ``2026年11月20日
    10:12``, ``2026/11/20``, ``11-20 10:12`` and ``11-20`` (this year, or last year when that
    would lie ahead), ``21:40`` (today), ``2026-11`` (a month), ``昨天 21:05``, ``3 天前``,
    ``半小时前``, ``刚刚``; None when nothing readable is there.

    With ``latest``, the last moment the shown value can stand for (the end of the minute, the
    day, the month): what an incremental crawl must compare with its high-water mark, so that
    ``11-24`` is never taken for older than a post at 11-24 09:00.

    >>> parse_cn_time("发表于 2026-11-20 10:12").isoformat()
    '2026-11-20T10:12:00+08:00'
    >>> parse_cn_time("2026-11-20", latest=True).isoformat()
    '2026-11-20T23:59:59+08:00'
    """
    text = clean_line(value) or ""
    if not text:
        return None
    now = (now or datetime.now(BEIJING)).astimezone(BEIJING).replace(microsecond=0)
    if "刚刚" in text:
        return now
    if match := _AGO.search(text):
        # "3 天前" is 3 to 4 days ago: 3 days ago is also the latest moment it can mean.
        return now - _AGO_UNITS[match[2]] * (0.5 if match[1] == "半" else int(match[1]))
    if match := re.search(r"(今天|昨天|前天)\s*(\d{1,2})\s*[:：]\s*(\d{2})", text):
        day = now - timedelta(days=_DAY_WORDS[match[1]])
        moment = day.replace(hour=int(match[2]), minute=int(match[3]), second=0)
        return moment + timedelta(seconds=59) if latest else moment
    if match := _YEAR_MONTH.fullmatch(text):
        try:
            start = datetime(int(match[1]), int(match[2]), 1, tzinfo=BEIJING)
        except ValueError:
            return None
        if not latest:
            return start
        following = (
            start.replace(year=start.year + 1, month=1)
            if start.month == 12
            else start.replace(month=start.month + 1)
        )
        return following - timedelta(seconds=1)
    if match := _CN_DATE.search(text):
        year, month, day, hour, minute, second = match.groups()
        try:
            moment = datetime(int(year or now.year), int(month), int(day), tzinfo=BEIJING)
        except ValueError:
            return None
        if not year and moment > now + timedelta(days=1):  # "12-30" read on 2 January
            moment = moment.replace(year=now.year - 1)
        if hour is None:
            return moment + timedelta(days=1, seconds=-1) if latest else moment
        try:
            moment = moment.replace(hour=int(hour), minute=int(minute), second=int(second or 0))
        except ValueError:
            return None
        return moment + timedelta(seconds=59) if latest and second is None else moment
    if match := _CLOCK.fullmatch(text):
        try:
            moment = now.replace(hour=int(match[1]), minute=int(match[2]), second=int(match[3] or 0))
        except ValueError:
            return None
        return moment + timedelta(seconds=59) if latest and match[3] is None else moment
    return None


def cn_time_iso(value: object, now: datetime | None = None) -> str | None:
    """:func:`parse_cn_time` as ISO 8601 (``2026-11-20T10:12:00+08:00``), or None."""
    moment = parse_cn_time(value, now=now)
    return beijing_iso(moment) if moment else None
