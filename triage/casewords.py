"""The words that tell one case from another: names (康晟, 名匠轩, 风景海岸, 乐丰二路) and rare details
(电饭煲, 轮毂, 刨木机, 奋斗者协议), weighted by how rare they are in ordinary text.

A retelling of a case on another platform or in another dialect shares few sentences with the
first telling but keeps its names and details. How telling a shared word is depends on how rare it
is where no case is told:

- ``background_df.tsv``: in how many of 9,515 background texts (the classifier's hand-written
  corpus of complaints and chatter, and its consumer reviews) each word occurs; a word every
  complaint uses (老板, 工资, 工地, 讨薪) is no evidence;
- jieba's own dictionary frequency, for ordinary words our background happens to lack (尊敬, 过年);
- ``case_common.txt``: words an operator marks as never telling (the greetings of a 留言板 letter,
  the form words of a 12345 ticket), and the words jieba's dictionary tags as idioms, set phrases,
  numerals, time words or particles (实属无奈, 第三天): they say how a story is told, not which.

Words come from jieba's dictionary (no HMM: slower, and it runs words together into nonsense such
as 其及); a run of single characters the dictionary does not know is joined back into a word when it
holds no function character and at least one rare one (康/晟 → 康晟, not 钱/拖).

Names found by their form (an employer with its suffixes stripped: 康晟电子科技有限公司 → 康晟; an
estate without its phase: 风景海岸花园二期 → 风景海岸; a road; a village or park of the gazetteer) count
in full unless the background knows them, and match their shorter or longer forms (康晟 ↔ 康晟电子).

Round 4 (issue 11): the words only another place uses (``elsewhere.tsv``: 代通知金, 劳基法) weigh half, as a city's
name does, and one thing said two ways is one word (``case_synonyms.tsv``: 砼 is 混凝土, 批荡 is 抹灰).

    python -m triage.casewords       # rebuild background_df.tsv from classifier/data
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from classifier.text import tokenizer
from triage import mergesettings
from triage.text import to_simplified

DATA = Path(__file__).parent / "data"
BACKGROUND = DATA / "background_df.tsv"
COMMON = DATA / "case_common.txt"
SYNONYMS = DATA / "case_synonyms.tsv"
JARGON = DATA / "case_jargon.txt"
# from data/merge.toml [words] (triage.mergesettings): the most telling words of one post; of a long letter, the
# words of its first MAX_CHARS characters (its names come early); a word in COMMON_DF background texts tells
# nothing (weight 0), in none everything (1); words PARTIAL_MIN telling count when one holds the other (福利待遇)
_W = mergesettings.load()
MAX_TERMS, MAX_CHARS, COMMON_DF, PARTIAL_MIN = (
    _W["max_terms"],
    _W["max_chars"],
    _W["common_df"],
    _W["partial_min"],
)
NAME_MIN = 2
HAN = re.compile(r"[\u4e00-\u9fff]")
# an estate, site or venue by its name: 风景海岸花园二期, 御海莲花苑, 利和写字楼, 银牛岭度假酒店
SITE_KINDS = (
    r"花园|小区|家园|山水城|新城|广场|大厦|写字楼|苑|楼盘|度假区|度假村|度假酒店|山庄|"
    r"商业城|商城|市场|中心|工业中心|工业园|工业区|科技园"
)
SITE_PHASE = r"[一二三四五六七八九\d]{1,2}[、至到和]?[一二三四五六七八九\d]?期"
SITE = re.compile(
    rf"(?P<core>[\u4e00-\u9fff]{{2,6}}?)(?:(?:{SITE_KINDS})(?:[(（]?{SITE_PHASE})?|{SITE_PHASE})"
)
# what every SITE match holds after its name: a kind of site at most 6 characters after the match's start (its
# name), or the 期 of a phase at most 10 after (6 of name, 4 of phase); a text without either holds no site (most do
# not). (One pattern of kinds and phases, its character classes first, made every position of a text a try: slower.)
SITE_KIND = re.compile(SITE_KINDS)
# a road: 乐丰二路, 南头大道中, 东阜公路, 105国道; not 跑路, 堵路, 维权路 (a verb before 路 is no road name)
ROAD = re.compile(
    r"(?P<road>[\u4e00-\u9fff]{2,4}?(?<![跑堵塞走出上维思门后网电常理规马道权])(?:[一二三四五六七八九东西南北中]?路|大道|公路)"
    r"|\d{3}国道)"
)
# every ROAD match holds 路 or 道, at most 5 characters after its start
ROAD_END = re.compile("[路道]")


def sites(text: str) -> Iterator[re.Match]:
    """``SITE.finditer(text)``, the same matches, the text searched only from 6 characters before the first kind of
    site or 10 before the first 期, whichever comes first (no match starts earlier), and not at all without either."""
    kind, phase = SITE_KIND.search(text), text.find("期")
    if kind is None and phase < 0:
        return iter(())
    first = min(kind.start() - 6 if kind else len(text), phase - 10 if phase >= 0 else len(text))
    return SITE.finditer(text, max(0, first))


def roads(text: str) -> Iterator[re.Match]:
    """``ROAD.finditer(text)``, the same matches, searched only from 5 characters before the first 路 or 道."""
    first = ROAD_END.search(text)
    return ROAD.finditer(text, max(0, first.start() - 5)) if first else iter(())


# a shop's name in corner brackets: 『华辉茶餐厅』 (quoted speech and slogans are not names)
QUOTED = re.compile(r"『(?P<q>[^』]{2,12})』")
# characters a name hardly ever holds: function words, particles, Cantonese copulas; a word jieba made up
# (not in its dictionary) that holds one is two words run together (其及, 人系, 倾紧), not a name
FUNCTION_CHARS = frozenset(
    "的了是在不我你他她它们这那其及系但该说因话待紧条开即已受办为少可发没边都则一要足到过返同个下来去就也还又和与"
    "或而被把让给对向从由将于以之所着得地么吗呢吧啊呀嘛啦咗嘅喺哋嗰冇唔俾啲咁乜点度佢晒埋咩囉喎嘢有无没会能想用做叫"
    "再才很最多少几每各某此其另些点次后前里外内间家人话讲问等仲姓找肯落畀攞睇嚟啱咪揾搵噉啫喇啩咯罢出入欠拖讨"
)
# where a name stops: a function character, or a word of place or pointing (附近, 那个)
NAME_BREAK = re.compile(
    r"附近|旁边|对面|那边|这边|嗰边|一带|那个|这个|嗰个|[" + "".join(sorted(FUNCTION_CHARS)) + "]"
)
TOWN_CUT = re.compile(r"^.*(?:镇|区|市|街道|村|社区|路|街)(?=.{2,})")
PLACE_TAIL = re.compile(r"^.{1,2}(?:村|社区|路|区|镇|街)$")
GENERIC_SITE = re.compile(r"(?:项目|工程|工地|住宅|厂房|楼盘|度假|小区)$")
AGENCY_ENDS = "局厅办站所委院处科队"
RARE_CHAR = 2000  # a name the dictionary lacks holds at least one character rarer than this (晟, 霖, 渝)
NUMERAL_CHARS = re.compile(r"[零〇一二两三四五六七八九十百千万亿几数半廿卅]")
NUMERAL_START = re.compile(r"^[第零〇一二两三四五六七八九十百千万亿几数半廿卅]")
LEADING_NOISE = re.compile(r"^(?:在|于|喺|到|去|那|这|嗰|呢|个|间|家|一|的|某|近|附近|位于|旁边|对面)+")


@cache
def _background() -> tuple[int, dict[str, int]]:
    docs, df = 1, {}
    if BACKGROUND.exists():
        for line in BACKGROUND.read_text(encoding="utf-8").splitlines():
            if line.startswith("#docs"):
                docs = int(line.split("\t")[1])
            elif line and not line.startswith("#"):
                word, count = line.split("\t")
                df[word] = int(count)
    return docs, df


@cache
def _synonyms() -> tuple[re.Pattern | None, dict[str, str]]:
    """One thing said two ways (砼 and 混凝土, 批荡 and 抹灰): the word a retelling uses for the other's."""
    said: dict[str, str] = {}
    if SYNONYMS.exists():
        for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line and not line.startswith("#") and len(parts) >= 2 and parts[0] != "word":
                said[to_simplified(parts[0])] = parts[1]
    if not said:
        return None, said
    return re.compile("|".join(re.escape(w) for w in sorted(said, key=len, reverse=True))), said


