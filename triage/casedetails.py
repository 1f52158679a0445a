"""Details that tell one case from another whatever words a retelling uses: the trade as posts name it
(傢俬厂, 梳化厂 and 家具厂 are one trade, ``data/trades.tsv``), the phases of an estate (四期、五期 and 四五期),
and the kind of collective action (天台 and 楼顶 are one rooftop protest). ``casefacts`` keeps them per post
and per lead; two tellings that share them are evidence of one case, never proof."""

from __future__ import annotations

import re
from functools import cache

from classifier.text import names_pattern
from triage.casewords import DATA
from triage.numbers import chinese_number

TRADES = DATA / "trades.tsv"
# kinds of collective action, from the signals extract.py finds: two tellings of one rooftop protest say 天台 and 楼顶
ACTIONS = [
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("楼顶", r"楼顶|天台|高楼|跳楼|跳下|高处|企跳"), ("塔吊", r"塔吊|吊机|天秤|铁塔"),
        ("横幅", r"横幅|横额|条幅|举牌|布条"),
        ("堵路", r"堵|塞|拦|封路|马路|国道|躺在路"), ("跪", r"跪"), ("政府", r"政府|街道办|信访|上访|总部"),
        ("停工", r"停工|罢工|离开生产线|停课|停晒工|停止上课"), ("守", r"守|驻守"), ("徒步", r"徒步|走路回|走回"),
    )
]  # fmt: skip


# a business closing (执笠, 结业, 倒闭, 关厂): an event two tellings of one case both tell, whatever their words
EVENTS = {"关厂": re.compile(r"执笠|结业|倒闭|关厂|闭厂|执咗|执就执|话执|破产|关门")}
# wages paid, or offered, in goods (十吨鱼抵工资, 拿车抵工资, 拎架车抵数, 铺位抵人工, 鱼顶账; not 资不抵债, a firm's debts):
# few cases tell it, so two tellings of it agree as a fact whatever their trades (round 15)
IN_KIND = {"抵薪": re.compile(r"抵工资|抵人工|抵工钱|抵薪|抵欠薪|抵粮|抵数|顶工资|顶人工|顶账|抵账")}


def events(plain: str) -> set[str]:
    """The kinds of event a (simplified) text tells besides collective action: a business closing, wages paid in
    goods."""
    return {kind for table in (EVENTS, IN_KIND) for kind, pattern in table.items() if pattern.search(plain)}


@cache
def _trade_words() -> tuple[re.Pattern, dict[str, str]]:
    words: dict[str, str] = {}
    for line in TRADES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "trade\t")):
            trade, _, listed = line.partition("\t")
            words.update({w: trade for w in listed.split()})
    # the longest word that starts at a place, as the alternation sorted longest first finds it, as a trie (#12)
    return names_pattern(words), words


# the phases of an estate or project: 二期, 四期、五期, 四五期, 1-2期 (not 工期, 分期, 期间)
PHASE = re.compile(
    r"(?P<a>[一二三四五六七八九十]|\d{1,2})(?:[、和及至到\-—~]?(?P<b>[一二三四五六七八九十]|\d{1,2}))?期(?![间限满末货])"
)


def phases(plain: str) -> set[int]:
    """The phases named (四期、五期 → {4, 5}; 四五期 → {4, 5}; 三至五期 → {3, 4, 5})."""
    out: set[int] = set()
    if "期" not in plain:
        return out
    for match in PHASE.finditer(plain):
        a, b = chinese_number(match.group("a")), chinese_number(match.group("b") or "")
        if a and b and 0 < a < b <= a + 5:
            out.update(range(int(a), int(b) + 1))
        elif a and 0 < a <= 20 and not b:
            out.add(int(a))
    return out


MEASURE_BEFORE = "那这一每哪某几两个有间"  # a measure word before 家 (那家, 一家): 家 counts shops


def trades(plain: str) -> set[str]:
    """The trades a (simplified) text names, as one word each (傢俬厂, 梳化厂 and 家具厂 → 家具)."""
    pattern, words = _trade_words()
    found, at = set(), 0
    while match := pattern.search(plain, at):
        word = match.group(0)
        if word[0] == "家" and match.start() and plain[match.start() - 1] in MEASURE_BEFORE:
            at = match.start() + 1  # 那家电镀厂: 家 counts a shop, it starts no 家电 (电镀 does)
            continue
        found.add(words[word])
        at = match.end()
    return found
