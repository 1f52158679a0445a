"""Mine Zhongshan place names below the 镇街 from full postal addresses (issue 11, places round 9).

An address that names its 镇街 ("广东省中山市小榄镇泰丰工业区水怡南路9号") tells where the roads, industrial
parks, estates and markets after the 镇街 lie: 泰丰工业区 and 水怡南路 are in 小榄镇. This module turns the gathered
address lines of ``triage/data/places/addresses.tsv`` (``source<TAB>address``, one a line, each with where it was
read; a third column may give the place's own name, 灯都时代广场) into gazetteer rows, and rewrites the block
between the two markers at the end of
``triage/data/gazetteer.tsv``:

A list of named places grouped by 镇街 (``triage/data/places/named.tsv``, ``source<TAB>镇街<TAB>name``: a school list)
gives the names as people say them, the city and the 镇街 dropped from their head (小榄镇联丰小学 → 联丰小学), unless
the rest is no name (中心小学), another 镇街's name (西区小学) or a city-level name of the list (华侨中学), or lies
inside another 镇街's listed name (三鑫学校, inside 三乡's 纪中三鑫双语学校).

    python -m triage.placemine            # rewrite the mined block
    python -m triage.placemine --dry-run  # print the rows and what was left out, change nothing

Rules (the words and numbers in ``triage/data/places/mining.toml``):

- the 镇街 is read right after 中山(市), by its name or an alias of the gazetteer (石岐区, 火炬开发区, 东升镇 …);
  an address that names no 镇街 there gives nothing;
- what follows is cut at numbers, letters and punctuation (and a house-number word left at a piece's head: 号,
  栋, 之一 …) and then into units that end in a place word: roads (路, 大道, 街, 道, 公路), parks (工业区, 工业园,
  产业园 …), estates and markets (花园, 小区, 苑, 广场, 市场, 商场, 山庄 …). 村, 社区, 队, 巷 … close a unit but
  give no row: the NBS list already holds the villages, and the rest are too small;
- a unit must have two characters before its place word that are not just a direction or a numeral (东路, 三路,
  第二工业区 are no names);
- a name is kept only when every address that names it agrees on one 镇街; names seen under two or more 镇街
  (a road through several towns) are left out and listed by ``--dry-run``;
- names already in the gazetteer are left as they are (a disagreement is listed);
- a name many cities bear gets ``context=yes``: the names in ``generic`` of mining.toml (人民路, 中山路, 工业大道
  …), a name whose part before the place word is an ordinary word or a run of them (jieba's dictionary frequency
  at least ``common_core_freq``: 和谐路, 教育路, 智能制造装备产业园) or a place elsewhere (outside_places.tsv:
  新丰路, 南头大道), and any name starting with 中山 (中山六路 stands in other cities too).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from triage import parkbases, roadbases
from triage.text import to_simplified

DATA = Path(__file__).parent / "data"
ADDRESSES = DATA / "places" / "addresses.tsv"
NAMED = DATA / "places" / "named.tsv"
SETTINGS = DATA / "places" / "mining.toml"
GAZETTEER = DATA / "gazetteer.tsv"
BEGIN = "# >>> mined from addresses (python -m triage.placemine; do not edit by hand between the markers)"
END = "# <<< end of mined rows"


@dataclass(frozen=True)
class Unit:
    name: str
    town: str
    kind: str  # 道路 | 园区 | 地标
    source: str
    address: str
    listed: str = ""  # the named list's own mark for what it lists (楼盘: housing estates), "" for addresses and schools


@cache
def settings(path: Path = SETTINGS) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def town_names(path: Path = GAZETTEER) -> tuple[tuple[str, str], ...]:
    """(name, 镇街) for every 镇街 name and alias of the gazetteer, longest first."""
    pairs = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            if row["kind"] in ("镇街", "别名"):
                pairs[row["name"]] = row["town"]
    extra = settings().get("town_aliases", {})
    pairs.update(extra)
    return tuple(sorted(pairs.items(), key=lambda p: len(p[0]), reverse=True))


def _suffixes(conf: dict) -> list[tuple[str, str]]:
    """(place word, kind), longest first; kind "" for the words that close a unit but are not kept."""
    out = [(w, kind) for kind, words in conf["suffixes"].items() for w in words]
    out += [(w, "") for w in conf["closing_only"]]
    return sorted(out, key=lambda p: len(p[0]), reverse=True)


def town_of(address: str) -> tuple[str | None, str]:
    """The 镇街 an address names right after 中山(市), and the rest of the address after it."""
    text = re.sub(r"\s+", "", to_simplified(address))
    city = re.search(r"中山市?", text)
    if not city:
        return None, ""
    rest = re.sub(r"^(?:广东省|中山市)+", "", text[city.end() :])  # 广东中山市中山市古镇镇…: the city twice
    found = None
    while True:  # 火炬开发区中山港街道展兴路: the same 镇街 named again right after, with its 街道/镇
        for name, town in town_names():
            if not rest.startswith(name) or found not in (None, town):
                continue
            after = re.sub(r"^(?:街道办事处|街道办|街道|镇|区)", "", rest[len(name) :])
            if found is None or len(after) < len(rest) - len(name) or re.search("(?:街道|镇|区)$", name):
                found, rest = town, after
                break
        else:
            return found, rest if found else ""


def units(rest: str) -> list[tuple[str, str]]:
    """The named units (name, kind) in the part of an address after its 镇街, in order."""
    conf = settings()
    suffixes = _suffixes(conf)
    cut = re.compile(conf["cut_pattern"])
    bare = re.compile(f"^[{conf['bare_chars']}]*$")
    head = re.compile(conf["segment_head"])
    found = []
    for segment in cut.split(rest):
        segment = head.sub("", segment)
        start = 0
        i = 0
        while i < len(segment):
            for word, kind in suffixes:
                core = segment[start:i]
                if segment.startswith(word, i) and len(core) >= (2 if kind else 0):
                    if kind and not bare.match(core):
                        found.append((core + word, kind))
                    start = i = i + len(word)
                    break
            else:
                i += 1
    return found


@cache
def _freq() -> dict[str, int]:
    import jieba

    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    return {
        parts[0]: int(parts[1]) for parts in (line.split() for line in text.splitlines()) if len(parts) >= 2
    }


def needs_context(name: str, kind: str) -> bool:
    """Whether many cities bear the name (人民路, 和谐路, 中山六路)."""
    conf = settings()
    if name in conf["generic"] or name.startswith("中山"):
        return True
    words = [word for word, _kind in _suffixes(conf)] + conf.get("named_suffixes", [])
    for word in sorted(words, key=len, reverse=True):
        if name.endswith(word):
            core = re.sub(f"[{conf['direction_chars']}]+$", "", name[: -len(word)])
            if core in conf["generic_cores"] or core in _elsewhere():
                return True
            return _ordinary_words(core, conf["common_core_freq"])
    return False


@cache
def _outside() -> tuple[dict[str, str], ...]:
    """The rows of outside_places.tsv (places outside Zhongshan), read once."""
    with (DATA / "outside_places.tsv").open(encoding="utf-8") as f:
        return tuple(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


@cache
def _elsewhere() -> frozenset[str]:
    """The names of places outside Zhongshan (outside_places.tsv) and their short forms without 县/区/市/镇."""
    names = set()
    for row in _outside():
        name = row.get("name") or ""
        names.add(name)
        names.add(re.sub(r"(?:县|区|市|镇|街道|乡)$", "", name))
    return frozenset(n for n in names if len(n) >= 2)


def _ordinary_words(core: str, threshold: int) -> bool:
    """Whether the core is an ordinary word, or ordinary words of two characters or more one after another
    (和谐, 智能制造装备, 高端环保): a name made of them stands in many cities."""
    import jieba

    freq = _freq()
    if freq.get(core, 0) >= threshold:
        return True
    words = jieba.lcut(core, HMM=False)
    return len(words) > 1 and all(len(w) >= 2 and freq.get(w, 0) >= threshold for w in words)


def read_addresses(path: Path = ADDRESSES) -> list[tuple[str, str, int, str]]:
    """(source, address, line number, name) of every gathered address line: ``source<TAB>address``, or
    ``source<TAB>address<TAB>name`` where the source names the place at that address (a market, mall or park in a
    list of such places: 灯都时代广场 at 中山市古镇镇东兴中路12号)."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, address, name = (line.split("\t") + ["", ""])[:3]
        out.append((source.strip(), address.strip(), number, name.strip()))
    return out