def same_words(text: str) -> str:
    """The text with each word of ``case_synonyms.tsv`` said as its usual form (厂房砼班组 → 厂房混凝土班组)."""
    pattern, said = _synonyms()
    return pattern.sub(lambda m: said[m.group(0)], text) if pattern else text


@cache
def _jargon() -> tuple[re.Pattern | None, frozenset[str]]:
    """Words of a trade or a place that jieba's dictionary lacks and splits into two common characters (铜料, 停跑,
    蓝卡: ``case_jargon.txt``), found in the text as written, and the words themselves (they are no names)."""
    words = frozenset(
        w
        for line in (JARGON.read_text(encoding="utf-8").splitlines() if JARGON.exists() else ())
        if not line.startswith("#")
        for w in line.split()
    )
    pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return (re.compile(pattern) if words else None), words


@cache
def _common() -> frozenset[str]:
    if not COMMON.exists():
        return frozenset()
    return frozenset(
        w
        for line in COMMON.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    )


@cache
def _phrases() -> frozenset[str]:
    """Words jieba's dictionary tags as idioms, set phrases, numerals, time words, pronouns, adverbs or
    particles (实属无奈, 第三天, 一直): they say how a story is told, not which story it is."""
    import jieba

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    out = set()
    with dictionary.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2][0] in "ilmtdrcpfuqyeoz" and len(parts[0]) >= NAME_MIN:
                out.add(parts[0])
    return frozenset(out)


