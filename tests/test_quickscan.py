"""triage.quickscan (issue 12): a pattern told where its matches can start finds what the plain pattern finds, with
every method and from every start, for the patterns triage compiles with it and for the head forms it reads."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from triage import (
    districts,
    extract,
    group,
    money,
    moneywords,
    months,
    numbers,
    oneworker,
    quickscan,
    text,
    workers,
)
from triage.text import to_simplified

ROOT = Path(__file__).resolve().parent.parent
MODULES = (districts, extract, group, money, moneywords, months, numbers, oneworker, text, workers)
INVENTED = [
    "坦洲某工地欠我们二十多个工友3万5工资，拖了三个月，上个月的工资也没发",
    "我和另外两个服务员被欠了4月到7月的工资，共计约两万八千元，费用约3000元",
    "华耀灯饰厂老板跑路了，150多人，每人欠五千多块，二三四月粮都冇出；中山市0760",
    "由去年十月做到一月都冇粮出，一家三口都在厂里做，欠咗成万二蚊 #讨薪# [怒] ！！ ...",
    "孙中山纪念堂旁边一个工地，60到80万，整整半年没发工资，夫妻俩去劳动局投诉",
]


def _texts() -> list[str]:
    texts = list(INVENTED)
    for path in sorted((ROOT / "classifier" / "data" / "corpus").glob("part_*.jsonl"))[:2]:
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::11] if line.strip()]
    return texts + [to_simplified(t) for t in texts]


def _quick_patterns() -> list[re.Pattern]:
    """The module-level patterns quickscan made (those that are not ``re``'s own compile of themselves)."""
    found = {}
    for module in MODULES:
        for value in vars(module).values():
            for pattern in value if isinstance(value, list) else [value]:
                if (
                    isinstance(pattern, re.Pattern)
                    and re.compile(pattern.pattern, pattern.flags) is not pattern
                ):
                    found[id(pattern)] = pattern
    return list(found.values())


def _results(pattern: re.Pattern, texts: list[str]) -> list:
    out = []
    for t in texts:
        out.append([(m.span(), m.groups()) for m in pattern.finditer(t)])
        out.append(pattern.sub(lambda m: f"<{m.group(0)}>", t))
        for start in range(0, len(t), 5):
            found = pattern.search(t, start)
            out.append(found and (found.span(), found.groups()))
    return out


QUICK = _quick_patterns()
TEXTS = _texts()


def test_triage_compiles_its_slow_scans_with_quickscan():
    assert len(QUICK) >= 30 or sys.version_info[:2] != (3, 11)


@pytest.mark.parametrize("pattern", QUICK, ids=lambda p: p.pattern[:30])
def test_a_quick_pattern_finds_what_the_plain_one_finds(pattern):
    plain = re.compile(pattern.pattern, pattern.flags)
    assert _results(pattern, TEXTS) == _results(plain, TEXTS)


@pytest.mark.parametrize(
    "source",
    [
        r"(?=[一二三])(?<!第)[一二三十]+个人",  # a look-ahead, then a look-behind
        r"(?<![孙逸])中山(?!路)|0760|粤T",  # an alternation, one piece behind a look-behind
        r"[^\w]+",  # a repetition of a negated class
        r"(?:(?:去|到)(?:了)?[^,。]{0,4}政府)|(?:讨说法)",  # groups of alternations
        r"(?P<n>\d+|[一二三]+)(?:个|名)人",  # a group
    ],
)
def test_head_forms(source):
    pattern = quickscan.compile(source)
    if sys.version_info[:2] == (3, 11):
        assert pattern is not re.compile(source)
    assert _results(pattern, TEXTS) == _results(re.compile(source), TEXTS)


@pytest.mark.parametrize("source", [r"a?b?", r"(?i)(?=[a-z])x", r"^abc", r"abc", r"[a-z]x", r"(?:a|b*)c"])
def test_what_re_already_handles_or_cannot_be_sped_up_is_re_compile(source):
    assert quickscan.compile(source) is re.compile(source)
