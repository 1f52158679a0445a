"""The quicker patterns of issue 12 find what the plain ones found (invented texts)."""

import re

import pytest

from classifier.text import names_pattern, normalize
from triage.casewords import ROAD, SITE, roads, sites
from triage.text import canonical_text

NAMES = ["坦洲", "坦洲镇", "坦背", "坦洲镇界狮南路", "小榄", "小榄镇", "a.b", "沙溪"]
TEXTS = [
    "坦洲镇界狮南路一工地欠薪，坦洲镇另一间厂也欠",
    "坦洲镇界狮北路",
    "小榄镇小榄坦背沙溪",
    "xa.by坦",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_names_pattern_finds_the_longest_name_as_the_sorted_alternation_does(text):
    plain = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    trie = names_pattern(NAMES)
    assert trie.sub("□", text) == plain.sub("□", text)
    for start in range(len(text)):
        found, expected = trie.match(text, start), plain.match(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_names_pattern_of_no_names_matches_nothing():
    assert names_pattern([]).search("坦洲") is None


@pytest.mark.parametrize(
    "text",
    [
        "风景海岸花园二期的工地欠薪，御海莲花苑也是",
        "12至3期工程",
        "乐丰二路和105国道边的厂，跑路的老板",
        "老板跑路了",
        "没有地名",
        "二期",
    ],
)
def test_sites_and_roads_are_the_matches_of_site_and_road(text):
    spans = lambda matches: [(m.span(), m.groups()) for m in matches]  # noqa: E731
    assert spans(sites(text)) == spans(SITE.finditer(text))
    assert spans(roads(text)) == spans(ROAD.finditer(text))


def test_normalize_and_canonical_text_still_strip_what_a_repost_adds():
    assert normalize("#中山欠薪#  老板ＧＺ不发！！！ @人社局 http://t.cn/abc") == "中山欠薪 老板gz不发!"
    assert canonical_text("转发微博：老板拖欠工资 @人社局 [怒]…") == canonical_text("老板拖欠工资")
    assert canonical_text("RT 老板拖欠工资 //@某人: 顶") == canonical_text("老板拖欠工资顶")
