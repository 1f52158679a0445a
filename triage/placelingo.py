"""Words that tell where a post is set: whether a name begins a word (jieba), and the words only another place uses
(``elsewhere.tsv``: 港铁, 强积金, 劳基法; from round 17 those that count only in a post written in traditional characters,
時薪, 勞動局). Split from ``triage.districts`` (issue 11, round 17), which uses them."""

from __future__ import annotations

import re

from triage.gazetteer import Gazetteer


def starts_a_word(text: str, span: tuple[int, int]) -> bool:
    """Whether text[span] begins where jieba begins a word, so it is not the tail of one word and the
    head of the next (天全 in 今天全车间); a name at the head of a compound still counts (广州大学城),
    except a city before 场 (东方市场 is a market)."""
    from classifier.text import tokenizer

    if text[span[1] - 1] == "市" and text[span[1] : span[1] + 1] == "场":
        return False
    lo, at = max(0, span[0] - 6), max(0, span[0] - 6)
    cuts = {lo}
    for word in tokenizer().words(text[lo : span[1] + 4], False):  # (``lcut(…, HMM=False)``)
        at += len(word)
        cuts.add(at)
    return span[0] in cuts


def said(text: str, word: str, not_after: re.Pattern | None = None) -> bool:
    """Whether a word is in the text as a word: a short one must start a jieba word (移工, not 转移工厂), and none is
    the head of a longer word ``not_after`` tells (劳动部门)."""
    at = text.find(word)
    while at >= 0:
        if (len(word) > 2 or starts_a_word(text, (at, at + len(word)))) and not (
            not_after and not_after.match(text[at + len(word) :])
        ):
            return True
        at = text.find(word, at + 1)
    return False


def lingo_said(gaz: Gazetteer, text: str, traditional) -> list[str]:
    """The words only another place uses said in the text, in the order of ``gaz.lingo``; those that count only in
    traditional characters (時薪, 勞動局) when the post is written in them (``traditional()``)."""
    return [
        word for word in gaz.lingo
        if said(text, word, gaz.lingo_not_after.get(word)) and (word not in gaz.lingo_traditional or traditional())
    ]  # fmt: skip


def any_lingo(gaz: Gazetteer, text: str) -> bool:
    """Whether any word of ``gaz.lingo`` is in the text at all (as a word or not)."""
    return bool(gaz.lingo) and (gaz.lingo_any is None or gaz.lingo_any.search(text) is not None)
