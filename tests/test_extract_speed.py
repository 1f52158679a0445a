"""Extraction's quick paths (issue 12) change no result: each pattern with a first character looked ahead for finds
what it finds without it, each rewrite or name skipped where its words are absent is skipped only there. The full
before/after comparison over every development text is ``python bench/extract_identity.py --save/--check``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from triage import extract, money, months, oneworker, workers
from triage.extract import extract_facts
from triage.text import to_simplified

ROOT = Path(__file__).resolve().parent.parent
LOOKAHEAD = re.compile(r"\(\?=\[[^\]]*\]\)")  # (?=[…]): the first characters looked ahead for

INVENTED = [
    "坦洲某工地欠我们二十多个工友3万5工资，拖了三个月",
    "我和另外两个服务员被欠了4月到7月的工资，共计约两万八千元",
    "王师傅和另外12名工友去年11月至今年2月被欠薪，老板欠gz十几万",
    "数十名工人讨薪，涉及金额1.4个亿，项目部说没钱",
    "华耀灯饰厂老板跑路了，150多人，每人欠五千多块，二三四月粮都冇出",
    "由去年十月做到一月都冇粮出，一家三口都在厂里做，欠咗成万二蚊",
    "小云和另外1128名姐妹被拖欠工资半年没领到工资",
    # (round 12: texts each quick path's pattern matches: one family, 条友, the rest, 铺管道的, a couple, a relative,
    # a crew brought, a ruling's worker, a range of months, one month's wages, a range of pay, years)
    "我们一家七口都在这个厂做，四条友一齐去劳动局，其余十几个都走了",
    "三十多个铺管道的，工钱没结。我老公在工地做了两个月",
    "我和老婆都被欠了工资，郭先生带着8名同行讨薪，法院判公司少发黄某25%工资",
    "3月至6月工资没发，九月粮都冇出，每月只兑几百到一千多块，拖了两年多，有个小伙子说",
    "白干三个月，足足四个月，完工两个月了，来了两个月，一分钱没拿到。拖欠他的工资，到现在四个多月了",
]


def _sample() -> list[str]:
    texts = list(INVENTED)
    for path in sorted((ROOT / "classifier" / "data" / "corpus").glob("part_*.jsonl"))[:2]:
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::7] if line.strip()]
    return [to_simplified(text) for text in texts]


PATTERNS = [
    *workers.WORKER_PATTERNS,
    workers.ME_AND,
    workers.NAMED_AND,
    money.MONEY,
    *months.MONTHS,
    months.SINCE_MONTH,
    months.MONTH_RANGE,
    months.MONTH_LIST,
    months.YEARS,
    months.SINCE_ANCHOR,
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_a_lookahead_for_the_first_character_finds_the_same_matches(pattern):
    plain = re.compile(LOOKAHEAD.sub("", pattern.pattern))
    for text in _sample():
        quick = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert quick == [(m.span(), m.groups()) for m in plain.finditer(text)], text


def test_names_and_sectors_sought_only_where_their_words_are_written_are_found_there():
    for text in _sample():
        assert bool(extract.PROJECT_WORD.search(text)) or not extract.PROJECT.search(text)
        assert bool(extract.ORG_WORD.search(text)) or not extract.NAMED_ORG.search(text)
        for sector, pattern in extract.SECTOR_PATTERNS.items():
            quick = extract.QUICK_SECTORS[sector].search(text) or (
                sector in extract.FACTORY_SECTORS and "厂" in text and extract.FACTORY.search(text)
            )
            assert bool(quick) == bool(pattern.search(text)), (sector, text)


def test_the_rewrites_still_apply_where_their_words_are_written():
    facts = extract_facts("数十名工人被拖欠GZ，老板欠了1.4个亿跑路")
    assert facts.workers == 20  # 数十名 read as 几十名
    assert facts.amount_yuan == 140_000_000  # 1.4个亿 is 1.4亿
    assert extract_facts("欠我们两个月gz没发").months_unpaid == 2.0  # gz is 工资
    assert extract_facts("在华耀灯饰厂做了三个月，老板拖欠工钱").sector == "manufacturing"
    assert extract_facts("在一个小工地干活被欠钱").project == "小工地"


@pytest.mark.parametrize("pattern", [extract.NAMED_ORG, oneworker.ONE_WORKER, oneworker.ONE_PERSON], ids=str)
def test_a_lookahead_said_first_finds_what_the_pattern_finds_without_it(pattern):
    """(round 12: a suffix's first character within a name's length; a form's first character or the start)"""
    first = re.match(r"\(\?:\^\|\(\?=\[[^\]]*\]\)\)|\(\?=\[[^\]]*\]\{1,8\}\[[^\]]*\]\)", pattern.pattern)
    assert first, pattern.pattern[:40]
    plain = re.compile(pattern.pattern[first.end() :])
    for text in _sample():
        quick = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert quick == [(m.span(), m.groups()) for m in plain.finditer(text)], text


def test_a_pattern_tried_only_where_what_it_needs_is_written_matches_nowhere_else():
    """Each quick pre-check (round 12) is what its pattern needs: where the check finds nothing, the pattern
    finds nothing either, and on the invented texts each pattern is tried and found somewhere."""
    pairs = [
        (workers.ME_AND_PAIR, workers.ME_AND),
        (workers.LEADER_VERB, workers.LEADER),
        (workers.NAMED_AND_NEEDS, workers.NAMED_AND),
        (oneworker.NAMED_WORKER_NEEDS, oneworker.NAMED_WORKER),
        (months.YEAR_COUNT, months.YEARS),
        (months.RANGE_END_SAID, months.MONTH_RANGE),
        (months.ONE_MONTH_SAID, months.ONE_MONTH),
        *[(months.MONTH_COUNT_SAID, pattern) for pattern in months.MONTHS],
    ]
    texts = _sample()
    for check, pattern in filter(None, pairs):
        assert any(pattern.search(text) for text in texts), pattern.pattern[:40]
        for text in texts:
            assert check.search(text) or not pattern.search(text), (pattern.pattern[:40], text)
    for text in texts:
        needed = workers._patterns_needed(text)
        for pattern, need in zip(workers.WORKER_PATTERNS, needed, strict=True):
            assert need or not pattern.search(text), (pattern.pattern[:40], text)
        said = "俩" in text or "两" in text or "夫妻" in text or oneworker.COUPLE_ME.search(text)
        assert said or not oneworker.COUPLE.search(text), text
        assert text.endswith(money.RANGE_TAIL) or money.RANGE_START.sub("", text) == text


def test_counts_and_months_read_where_the_quick_checks_let_them_through():
    assert extract_facts("我们一家七口都在这个厂做，老板欠了三个月工资").workers == 7
    assert extract_facts("其余十几个都走了，剩下的工友被欠工资").workers == 10
    assert extract_facts("郭先生带着8名同行讨薪，老板拖欠工资").workers == 9
    assert extract_facts("我和另外两个服务员被欠了工资").workers == 3
    assert extract_facts("3月至6月工资没发").months_unpaid == 4.0
    assert extract_facts("老板拖欠工资两年多了").months_unpaid == 24.0