def own_name(name: str) -> tuple[str, str] | None:
    """The place's own name as a unit (name, kind) when it is one unit ending in a place word (灯都时代广场,
    开元灯具批发城), else None (星光联盟全球品牌灯饰中心 ends in no place word)."""
    name = re.sub(r"\s+", "", to_simplified(name))
    found = units(name)
    return found[0] if len(found) == 1 and found[0][0] == name else None


def mine(lines) -> list[Unit]:
    """The units of every address line, and the place's own name where the line gives one."""
    found = []
    for source, address, number, *named in lines:
        town, rest = town_of(address)
        if not town:
            continue
        where = f"{source} (addresses.tsv line {number})"
        here = units(rest)
        own = own_name(named[0]) if named and named[0] else None
        if own and own not in here:
            here.append(own)
        found += [Unit(name, town, kind, where, address) for name, kind in here]
    return found


def read_named(path: Path = NAMED) -> list[tuple[str, str, str, int, str]]:
    """(source, 镇街 as the source writes it, name, line number, mark) of every line of a list of named places grouped
    by 镇街 (``source<TAB>镇街<TAB>name``: a school list of 中山 by 镇街; ``source<TAB>镇街<TAB>name<TAB>楼盘``: a list of
    housing estates, whose names need no place word: 东御世家, 丽景名筑)."""
    out = []
    if not path.exists():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, group, name, mark = (line.split("\t") + ["", "", ""])[:4]
        out.append((source.strip(), group.strip(), name.strip(), number, mark.strip()))
    return out


