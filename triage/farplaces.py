"""Places elsewhere found other than by the scan of ``outside_places.tsv`` (issue 11, round 12; used by
``triage.districts``): every town of China by its full name, read back from its suffix (``places/towns_china.tsv``);
places abroad (``places/abroad.tsv``), which count only where the text puts the story there; and places whose names are
ordinary words too (``places/gated_elsewhere.tsv``), which count only before an office or a site. (Places abroad and the
sites are found by the scan of ``districts._outside_hits``; the checks of them are here.)"""

from __future__ import annotations

import re
from collections.abc import Callable

from classifier.text import nfkc
from triage.gazetteer import Gazetteer

TOWN_SUFFIX = re.compile("镇|乡|街道|苏木")
# a place abroad is where the story happens when work is named right after it (迪拜打工, 大马一间海鲜楼, 塞尔维亚的工地,
# 纽约一家餐饮集团)
# or when 在/去/到 … stands before it and its clause tells work (在美国开卡车; not 好像在东南亚, 生在美国, 去马尔代夫度假)
ABROAD_BEFORE = re.compile(r"(?:在|喺|去|到|赴|派往|派到|外派|出国到?|劳务输出到?)$")
ABROAD_AFTER = re.compile(
    r"^(?:打工|务工|做工|做嘢|开工|上班|干活|工地|地盘|项目|工程)"
    r"|^(?:的|那边|嗰边|当地)?(?:一[家间个处座]|的)[^，。！？,.!?\s]{0,4}(?:厂|公司|集团|餐馆|餐厅|酒楼|楼|矿|农场|工地|地盘|项目)"
)
ABROAD_WORK = re.compile(
    r"打工|务工|做工|做嘢|开工|上班|干活|工作|工地|地盘|项目|工程|工厂|厂|公司|餐馆|餐厅|酒楼|矿|农场|开[卡货]?车|收银|做了"
    r"|欠薪|拖欠|工资|人工|工钱|老板|老细"
)
# a county's court, bureau or government (景县法院, 天台县人民政府) or a site (天后维景花园, 火炭穗禾路; an office since
# round 15: 西环的总办事处, 西环嗰间判头公司写字楼) after a place elsewhere whose name is an ordinary word too
# (places/gated_elsewhere.tsv) makes it a place
OFFICES = ("法院", "检察院", "人社", "人力资源", "劳动局", "劳动监察", "劳动仲裁", "仲裁委", "公安", "派出所", "政府", "县委",
           "区委", "工会", "住建", "信访")  # fmt: skip
OFFICE = re.compile("|".join(OFFICES))
# where an office's name may start: its first character before its second (found quicker than OFFICE; a fifth of
# the posts hold one)
OFFICE_START = re.compile(
    f"[{''.join(sorted({w[0] for w in OFFICES}))}](?=[{''.join(sorted({w[1] for w in OFFICES}))}])"
)
SITE_AFTER_NAME = re.compile(
    r"^(?:嘅|的|[嗰那呢这一][间个家])?(?:[^\s，。的嘅]{0,4}(?:路|街|道|花园|苑|邨|站|广场|大厦|中心|地盘|商场|写字楼|办事处|办公室)"
    r"|一?[间个]地盘|嗰[度边])"
)
# a county's zone between its name and its office (平原示范区劳动监察大队, X经开区人社局)
ZONE_BEFORE = re.compile(r"(?:城乡一体化示范区|示范区|经济技术开发区|经开区|开发区|高新区|新区)$")
CLAUSE_END = re.compile(r"[，。！？,.!?；;\n]")
# a Taiwan township's short name that is a word or a village name too (板桥, 三重, 新店: ``script-site`` in
# places/gated_elsewhere.tsv) is a place in a post written in traditional characters when a pointing word, a site or
# Taiwan's district court follows it (板橋那間公司, 三重一間工廠, 板橋地院)
SCRIPT_PLACE_AFTER = re.compile(r"^(?:[嗰那呢这一某有][间家个座处]|地院|地检)")
# characters that traditional → simplified conversion changes: a post written in traditional ones
TRADITIONAL_MIN = 2


def written_traditional(raw: str, simplified: str) -> bool:
    """Whether a post is written in traditional characters: at least ``TRADITIONAL_MIN`` of its characters change
    when converted (``simplified``: ``triage.text.to_simplified(raw)``, which also makes full-width forms half-width,
    as ``nfkc`` does here, so that only the script is compared)."""
    plain = nfkc(raw)
    if len(plain) != len(simplified):
        return plain != simplified
    changed = 0
    for a, b in zip(plain, simplified, strict=True):
        if a != b:
            changed += 1
            if changed >= TRADITIONAL_MIN:
                return True
    return False


