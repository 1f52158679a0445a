"""Places round 10 (issue 11): the miner reads addresses that name the city twice or their 镇街 twice, cuts at the
word joining two roads, knows 翠亨新区, reads a place's own name and a list of named places by 镇街; and a few of
the rows mined this round place a post. All addresses and
sentences here are invented."""

from __future__ import annotations

import pytest

from triage import placemine
from triage.districts import assign_district


@pytest.mark.parametrize(
    ("address", "town", "rest"),
    [
        ("广东中山市中山市中山市古镇镇某某路8号", "古镇镇", "某某路8号"),  # the city written three times
        ("中山市火炬开发区中山港街道某某路5号", "中山港街道", "某某路5号"),  # the 镇街 by two of its names
        ("中山市火炬开发区中山港大道60号", "中山港街道", "中山港大道60号"),  # a road named after it
        ("中山市小榄镇小榄大道北1号", "小榄镇", "小榄大道北1号"),
        ("广东省中山市翠亨新区某某路9号", "南朗街道", "某某路9号"),
        ("中山市火炬开发区东区路3号", "中山港街道", "东区路3号"),  # another 镇街's name is no second town
    ],
)
def test_town_is_read_once_however_often_the_address_repeats_it(address, town, rest):
    assert placemine.town_of(address) == (town, rest)


def test_two_roads_joined_by_a_word_are_two_units():
    _town, rest = placemine.town_of("中山市古镇镇甲乙路与丙丁大道交叉口")
    assert placemine.units(rest) == [("甲乙路", "道路"), ("丙丁大道", "道路")]
    _town, rest = placemine.town_of("中山市古镇镇某三村甲乙创业园")
    assert placemine.units(rest) == [("甲乙创业园", "园区")]


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("展兴路一间电子厂拖欠两个月工资", "中山港街道"),
        ("紫马奔腾广场写字楼里的公司欠薪跑路", "东区街道"),
        ("曹兴中路那边的灯饰厂老板欠我们工资", "古镇镇"),
        ("东阜路一家小家电厂拖欠工资", "东凤镇"),
        ("和清路有个工地包工头跑了", "南朗街道"),
        ("灯都时代广场一间档口老板欠我们工资", "古镇镇"),  # a place's own name from a list of such places
        ("雍景园小学旁边的工地欠薪", "东区街道"),  # a school from the list by 镇街
        ("光明小学的老师被拖欠工资", None),  # a name many cities bear: not alone
    ],
)
def test_rows_mined_this_round_place_a_post(text, district):
    assert assign_district(text).name == district


def test_a_line_may_give_the_place_own_name(tmp_path):
    path = tmp_path / "addresses.tsv"
    path.write_text(
        "# invented lines\n"
        "t1\t中山市古镇镇甲乙路12号\t丙丁灯饰广场\n"
        "t2\t中山市小榄镇戊己路8号\t庚辛品牌中心\n"  # no place word at the end of the name: no row for it
        "t3\t中山市横栏镇壬癸工业区\n",
        encoding="utf-8",
    )
    lines = placemine.read_addresses(path)
    assert [line[3] for line in lines] == ["丙丁灯饰广场", "庚辛品牌中心", ""]
    found = [(u.name, u.town, u.kind) for u in placemine.mine(lines)]
    assert found == [
        ("甲乙路", "古镇镇", "道路"),
        ("丙丁灯饰广场", "古镇镇", "地标"),
        ("戊己路", "小榄镇", "道路"),
        ("壬癸工业区", "横栏镇", "园区"),
    ]


def test_a_list_of_named_places_by_town_gives_their_short_names(tmp_path):
    path = tmp_path / "named.tsv"
    path.write_text(
        "# invented lines\n"
        "t\t小榄镇\t小榄镇甲乙小学\n"
        "t\t小榄镇\t小榄镇中心小学\n"  # many 镇街 have a 中心小学: no name
        "t\t开发区\t开发区丙丁学校\n"  # 开发区 is the 火炬开发区
        "t\t小榄镇\t小榄镇西区小学\n"  # 西区 is another 镇街's name
        "t\t直属\t中山市戊己中学\n"
        "t\t古镇镇\t古镇镇戊己中学\n"  # the city's own 戊己中学 bears the name too
        "t\t南头镇\t南头庚辛学校\n"
        "t\t三乡镇\t中山市纪中庚辛双语学校\n",  # 庚辛学校 may be this one, called short
        encoding="utf-8",
    )
    found = [(u.name, u.town) for u in placemine.mine_named(placemine.read_named(path))]
    assert found == [("甲乙小学", "小榄镇"), ("丙丁学校", "中山港街道"), ("纪中庚辛双语学校", "三乡镇")]
