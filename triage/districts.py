"""Which of Zhongshan's 23 镇街 a post is about (its 属地), from the gazetteer data files.

Longest match over the text (after traditional → simplified conversion), falling back to a shorter
name inside a rejected longer one (黄圃腊味 → 黄圃). Names with other readings (``context=yes`` in
``gazetteer.tsv``: 东区 of other cities, 港口 = harbour, 古镇 = old town, 三角, 民众, short village
names, industries) count only when

- the post is otherwise about Zhongshan (中山, 0760, 粤T, or a place that needs no context), or
- the name is used as a place ("民众一个物流园", "西区一家贸易公司", "古镇这边灯饰厂"), or
- two such cues point at the same 镇街 (古镇 + 灯饰, 民众 + 沙仔), or
- as a weak hint, the Weibo region is 广东 (not for the trap words of ``traps.tsv``),

and never when ``traps.tsv`` shows the other reading (丽江古镇, 港口的货轮, 三角梅, 民众的眼睛).
A name the gazetteer lists under two 镇街 (马安村 of 黄圃 and of 南朗) names neither on its own: it only
backs a 镇街 another cue names, and alone leaves the post unassigned with a reason saying so.
Other cities make a post ``out_of_area``; no usable cue leaves it unassigned (None). Every answer
carries a confidence and a reason officers can read ("界狮南路、坦洲 → 坦洲镇").

Places elsewhere (``out_of_area.txt`` and the generated ``outside_places.tsv``: every province, city and
county of China, the towns of the neighbouring cities, Hong Kong and Macau) win over a Zhongshan name
they contain or stand right before ("南头街道" of Shenzhen, "太仓沙溪镇", "香港葵涌"); a place named as
where someone comes from, moves to or goes back to (湖南人, 搬去江门, 返咗香港) or where someone only
lives (我住坦洲) does not decide: the workplace does. Three or more 镇街 named side by side (a
round-up of several towns) name none of them. Words only another place uses (``elsewhere.tsv``: 港铁, 强积金,
劳基法) make a post that names Zhongshan nowhere for sure ``out_of_area``. A name that starts inside another and
runs past its end is a misreading (镇一 in 古镇镇一家), and a village's short name before 路 is the road (裕洲路).
Round 4: a context-gated name before an estate's (东升丽景花园) is used as a place; a district elsewhere at the head
of a mall's brand (宝安汇) is no place elsewhere; ``Gazetteer.coarse`` holds the provinces and cities too large to
tell one case from another. Round 8b: 中山 named as the home (家住中山坦洲) is no workplace, the home town is the
place of a story told there (在新疆老家), and 中山 in a list of cities (上海、成都、中山) names no place.
Round 12: towns of all China, places abroad and places whose names are words too (``triage.farplaces``); places named
in passing (compared with, a medium, a dish, a title; a round-up of provinces: ``triage.placepassing``) decide nothing.
Round 15: a Zhongshan place denied (不是中山沙溪) is no cue; a hospital or a school after a gated name uses it as a place
(东区一民营医院); 中山 named as where someone arrived (就到中山了) tells only where they live.
Round 17: Taiwan's township names that are words too count in traditional characters (新莊, 板橋一間), and so do the
words the mainland writes in simplified ones (時薪, 議員: ``triage.placelingo``); a village used as a place outweighs such
words; a park by its place's name (泰丰) and a mall called X城 (港口游戏城) are used as places; a name denied once is denied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from triage import quickscan
from triage.farplaces import (
    TOWN_SUFFIX,
    far_towns,
    gated_hits,
    site_named,
    story_abroad,
    town_short_hits,
    written_traditional,
)  # fmt: skip

# (DATA, Place, Trap, _rows and load_gazetteer live in triage.gazetteer; other modules import them from here too)
from triage.gazetteer import DATA, Gazetteer, Place, Trap, _province, _rows, load_gazetteer  # noqa: F401
from triage.placelingo import any_lingo as _any_lingo
from triage.placelingo import lingo_said as _lingo_said
from triage.placelingo import starts_a_word as _starts_a_word
from triage.placepassing import CITY_LIKE, ROUNDUP_PLACES, denials, drop_passing
from triage.text import to_simplified

OUT_OF_AREA = "out_of_area"
# The 23 canonical 镇街 (DOMAIN.md), streets first; the gazetteer's towns are exactly these.
TOWNS = (
    "石岐街道", "东区街道", "西区街道", "南区街道", "五桂山街道", "中山港街道", "民众街道", "南朗街道",
    "小榄镇", "黄圃镇", "东凤镇", "古镇镇", "沙溪镇", "坦洲镇", "港口镇", "三角镇", "横栏镇", "南头镇",
    "阜沙镇", "三乡镇", "板芙镇", "大涌镇", "神湾镇",
)  # fmt: skip
KIND_WEIGHT = {
    "镇街": 3.0,
    "别名": 2.5,
    "社区": 3.0,
    "村": 3.0,
    "园区": 3.0,
    "地标": 3.0,
    "道路": 2.0,
    "产业": 1.0,
}
# "中山" as the city, not a 中山路 / 中山大学 / 中山公园 found in every Chinese city, nor 孙中山
ZHONGSHAN = quickscan.compile(
    r"(?<![孙逸])中山(?!路|大学|大道|公园|医院|装|陵|纪念堂|北路|南路|东路|西路|一路|二路|三路|四路|五路|先生|舰)"
    r"|0760|粤T"
)
PLACE_USE = re.compile(
    r"^(?:镇|街道|[嗰那这呢]条村|一家|一间|一个|一处|一座|那家|那间|这家|这间|那个|这个|嗰间|呢间|嗰边|呢边|这边|那边|有间|有家|有个|"
    r"嗰个|嗰度|呢度|嗰头|一带|片区|村里|村|地盘|"
    r"好几|几间|几家|[这那呢嗰]?几[栋座幢]|某|的厂|的工地|的工厂|的公司|的村|工业|人社|劳动|做|打工|上班|开|附近|旁边|"
    r"[\u4e00-\u9fff]{0,4}(?:厂|公司|工地|项目|写字楼|大厦|商场|酒店|小区|楼盘|市场|地盘|作坊|塔吊|花园|家园|山庄|新村|"
    r"医院|卫生院|诊所|学校|幼儿园|文体中心)|一[\u4e00-\u9fff]{0,4}(?:医院|学校|幼儿园)"
    # a market or mall called X城 (港口游戏城: round 17; not 镇一家电玩城)
    r"|(?![一那这嗰呢某家间个])[\u4e00-\u9fff]{2,3}城(?![管市乡区镇里中]))"
)
# a pointing word after a name (三角那个布厂), and the people it may point at instead of a place (三角嗰个判头)
POINTING = re.compile(
    r"^(?:一家|一间|一个|一处|一座|那家|那间|这家|这间|那个|这个|嗰间|呢间|有间|有家|有个|嗰个)"
)
PERSON_AFTER = re.compile(r"^(?:判头|老板|老细|包工头|工头|老乡|师傅|人|阿[伯姨叔婆])")
ORIGIN_AFTER = re.compile(
    r"^(?:人(?!社|民|大|力|事|工)|过来|来的|那边过来|老家|打工回来|的老乡|籍|老乡|师傅|工人|民工|农民工|工友|佬|妹|仔|小伙|女工|男工|口音)"
)
# where someone comes from, moves to or goes back to is not where the story happens
ORIGIN_BEFORE = re.compile(
    r"(?:老家|来自|回|从|老家在|家在|搬去|搬到|搬迁到|搬迁至|迁去|迁到|迁往|迁至|返咗|返回|跑回|逃回|回到|回了|回咗|走咗去)$"
)
# where someone lives, not where they work (我住坦洲，每天过去珠海开工)
HOME_BEFORE = re.compile(r"(?:我住|住在|家住|租住在?|住喺|住|屋企喺)(?:中山市?)?$")  # 家住中山坦洲 too
# where someone arrived to live (就到中山了, 来中山五年, 嚟咗中山之后)
ARRIVED_BEFORE = re.compile(r"(?:到|来|来到|嚟|嚟咗|来了)$")
ARRIVED_AFTER = re.compile(r"^(?:了|之后|以后|后|已经|[0-9一二三四五六七八九十几多]+年)")
# an outside place right before a Zhongshan name owns it (太仓沙溪镇, 香港葵涌, 太仓的沙溪镇): at most a 市/县/区 and
# a 的 between

FULL = re.compile(r".(?:街道|镇|乡|区|县)$")  # a place's full name (乌镇 too)
OWNER_GAP = re.compile(r"^[市县区省]?$")
OWNED_GAP = re.compile(r"^[市县区省]?(?:的|嘅)?$")  # 太仓的沙溪镇 is 太仓's too

# a village's short name that names a road (裕洲路) is the road, which may run elsewhere (an office's address)
ROAD_AFTER = re.compile(r"^(?:路|大道|大街|公路)")
REGION_HINT = ("广东",)
LOCAL_KINDS = ("社区", "村", "园区", "地标", "道路")
# context-gated names that a place-use after them ("隆昌嗰间针织厂", "民众那间厂") accepts
# a short district name at the head of a mall's brand (宝安汇, 新都会 stand in many cities; 番禺广场 is in 番禺)
SITE_AFTER = re.compile(r"^(?:汇|会(?:广场|商场|购物)|百货|购物中心|商城)")
# (园区 from round 17: 泰丰嗰个厂房, a park by its place's name)
PLACE_USE_KINDS = ("镇街", "别名", "村", "社区", "园区")
PLACE_USE_TRUST = 0.75  # how far a context-gated name used as a place (三角那间鞋厂) is trusted
# a village, community or park used as a place (良都那个保障房工地) whose name no place elsewhere bears outweighs words
# only another place uses (二判): the name is Zhongshan's alone, the words are speech
LOCAL_OVER_LINGO = ("村", "社区", "园区")
# a 镇街 name a town elsewhere does not bear, after 在/去/到 …, is used as a place (在古镇买了一批吊灯, 返西区开工)
GO_BEFORE = re.compile(r"(?:在|喺|去|到|嚟|来|返)$")
LIST_MARKS = "、/"  # what separates the items of a list of places
ROUNDUP_TOWNS = 3  # this many 镇街 named by their own names: a round-up, not one place


@dataclass(frozen=True)
class District:
    name: str | None  # a canonical 镇街, OUT_OF_AREA, or None (unassigned)
    confidence: float
    reason: str
    places: tuple[str, ...] = ()  # the villages, parks, roads, landmarks named (裕洲村, 界狮南路)
    elsewhere: tuple[str, ...] = ()  # out_of_area: the places elsewhere named (攀枝花, 东区)


def _hits(gaz: Gazetteer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every gazetteer name in the text: the longest at each position and the shorter names it
    starts with (黄圃腊味 and 黄圃), so a rejected long reading can fall back to a shorter one."""
    found = []
    places, prefixes, n = gaz.places, gaz.prefixes, len(text)
    # (where a name may start, ``gaz.first``: there the names that start, read off one character at a time while
    # the text starts a name (``gaz.prefixes``); the longest first, then the shorter ones, longest first)
    for at in gaz.first.finditer(text):
        start, end, ends = at.start(), at.start() + 2, []
        while end <= n and (is_name := prefixes.get(text[start:end])) is not None:
            if is_name:
                ends.append(end)
            end += 1
        if not ends:
            # a name of one character, where a longer one starts (the gazetteer has none)
            if end > start + 2 and text[start] in places:
                found.append((text[start], (start, start + 1)))
            continue
        found += [(text[start:end], (start, end)) for end in reversed(ends)]
    # a name that starts inside an earlier one and runs past its end is a misreading: 镇一 (a 黄圃 village) in
    # 古镇镇一家 or 古镇一间厂 is the tail of one name and the head of the next word
    if len(found) < 2:  # (no name to start inside another)
        return found
    spans = [span for _name, span in found]
    return [(name, span) for name, span in found if not any(o[0] < span[0] < o[1] < span[1] for o in spans)]