@cache
def _towns() -> frozenset[str]:
    """镇街 names and aliases: the 镇街 is compared on its own, a shared town name tells nothing more."""
    from triage.districts import load_gazetteer

    return frozenset(
        n for n, ps in load_gazetteer().places.items() if any(p.kind in ("镇街", "别名") for p in ps)
    )


@cache
def _town_names() -> re.Pattern:
    return re.compile(
        "|".join(re.escape(n) for n in sorted(_towns() | {"中山", "中山市", "广东省"}, key=len, reverse=True))
    )


@cache
def _town_prefix() -> re.Pattern:
    """A leading 镇街 name (神湾风景海岸 → 风景海岸)."""
    return re.compile("^(?:" + "|".join(re.escape(n) for n in sorted(_towns(), key=len, reverse=True)) + ")")


@cache
def weight(word: str) -> float:
    """How telling a shared word is, 0 … 1: rare in the background and in jieba's dictionary → 1."""
    if word in _common() or word in _towns() or word in _phrases():
        return 0.0
    # a city elsewhere (深圳, 公明), or its lingo (代通知金), narrows a case little
    if word in _outside() or word in _lingo():
        return round(0.5 * _rarity(word), 2)
    return _rarity(word)


@cache
def _lingo() -> frozenset[str]:
    """Words only another place uses (elsewhere.tsv: 劳基法, 代通知金, 强积金): every post of that place may
    use them, so they say more where a case is than which case it is."""
    from triage.districts import load_gazetteer

    return frozenset(load_gazetteer().lingo)


@cache
def _outside() -> frozenset[str]:
    from triage.districts import load_gazetteer

    return load_gazetteer().outside_names


def _rarity(word: str) -> float:
    _docs, df = _background()
    rare = max(0.0, 1.0 - math.log(df.get(word, 0) + 1) / math.log(COMMON_DF))
    freq = tokenizer().FREQ.get(word, 0)
    unusual = max(0.0, 1.0 - math.log10(freq + 1) / 5)
    return round(min(rare, unusual), 2)


@lru_cache(maxsize=65536)
def _is_term(word: str) -> bool:
    from triage.numbers import chinese_number

    return (
        len(word) >= NAME_MIN
        and bool(HAN.search(word) or re.fullmatch(r"[a-z]{3,}", word))
        and not re.search(r"\d", word)
        and not NUMERAL_START.match(word)
        and (not NUMERAL_CHARS.search(word) or chinese_number(word) is None)
        and not _made_up(word)
    )


class _Joinable(dict):
    """character → whether it may be part of a name the dictionary does not know (a Han character, no function
    character), worked out once per character; ``joinable[char]`` stays in C for a known one."""

    def __missing__(self, char: str) -> bool:
        joinable = self[char] = bool(HAN.match(char)) and char not in FUNCTION_CHARS
        return joinable


