"""Text handling shared by the classifier and triage: normalisation and jieba segmentation.

We own our jieba state (a private ``jieba.Tokenizer`` with the domain user dictionary in
``classifier/data/userdict.txt``) instead of jieba's module-level global.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from functools import cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

DATA = Path(__file__).parent / "data"
URL = re.compile(r"https?://[^\s\u3000，。！？]+|www\.[^\s\u3000，。！？]+", re.IGNORECASE)
MENTION = re.compile(r"@[\w\-\u4e00-\u9fff]{1,30}")
HASHTAG_MARK = re.compile(r"#([^#\n]{1,40})#")
TAG = re.compile(r"<[^>]{0,300}>")
REPEAT_PUNCT = re.compile(r"([!?！？。.,，~～…])\1+")
SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Plain, comparable text: entities decoded, full-width folded to half-width (NFKC), URLs and
    @mentions removed, hashtag marks dropped (the words stay), repeated punctuation squeezed,
    whitespace collapsed, Latin lower-cased.

    >>> normalize("#中山欠薪#  老板ＧＺ不发！！！ @人社局 http://t.cn/abc")
    '中山欠薪 老板gz不发!'
    """
    text = html.unescape(text or "")
    text = unicodedata.normalize("NFKC", text)
    text = URL.sub(" ", text)
    text = MENTION.sub(" ", text)
    text = HASHTAG_MARK.sub(r" \1 ", text)
    text = REPEAT_PUNCT.sub(r"\1", text)
    return SPACES.sub(" ", text).strip().lower()


def strip_markup(text: str) -> str:
    """Text with HTML tags removed and entities decoded (for text that came as HTML)."""
    return html.unescape(TAG.sub(" ", text or ""))


@cache
def tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer, loaded once, with the domain user dictionary."""
    tok = jieba.Tokenizer()
    tok.initialize()
    userdict = DATA / "userdict.txt"
    if userdict.exists():
        tok.load_userdict(str(userdict))
    return tok


def words(text: str) -> list[str]:
    """jieba words of the normalised text, without spaces and punctuation."""
    return [w for w in tokenizer().lcut(normalize(text)) if w.strip() and not unicodedata.category(w[0]).startswith("P")]