def _zhongshan(text: str) -> re.Match | None:
    """``ZHONGSHAN.search(text)``, run only where one of its words stands (its lookbehind makes it try every character)."""
    return ZHONGSHAN.search(text) if "中山" in text or "0760" in text or "粤T" in text else None


def _used_as_place(gaz: Gazetteer, name: str, after: str) -> bool:
    """Whether the words after a context-gated name use it as a place ("民众一个物流园", "三角那个布厂"). A
    pointing word alone does not when a person follows it (三角嗰个判头: the man, not the place), nor for a
    name a town elsewhere also bears (南头那家酒楼 may be 深圳's 南头): only a trade or site named with it does."""
    if not PLACE_USE.match(after):
        return False
    pointing = POINTING.match(after)
    if not pointing:
        return True
    return name not in gaz.namesakes and not PERSON_AFTER.match(after[pointing.end() :])


def _elsewhere(gaz: Gazetteer, name: str, text: str, span: tuple[int, int]) -> str | None:
    """The place elsewhere a trap names right before a name (凤凰古镇 → 凤凰古镇), if any."""
    trap = gaz.traps.get(name)
    if trap is None or trap.elsewhere is None:
        return None
    match = trap.elsewhere.search(text[max(0, span[0] - 6) : span[0]])
    return match.group(0) + name if match else None


