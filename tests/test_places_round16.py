"""Places round 16 (issue 11, helper gzb): places an administrative list puts in a 镇街 (the national COVID-19
risk-area list's 中山 entries, town notices) read like addresses; the miner's guards hold for them, and a few of
the rows they gave place a post. Addresses and sentences here are invented."""

from __future__ import annotations

import pytest

from triage import placemine
from triage.districts import assign_district


def _rows(tmp_path, text):
    path = tmp_path / "addresses.tsv"
    path.write_text(text, encoding="utf-8")
    return placemine.rows(placemine.mine(placemine.read_addresses(path)), {})


@pytest.mark.parametrize(
    ("entry", "town"),
    [
        ("广东省中山市中山火炬高技术产业开发区某某社区甲乙街一巷3号", "中山港街道"),  # the zone's long name
        ("广东省中山市翠亨新区马鞍岛某某大厦", "南朗街道"),
        ("广东省中山市南区街道南区街道某某小区12幢", "南区街道"),  # the 镇街 written twice, as the list does
    ],
)
def test_a_risk_list_entry_is_read_under_its_town(entry, town):
    assert placemine.town_of(entry)[0] == town


def test_a_road_two_towns_list_is_left_out_and_the_source_is_kept(tmp_path):
    kept, left_out = _rows(
        tmp_path,
        "# invented lines\n"
        "list-a\t广东省中山市南头镇某某社区丙丁路124号\n"
        "list-b\t中山市港口镇某某社区丙丁路12号之五\n"  # the same road name under another 镇街
        "list-c\t广东省中山市横栏镇戊己中路702号、庚辛五路53号\n",
    )
    names = {row[0]: row for row in kept}
    assert "丙丁路" not in names
    assert ("丙丁路", "addresses disagree: 南头镇/港口镇") in left_out
    assert names["戊己中路"][1] == "横栏镇"
    assert "list-c (addresses.tsv line 4)" in names["庚辛五路"][4]


def test_a_road_or_estate_many_cities_bear_needs_context(tmp_path):
    kept, _left_out = _rows(
        tmp_path,
        "# invented lines\n"
        "t1\t中山市火炬开发区健康路、世纪二路、甲乙路\n"  # ordinary words as the core: context=yes
        "t2\t中山市东凤镇东城科技园\n",  # 东城 names a district elsewhere (北京东城区)
    )
    context = {row[0]: row[3] for row in kept}
    assert context == {"健康路": "yes", "世纪二路": "yes", "甲乙路": "no", "东城科技园": "yes"}


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("德龙中路一间灯饰厂拖欠三个月工资", "横栏镇"),
        ("龙光海悦华庭的装修师傅被拖欠工钱", "坦洲镇"),
        ("金澳华庭工地包工头跑路了", "板芙镇"),
        ("木河迳东路那边的电子厂老板欠薪", "港口镇"),
        ("万滨前湾花园工地几十个工人讨薪", "南朗街道"),
        ("三六九墟市场的档口老板欠工人工资", "黄圃镇"),
        ("健康路一间公司拖欠工资", None),  # a road many cities have: not alone
        ("深圳健康路一间公司拖欠工资", "out_of_area"),
    ],
)
def test_rows_from_the_lists_place_a_post(text, district):
    assert assign_district(text).name == district
