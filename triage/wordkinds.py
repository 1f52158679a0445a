"""What kind of word two tellings of a case share, and what it is worth (issue 11, round 7).

A rare word is not always a telling one. Two kinds differ most in what they say about the case:

- a **brand**: the name of one business or site, found by its form: an employer's name without its kind
  (宏达 of 宏达五金厂), an estate or a project without its phase (翠湖湾 of 翠湖湾花园三期), a shop's name in
  corner brackets (『华辉茶餐厅』). One 镇街 rarely holds two businesses of one name, so a brand two tellings
  share is strong evidence even when it is an everyday word (宏达, 华美, 美的 are common words in the
  dictionary, which gives them little weight): it counts at least ``brand_weight``;
- a **trade word**: what is made or done (电镀, 电镀厂, 小家电, 抹灰, 装修): a town holds many shops of one
  trade (小榄 hardware, 古镇 lighting), and the trade is compared on its own already (``trade_bonus``), so
  the word counts ``trade_word_share`` of its weight.

- a **story word**: a verb or an adjective of jieba's dictionary (停产, 不见, 付给) or a closing however said
  (执笠, 结业): it tells what happened, which befalls many businesses, so it counts ``story_word_share``.

A village, an industrial park or a road is none of these: many businesses share one; they keep their weight, but
only between tellings at most ``place_days`` apart (weeks later, a road or a village shared is another case there),
and a village both name counts once, as the village (``casefigures``), not again as a shared word (round 8b).
An employer's name vetoes another only when it is a name (``name_like``): 工程, 建材, 钢结构 (a trade), 多次找 or
三乡一 (words of the sentence cut before 公司) say which kind of business, not which one.
A brand of one telling counts as a brand of both when the other writes the same word without its kind (宏达嗰边)
and the dictionary knows it only as a proper noun or not at all (an everyday word cut from an employer's name,
承包 or 机械, is no brand). ``casefacts.retold`` also lets two head counts told differently (十几个 and 23人)
stand when a brand both name is shared.

    brands("宏达五金厂的工人在翠湖湾花园三期干活", {"宏达"})      # {"宏达", "翠湖湾"}
    trade_word("电镀厂"), trade_word("宏达五金")                # True, False
    place_word("东阜公路"), name_like("钢结构"), name_like("康晟")  # True, False, True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from triage import mergesettings
from triage.casewords import QUOTED, ROAD, _jargon, _name_core, _towns, sites

# the products and trades an employer's name may carry after its brand (宏达五金 → 宏达): data/name_products.txt
PRODUCTS = "|".join(
    line.strip()
    for line in (Path(__file__).parent / "data" / "name_products.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)
# what kind of business a word names, without saying which: 厂, 公司, 作坊, 车间 …
KIND_TAIL = re.compile(
    r"(?:有限公司|公司|集团|工厂|加工厂|厂房|厂|作坊|车间|档口|店|铺|场|行|队|班组|工程|项目|生意)$"
)
# the estates and sites that are one project (花园, 苑, 大厦 …), not the parks and markets many firms share
PLACE_SITES = ("工业中心", "工业园", "工业区", "科技园", "市场", "中心")

_M = mergesettings.load()
# a brand shared counts at least BRAND_WEIGHT; a trade word TRADE_WORD_SHARE of its weight
BRAND_WEIGHT, TRADE_WORD_SHARE = _M["brand_weight"], _M["trade_word_share"]
STORY_WORD_SHARE = _M["story_word_share"]
PLACE_DAYS = _M["place_days"]  # a shared place counts only for tellings this many days apart at most
# a place many businesses share, by the end of its name (沙仔村, 城南社区, 步行街); a road by casewords.ROAD (东阜公路)
PLACE_END = re.compile(r"..(?:村|社区|工业区|工业园|产业园|广场|商场|市场|大街|步行街)$")
# the kinds of gazetteer entry that are such places (not a 镇街 and its aliases, compared on their own; not a trade)
PLACE_KINDS = frozenset({"村", "社区", "道路", "地标", "园区"})
# the kinds of word jieba's dictionary tags as verbs and adjectives (不见, 停产, 付给, 清洁)
STORY_TAGS = frozenset({"v", "vd", "vi", "vq", "a", "ad"})


# the tags of proper nouns (names of people, organisations and things: 宏达 and 华美 are nz); places (ns) are not
PROPER_TAGS = frozenset({"nz", "nt", "nr", "nrt", "nrfg"})


@cache
def _tagged() -> tuple[frozenset[str], frozenset[str]]:
    """Of jieba's dictionary: the verbs and adjectives, and the proper nouns (one read, ≈0.3 s)."""
    import jieba

    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")

    def tagged(tags: frozenset[str]) -> frozenset[str]:
        return frozenset(re.findall(rf"^(\S+) \d+ (?:{'|'.join(sorted(tags))})$", text, re.M))

    return tagged(STORY_TAGS), tagged(PROPER_TAGS)