def _trapped(gaz: Gazetteer, name: str, text: str, span: tuple[int, int]) -> bool:
    trap = gaz.traps.get(name)
    if trap is None:
        return False
    before, after = text[max(0, span[0] - 6) : span[0]], text[span[1] : span[1] + 6]
    return bool((trap.before and trap.before.search(before)) or (trap.after and trap.after.match(after)))


def _outside_hits(gaz: Gazetteer, text: str, traditional=lambda: False) -> list[tuple[str, tuple[int, int]]]:
    """Places outside Zhongshan in the text, longest first at each position, left to right (``traditional``: whether
    the post is written in traditional characters, asked only of the names that need it)."""
    found, after, n = [], 0, len(text)
    prefixes = gaz.outside_prefixes
    for at in gaz.outside_first.finditer(text):  # (where such a name may start: see ``_hits``)
        i = at.start()
        if i < after:
            continue
        end, longest = i + 2, 0  # the longest name starting here ends at ``longest``
        while end <= n and (is_name := prefixes.get(text[i:end])) is not None:
            if is_name:
                longest = end
            end += 1
        # a name of one character, where a longer one starts or at the end (there is none)
        if not longest and (end > i + 2 or i == n - 1) and text[i] in gaz.near:
            longest = i + 1
        # (天后维景花园, not 天后诞)
        if longest and site_named(gaz, text[i:longest], text, longest, traditional):
            found.append((text[i:longest], (i, longest)))
            after = longest  # the next name starts after this one
    if gaz.far_towns and TOWN_SUFFIX.search(text) and (far := far_towns(gaz, text)):
        # a town's full name wins over the shorter names it overlaps (黄花镇 over a county 黄花 would be)
        found = [f for f in found if not any(t[1][0] < f[1][1] and f[1][0] < t[1][1] for t in far)] + far
        found.sort(key=lambda f: f[1])
    if offices := gated_hits(gaz, text) + town_short_hits(gaz, text):  # (景县法院; 安宁渠那个砖厂)
        found += [a for a in offices if not any(f[1][0] < a[1][1] and a[1][0] < f[1][1] for f in found)]
        found.sort(key=lambda f: f[1])
    return found


