"""An industrial park as posts name it by its place alone: 泰丰 for 泰丰工业区, 龙石 for 龙石工业区 (issue 11, round 17).

A park takes the name of the place it stands in (泰丰工业区 in 小榄's 泰丰, 大岑工业区 of 大岑), and a post names the place
without the park ("泰丰嗰个厂房地盘"): no place was found, as for a village without 村 before round 2 gave every village
its short form. ``short_rows`` gives each park's short name as a row of the same 镇街 (kind 园区, context=yes, so it
counts only where the post uses it as a place or another cue backs it), written by ``python -m triage.placemine`` into
its block, when

- the park's own row needs no context (a park many cities bear gives no short name: 星火工业区, 民营科技园);
- exactly two or three characters come before a park word of ``PARK_WORDS`` (华津顺泰工业园 is a firm's park, not a
  place's);
- every park of that short name lies in one 镇街, and no row of the gazetteer already has the name (木河迳, 大岑);
- the short name is no ordinary word or run of them, no place elsewhere and no brand-like common name
  (``placemine.needs_context`` of the short name as a 园区 says so: 永兴, 广丰, 和泰 are left out), and not a
  ``named_generic_cores`` / ``generic_cores`` word of ``places/mining.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from triage import roadbases

# a place's zone; a 工业园 or 工业城 is often one firm's (华帝工业城, 顶固工业园)
PARK_WORDS = ("工业区", "开发区")
PARK = re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{2,3}}?)(?:{'|'.join(PARK_WORDS)})$")


def place_name(park: str) -> str | None:
    """泰丰工业区 → 泰丰, 长命水工业区 → 长命水; None for a name that is not a place's park (临海装备制造业基地)."""
    found = PARK.match(park)
    return found["place"] if found else None


def short_rows(
    parks: Iterable[tuple[str, str, str]], taken: set[str], common: Callable[[str], bool]
) -> tuple[list[tuple[str, str, str, str, str]], list[tuple[str, str]]]:
    """Gazetteer rows (name, 镇街, 园区, yes, source) for the place names of ``parks`` ((name, 镇街, context) of every
    park row), and the names left out with why; ``common(name)``: whether the name is a word or a place elsewhere."""
    groups, left_out = roadbases.one_town(
        [park for park in parks if park[2] != "yes"], place_name, taken, "its parks",
        lambda place: "an ordinary word, a common name or a place elsewhere" if common(place) else None,
    )  # fmt: skip
    kept = []
    for place, town, group in groups:
        names = "/".join(sorted(dict.fromkeys(name for name, _t, _c in group)))
        kept.append((place, town, "园区", "yes", f"mined park's place: {names} (triage/parkbases.py)"))
    return kept, left_out
