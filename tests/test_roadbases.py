"""(issue 11, round 16) A road as posts name it without its section (升平中路 → 升平路) is a gazetteer row of the same
镇街 when every section lies in that 镇街; the rows are written by `python -m triage.placemine`."""

from __future__ import annotations

from triage import placemine, roadbases
from triage.districts import assign_district


def test_a_base_name_is_the_road_without_its_section():
    assert roadbases.base_name("界狮南路") == "界狮路"
    assert roadbases.base_name("南头大道中") == "南头大道"
    assert roadbases.base_name("城南路") is None  # one character before the direction: no section
    assert roadbases.base_name("横河南西路") is None  # which is the section?
    assert roadbases.base_name("兴中道") is None


def test_base_names_of_one_town_become_rows_and_of_two_towns_are_left_out():
    roads = [("界狮南路", "坦洲镇", "no"), ("界狮北路", "坦洲镇", "no"), ("孙文东路", "东区街道", "yes"),
             ("孙文西路", "石岐街道", "no"), ("和谐东路", "小榄镇", "no"), ("已有东路", "小榄镇", "no")]  # fmt: skip
    kept, left_out = roadbases.base_rows(roads, {"已有路"}, placemine.needs_context)
    rows = {row[0]: row for row in kept}
    assert rows["界狮路"][:4] == ("界狮路", "坦洲镇", "道路", "no")
    assert "界狮北路/界狮南路" in rows["界狮路"][4]
    assert rows["和谐路"][3] == "yes"  # many cities have one
    assert "孙文路" not in rows
    assert ("孙文路", "its sections lie in 东区街道/石岐街道") in left_out
    assert "已有路" not in rows  # the gazetteer has it already


def test_a_post_naming_the_road_without_its_section_is_placed():
    found = assign_district("界狮路一间五金厂老板走佬，二十几个工人冇出粮")
    assert found.name == "坦洲镇"
    assert assign_district("坦神路工地拖欠我们三个月工资").name == "坦洲镇"
    assert assign_district("孙文路一间铺头欠人工").name is None  # two 镇街 have its sections