def _outside_mentions(
    text: str, outside: list[tuple[str, tuple[int, int]]]
) -> list[tuple[str, tuple[int, int]]]:
    """Other places named as the place of the story, not as where someone comes from or moves to, nor in passing
    (``triage.placepassing``: compared with, a medium or dateline, a head office)."""
    out, origin_end = [], -1
    gaz = load_gazetteer()
    for name, (start, end) in outside:
        before, after = text[max(0, start - 4) : start], text[end : end + 6]
        # 在新疆老家，我妈跟着工地…: the story happens in the home town
        in_home_town = before.endswith("在") and after.startswith("老家")
        # 来自四川、山西、湖北等地: the items of a list of origins
        listed = origin_end >= 0 and (
            OWNER_GAP.match(text[origin_end:start]) or text[origin_end:start] in tuple(LIST_MARKS + "和及")
        )  # 来自安徽六安、河南信阳 too
        if (ORIGIN_AFTER.match(after) and not in_home_town) or ORIGIN_BEFORE.search(before) or listed:
            origin_end = end
            continue
        if SITE_AFTER.match(after) and name not in gaz.coarse:
            continue  # 宝安汇: a mall's brand, wherever it stands
        if name in gaz.abroad and not story_abroad(gaz, name, text, start, end):
            continue  # 美国加关税, 日本料理: a place abroad named in passing
        out.append((name, (start, end)))
    return drop_passing(text, out)


