"""Which of Zhongshan's 23 镇街 a post is about (its 属地), from the gazetteer data file.

Longest match over the text; names with other readings (东区 of other cities, 港口 = harbour,
古镇 = old town, 三角, 民众, short village names) count only when the post is otherwise about
Zhongshan. Other cities make a post ``out_of_area``; no usable cue leaves it unassigned (None).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
OUT_OF_AREA = "out_of_area"
KIND_WEIGHT = {"镇街": 3.0, "别名": 2.5, "社区": 3.0, "村": 3.0, "园区": 3.0, "地标": 3.0, "道路": 2.0, "产业": 1.0}
# "中山" as the city, not a 中山路 / 中山大学 / 中山公园 found in every Chinese city
ZHONGSHAN = re.compile(r"中山(?!路|大学|大道|公园|医院|装|陵|纪念堂|北路|南路|东路|西路|一路|二路|三路|四路|五路)")


@dataclass(frozen=True)
class Place:
    name: str
    town: str
    kind: str
    needs_context: bool


@dataclass(frozen=True)
class District:
    name: str | None  # a canonical 镇街, OUT_OF_AREA, or None (unassigned)
    confidence: float
    reason: str


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, list[Place]]
    pattern: re.Pattern
    outside: re.Pattern
    towns: frozenset[str]


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def load_gazetteer(path: Path = DATA / "gazetteer.tsv", outside_path: Path = DATA / "out_of_area.txt") -> Gazetteer:
    places: dict[str, list[Place]] = {}
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            place = Place(row["name"], row["town"], row["kind"], row["context"] == "yes")
            places.setdefault(place.name, []).append(place)
    outside = [
        line.strip() for line in outside_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    towns = frozenset(p.town for group in places.values() for p in group)
    return Gazetteer(places, re.compile(_alternation(places)), re.compile(_alternation(outside)), towns)


def _hits(pattern: re.Pattern, text: str) -> list[tuple[str, tuple[int, int]]]:
    """The longest name starting at each position, minus those inside a longer hit, so that
    overlapping readings both count (中山港口镇: 中山港 and 港口镇) but 坦洲镇 does not also count 坦洲."""
    found = []
    for start in range(len(text)):
        match = pattern.match(text, start)
        if match:
            found.append((match.group(0), match.span()))
    return [
        (name, (a, b)) for name, (a, b) in found
        if not any(c <= a and b <= d and (c, d) != (a, b) for _, (c, d) in found)
    ]  # fmt: skip


def assign_district(text: str, region: str | None = None, gazetteer: Gazetteer | None = None) -> District:
    """The 镇街 a post is about, with a confidence and a reason officers can read.

    >>> assign_district("坦洲界狮南路一工地欠薪").name
    '坦洲镇'
    >>> assign_district("广州南区一工地欠薪").name
    'out_of_area'
    """
    gaz = gazetteer or load_gazetteer()
    text = text or ""
    hits = _hits(gaz.pattern, text)
    has_context = bool(ZHONGSHAN.search(text)) or any(
        not p.needs_context for name, _ in hits for p in gaz.places[name]
    )
    scores: dict[str, float] = {}
    because: dict[str, list[str]] = {}
    for name, _span in hits:
        for place in gaz.places[name]:
            if place.needs_context and not has_context:
                continue
            scores[place.town] = scores.get(place.town, 0.0) + KIND_WEIGHT.get(place.kind, 1.0)
            if name not in because.setdefault(place.town, []):
                because[place.town].append(name)
    if scores:
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        town, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = round(min(1.0, best / 6.0) * (best / (best + runner_up)), 2)
        reason = f"{'、'.join(because[town])} → {town}"
        if len(ranked) > 1:
            reason += f"（另见 {'、'.join(t for t, _ in ranked[1:3])}）"
        return District(town, confidence, reason)
    # only places outside Zhongshan (ignore those inside names already matched, e.g. 中山港)
    masked = gaz.pattern.sub(lambda m: "□" * len(m.group(0)), text)
    outside = gaz.outside.search(masked)
    if outside and not ZHONGSHAN.search(masked):
        return District(OUT_OF_AREA, 0.8, f"{outside.group(0)} → 市外")
    if hits:
        return District(None, 0.0, f"{'、'.join(n for n, _ in hits)} 有歧义，未见中山语境")
    hint = f"（发布于 {region}）" if region else ""
    return District(None, 0.0, f"无地点线索{hint}")
