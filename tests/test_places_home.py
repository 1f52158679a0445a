"""Where a worker lives does not decide the 镇街 when a workplace in another 镇街 is named (issue 11: "the
workplace, not the home, decides"). Inside Zhongshan as against a place elsewhere. Invented sentences around real
place names."""

from __future__ import annotations

import pytest

from triage.districts import assign_district


@pytest.mark.parametrize(
    ("text", "town"),
    [
        # the estate is where the poster lives; the factory is in 古镇
        ("在古镇灯饰厂做了半年，老板拖欠工资三个月，我住在康逸豪园附近", "古镇镇"),
        ("家住南区，在石岐一家餐馆打工，老板欠薪两个月", "石岐街道"),
        # a 镇街 named as the home and again as the place of the story is not only a home
        ("我住在东区，东区一工地欠薪，小榄的老板也不管", "东区街道"),
        # nothing but a home named: it still places the post
        ("我住在康逸豪园，老板欠薪三个月不给", "东区街道"),
    ],
)
def test_the_workplace_decides_not_the_home(text, town):
    assert assign_district(text).name == town