def _roundup(gaz: Gazetteer, outside: list[tuple[str, tuple[int, int]]], text: str) -> bool:
    """Whether the places elsewhere lie in ``ROUNDUP_PLACES`` or more cities that do not meet, of as many provinces
    (惠阳, 成都双流 and 平湖: a legal explainer's cases; not 深圳平湖 and 香港, nor 陕西渭南富平): no one place. Names
    written one after another (深圳南山南头街道) are one place; a province meets the cities in it."""
    groups: list[tuple[set[str], set[str], int]] = []  # (cities, provinces, end) of the places that meet
    for name, (start, end) in outside:
        cities = with_cities({name, f"{name}街道", f"{name}镇"}, gaz)
        provinces = {
            gaz.provinces[f] for c in cities for f in (c, f"{c}市", f"{c}区", f"{c}县") if f in gaz.provinces
        }
        for group in [
            g for g in groups
            if g[0] & cities or g[0] & provinces or cities & g[1] or g[1] & provinces & CITY_LIKE
            or OWNER_GAP.match(text[g[2] : start] if g[2] <= start else "-")
        ]:  # fmt: skip
            groups.remove(group)
            cities, provinces, end = cities | group[0], provinces | group[1], max(end, group[2])
        groups.append((cities, provinces, end))
    if len(groups) < ROUNDUP_PLACES:
        return False
    # … and in as many provinces (商丘、郑州 and 上海, or 大理, 昆明 and 丽江, are one region's news)
    regions: list[set[str]] = []
    for _cities, provinces, _end in groups:
        for region in [r for r in regions if r & provinces]:
            regions.remove(region)
            provinces = provinces | region
        regions.append(provinces or {str(len(regions))})
    return len(regions) >= ROUNDUP_PLACES


def _owned_elsewhere(span: tuple[int, int], outside: list[tuple[str, tuple[int, int]]], text: str) -> bool:
    """A Zhongshan name inside a longer outside name (深圳的南头街道) or right after one (太仓沙溪镇)."""
    for _name, (start, end) in outside:
        if start <= span[0] and span[1] <= end and (end - start) > (span[1] - span[0]):
            return True
        if end <= span[0] and OWNED_GAP.match(text[end : span[0]]):
            return True
    return False


def _short(name: str) -> str:
    return re.sub(r"(?<=..)(?:市|区|县|镇|街道)$", "", name)


def _names(gaz: Gazetteer, found: list[tuple[str, tuple[int, int]]]) -> tuple[str, ...]:
    """The places elsewhere named, by their short names (防城港, 港口)."""
    return tuple(dict.fromkeys(_short(name) for name, _span in found))


def with_cities(names, gazetteer: Gazetteer | None = None) -> set[str]:
    """Places elsewhere and the cities they lie in (黄埔 → 黄埔, 广州), by their short names, so that two tellings
    naming a district and its city meet; provinces are left out (攀枝花 and 防城港 do not meet)."""
    gaz = gazetteer or load_gazetteer()
    out: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        for form in (name, f"{name}市", f"{name}区", f"{name}县"):
            for city in gaz.within.get(form, ()):
                if _short(city) not in out:
                    todo.append(_short(city))
        out.add(name)
    return out


def province_fits(a: set[str], b: set[str], gazetteer: Gazetteer | None = None) -> bool:
    """Whether one side names only provinces and the other a place inside one of them (湖南 and 永州)."""
    gaz = gazetteer or load_gazetteer()

    def region(names) -> set[str]:
        return {
            gaz.provinces[form] for name in with_cities(names, gaz)
            for form in (name, f"{name}市", f"{name}区", f"{name}县") if form in gaz.provinces
        }  # fmt: skip

    def only_provinces(names) -> bool:
        return bool(names) and all(gaz.provinces.get(n) == _province(n) for n in names)

    return any(only_provinces(x) and x & region(y) for x, y in ((a, b), (b, a)))


