"""Regular expressions whose search skips, in C, the places no match can start at (issue 12).

``re`` finds where a match may start from a pattern's first element: a literal or a character class lets its search
skip every character that cannot start one (fast), anything else makes it try the whole pattern at every character
of the text (slow: a call into the matcher per character). Many triage patterns open with a look-ahead that names
the characters a match starts with (``(?=[\\d一二三…])``, written to make that try fail quickly), a look-behind, or
an alternation of pieces that open so: for ``re`` these give no first characters, so their searches take the slow
path. ``compile`` gives such a pattern the set of characters its first consumed character must be in (what follows
the zero-width assertions at its head: a literal, a class, an alternation of such, a group or a repetition of at
least one of them; else what the head look-ahead names), as ``re`` does for a pattern that begins with a class. The
pattern itself is not changed: only where its search tries it, and it is tried at every place its matches can start
at, so every search, match, findall, finditer, sub and split gives what the plain pattern gives (tests/test_quickscan
compares them). Outside CPython 3.11's ``re`` internals, or where no such set is found, it is ``re.compile``.
"""

from __future__ import annotations

import re
import sys

try:  # (CPython 3.11's engine; another version gets plain re.compile)
    import _sre
    from re import _compiler, _constants, _parser

    _READY = sys.version_info[:2] == (3, 11) and hasattr(_compiler, "_get_charset_prefix")
except ImportError:  # pragma: no cover - another Python
    _READY = False

_UNSUPPORTED_FLAGS = re.IGNORECASE | re.LOCALE | re.DEBUG


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """``re.compile(pattern, flags)``, its search told the characters a match can start with where ``re`` finds none."""
    plain = re.compile(pattern, flags)
    if not _READY or flags & _UNSUPPORTED_FLAGS:
        return plain
    parsed = _parser.parse(pattern, flags)
    flags = parsed.state.flags | flags
    low, high = parsed.getwidth()
    code = _compiler._code(parsed, flags)
    # (an empty match possible, or a prefix or first characters already found by re: nothing to add)
    if flags & _UNSUPPORTED_FLAGS or low == 0 or code[0] is not _constants.INFO or code[2] != 0:
        return plain
    starts = _first_characters(parsed.data, flags)
    if not starts:
        return plain
    charset, _cased = _compiler._optimize_charset(starts)
    info = [
        _constants.INFO,
        0,
        _constants.SRE_INFO_CHARSET,
        min(low, _compiler.MAXCODE),
        min(high, _compiler.MAXCODE),
    ]
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    body = code[1 + code[1] :]  # (the pattern after re's own information block)
    return _sre.compile(pattern, flags, info + body, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _first_characters(data, flags: int) -> list | None:
    """The class (as ``re``'s parser writes one) that the first character any match of ``data`` consumes is in,
    or None where that is not known from its head."""
    ahead = None
    for at, (op, av) in enumerate(data):
        if (
            op is _constants.ASSERT or op is _constants.ASSERT_NOT
        ):  # zero-width: the first character comes after
            direction, sub = av
            if op is _constants.ASSERT and direction == 1 and ahead is None:
                ahead = _first_characters(sub.data, flags) if sub.getwidth()[0] else None
            continue
        return _consumed_first(data[at:], flags) or ahead
    return ahead


def _consumed_first(data, flags: int) -> list | None:
    op, av = data[0]
    if op is _constants.LITERAL:
        return [(op, av)]
    if op is _constants.IN:
        return list(av)
    if op is _constants.SUBPATTERN:
        sub = av[3]
        return _first_characters(sub.data, flags) if sub.getwidth()[0] else None
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        least, _most, item = av
        return _first_characters(item.data, flags) if least and item.getwidth()[0] else None
    if op is _constants.BRANCH:
        union = []
        for alternative in av[1]:
            if not alternative.getwidth()[0]:
                return None
            starts = _first_characters(alternative.data, flags)
            if not starts or any(o is _constants.NEGATE for o, _a in starts):
                return None  # (a class written negated does not join a union)
            union += starts
        return union
    return None