def gated_hits(gaz: Gazetteer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """Places elsewhere whose names are words too named before an office (景县法院, 天台县人民政府), read back from the
    office's name."""
    found = []
    for at in OFFICE.finditer(text) if gaz.gated and OFFICE_START.search(text) else ():
        last = at.start() - 2 if text[at.start() - 2 : at.start()] == "人民" else at.start()
        if zone := ZONE_BEFORE.search(text[max(0, last - 9) : last]):  # 平原示范区劳动监察大队 (round 17)
            last -= len(zone.group())
        for end in (last, last - 1) if last and text[last - 1] in "区县市" else (last,):
            if k := next((k for k in (4, 3, 2) if gaz.gated.get(text[max(0, end - k) : end]) == "office"), 0):
                found.append((text[end - k : end], (end - k, end)))
                break
    return found


# a town elsewhere named without its 镇/乡/街道 (安宁渠那个砖厂, round 17): its short name of three characters or more
# right before a pointing word and a workplace (那个砖厂, 一家工厂, 嗰间地盘); read back from the pointing word, as an
# office's county is (``gated_hits``)
POINT_AT_WORK = re.compile(
    r"(?:那个|那家|那间|这个|这家|这间|一个|一家|一间|嗰间|嗰个|呢间)(?=[\u4e00-\u9fff]{0,4}"
    r"(?:厂|公司|工地|项目|工程|地盘|矿|酒店|酒楼|餐厅|饭店|学校|医院|工场))"
)
TOWN_SHORT_LENGTHS = (6, 5, 4, 3)
# short names that are no town's own: a short name ending in a place word many towns and cities have (火车站街道 →
# 火车站, 南市场, 东大街) or an ethnic name (…族)
TOWN_SHORT_GENERIC = re.compile(
    r"(?:路|街|道|村|庄|屯|市场|广场|车站|站|公园|码头|机场|医院|工业园|园区|开发区|新区|城区|社区|族|门外|门内)$"
)


# the tables a gazetteer's towns' short names were made from (kept, so that their ids stay theirs) and the names, by id
_SHORTS: dict[tuple[int, int, int], tuple[object, object, object, frozenset[str]]] = {}


def town_shorts(gaz: Gazetteer) -> frozenset[str]:
    """The short names (安宁渠 of 安宁渠镇) of the towns elsewhere (``gaz.far_towns``) that may be read back from a
    pointing word: three characters or more, not a Zhongshan name nor one the scan finds, no word of jieba's
    dictionary (火车站, 工业园, 武当山), none ending in a place word many towns have (``TOWN_SHORT_GENERIC``)."""
    key = (id(gaz.far_towns), id(gaz.places), id(gaz.near))
    if key in _SHORTS:
        return _SHORTS[key][3]
    from classifier.text import tokenizer

    words = tokenizer()
    words.check_initialized()
    out = set()
    for name in gaz.far_towns:
        short = name[:-2] if name.endswith(("街道", "苏木")) else name[:-1]
        if (
            len(short) >= 3
            and short not in gaz.places
            and short not in gaz.near
            and not words.FREQ.get(short)
            and not TOWN_SHORT_GENERIC.search(short)
        ):
            out.add(short)
    _SHORTS[key] = (gaz.far_towns, gaz.places, gaz.near, frozenset(out))
    return _SHORTS[key][3]


def town_short_hits(gaz: Gazetteer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """Towns elsewhere named by their short names before a pointing word and a workplace (安宁渠那个砖厂)."""
    found = []
    shorts = None
    for at in POINT_AT_WORK.finditer(text):
        end = at.start()
        if end < 3:
            continue
        if shorts is None:
            shorts = town_shorts(gaz)
        if k := next((k for k in TOWN_SHORT_LENGTHS if end >= k and text[end - k : end] in shorts), 0):
            found.append((text[end - k : end], (end - k, end)))
    return found


def site_named(gaz: Gazetteer, name: str, text: str, end: int, traditional: Callable[[], bool]) -> bool:
    """Whether a place the scan found may be a place here: any but a site whose name is an ordinary word too, and that
    one when a road, an estate or a site follows it (天后维景花园, 火炭穗禾路; not 天后诞, 烧火炭); a Taiwan township's
    short name that is a village's too (新庄, 土城) in a post written in traditional characters (``traditional``), and
    one that is a word too (板桥, 三重, 新店) there when a pointing word, a site or a court follows it."""
    gate = gaz.gated.get(name)
    if gate is None:
        return True
    after = text[end : end + 10]
    if gate == "site":
        return bool(SITE_AFTER_NAME.match(after))
    if gate == "script":  # (not 新莊村: a village of that name may be anywhere)
        return not after.startswith(("村", "社区")) and traditional()
    if gate == "script-site":
        return bool(SITE_AFTER_NAME.match(after) or SCRIPT_PLACE_AFTER.match(after)) and traditional()
    return True


def far_towns(gaz: Gazetteer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """The towns of China named in full (黄花镇, 新华街道), read back from each 镇, 乡, 街道 or 苏木."""
    found: list[tuple[str, tuple[int, int]]] = []
    for at in TOWN_SUFFIX.finditer(text):
        end = at.end()
        for length in gaz.far_lengths:
            if (
                end - length >= (found[-1][1][1] if found else 0)
                and text[end - length : end] in gaz.far_towns
            ):
                found.append((text[end - length : end], (end - length, end)))
                break
    return found


def story_abroad(gaz: Gazetteer, name: str, text: str, start: int, end: int) -> bool:
    """Whether the text puts the story at a place abroad: 在迪拜, 去马来西亚, 塞尔维亚的工地, 大马一间海鲜楼."""
    after, not_after = text[end : end + 30], gaz.abroad[name]
    if not_after and not_after.match(after):
        return False
    if ABROAD_AFTER.match(after):
        return True
    clause = after[: m.start()] if (m := CLAUSE_END.search(after)) else after
    return bool(ABROAD_BEFORE.search(text[max(0, start - 5) : start]) and ABROAD_WORK.search(clause))
