"""The gazetteer the 镇街 are read with: Zhongshan's place names (``gazetteer.tsv``), the places elsewhere
(``out_of_area.txt``, ``outside_places.tsv`` and every town of China by its full name, ``places/towns_china.tsv``),
the trap readings (``traps.tsv``) and the words only another place uses (``elsewhere.tsv``). Split from
``triage.districts`` (issue 11, round 12), which re-exports ``load_gazetteer`` and the types."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from classifier.text import names_pattern

DATA = Path(__file__).parent / "data"
PROVINCE = re.compile(r"(?:省|自治区|特别行政区)$")
# the gates of places/gated_elsewhere.tsv whose names the scan of ``districts._outside_hits`` looks for (the offices'
# are read back from the office's name)
SCANNED_GATES = ("site", "script", "script-site")
SHARED_SUFFIXES = ("县", "区", "市", "镇", "乡", "街道")


@dataclass(frozen=True)
class Place:
    name: str
    town: str
    kind: str
    needs_context: bool


@dataclass(frozen=True)
class Trap:
    before: re.Pattern | None
    after: re.Pattern | None
    elsewhere: re.Pattern | None = (
        None  # a place elsewhere right before the name (凤凰古镇): the post is there
    )


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, list[Place]]
    pattern: re.Pattern
    outside_names: frozenset[str]
    towns: frozenset[str]
    traps: dict[str, Trap]
    max_len: int
    # context-gated 镇街 names that a town elsewhere also bears (南头: 深圳南头街道)
    namesakes: frozenset[str] = frozenset()
    within: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # a place elsewhere -> the cities it lies in
    # words only another place uses (港铁, 强积金, 劳基法) -> that place (elsewhere.tsv)
    lingo: dict[str, str] = field(default_factory=dict)
    provinces: dict[str, str] = field(
        default_factory=dict
    )  # a province or city elsewhere -> its province (永州 → 湖南)
    # provinces, prefecture-level cities and Taiwan's counties and cities: places too large to tell one case
    # from another (two tellings in 香港 or 深圳 may be of any two sites there; 中环, 龙华 or 旗津 narrow it)
    coarse: frozenset[str] = frozenset()
    # finds any of the ``lingo`` words (a quick pre-check: most posts hold none, and each found is then checked
    # as a word); None: every word is checked
    lingo_any: re.Pattern | None = None
    # where a name may start: one of the first characters of the Zhongshan names / of the names elsewhere before one
    # of their second characters (``_first_chars``: found in C, and the Python loops of ``_hits`` and
    # ``_outside_hits`` visit those only)
    first: re.Pattern = re.compile("(?!)")
    outside_first: re.Pattern = re.compile("(?!)")
    # places abroad (places/abroad.tsv) -> what after the name makes it no place (大马路), or None: they count only
    # where the text puts the story there (farplaces.ABROAD_BEFORE / ABROAD_AFTER)
    abroad: dict[str, re.Pattern | None] = field(default_factory=dict)
    # every town of China by its full name (places/towns_china.tsv; in ``outside_names`` too), and their lengths,
    # longest first: looked up back from each 镇, 乡, 街道 or 苏木 of a text, so that 28,000 names cost a post nothing
    far_towns: frozenset[str] = frozenset()
    far_lengths: tuple[int, ...] = ()
    # places elsewhere whose names are ordinary words too (places/gated_elsewhere.tsv) -> what must follow them:
    # "office" (景县法院: read back from the office's name, as ``far_towns`` from their suffix) or "site" (天后维景花园);
    # farplaces.OFFICE and SITE_AFTER_NAME; "script" (Taiwan's 新庄, 土城: a post in traditional characters) or
    # "script-site" (板桥, 三重: a post in traditional characters, and a place use or a site after the name)
    gated: dict[str, str] = field(default_factory=dict)
    # what the scan of ``_outside_hits`` looks for: the names of out_of_area.txt and outside_places.tsv, of ``abroad``
    # and of the sites of ``gated`` (the rest of ``outside_names`` is read back from a suffix or an office)
    near: frozenset[str] = frozenset()
    # every start of two characters or more of the Zhongshan names / of ``near`` -> whether it is a name (``_prefixes``)
    prefixes: dict[str, bool] = field(default_factory=dict)
    outside_prefixes: dict[str, bool] = field(default_factory=dict)
    # the ``lingo`` words that count only in a post written in traditional characters (時薪, 勞動局: the mainland
    # writes 时薪 and 劳动局 too, in simplified ones), and what after a word makes it another word (劳动部门)
    lingo_traditional: frozenset[str] = frozenset()
    lingo_not_after: dict[str, re.Pattern] = field(default_factory=dict)
    # Zhongshan's names that a place elsewhere bears too (东区, 南头, 长洲 of 香港, 大埔): the tables of places elsewhere
    # list them, and the scan leaves them to Zhongshan unless a place elsewhere is named with them
    shared: frozenset[str] = frozenset()


def _province(name: str) -> str:
    return re.sub(r"(?:省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", name) or name


def _first_chars(names) -> re.Pattern:
    """Where one of the names may start: one of their first characters followed by one of their second characters
    (a character class each, so the engine finds such places in C: a third of the places its first characters
    alone stand in, for the names elsewhere); the first characters alone if a name has one character."""
    names = [n for n in names if n]
    if not names:
        return re.compile("(?!)")
    firsts = _class(n[0] for n in names)
    return re.compile(
        firsts if any(len(n) == 1 for n in names) else f"{firsts}(?={_class(n[1] for n in names)})"
    )


def _class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _prefixes(names) -> dict[str, bool]:
    """Every start of two characters or more of the names -> whether it is a name itself: where a name starts, the
    names that start there are read off one character at a time until the text no longer starts one."""
    out: dict[str, bool] = {}
    for name in names:
        for k in range(2, len(name) + 1):
            out[name[:k]] = out.get(name[:k], False) or k == len(name)
    return out


def _rows(path: Path):
    with path.open(encoding="utf-8") as f:
        yield from csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")


@cache
def load_gazetteer(
    path: Path = DATA / "gazetteer.tsv",
    outside_path: Path = DATA / "out_of_area.txt",
    traps_path: Path = DATA / "traps.tsv",
    outside_table: Path = DATA / "outside_places.tsv",
    lingo_path: Path = DATA / "elsewhere.tsv",
    towns_path: Path = DATA / "places" / "towns_china.tsv",
    abroad_path: Path = DATA / "places" / "abroad.tsv",
    gated_path: Path = DATA / "places" / "gated_elsewhere.tsv",
) -> Gazetteer:
    places: dict[str, list[Place]] = {}
    for row in _rows(path):
        place = Place(row["name"], row["town"], row["kind"], row["context"] == "yes")
        places.setdefault(place.name, []).append(place)
    outside = [
        line.strip() for line in outside_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    within: dict[str, tuple[str, ...]] = {}
    province_of: dict[str, str] = {}
    coarse: set[str] = set()
    if outside_table.exists():
        rows = [row for row in _rows(outside_table) if row.get("name")]
        provinces = {row["name"] for row in rows if row.get("kind") == "省"}
        for row in rows:
            outside.append(row["name"])
            if row.get("kind") in ("省", "市") or (row.get("kind") == "台湾" and row.get("within") == "台湾"):
                coarse.add(row["name"])
            if row.get("kind") == "省":
                province_of[row["name"]] = _province(row["name"])
            elif row.get("within") and (row["within"] in provinces or PROVINCE.search(row["within"])):
                province_of.setdefault(row["name"], _province(row["within"]))
            if row.get("within") and row["within"] not in provinces and not PROVINCE.search(row["within"]):
                within[row["name"]] = (*within.get(row["name"], ()), row["within"])
    far: set[str] = set()  # every town of China by its full name: found from its suffix (``far_lengths``)
    for row in _rows(towns_path) if towns_path.exists() else ():
        far.add(row["name"])
        if row["within"]:
            within[row["name"]] = tuple(row["within"].split("/"))
    abroad = {
        row["name"]: re.compile(f"^(?:{row['not_after']})") if row.get("not_after") else None
        for row in (_rows(abroad_path) if abroad_path.exists() else ())
    }
    coarse.update(abroad)
    near = frozenset(n for n in outside if n not in places)  # found by the scan of ``_outside_hits``
    far_towns = frozenset(n for n in far - near if n not in places)
    shared = {n for n in abroad if n in places}  # Zhongshan names a place elsewhere bears too (长洲 of 香港)
    abroad = {n: v for n, v in abroad.items() if n not in near and n not in places}
    gated: dict[str, str] = {}  # names that are ordinary words too -> what must follow them (office, site)
    for row in _rows(gated_path) if gated_path.exists() else ():
        if row["name"] in places:
            shared.add(row["name"])
        if row["name"] not in near and row["name"] not in places and row["name"] not in abroad:
            gated[row["name"]] = row["gate"]
            if PROVINCE.search(row["within"]) or row["within"] in ("香港", "澳门", "台湾"):
                province_of[row["name"]] = _province(row["within"])
            elif row["within"]:
                within[row["name"]] = (row["within"],)
    outside_names = near | far_towns | frozenset(abroad) | frozenset(gated)
    near = near | frozenset(abroad) | frozenset(n for n, gate in gated.items() if gate in SCANNED_GATES)
    traps = {}
    if traps_path.exists():
        for row in _rows(traps_path):
            traps[row["name"]] = Trap(
                re.compile(f"(?:{row['before']})$") if row.get("before") else None,
                re.compile(f"^(?:{row['after']})") if row.get("after") else None,
                re.compile(f"(?:{row['elsewhere']})$") if row.get("elsewhere") else None,
            )
    towns = frozenset(p.town for group in places.values() for p in group)
    everywhere = set(outside)
    # … by its name or as a county, district or town of that name (石门: 石门县, 石门区; 桥头: 桥头镇 of 东莞)
    shared.update(
        n
        for n in places
        if any(n + suffix in everywhere or n + suffix in far for suffix in ("", *SHARED_SUFFIXES))
    )
    namesakes = frozenset(
        name for name, group in places.items()
        if any(p.kind in ("镇街", "别名") and p.needs_context for p in group)
        and any(name + suffix in everywhere for suffix in ("街道", "镇", "区", "县", "乡"))
    )  # fmt: skip
    lingo_rows = list(_rows(lingo_path)) if lingo_path.exists() else []
    lingo = {row["word"]: row["where"] for row in lingo_rows}
    lingo_traditional = frozenset(
        row["word"] for row in lingo_rows if (row.get("script") or "") == "traditional"
    )
    lingo_not_after = {
        row["word"]: re.compile(f"^(?:{row['not_after']})") for row in lingo_rows if row.get("not_after")
    }
    return Gazetteer(
        places, names_pattern(places), outside_names, towns, traps, max(len(n) for n in places),
        namesakes, within, lingo, province_of, frozenset(coarse), names_pattern(lingo) if lingo else None,
        _first_chars(places), _first_chars(near), abroad, far_towns,
        tuple(sorted({len(n) for n in far_towns}, reverse=True)), gated, near, _prefixes(places), _prefixes(near),
        lingo_traditional, lingo_not_after, frozenset(shared),
    )  # fmt: skip