@cache
def story_word(word: str) -> bool:
    """Whether a word tells what happened rather than to whom: a verb or an adjective (停产, 不见), which befalls
    many businesses, not which business it befell; or a closing however said (执笠, 结业: ``casedetails.EVENTS``,
    counted as the event besides)."""
    from triage.casedetails import EVENTS

    return word in _tagged()[0] or any(p.fullmatch(word) for p in EVENTS.values())


@cache
def _can_be_brand(word: str) -> bool:
    """A word the dictionary does not know (康晟, 旭景), or knows as a proper noun (宏达, 华美); not an everyday
    word that an employer's name was cut down to by mistake (承包, 机械, 模具), not a place (台山, 起湾)."""
    from classifier.text import tokenizer
    from triage.casewords import _common
    from triage.districts import load_gazetteer

    gazetteer = load_gazetteer()
    if (
        word in _common()
        or word in gazetteer.places
        or word in gazetteer.outside_names
        or word + "村" in gazetteer.places
    ):
        return False
    return not tokenizer().FREQ.get(word) or word in _tagged()[1]


@cache
def _trade_pattern() -> re.Pattern:
    from triage.casedetails import _trade_words

    pattern, _words = _trade_words()
    return re.compile(f"{pattern.pattern}|{PRODUCTS}")


@cache
def trade_word(word: str) -> bool:
    """Whether a word names a trade and nothing more: a trade or product word, with at most a kind of
    business around it (电镀, 电镀厂, 小家电, 抹灰, 装修队), or a trade's jargon (停跑, 铜料: ``casewords._jargon``),
    not a brand that carries its trade (宏达五金)."""
    if word in _jargon()[1]:
        return True  # 停跑 says which trade, not which case (round 15)
    rest = _trade_pattern().sub("", word)
    while (shorter := KIND_TAIL.sub("", rest)) != rest:
        rest = shorter
    return rest != word and len(re.findall(r"[\u4e00-\u9fffa-z]", rest)) < 2


def brands(plain: str, employers: set[str]) -> set[str]:
    """The names of one business or site in a (simplified) text: the employers' names (their cores, as
    ``casefacts`` found them), estates and projects without their phase, shops named in corner brackets;
    not a town, and not a word that only names a trade."""
    found = {e for e in employers if len(e) >= 2}
    for match in sites(plain):
        if match.group(0)[len(match.group("core")) :].startswith(PLACE_SITES):
            continue  # an industrial park or a market holds many businesses
        core = _name_core(match.group("core"))
        if len(core) >= 2 and not re.search(r"(?:项目|工程|工地|住宅|厂房|楼盘|度假|小区)$", core):
            found.add(core)
    if "『" in plain:  # (what QUOTED needs: most texts quote nothing)
        found |= {m.group("q") for m in QUOTED.finditer(plain)}
    return {
        b
        for b in found
        if b not in _towns() and not trade_word(b) and re.search(r"[\u4e00-\u9fff]", b) and _can_be_brand(b)
    }


def _branded(word: str, named: set[str]) -> bool:
    return any(len(b) >= 2 and (word in b or b in word) for b in named)


