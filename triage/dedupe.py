"""Which case a post belongs to. First version: exact duplicates after normalisation (reposts
with added hashtags, @mentions, links, emoji codes or 转发 prefixes count as the same text)."""

from __future__ import annotations

import hashlib
import re

from classifier.text import normalize

EMOJI_CODE = re.compile(r"\[[\u4e00-\u9fffa-z]{1,6}\]")
REPOST_MARK = re.compile(r"^(转发微博|转发|转|repost|rt)[:：\s]*|//\s*[:：]?", re.IGNORECASE)
NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


def canonical_text(text: str) -> str:
    """The text with everything a repost adds or changes stripped away."""
    text = normalize(re.sub(r"#[^#\n]{1,40}#", " ", text or ""))
    text = EMOJI_CODE.sub(" ", text)
    text = EMOJI.sub(" ", text)
    text = REPOST_MARK.sub(" ", text)
    return NOT_WORD.sub("", text).replace("_", "")


def case_key(text: str) -> str:
    """A key equal for exact duplicates of one post.

    >>> case_key("#中山欠薪# 老板拖欠工资！[怒]") == case_key("转发微博：老板拖欠工资 @人社局")
    True
    """
    return hashlib.sha1(canonical_text(text).encode("utf-8")).hexdigest()[:16]