def assign_district(text: str, region: str | None = None, gazetteer: Gazetteer | None = None) -> District:
    """The 镇街 a post is about, with a confidence and a reason officers can read.

    >>> assign_district("坦洲界狮南路一工地欠薪").name
    '坦洲镇'
    >>> assign_district("广州南区一工地欠薪").name
    'out_of_area'
    >>> assign_district("黃圃鎮一間家電配件廠欠薪").name
    '黄圃镇'
    """
    gaz = gazetteer or load_gazetteer()
    raw = text or ""
    text = to_simplified(raw)
    script: list[bool] = []  # whether the post is written in traditional characters, once asked

    def traditional() -> bool:
        if not script:
            script.append(written_traditional(raw, text))
        return script[0]

    found = _outside_hits(gaz, text, traditional)
    named = _hits(gaz, text)
    if denied := denials(text):  # 不是中山沙溪: the place denied is no cue (not 不是中山人, 老板不是中山的)
        denied = [d for d in denied if any(h[0] == d[1] for _n, h in named)]
        # … nor is any other mention of the name denied (那个沙溪是太仓的沙溪镇，不是中山沙溪: round 17)
        gone = {_short(n) for n, h in named if any(h[0] == end for _start, end in denied)}
        named = [(n, h) for n, h in named if _short(n) not in gone]
    if not found and not named:  # no place at all (half the posts): what the steps below conclude then
        lingo = [] if _zhongshan(text) or not _any_lingo(gaz, text) else _lingo_said(gaz, text, traditional)
        return _lingo_district(gaz, lingo) if lingo else _nowhere(region)
    ends = {o[1] for _n, o in found}
    around = [
        (n, o) for n, o in found
        if (len(n) > 3 or o[0] in ends or _starts_a_word(text, o)) and not (n[-1] == "区" and text[o[1] : o[1] + 1] == "域")
    ]  # fmt: skip  # 湖南永州: a city right after its province; 湖滨区域 is a lakeside area, not 三门峡's 湖滨区
    # a short name starting at the suffix of a full name elsewhere is a misreading (镇一 in 清溪镇一家)
    if around and named:
        named = [
            (n, h)
            for n, h in named
            if not any(o[0] < h[0] < o[1] < h[1] and FULL.search(m) for m, o in around)
        ]
    hits = [(name, span) for name, span in named if not _owned_elsewhere(span, around, text)]
    # an outside name overlapping a Zhongshan name it does not contain is a misreading (镇海 in 古镇海洲)
    around = [(n, o) for n, o in around if not any(h[0] < o[1] and o[0] < h[1] for _n, h in hits)]
    outside = _outside_mentions(text, around) if around else []
    outside += [
        (place, span) for name, span in hits if (place := _elsewhere(gaz, name, text, span))
    ]  # 凤凰古镇: an old town elsewhere
    # places of three or more provinces side by side (a legal explainer's cases, a list of cities) name no one place
    if len(outside) >= ROUNDUP_PLACES and _roundup(gaz, outside, text):
        outside = []
    masked = text
    for start, end in [span for _name, span in hits] + denied:  # (and the 中山 of a denial)
        masked = masked[:start] + "□" * (end - start) + masked[end:]
    # where someone only lives or comes from does not decide when a workplace elsewhere is named (我住坦洲，在珠海
    # 开工; 坦洲人在珠海打工), and that home named again (喺坦洲投诉) is still the home
    if outside:
        home = {
            n for n, span in hits
            if HOME_BEFORE.search(text[max(0, span[0] - 6) : span[0]]) or ORIGIN_AFTER.match(text[span[1] : span[1] + 6])
        }  # fmt: skip
        hits = [(n, span) for n, span in hits if n not in home]
    city = _zhongshan(masked)
    strong = [
        (name, span) for name, span in hits
        if any(not p.needs_context for p in gaz.places[name]) and not _trapped(gaz, name, text, span)
    ]  # fmt: skip
    has_context = bool(city) or bool(strong)
    # words only another place uses (港铁, 强积金, 劳基法: elsewhere.tsv) name a place elsewhere when nothing names
    # Zhongshan for sure
    lingo = [] if has_context or not _any_lingo(gaz, text) else _lingo_said(gaz, text, traditional)
    accepted: list[tuple[str, tuple[int, int], Place, float]] = []  # name, span, place, trust
    pending: list[tuple[str, tuple[int, int], Place]] = []
    for name, span in hits:
        if _trapped(gaz, name, text, span):
            continue
        for place in gaz.places[name]:
            if place.needs_context and place.kind in ("村", "社区") and ROAD_AFTER.match(text[span[1] :]):
                place = replace(place, kind="道路")
            if not place.needs_context:
                accepted.append((name, span, place, 1.0))
            elif has_context:
                accepted.append((name, span, place, 0.9))
            elif (
                place.kind in PLACE_USE_KINDS
                and (
                    _used_as_place(gaz, name, text[span[1] : span[1] + 10])
                    or (
                        place.kind in ("镇街", "别名")
                        and name not in gaz.namesakes
                        and GO_BEFORE.search(text[: span[0]])
                    )
                )
                # a village name used as a place, unless the poster is elsewhere (Weibo region 湖南)
                and (place.kind in ("镇街", "别名") or not region or region in REGION_HINT)
            ):
                accepted.append((name, span, place, PLACE_USE_TRUST))
            else:
                pending.append((name, span, place))
    how = ""
    corroborated = False  # two different context-gated names of one 镇街 side by side (古镇 + 灯博会 + 灯饰)
    by_town: dict[str, list] = {}
    for name, span, place in pending:
        by_town.setdefault(place.town, []).append((name, span, place))
    for items in by_town.values():
        spans = {(name, span) for name, span, _ in items}
        disjoint = any(
            a[0] != b[0] and (a[1][1] <= b[1][0] or b[1][1] <= a[1][0]) for a in spans for b in spans
        )  # two different names, side by side
        if disjoint or any(p.town == items[0][2].town for _, _, p, _ in accepted):
            accepted.extend((name, span, place, 0.7) for name, span, place in items)
            how = "（多条线索互证）"
            corroborated = corroborated or (disjoint and any(p.kind != "产业" for _, _, p in items))
    # cues that confirm each other outweigh one short name elsewhere (六坊云龙舞: 云龙 is also a county)
    lone_short = len({n for n, _ in outside}) == 1 and len(outside[0][0]) <= 2 if outside else False
    if outside and not has_context and not (corroborated and lone_short):
        # another place named, and the Zhongshan readings rest on context-gated names only
        return District(OUT_OF_AREA, 0.8, f"{outside[0][0]} → 市外", (), _names(gaz, outside))
    local = any(
        weight == PLACE_USE_TRUST and place.kind in LOCAL_OVER_LINGO and name not in gaz.shared
        for name, _s, place, weight in accepted
    )  # (良都那个保障房工地 … 二判: round 17)
    if lingo and not outside and not corroborated and not local:
        return _lingo_district(gaz, lingo)
    if not accepted and pending and (region or "") in REGION_HINT:
        usable = [(n, s, p) for n, s, p in pending if n not in gaz.traps]
        accepted.extend((name, span, place, 0.4) for name, span, place in usable)
        how = f"（仅凭地名，发布于{region}）" if usable else ""
    # a name found in two 镇街 (马安村 of 黄圃 and of 南朗, 濠涌村 of 沙溪 and of 南朗) names neither on its
    # own: it only supports a 镇街 that an unambiguous cue names (黄圃马安村 → 黄圃镇)
    shared = [hit for hit in accepted if len({p.town for p in gaz.places[hit[0]]}) > 1]
    if shared:
        named = {
            place.town for name, _s, place, _w in accepted
            if place.kind != "产业" and len({p.town for p in gaz.places[name]}) == 1
        }  # fmt: skip
        accepted = [hit for hit in accepted if hit not in shared or hit[2].town in named]
    # a signature industry only supports another cue; alone it names no 镇街 (那家电子厂 is not 南头's 家电)
    backed = {place.town for _n, _s, place, _w in accepted if place.kind != "产业"}
    accepted = [hit for hit in accepted if hit[2].kind != "产业" or hit[2].town in backed]
    # a name inside a longer accepted name does not count twice (坦洲镇 also contains 坦洲)
    accepted = [
        hit for hit in accepted
        if not any(o[1][0] <= hit[1][0] and hit[1][1] <= o[1][1] and o[1] != hit[1] for o in accepted)
    ]  # fmt: skip
    accepted = _workplace_over_home(text, accepted)
    towns_named = list(dict.fromkeys(p.town for _n, _s, p, _w in accepted if p.kind in ("镇街", "别名")))
    if len(towns_named) >= ROUNDUP_TOWNS:
        return District(None, 0.0, f"{'、'.join(towns_named)} 等多个镇街同时出现，不是一个地点")
    if accepted:
        scores: dict[str, float] = {}
        trust: dict[str, float] = {}
        because: dict[str, list[str]] = {}
        for name, _span, place, weight in accepted:
            scores[place.town] = scores.get(place.town, 0.0) + KIND_WEIGHT.get(place.kind, 1.0) * weight
            trust[place.town] = max(trust.get(place.town, 0.0), weight)
            if name not in because.setdefault(place.town, []):
                because[place.town].append(name)
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        town, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = round(min(1.0, best / 5.0) * (best / (best + runner_up)) * trust[town], 2)
        reason = f"{'、'.join(because[town])} → {town}{how}"
        if len(ranked) > 1:
            reason += f"（另见 {'、'.join(t for t, _ in ranked[1:3])}）"
        places = tuple(dict.fromkeys(
            name for name, _span, place, _w in accepted if place.town == town and place.kind in LOCAL_KINDS
        ))  # fmt: skip
        return District(town, confidence, reason, places)
    if outside:
        # 中山 named as where someone arrived (2015年就到中山了, 来中山五年) tells only where they live: the next
        # mention of it decides (… 我家住中山坦洲, 在珠海前山做派件员 → the home; round 15)
        while (
            city
            and ARRIVED_BEFORE.search(masked[max(0, city.start() - 2) : city.start()])
            and ARRIVED_AFTER.match(masked[city.end() : city.end() + 4])
        ):
            city = ZHONGSHAN.search(masked, city.end())
        # 中山 named as where someone comes from or only lives (我家住中山，在珠海开工) is no workplace
        just_before = masked[max(0, city.start() - 4) : city.start()] if city else ""
        about_zs = city and not (
            ORIGIN_BEFORE.search(just_before)
            or HOME_BEFORE.search(just_before)
            or ORIGIN_AFTER.match(masked[city.end() : city.end() + 6])
        )
        # 中山 in a list of cities (在上海、成都、中山分别过什么日子): a comparison, not one place
        listed = about_zs and any(
            (end == city.start() - 1 and masked[end] in LIST_MARKS)
            or (start == city.end() + 1 and masked[city.end()] in LIST_MARKS)
            for _name, (start, end) in outside
        )
        if listed:
            return District(None, 0.0, f"中山与{'、'.join(_names(gaz, outside)[:3])}并列，不是一个地点")
        if not about_zs or outside[0][1][0] < city.start():
            return District(OUT_OF_AREA, 0.8, f"{outside[0][0]} → 市外", (), _names(gaz, outside))
        return District(None, 0.0, f"提到中山和 {outside[0][0]}，未见镇街线索")
    if shared:
        towns = dict.fromkeys(p.town for name, _s, _p, _w in shared for p in gaz.places[name])
        names = "、".join(dict.fromkeys(name for name, _s, _p, _w in shared))
        return District(None, 0.0, f"{names} 在{'、'.join(towns)}都有，无法单凭地名确定镇街")
    if hits:
        return District(None, 0.0, f"{'、'.join(dict.fromkeys(n for n, _ in hits))} 有歧义，未见中山语境")
    return _nowhere(region)


