"""Chinese full-text search: FTS5 over jieba-segmented words.

FTS5's tokenizers cannot split Chinese into words (unicode61 sees a whole run of characters as one
token; trigram cannot match two-character words like 工资), so text is segmented with jieba before
it reaches the index and queries are segmented the same way.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba

jieba.setLogLevel(logging.WARNING)

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


@cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def segment(text: str) -> str:
    """Words of ``text`` joined by spaces, in search mode (long words also give their parts).

    >>> segment("拖欠工资")
    '拖欠 工资'
    """
    words = _tokenizer().cut_for_search(_PUNCT.sub(" ", text or ""))
    return " ".join(w for w in (w.strip().lower() for w in words) if w)


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression requiring every word of ``query`` (each quoted, so user input
    never becomes FTS syntax)."""
    words = [w.strip().lower() for w in _tokenizer().cut(_PUNCT.sub(" ", query))]
    words = [w for w in words if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