def _listed_text(group: str, name: str) -> tuple[str | None, str]:
    """The 镇街 a list groups a name under, and the name without the city, its own 镇街 at the head and any part in
    brackets (小榄镇联丰小学 → 联丰小学, 水岸花都（沙溪镇） → 水岸花都)."""
    town, _rest = town_of("中山市" + group)
    if not town:
        return None, ""
    text = re.sub(r"[（(][^）)]*[）)]", "", re.sub(r"\s+", "", to_simplified(name)))
    text = re.sub(r"^中山市?", "", text)
    for other, other_town in town_names():
        if other_town == town and text.startswith(other):
            text = re.sub(r"^(?:街道|镇|区)", "", text[len(other) :])
            break
    return town, text


def listed_places(group: str, name: str, mark: str = "") -> list[tuple[str, str, str]]:
    """(镇街, name, kind) for a line of a named list. A school name as ``listed_name`` reads it; on any other list a
    name that is one unit ending in a place word (灯都时代广场, 某某工业区, 某某市场); on a list of housing
    estates (mark 楼盘) the units an address would give (沙栏西路, 奥城花园, 大岑工业区), else, when the name holds no
    place word at all, the name itself as an estate (东御世家: the list says it is one). A village or a community on
    such a list gives nothing (乌沙村: the NBS rows hold it), nor does a name with letters or digits (中山108天寓) or
    one that holds a province's or a city's name (上海城: posts say 上海城市, and the row would hide 上海)."""
    school = listed_name(group, name)
    if school:
        return [(school[0], school[1], "地标")]
    conf = settings()
    town, text = _listed_text(group, name)
    text = text.replace("·", "")
    if not town or not re.fullmatch("[\u4e00-\u9fff]+", text):
        return []
    if mark not in conf.get("named_estate_marks", []):
        # any other list (markets, parks, industrial parks by 镇街): a name that is one unit with a place word
        found = units(text)
        whole = len(found) == 1 and found[0][0] == text and not _names_a_city(text)
        return [(town, text, found[0][1])] if whole else []
    here = [(unit, kind) for unit, kind in units(text) if not _names_a_city(unit)]
    if here or _names_a_city(text):
        return [(town, unit, kind) for unit, kind in here]
    words = [w for w, _kind in _suffixes(conf)]
    if len(text) < 3 or any(w in text for w in words):
        return []
    return [(town, text, "地标")]


def _names_a_city(name: str) -> bool:
    """Whether an estate's name holds the name of a province or a city elsewhere (上海城): posts say 上海城市, 上海城管,
    上海城中村, and the estate's row would hide the place elsewhere from triage.districts."""
    return any(big in name for big in _big_places())


@cache
def _big_places() -> frozenset[str]:
    """The provinces and prefecture-level cities of outside_places.tsv (上海, 广州, 江门 …), full and short names."""
    return frozenset(r["name"] for r in _outside() if r.get("kind") in ("省", "市") and len(r["name"]) >= 2)


