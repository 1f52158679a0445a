"""Text helpers every triage step shares: simplified characters, a post's text, and the
exact-duplicate key.

The order of triage reads from here up: text → districts / extract → dedupe → analyze.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

from classifier.text import nfkc, normalize, simplify
from triage import quickscan

EMOJI_CODE = re.compile(r"\[[\u4e00-\u9fffa-z]{1,6}\]")
REPOST_MARK = re.compile(r"^(转发微博|转发|转|repost|rt)[:：\s]*|//\s*[:：]?", re.IGNORECASE)
NOT_WORD = quickscan.compile(r"[^\w]+", re.UNICODE)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
TRUNCATED = re.compile(r"(…+|\.{3,}|全文|展开全文|展开)\s*$")
TRUNCATED_ENDS = ("…", "...", "全文", "展开")  # how a stripped text that TRUNCATED matches ends
HASHTAG = re.compile(r"#[^#\n]{1,40}#")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """NFKC (full-width → half-width) and traditional → simplified, so that 黃圃鎮 reads as 黄圃镇; the
    Cantonese characters OpenCC turns into rare variants stay as written (嗰間 → 嗰间, not 𠮶间), and 著 is 着
    outside 著名 words (拖著不發 → 拖着不发, as ``classifier.text.simplify`` has it).

    >>> to_simplified("老闆拖著不發薪水，這位著名作家")
    '老板拖着不发薪水,这位著名作家'
    """
    return simplify(nfkc(text or ""))  # the classifier's rule, one OpenCC


def post_text(post: dict[str, Any]) -> str:
    """Title and text of a post as one string (a thread title often names the place)."""
    title = (post.get("title") or "").strip()
    text = post.get("text") or ""
    return f"{title}\n{text}" if title and title not in text else text


@lru_cache(maxsize=8192)
def canonical_text(text: str) -> str:
    """The text with everything a repost adds or changes stripped away (and in simplified
    characters), so that copies compare equal."""
    text = to_simplified(text or "").strip()
    # (each pattern is run only where the text holds what any match of it holds: most posts hold none)
    if text.endswith(TRUNCATED_ENDS):  # the text is stripped: TRUNCATED matches at its end or nowhere
        text = TRUNCATED.sub("", text)
    if "#" in text:
        text = HASHTAG.sub(" ", text)
    text = normalize(text)
    if "[" in text:
        text = EMOJI_CODE.sub(" ", text)
    text = EMOJI.sub(" ", text)
    if "//" in text or text.startswith(("转", "r", "R")):  # (IGNORECASE: no other character matches r)
        text = REPOST_MARK.sub(" ", text)
    return NOT_WORD.sub("", text).replace("_", "")


def case_key(text: str) -> str:
    """A key equal for exact duplicates of one post.

    >>> case_key("#中山欠薪# 老板拖欠工资！[怒]") == case_key("转发微博：老板拖欠工资 @人社局")
    True
    """
    return hashlib.sha1(canonical_text(text).encode("utf-8")).hexdigest()[:16]
