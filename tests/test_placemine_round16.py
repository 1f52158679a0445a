"""Places round 16 (issue 11, helper gza): lists of housing estates by 镇街 (named.tsv lines marked 楼盘). An estate's
name needs no place word there; a name two 镇街 list is left out; a name other cities' estates may bear (short, a
developer's brand at its head, ordinary words, a place elsewhere in it) and every name of a list nobody official keeps
need context; and a few of the rows this round placing a post. The list lines and sentences here are invented."""

from __future__ import annotations

import pytest

from triage import placemine
from triage.districts import assign_district


def _rows(tmp_path, text):
    path = tmp_path / "named.tsv"
    path.write_text("# invented lines\n" + text, encoding="utf-8")
    kept, left_out = placemine.rows(placemine.mine_named(placemine.read_named(path)), known={})
    return {row[0]: row for row in kept}, dict(left_out)


def test_an_estate_list_gives_names_without_a_place_word_and_reads_the_rest_like_an_address(tmp_path):
    kept, _left_out = _rows(
        tmp_path,
        "t\t东凤镇\t东凤镇甲乙世家\t楼盘\n"  # no place word: the list says it is an estate
        "t\t黄圃镇\t黄圃镇丙丁花园\t楼盘\n"
        "t\t三角镇\t三角镇戊己西路\t楼盘\n"  # a road on the list is a road
        "t\t阜沙镇\t阜沙镇庚辛村\t楼盘\n"  # a village gives nothing (the NBS rows hold the villages)
        "t\t沙溪镇\t壬癸名筑（沙溪镇）\t楼盘\n"  # the 镇街 in brackets after the name
        "t\t东区\t子丑寅世家\t\n"  # not marked as an estate list: no place word, no row …
        "t\t古镇镇\t古镇镇卯辰灯饰广场\n"  # … a name with one (a list of markets or malls by 镇街) gives its row
        "t\t石岐区\t石岐区上海城\t楼盘\n",  # a city's name in it: posts say 上海城市, and the row would hide 上海
    )
    assert {name: (row[1], row[2]) for name, row in kept.items()} == {
        "甲乙世家": ("东凤镇", "地标"),
        "丙丁花园": ("黄圃镇", "地标"),
        "戊己西路": ("三角镇", "道路"),
        "壬癸名筑": ("沙溪镇", "地标"),
        "卯辰灯饰广场": ("古镇镇", "地标"),
    }
    assert kept["甲乙世家"][3] == "no"
    assert kept["甲乙世家"][4].startswith("mined list: 东凤镇：东凤镇甲乙世家 — t (named.tsv line 2)")


def test_an_estate_two_towns_list_is_left_out(tmp_path):
    kept, left_out = _rows(tmp_path, "t\t坦洲镇\t甲乙丙世家\t楼盘\nu\t三乡镇\t甲乙丙世家\t楼盘\n")
    assert kept == {}
    assert left_out == {"甲乙丙世家": "addresses disagree: 三乡镇/坦洲镇"}


@pytest.mark.parametrize(
    ("name", "context"),
    [
        ("甲乙家", "yes"),  # three characters: many cities may have one
        ("甲乙丙世家", "no"),
        ("中海甲乙丙", "yes"),  # a developer's brand at its head: its builder reuses names from city to city
        ("幸福家园", "yes"),  # ordinary words only
        ("水岸花都", "yes"),  # 花都 is a district of Guangzhou
        ("世纪新城", "yes"),  # 新城 is a place word now, and 世纪 an ordinary word
    ],
)
def test_estate_names_other_cities_may_bear_need_context(tmp_path, name, context):
    kept, _left_out = _rows(tmp_path, f"t\t石岐区\t石岐区{name}\t楼盘\n")
    assert kept[name][3] == context


def test_every_row_of_a_list_nobody_official_keeps_needs_context(tmp_path, monkeypatch):
    conf = dict(placemine.settings())
    conf["named_context_sources"] = ["unofficial"]
    monkeypatch.setattr(placemine, "settings", lambda *a: conf)
    kept, _left_out = _rows(
        tmp_path, "unofficial\t古镇镇\t古镇镇甲乙丙世家\t楼盘\nt\t古镇镇\t古镇镇丁戊己世家\t楼盘\n"
    )
    assert kept["甲乙丙世家"][3] == "yes"
    assert kept["丁戊己世家"][3] == "no"


def test_the_real_lists_give_rows_with_their_source():
    found = placemine.mine_named(placemine.read_named())
    estates = {u.name: u for u in found if u.listed}
    assert estates["东御世家"].town == "东凤镇"
    assert estates["广浩华庭"].town == "西区街道"
    assert estates["丽景名筑"].town == "小榄镇"  # listed under the former 东升镇
    assert estates["东御世家"].source.startswith("gh:bjwa2020/coronavirus")
    assert "乌沙村" not in estates  # a village on the list gives no row
    assert "上海城" not in estates  # a city elsewhere in the name


@pytest.mark.parametrize("text", ["上海城市更新项目拖欠农民工工资", "在上海城中村的工地被欠薪"])
def test_a_city_elsewhere_stays_elsewhere(text):
    assert assign_district(text).name == "out_of_area"


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("东御世家那边的工地包工头跑了，欠我们三个月工资", "东凤镇"),
        ("广浩华庭一间装修公司拖欠工资两个月", "西区街道"),
        ("丽景名筑的物业公司拖欠保安工资", "小榄镇"),
        ("奥城花园旁边的厂老板走佬，人工冇出", "黄圃镇"),
        # a brand-led name or a short one is another city's estate as well: not alone …
        ("中海锦城工地的班组被欠薪", None),
        ("海伦堡工地欠薪", None),
        # … but with 中山 around it
        ("中山中海锦城工地的班组被欠薪", "石岐街道"),
        ("东莞的中海锦城工地欠薪", "out_of_area"),
    ],
)
def test_rows_of_this_round_place_a_post(text, district):
    assert assign_district(text).name == district