def _workplace_over_home(text: str, accepted: list) -> list:
    """Where someone only lives (我住在康逸豪园附近, 家住南区) does not decide when a place of another 镇街 is
    named that is not a home: the workplace does, inside Zhongshan as against a place elsewhere. A 镇街 counts
    as a home when every one of its names is written after 住/家住/住在…"""
    towns: dict[str, bool] = {}  # 镇街 -> only named as a home
    for _name, (start, _end), place, _w in accepted:
        at_home = bool(HOME_BEFORE.search(text[max(0, start - 6) : start]))
        towns[place.town] = towns.get(place.town, True) and at_home
    if len(towns) < 2 or all(towns.values()) or not any(towns.values()):
        return accepted
    return [hit for hit in accepted if not towns[hit[2].town]]


@lru_cache(maxsize=256)
def _nowhere(region: str | None) -> District:
    """No place named (half the posts): one answer for each region, made once (a District is frozen)."""
    return District(None, 0.0, f"无地点线索{_hint(region)}")


def _hint(region: str | None) -> str:
    return f"（发布于 {region}）" if region else ""


def _lingo_district(gaz: Gazetteer, lingo: list[str]) -> District:
    """Out of the area by the words only another place uses (``lingo``, in the order of ``gaz.lingo``)."""
    where = gaz.lingo[lingo[0]]  # 香港, 澳门, 台湾 name a place to match retellings by; 其他城市 none
    named = (where,) if where in gaz.provinces else ()
    return District(OUT_OF_AREA, 0.7, f"{'、'.join(lingo[:3])}（{where}用语）→ 市外", (), named)