def estate_needs_context(name: str) -> bool:
    """Whether a housing estate's name from a list may be another city's estate too: a short name (海伦堡), a
    developer's brand at its head (中海锦城, 越秀星汇云锦: their builders reuse names from city to city), ordinary
    words only, or a word that names a place elsewhere (水岸花都: 花都 is Guangzhou's)."""
    import jieba

    conf = settings()
    if len(name) <= conf["estate_short_len"] or name.startswith(tuple(conf["brands"])):
        return True
    if _ordinary_words(name, conf["common_core_freq"]):
        return True
    return any(len(w) >= 2 and w in _elsewhere() for w in jieba.lcut(name, HMM=False))


def listed_name(group: str, name: str) -> tuple[str, str] | None:
    """(镇街, the name as people say it) for a school listed under its 镇街: the city, the 镇街's own name at the head
    and a part in brackets are dropped (小榄镇联丰小学 → 联丰小学); None when no 镇街 is read or what is left is no
    name (中心小学, 第一中学, 小学: many 镇街 have one)."""
    conf = settings()
    town, text = _listed_text(group, name)
    if not town:
        return None
    bare = re.compile(f"^[{conf['bare_chars']}]*$")
    for word in sorted(conf["named_suffixes"], key=len, reverse=True):
        if text.endswith(word):
            core = text[: -len(word)]
            if len(core) >= 2 and not bare.match(core) and core not in conf["named_generic_cores"]:
                return town, text
            return None
    return None


def mine_named(lines) -> list[Unit]:
    """The named places of a list grouped by 镇街, as units under their 镇街. A name is left out when another
    镇街's name, or a city-level place of the list, bears it too: 西区小学 of 小榄 (西区 is a 镇街), 华侨中学 of
    小榄 (中山市华侨中学 is the city's), 三鑫学校 of 南头 (三乡's 纪中三鑫双语学校 is called so)."""
    conf = settings()
    city_level = {
        re.sub(r"[（(][^）)]*[）)]", "", re.sub(r"^中山(?:市|火炬)?", "", to_simplified(name)))
        for _source, group, name, _number, _mark in lines
        if group in conf["named_city_groups"]
    }
    listed = []
    for source, group, name, number, mark in lines:
        found = listed_places(group, name, mark) if group not in conf["named_city_groups"] else []
        where = f"{source} (named.tsv line {number})"
        listed += [Unit(unit, town, kind, where, f"{group}：{name}", mark) for town, unit, kind in found]
    towns = dict(town_names())
    schools = [unit for unit in listed if not unit.listed]
    cores = [(_core(unit.name, conf), unit.town) for unit in schools]
    out = []
    for unit in listed:
        core = _core(unit.name, conf)
        if towns.get(core, unit.town) != unit.town:  # another 镇街's name (西区小学 of 小榄)
            continue
        if not unit.listed and unit.name in city_level:
            continue
        if not unit.listed and any(core != o and core in o and t != unit.town for o, t in cores):
            continue
        out.append(unit)
    return out


def _core(name: str, conf: dict) -> str:
    for word in sorted(conf["named_suffixes"], key=len, reverse=True):
        if name.endswith(word):
            return name[: -len(word)]
    return name


def own_rows(path: Path = GAZETTEER) -> list[list[str]]:
    """The cells of every row of the gazetteer's own part (outside the mined block): name, 镇街, kind, context, source."""
    cells, inside = [], False
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(BEGIN):
                inside = True
            elif line.startswith(END):
                inside = False
            elif not inside and not line.startswith("#") and "\t" in line:
                cells.append(line.rstrip("\n").split("\t"))
    return cells


def existing_names(path: Path = GAZETTEER, own: list[list[str]] | None = None) -> dict[str, set[str]]:
    """name -> its 镇街 in the gazetteer's own part (``own``: its rows, when the caller has read them)."""
    names: dict[str, set[str]] = defaultdict(set)
    for name, town, *_rest in own if own is not None else own_rows(path):
        names[name].add(town)
    return names


