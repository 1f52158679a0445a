"""A road as posts name it without its section: 升平路 for 升平中路, 界狮路 for 界狮南路 and 界狮北路, 南头大道 for
南头大道中 (issue 11, round 16).

Zhongshan's roads are listed by section (the gazetteer holds 升平中路, not 升平路), and a post names the road
without it ("升平路那间制衣厂"): no place was found. ``base_rows`` gives each sectioned road's base name as a row of the
same 镇街, written by ``python -m triage.placemine`` into its block, when

- two characters or more come before the section (城南路 is no section of a 城路), the last of them no direction
  (横河南西路: which is the section?);
- every sectioned road of that base lies in one 镇街 (孙文东路 in 东区, 孙文中路 and 孙文西路 in 石岐: no row);
- no row of the gazetteer already has the name;
- context=yes when any of its roads has it, or when many cities bear the base (``placemine.needs_context``: 长江路,
  平安路), as for every mined road.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

# a road's section: a direction before 路 / 大道 (升平中路, 界狮南路), or after 大道 (南头大道中)
SECTION = re.compile(r"^(?P<base>.{2,}?)[东南西北中](?P<end>路|大道)$|^(?P<avenue>.{2,}大道)[东南西北中]$")


def base_name(road: str) -> str | None:
    """升平中路 → 升平路, 南头大道中 → 南头大道; None for a road without a section (城南路, 兴中道)."""
    found = SECTION.match(road)
    if (
        not found or (found["base"] or found["avenue"][:-2])[-1] in "东南西北中"
    ):  # 横河南西路: which is the section?
        return None
    return found["avenue"] or found["base"] + found["end"]


def one_town(
    rows: Iterable[tuple[str, str, str]],
    short_of: Callable[[str], str | None],
    taken: set[str],
    lying: str,
    unfit: Callable[[str], str | None] = lambda short: None,
) -> tuple[list[tuple[str, str, list[tuple[str, str, str]]]], list[tuple[str, str]]]:
    """Gazetteer rows ((name, 镇街, context)) grouped by the shorter name ``short_of`` gives each (None: none), in the
    order of their first 镇街, then the name: (short name, its 镇街, its rows) for each short name no row has yet
    (``taken``) whose rows all lie in one 镇街 and that ``unfit`` finds no fault with, and the short names left out with
    why (``lying``: what of them lies in two 镇街, "its sections"). Shared by road bases and park places
    (``triage.parkbases``)."""
    by_short: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        if short := short_of(row[0]):
            by_short[short].append(row)
    kept, left_out = [], []
    for short, group in sorted(by_short.items(), key=lambda item: (item[1][0][1], item[0])):
        towns = sorted({town for _name, town, _context in group})
        if short in taken:
            continue
        if len(towns) > 1:
            left_out.append((short, f"{lying} lie in " + "/".join(towns)))
        elif why := unfit(short):
            left_out.append((short, why))
        else:
            kept.append((short, towns[0], group))
    return kept, left_out


def base_rows(
    roads: Iterable[tuple[str, str, str]], taken: set[str], needs_context: Callable[[str, str], bool]
) -> tuple[list[tuple[str, str, str, str, str]], list[tuple[str, str]]]:
    """Gazetteer rows (name, 镇街, 道路, context, source) for the base names of ``roads`` ((name, 镇街, context) of every
    road row), and the base names left out with why."""
    groups, left_out = one_town(roads, base_name, taken, "its sections")
    kept = []
    for base, town, group in groups:
        context = any(c == "yes" for _n, _t, c in group) or needs_context(base, "道路")
        names = "/".join(sorted(dict.fromkeys(name for name, _t, _c in group)))
        source = f"mined base name: {names} (triage/roadbases.py)"
        kept.append((base, town, "道路", "yes" if context else "no", source))
    return kept, left_out
