"""Whether a post says its wages are still owed or were paid (issue 11, round 17).

DOMAIN.md makes a lead a still-unresolved case and news of wages already recovered a look-alike. The model reads
that from words it was trained on; an official reply that tells an unresolved case in the words of a resolved one
(【答复】…拖欠…, 逾期未支付, 负责人下落不明) is scored like publicity. This reads the state from words an operator
edits (``triage/data/story_words.toml``): ``closed`` when it tells a court's verdict (legal news), else ``owed``
when the text says the pay is still owed, else ``paid`` when it says the pay was handed over, else None. The promotion of near-miss posts (``triage.promote``) uses it.

>>> state("【回复】该公司逾期未支付，负责人下落不明")
'owed'
>>> state("十八名农民工终于拿到了被拖欠两年的工资")
'paid'
>>> state("【以案说法】老板拒不支付劳动报酬，逾期未支付，被判处有期徒刑")
'closed'
>>> state("1.4个亿的植树款讨了三年还没讨回来") is None
True
"""

from __future__ import annotations

import re

from triage.text import to_simplified
from triage.wordfile import alternation, load_words

_WORDS = load_words("story_words")
CLOSED = re.compile(alternation(_WORDS["closed"]))
OWED = re.compile(alternation(_WORDS["owed"]))
# a paid word right after a negation is not one (还没讨回来, 未结清)
PAID = re.compile(f"(?<![没未冇不无])(?:{alternation(_WORDS['paid'])})")


def state(text: str) -> str | None:
    """``closed``, ``owed``, ``paid`` or None (the text says none) for a post's text."""
    text = to_simplified(text)
    if CLOSED.search(text):
        return "closed"
    if OWED.search(text):
        return "owed"
    return "paid" if PAID.search(text) else None


def words(text: str) -> list[str]:
    """The words that decided ``state(text)`` (for an explanation): the owed words, else the paid ones."""
    text = to_simplified(text)
    return [m.group(0) for m in OWED.finditer(text)] or [m.group(0) for m in PAID.finditer(text)]
