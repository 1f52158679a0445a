"""Issue 12: the acts of a post found by first character (``group._act_matches``) are those the one alternation of
every act finds, in the same order and the same words, on invented sentences."""

from __future__ import annotations

import pytest

from triage import group


@pytest.mark.parametrize(
    "text",
    [
        "工友们拉横幅讨薪，又到镇政府门口静坐",
        "我们一起去人社局上访，没有人堵路",
        "工人们都去了镇政府，大家在厂里守着要工资",
        "不要采取跳楼等过激方式，爬上塔吊也不行",
        "今天天气很好，去公园散步",
        "",
    ],
)
def test_acts_by_first_character_are_those_of_the_whole_alternation(text):
    by_char = [(m.span(), m.group(0)) for m in group._act_matches(text)]
    assert by_char == [(m.span(), m.group(0)) for m in group.ACTS.finditer(text)]


def test_acts_are_found_by_first_character_here():
    assert group.ACTS_BY_CHAR is not None  # CPython's parser: the quick way is the one taken
    assert group.acts("工友们拉横幅讨薪") == ["拉横幅"]