_joinable = _Joinable()


def _words(text: str) -> list[str]:
    """jieba's dictionary words of a text (no HMM: it is slow and makes words up), with each run of
    two to four single characters that hold no function character joined back into one word: the
    names the dictionary does not know (康/晟 → 康晟, 隆/成 → 隆成)."""
    out: list[str] = []
    run: list[str] = []
    freq, joinable, zeros = tokenizer().FREQ, _joinable, repeat(0)
    for word in [*tokenizer().words(text, False), ""]:  # (lcut(text, HMM=False) without its two wrappers)
        if len(word) == 1 and joinable[word]:
            run.append(word)
            continue
        if run:
            # not 住建局 (an office every case goes to), not 钱拖 (two common characters)
            if (
                2 <= len(run) <= 4
                and run[-1] not in AGENCY_ENDS
                and min(map(freq.get, run, zeros)) < RARE_CHAR
            ):
                out.append("".join(run))
            run = []
        if word:
            out.append(word)
    return out


def names(text: str, employers: set[str], places: set[str]) -> set[str]:
    """Names found by their form: employer cores, estates and sites without phase, roads, quoted names,
    villages and parks; ``text`` is simplified."""
    found = {e for e in employers if len(e) >= NAME_MIN} | {p for p in places if len(p) >= NAME_MIN}
    for match in sites(text):
        core = _name_core(match.group("core"))
        if len(core) >= NAME_MIN and core not in _towns() and not GENERIC_SITE.search(core):
            found.add(core)
    for match in roads(text):
        road = _name_core(match.group("road"), keep_tail=True)
        if len(road) >= 3:
            found.add(road)
    if "『" in text:  # (what QUOTED needs: most texts quote nothing)
        found |= {m.group("q") for m in QUOTED.finditer(text)}
    return {n for n in found if n not in _towns() and HAN.search(n)}


def _name_core(raw: str, keep_tail: bool = False) -> str:
    """The name in a matched span: after any leading town or place (神湾镇风景海岸 → 风景海岸), the
    longest stretch without a function character or pointing word (门口和康乐大道 → 康乐大道)."""
    raw = _town_prefix().sub("", TOWN_CUT.sub("", LEADING_NOISE.sub("", raw)))
    parts = [p for p in NAME_BREAK.split(raw) if p]
    if not parts:
        return ""
    return parts[-1] if keep_tail else max(parts, key=len)


def _made_up(word: str) -> bool:
    """A word jieba made up from two words run together (其及, 人系): not in its dictionary and
    holding a function character."""
    return not tokenizer().FREQ.get(word) and any(c in FUNCTION_CHARS for c in word)


def stems(terms: dict[str, float]) -> list[str]:
    """Two-character heads of the longer telling words, so that 康晟 finds 康晟电子 and 环卫工 finds
    环卫工人 in the index."""
    return list(dict.fromkeys(w[:2] for w in terms if len(w) > 2 and w[:2] not in _common()))


@lru_cache(maxsize=65536)
def _telling(word: str) -> float:
    """A word's ``weight`` when it may be a telling word at all (``_is_term``), else 0: one look-up a word."""
    return weight(word) if _is_term(word) else 0.0


def ranked(terms: dict[str, float]) -> list[tuple[str, float]]:
    """The words and weights, the heaviest first, a tie by the word (``sorted`` by ``(-weight, word)``, without a
    key function: sorted by word, then stably by weight)."""
    return sorted(sorted(terms.items()), key=itemgetter(1), reverse=True)


