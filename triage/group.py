"""Collective actions (群体性事件): the signals in a post that tell one (issue 11, round 8b).

The words live in ``data/group_words.toml``, an operator's file: the acts (banners, blocked roads and gates,
cranes and rooftops, threats, strikes, a held factory, a crowd at the gate or the government), the readings of
those words that tell no act (看守工地 is a job, 天台工作 a workplace), what cancels an act told just before it
(没有人堵路, 不要采取跳楼等过激方式) and the claims that make a collective action when ten or more make them.
Everything is compiled once, at import.

>>> group_signals("工友们拉横幅讨薪", workers=None)
['拉横幅']
>>> group_signals("三十多个工人到镇政府讨说法", workers=30)
['工人到镇政府', '30人到镇政府']
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from triage import quickscan

try:  # CPython's own regex parser, private: used only to speed the search up, never needed for its result
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # another Python: the plain alternation (same matches, slower)
    _c = _parser = None

WORDS = tomllib.loads((Path(__file__).parent / "data" / "group_words.toml").read_text(encoding="utf-8"))


def _alternation(pieces: list[str]) -> str:
    return "|".join(f"(?:{piece})" for piece in pieces)


def _starts(items) -> tuple[set[str] | None, bool]:
    """The characters a parsed pattern can start with (None: any) and whether it can match nothing."""
    out: set[str] = set()
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue
        if op is _c.LITERAL:
            return out | {chr(av)}, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    out.add(chr(value))
                elif kind is _c.RANGE and value[1] - value[0] < 256:
                    out.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None, False  # a negated or a named class ([^,。], \w)
            return out, False
        if op is _c.SUBPATTERN:
            branches, least = [av[-1]], 1
        elif op is _c.BRANCH:
            branches, least = av[1], 1
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            branches, least = [av[2]], av[0]
        else:
            return None, False
        empty = False
        for branch in branches:
            chars, can_skip = _starts(branch)
            if chars is None:
                return None, False
            out |= chars
            empty |= can_skip
        if least and not empty:
            return out, False
    return out, True


def _compile_with_prefilter(pieces: list[str]) -> re.Pattern[str]:
    """The pieces as one alternation, behind a look-ahead at the characters they can start with: the engine
    then skips most positions at once instead of trying every piece there (a third of the time, same matches)."""
    if _parser is None:
        return re.compile(_alternation(pieces))
    starts: set[str] = set()
    for piece in pieces:
        try:
            chars, empty = _starts(_parser.parse(piece))
        except Exception:  # noqa: BLE001 - a private parser that changed: fall back, never fail on it
            chars, empty = None, False
        if chars is None or empty:
            return re.compile(_alternation(pieces))
        starts |= chars
    return re.compile(f"(?=[{re.escape(''.join(sorted(starts)))}])(?:{_alternation(pieces)})")


QUANTIFIERS = ("?", "*", "+", "{")
SPECIAL = frozenset("\\[](){}|.*+?^$")


def _bare_bar(rest: str) -> bool:
    """Whether a piece's tail has a | outside every group and class (it would split the alternative)."""
    depth, escaped, in_class = 0, False, False
    for ch in rest:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return True
    return False


def _heads(piece: str) -> list[str] | None:
    """A piece as alternatives, in its own order, each starting with one plain character (``(?:镇府|政府)坐`` as
    镇府坐, 政府坐; ``[“「]还我`` as “还我, 「还我), or None for a piece that does not start so simply."""
    if piece.startswith("(?:"):
        inner, _, rest = piece[3:].partition(")")
        alts = None if set(inner) & set("([\\") else [alt + rest for alt in inner.split("|")]
    elif piece.startswith("["):
        inner, _, rest = piece[1:].partition("]")
        alts = None if set(inner) & set("\\-^[") else [ch + rest for ch in inner]
    else:
        rest, alts = piece, [piece]
    if alts is None or rest[:1] in QUANTIFIERS:
        return None
    for alt in alts:
        if not alt or alt[0] in SPECIAL or alt[1:2] in QUANTIFIERS or _bare_bar(alt[1:]):
            return None
    return alts