def rows(found: list[Unit], known: dict[str, set[str]]):
    """Gazetteer rows (name, town, kind, context, source) and what was left out, with why."""
    by_name: dict[str, list[Unit]] = defaultdict(list)
    for unit in found:
        by_name[unit.name].append(unit)
    kept, left_out = [], []
    for name in sorted(by_name, key=lambda n: (by_name[n][0].town, n)):
        group = by_name[name]
        towns = sorted({u.town for u in group})
        if name in known:
            if set(towns) - known[name]:
                left_out.append(
                    (
                        name,
                        f"in the gazetteer under {'/'.join(sorted(known[name]))}, addresses say {'/'.join(towns)}",
                    )
                )
            continue
        if len(towns) > 1:
            left_out.append((name, "addresses disagree: " + "/".join(towns)))
            continue
        first = group[0]
        sources = sorted({u.source.split(" (")[0] for u in group})
        note = f"{first.address} — {first.source}"
        if len(group) > 1:
            note += f"; {len(group)} addresses, {len(sources)} sources"
        context = "yes" if _needs_context(name, group) else "no"
        prefix = "mined list: " if "(named.tsv" in first.source else "mined address: "
        kept.append((name, first.town, first.kind, context, prefix + note))
    return kept, left_out


def _needs_context(name: str, group: list[Unit]) -> bool:
    """needs_context, and for a name from a list of housing estates its own test; a name whose every source is one of
    ``named_context_sources`` (a list nobody official keeps) always needs context."""
    conf = settings()
    if needs_context(name, group[0].kind):
        return True
    if any(u.listed for u in group) and estate_needs_context(name):
        return True
    return all(u.source.split(" (")[0] in conf.get("named_context_sources", []) for u in group)


def rewrite(kept, path: Path = GAZETTEER) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split(BEGIN)[0].rstrip("\n") + "\n"
    tail = text.split(END, 1)[1].lstrip("\n") if END in text else ""
    block = [BEGIN, "# one row per name; see triage/placemine.py and triage/data/places/README.md"]
    block += ["\t".join(row) for row in kept]
    block.append(END)
    path.write_text(head + "\n".join(block) + "\n" + tail, encoding="utf-8")


def all_rows() -> tuple[list[Unit], list[tuple[str, ...]], list[tuple[str, str]]]:
    """The units found, the rows of the mined block and what was left out: the addresses' and lists' rows, then the
    roads' base names (升平中路 → 升平路: ``roadbases``) from the gazetteer's own roads and the mined ones, then the
    parks' place names (泰丰工业区 → 泰丰: ``parkbases``)."""
    found = mine(read_addresses()) + mine_named(read_named())
    own = own_rows()
    known = existing_names(own=own)
    kept, left_out = rows(found, known)
    roads = [(r[0], r[1], r[3]) for r in own + kept if len(r) >= 4 and r[2] == "道路"]
    bases, bases_left_out = roadbases.base_rows(roads, set(known) | {r[0] for r in kept}, needs_context)
    parks = [(r[0], r[1], r[3]) for r in own + kept if len(r) >= 4 and r[2] == "园区"]
    taken = set(known) | {r[0] for r in kept + bases}
    shorts, shorts_left_out = parkbases.short_rows(parks, taken, _common_place)
    return found, kept + bases + shorts, left_out + bases_left_out + shorts_left_out


def _common_place(name: str) -> bool:
    """Whether a park's place name (泰丰) is an ordinary word, a generic core or a place elsewhere: no short row."""
    conf = settings()
    if name in conf["generic_cores"] or name in conf.get("named_generic_cores", []):
        return True
    if name in _elsewhere() or any(name + suffix in _far_towns() for suffix in ("镇", "乡", "街道")):
        return True  # (隆兴: 隆兴镇 of 重庆)
    return _ordinary_words(name, conf["common_core_freq"])


@cache
def _far_towns() -> frozenset[str]:
    """Every town of China by its full name (places/towns_china.tsv)."""
    with (DATA / "places" / "towns_china.tsv").open(encoding="utf-8") as f:
        return frozenset(
            row["name"]
            for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the rows and what was left out")
    args = parser.parse_args(argv)
    found, kept, left_out = all_rows()
    if args.dry_run:
        for row in kept:
            print("\t".join(row[:4]))
        for name, why in left_out:
            print(f"left out\t{name}\t{why}", file=sys.stderr)
    else:
        rewrite(kept)
    by_kind = defaultdict(int)
    for row in kept:
        by_kind[row[2]] += 1
    print(
        f"{len(read_addresses())} addresses, {len(found)} units, {len(kept)} rows "
        f"({', '.join(f'{k} {v}' for k, v in sorted(by_kind.items()))}; "
        f"context=yes {sum(r[3] == 'yes' for r in kept)}), {len(left_out)} left out",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