def case_terms(
    text: str, employers: set[str] = frozenset(), places: set[str] = frozenset()
) -> tuple[dict[str, float], set[str]]:
    """The most telling words of a post with their weights (names first, then rare words), at most
    ``MAX_TERMS``, and which of them are names by their form; words that tell nothing (weight below
    0.3) are left out."""
    plain = same_words(to_simplified(text).lower())
    terms: dict[str, float] = {}
    formed = names(plain, employers, places)
    for name in formed:
        terms[name] = max(weight(name), 0.3)  # a name by its form counts even when the background knows it
    # town names are compared as the 镇街; masked, they cannot leave fragments behind (中山南区 → 山南)
    head = _town_names().sub("，", plain[:MAX_CHARS])
    for word in _words(head):
        if word not in terms and (w := _telling(word)) >= 0.3:
            terms[word] = w
    jargon, known = _jargon()
    for word in jargon.findall(head) if jargon else ():
        if word not in terms and (w := _telling(word)) >= 0.3:
            terms[word] = w  # 铜料, 停跑: jieba cut them into two common characters
    best = dict(ranked(terms)[:MAX_TERMS])
    # names: found by their form, or words jieba's dictionary does not know and the background never saw
    freq = tokenizer().FREQ
    unknown = {
        w for w, v in best.items() if v >= 0.99 and len(w) >= NAME_MIN and not freq.get(w) and w not in known
    }
    return best, {n for n in formed if n in best} | unknown


def shared(
    post: dict[str, float],
    lead: dict[str, float],
    ordered: list[tuple[str, float, bool]] | None = None,
    partial: list[tuple[str, float]] | None = None,
) -> list[tuple[str, float]]:
    """The words a post shares with a lead and what each is worth; a word inside a longer one of the
    other side counts too (康晟 in 康晟电子, 名匠 in 名匠轩), at the smaller of the two weights. ``ordered``:
    ``by_weight(post)``, and ``partial``: the lead's words at least ``PARTIAL_MIN`` telling with their weights, in
    its order, when the caller kept them (a post is judged against many leads, a lead by many posts)."""
    out, used = [], set()
    for word, w, piece in by_weight(post) if ordered is None else ordered:
        if word in lead and word not in used:
            out.append((word, min(w, lead[word])))
            used.add(word)
            continue
        if not piece:
            continue  # 涌村 is a piece of 沙涌村 and of 树涌村: a place's tail matches no other place
        # the lead's words that may hold or be held by one of the post's, in the lead's order (found once)
        if partial is None:
            partial = [(other, v) for other, v in lead.items() if v >= PARTIAL_MIN]
        for other, v in partial:
            if other not in used and (word in other or other in word):
                out.append((word if len(word) < len(other) else other, min(w, v)))
                used.add(other)
                break
    # a word inside another shared word is the same evidence once (风景 and 海岸 inside 风景海岸)
    if len(out) < 2:
        return out
    return [(w, v) for w, v in out if not any(w != o and w in o for o, _ in out)]


def by_weight(terms: dict[str, float]) -> list[tuple[str, float, bool]]:
    """A post's words, the most telling first (in their order where they weigh alike), as ``shared`` reads them: each
    with its weight and whether it may hold or lie inside a lead's word (long and telling enough, no place's tail)."""
    return [
        (word, w, not (len(word) < NAME_MIN or w < PARTIAL_MIN or PLACE_TAIL.search(word)))
        for word, w in sorted(terms.items(), key=lambda kv: -kv[1])
    ]


def rebuild_background(path: Path = BACKGROUND) -> int:
    """Count in how many background texts each word occurs (the classifier's corpus and consumer
    reviews, ``classifier/data``) and write the words seen twice or more; returns the number of texts."""
    import json
    from collections import Counter

    from classifier.text import DATA as CLASSIFIER_DATA
    from classifier.text import tokenizer

    texts = [
        json.loads(line)["text"]
        for part in sorted((CLASSIFIER_DATA / "corpus").glob("*.jsonl"))
        for line in part.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    reviews = CLASSIFIER_DATA / "background" / "reviews.txt"
    texts += [line for line in reviews.read_text(encoding="utf-8").splitlines() if line.strip()]
    df: Counter = Counter()
    for text in texts:
        df.update({w for w in tokenizer().lcut(to_simplified(text).lower(), HMM=True) if _is_term(w)})
    rows = sorted((w, n) for w, n in df.items() if n >= 2)
    lines = [
        "# In how many background texts each word occurs (triage/casewords.py; rebuild: python -m triage.casewords).",
        "# Background: classifier/data/corpus/*.jsonl and classifier/data/background/reviews.txt; words seen twice or more.",
        f"#docs\t{len(texts)}",
        *(f"{w}\t{n}" for w, n in rows),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(texts)


if __name__ == "__main__":
    print(f"{rebuild_background()} background texts → {BACKGROUND}")