def _compile_by_first_character(pieces: list[str]) -> re.Pattern[str]:
    """The pieces as one alternation of their first characters, each followed by the rest of the pieces it starts
    (拉(?:横幅|了横幅|…)|堵(?:路|门|…)|…): the engine skips at once the positions no piece can start at (the
    characters a pattern can start with, found when every branch opens with one) and at the others tries only the
    pieces of that character; the same matches as the plain alternation (at one position only the pieces of its
    character can match, and those in their order). A piece that starts otherwise: the look-ahead prefilter."""
    firsts: dict[str, list[str]] = {}
    for piece in pieces:
        alts = _heads(piece)
        if alts is None:
            return _compile_with_prefilter(pieces)
        for alt in alts:
            firsts.setdefault(alt[0], []).append(alt[1:])
    return re.compile(
        "|".join(
            re.escape(ch) + (f"(?:{'|'.join(rests)})" if len(rests) > 1 else rests[0])
            for ch, rests in firsts.items()
        )
    )


ACTS = _compile_by_first_character([piece for pieces in WORDS["acts"].values() for piece in pieces])
NOT_ACTS = quickscan.compile(
    _alternation([piece for pieces in WORDS["not_acts"].values() for piece in pieces])
)
_NEG = WORDS["negation"]
NEGATED = re.compile(
    f"(?:{'|'.join(map(re.escape, _NEG['words']))})(?:{'|'.join(map(re.escape, _NEG['who']))})?"
    f"(?:{'|'.join(map(re.escape, _NEG['how']))})?(?:任何)?$"
)
LISTED_AFTER = re.compile(r"[、/或和及与,]{1,2}")  # 不要堵路、跳楼: the next act of the same list
CLAIM = quickscan.compile(_alternation(WORDS["claim"]["words"]))
CROWD_CLAIM = quickscan.compile(_alternation(WORDS["claim"]["words"] + WORDS["claim"]["crowd_words"]))
MIN_WORKERS: int = WORDS["claim"]["min_workers"]
CROWD_MIN_WORKERS: int = WORDS["claim"]["crowd_min_workers"]
HASHTAG = re.compile(r"#[^#\n]{1,40}#")
NEGATION_REACH = 12  # characters before an act that a negation may sit in


def acts(text: str) -> list[str]:
    """The acts a post tells, as written, less those read otherwise ([not_acts]) or negated ([negation])."""
    found = list(ACTS.finditer(text))
    if not found:
        return []
    other = [m.span() for m in NOT_ACTS.finditer(text)]
    kept, negated_end = [], -1
    for m in found:
        if any(a < m.end() and m.start() < b for a, b in other):
            continue
        if (negated_end >= 0 and LISTED_AFTER.fullmatch(text, negated_end, m.start())) or NEGATED.search(
            text, max(0, m.start() - NEGATION_REACH), m.start()
        ):
            negated_end = m.end()
            continue
        negated_end = -1
        kept.append(m.group(0))
    return kept


def group_signals(text: str, workers: int | None) -> list[str]:
    """The acts a post tells (as written), then the claim of ``workers`` or more when there is one.
    ``text`` is simplified (``triage.text.to_simplified``); ``workers`` is the count extracted from it."""
    signals = sorted(set(acts(text)))
    if not workers or workers < MIN_WORKERS:
        return signals
    text = HASHTAG.sub("", text)
    other = [m.span() for m in NOT_ACTS.finditer(text)]
    claims = (CROWD_CLAIM if workers >= CROWD_MIN_WORKERS else CLAIM).finditer(text)
    claim = next((m for m in claims if not any(a < m.end() and m.start() < b for a, b in other)), None)
    if claim:
        # 三百多人讨薪, 40余名工人讨薪; where they went, when they went somewhere (153人去了镇政府)
        told = claim.group(0)
        signals.append(f"{workers}人{told if re.match(r'[去到行走围]', told) else '讨薪'}")
    return signals
