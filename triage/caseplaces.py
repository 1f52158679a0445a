"""Where a case happens, for telling one case from another: the short form of a village, park or
community (裕洲村 → 裕洲), a place token without the town before it (坦洲裕洲 → 裕洲), and whether two tellings
elsewhere name one place below a city's (深圳龙华 and 龙华, not 深圳龙华 and 深圳公明, nor 香港 and 香港).
Split from ``casefacts`` (issue 11, round 4)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any


def _short_place(name: str) -> str:
    return re.sub(r"(村|社区|工业区|工业园|开发区|产业园)$", "", name)


def _is_village(name: str) -> bool:
    from triage.districts import load_gazetteer

    return any(p.kind in ("村", "社区") for p in load_gazetteer().places.get(name, ()))


def _after_town(before: str, token: str) -> str:
    """A place token without the last characters of a town name written just before it (港口群乐 read from
    工业区 back as 口群乐 → 群乐)."""
    from triage.casewords import _towns

    for k in (1, 2):
        if len(token) - k >= 2 and any((before + token[:k]).endswith(t) for t in _towns()):
            return token[k:]
    return token


def _bare_place(token: str) -> str:
    """裕洲 from 坦洲裕洲 or 榄镇永宁: drop a leading town name or anything up to 镇/区/市/街道."""

    from triage.casewords import _town_prefix

    token = re.sub(r"^.*(?:镇|区|市|街道|那边|这边|[的在了是们我到从和与])", "", token)
    token = _town_prefix().sub("", token)
    return token if len(token) >= 2 else ""


@cache
def _place_prefix() -> re.Pattern:
    """Any gazetteer name at the start (港口游艺 → 游艺, 城南衣 → 衣)."""
    from triage.districts import load_gazetteer

    names = sorted(load_gazetteer().places, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(n) for n in names) + ")")


@cache
def _city_prefix() -> re.Pattern:
    """The provinces, cities and countries a registered name starts with (东莞市渝东 → 渝东, 广东省中山市鸿达 → 鸿达;
    round 13: extraction keeps a registered name whole)."""
    from triage.districts import load_gazetteer

    names = sorted(load_gazetteer().coarse, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(n) for n in names) + ")+")


def _same_place(a: Any, b: Any) -> bool:
    """Both name the same place elsewhere, at the finest level either names (深圳龙华 and 深圳公明 do not),
    and one below a city's (two tellings that only say 香港 or 深圳 may be of any two sites there)."""
    fa, fb = _finest(frozenset(a.elsewhere)), _finest(frozenset(b.elsewhere))
    return (
        bool(fa and fb)
        and _names_meet(fa, b.cities | b.elsewhere)
        and _names_meet(fb, a.cities | a.elsewhere)
    )


@lru_cache(maxsize=4096)
def _finest(named: frozenset[str]) -> frozenset[str]:
    """The places of ``named`` (a telling's places elsewhere) at the finest level it names, less cities and coarse
    regions (``_same_place``; found once for each set of places, as a post is judged against many leads)."""
    from triage.districts import load_gazetteer, with_cities

    coarse = with_cities(named) - named
    finest = {n for n in named if not any(n != m and n in with_cities({m}) for m in named)}
    return frozenset(finest - coarse - load_gazetteer().coarse)


def _names_meet(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)