def _brand_of_both(word: str, post_brands: set[str], lead_brands: set[str]) -> bool:
    """A brand of both tellings, or of one when the other wrote the same name without its kind (宏达五金厂 and
    宏达嗰边): a word the dictionary knows only as a proper noun, or not at all."""
    mine, theirs = _branded(word, post_brands), _branded(word, lead_brands)
    return (mine and theirs) or ((mine or theirs) and _can_be_brand(word))


def branded(words: list[tuple[str, float]], post_brands: set[str], lead_brands: set[str]) -> bool:
    """Whether one of the shared words is a brand of both tellings."""
    return any(_brand_of_both(w, post_brands, lead_brands) for w, _ in words)


def names_one(words: list[tuple[str, float]], post_brands: set[str], lead_brands: set[str]) -> bool:
    """Whether a shared word is, or holds, a name of two to four characters that lies inside or around a brand of each
    telling (round 12): 康晟 of 康晟电子科技有限公司 and of 康晟厂, 锦华隆 in 锦华隆五金; a name (``name_like``: not a
    trade, an everyday word or a place), not 业主先知道 cut from a sentence. A rare word that names nothing (熏晕, 采摘工)
    does not count: templates told of other towns and months share those."""
    for word, _w in words:
        short = (
            [word] if len(word) <= 4 else [b for b in post_brands | lead_brands if len(b) <= 4 and b in word]
        )
        for name in short:
            if (
                len(name) >= 2
                and _branded(name, post_brands)
                and _branded(name, lead_brands)
                and name_like(name)
                and not place_word(name)
            ):
                return True
    return False


def worth(
    words: list[tuple[str, float]], post_brands: set[str], lead_brands: set[str]
) -> list[tuple[str, float]]:
    """The shared words with what each is worth by its kind: a brand of both tellings at least
    ``BRAND_WEIGHT``, a trade word ``TRADE_WORD_SHARE`` of its weight, any other word its weight."""
    out = []
    for word, weight in words:
        if _brand_of_both(word, post_brands, lead_brands):
            weight = max(weight, BRAND_WEIGHT)
        elif trade_word(word):
            weight = round(weight * TRADE_WORD_SHARE, 2)
        elif story_word(word):
            weight = round(weight * STORY_WORD_SHARE, 2)
        out.append((word, weight))
    return out


@cache
def place_word(word: str) -> bool:
    """Whether a word names a place many businesses share: a village or community, a road, a park, a landmark
    of the gazetteer (沙仔, 沙仔村, 大信新都汇, 兴中道), or a word of that form (东阜公路, 城南社区)."""
    from triage.districts import load_gazetteer

    places = load_gazetteer().places
    kinds = {p.kind for name in (word, word + "村") for p in places.get(name, ())}
    return bool(kinds & PLACE_KINDS) or bool(PLACE_END.search(word) or ROAD.fullmatch(word))


def placed(words: list[tuple[str, float]], villages: set[str], gap: int | None) -> list[tuple[str, float]]:
    """The shared words less what a place says twice or too late: a word that is the village both tellings name
    (it counts once, as the village), and any shared place when the tellings lie more than ``PLACE_DAYS`` apart
    (a road or a village holds many cases over the weeks)."""
    far = gap is not None and gap > PLACE_DAYS
    if not (villages or far):
        return words  # (most pairs: nothing to take away)
    return [
        (w, v)
        for w, v in words
        if not any(w in x or x in w for x in villages) and not (far and place_word(w))
    ]


@cache
def name_like(word: str) -> bool:
    """Whether an employer's name, as ``casefacts`` cut it, names one business: a word the dictionary does not know
    or knows as a proper noun (康晟, 宏达, 豪元), not a trade (钢结构, 建材), not words of the sentence run together
    (多次找, 管外地, 担心), not "a …" after a place (三乡一 of 中山三乡一酒店) and not a branch named by its place
    (大埔分 of 大埔分店, 观塘分 of 观塘分店: where the business is, not which one; round 15)."""
    from triage.casewords import _made_up

    return (
        _can_be_brand(word)
        and not trade_word(word)
        and not _made_up(word)
        and not word.endswith("一")
        and not (len(word) > 2 and word.endswith("分"))  # not 满分, a name
    )
