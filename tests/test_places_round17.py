"""Places round 17 (issue 11, helper gzc): posts set in Taiwan, Hong Kong or Macau told by a township's short name or by
words only written there in traditional characters; Zhongshan names that collide with places there stay Zhongshan's;
a park named by its place (泰丰), a village used as a place against lingo, a town elsewhere by its short name before a
workplace, a county's zone before its office. Every sentence here is invented."""

from __future__ import annotations

import pytest

from triage.districts import OUT_OF_AREA, assign_district
from triage.farplaces import written_traditional
from triage.parkbases import place_name, short_rows
from triage.text import to_simplified


@pytest.mark.parametrize(
    "text",
    [
        "土城那間電子廠欠了我們兩個月薪水，老闆都不接電話",  # script: a township's short name, traditional characters
        "新莊健身房說倒就倒，教練的薪水也沒發",
        "板橋一間印刷廠關門，二十個員工領不到薪水",  # script-site: a word too, so a pointing word or a site after it
        "三重那間物流公司拖了三個月的薪水",
        "在板橋地院打官司要回加班費",
    ],
)
def test_a_taiwan_township_by_its_short_name_in_traditional_characters_is_elsewhere(text):
    assert assign_district(text).name == OUT_OF_AREA


@pytest.mark.parametrize(
    "text",
    [
        "新庄那个厂欠了我们两个月工资",  # the same name in simplified characters: a village anywhere
        "新莊村一間廠欠薪兩個月",  # a village of that name
        "走過板橋，老闆又說下個月才發薪水",  # 板橋 a plank bridge: nothing after it makes it the township
        "老闆開咗間新店，但係我哋嘅人工仲未出",  # 新店 a new shop
    ],
)
def test_the_same_names_read_otherwise_name_no_place(text):
    assert assign_district(text).name is None


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "東區一間工廠欠薪兩個月，老闆走佬",
            "东区街道",
        ),  # 東區 of 新竹, 嘉義, 台南 and Hong Kong, and Zhongshan's
        ("中山東區一間工廠欠薪", "东区街道"),
        ("西區一間茶餐廳拖咗我哋兩個月人工", "西区街道"),
        ("三鄉一間廠欠薪，幾十個工人喺門口等", "三乡镇"),
        (
            "中山市石岐一間酒樓欠薪，時薪都冇計足",
            "石岐街道",
        ),  # a Zhongshan place beats the words of elsewhere
    ],
)
def test_zhongshan_names_other_places_bear_too_stay_zhongshans(text, town):
    assert assign_district(text).name == town


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("台南東區一間工廠欠薪", OUT_OF_AREA),  # a city beside the name takes it out
        ("台北中山區一間餐廳欠薪", OUT_OF_AREA),
        ("香港西區一間茶餐廳拖糧", OUT_OF_AREA),
    ],
)
def test_a_city_named_beside_a_shared_name_takes_it_elsewhere(text, town):
    assert assign_district(text).name == town


@pytest.mark.parametrize(
    "text",
    [
        "講好時薪一百九，月底只發了一半",  # 時薪 in traditional characters
        "庇護工場的學員被要求加班賣東西",
        "勞動部說可以打專線申訴",
        "議員今日召開記者會，指一間公司欠薪半年",
        "承建商拖欠工人工資，本地工人到場抗議",
    ],
)
def test_words_written_there_in_traditional_characters_point_elsewhere(text):
    assert assign_district(text).name == OUT_OF_AREA


@pytest.mark.parametrize(
    "text",
    [
        "讲好时薪二十，月底只发了一半",  # the mainland's 时薪, in simplified characters
        "勞動部門話會跟進，叫我哋等",  # 劳动部门: the labour authorities anywhere
        "搵咗勞動局兩次，老細都唔出現",  # 勞動局: Guangdong's Cantonese posts write it in traditional characters too
        "承建商欠我们工钱，说等甲方付款",
    ],
)
def test_those_words_otherwise_name_no_place(text):
    assert assign_district(text).name is None


def test_a_zhongshan_post_with_the_mainlands_hourly_wage_stays_zhongshans():
    assert assign_district("火炬开发区电子厂招暑假工，时薪20，日结").name == "中山港街道"


def test_written_traditional():
    for raw in ("老闆拖著不發薪水", "講好時薪七十五，出糧得六十"):
        assert written_traditional(raw, to_simplified(raw))
    for raw in (
        "老板拖着不发薪水，怎么办？",
        "我哋两个月人工冇出，点算？（急）",
    ):  # full-width marks are no script
        assert not written_traditional(raw, to_simplified(raw))


def test_a_village_used_as_a_place_outweighs_speech_of_elsewhere():
    # 二判 is Hong Kong's word, but 曹一 (古镇's 曹一村) is used as a place and no place elsewhere bears it
    assert assign_district("曹一那个工地，二判扣住我哋人工唔出").name == "古镇镇"
    # 長洲 is a Hong Kong island as well as 西区's 长洲社区: the words of Hong Kong decide
    assert assign_district("長洲一間酒樓欠薪，強積金都冇供").name == OUT_OF_AREA


def test_a_park_by_its_places_name():
    assert place_name("泰丰工业区") == "泰丰"
    assert place_name("华帝工业城") is None  # a 工业城 or 工业园 is often one firm's
    assert place_name("临海装备制造业基地") is None
    assert assign_district("泰丰那间五金厂老板跑路，三十个工人冇粮出").name == "小榄镇"


def test_park_short_rows_keep_the_guards():
    parks = [
        ("甲乙工业区", "小榄镇", "no"),
        ("丙丁工业区", "横栏镇", "no"),
        ("丙丁开发区", "南头镇", "no"),  # two 镇街: no row
        ("星火工业区", "小榄镇", "yes"),  # a park many cities bear gives no short name
        ("戊己工业区", "古镇镇", "no"),
    ]
    kept, left_out = short_rows(parks, {"戊己"}, lambda name: name == "甲乙")
    assert kept == []
    assert ("丙丁", "its parks lie in 南头镇/横栏镇") in left_out
    assert any(name == "甲乙" for name, _why in left_out)
    kept, _ = short_rows([("庚辛工业区", "东凤镇", "no")], set(), lambda name: False)
    assert kept[0][:4] == ("庚辛", "东凤镇", "园区", "yes")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "三道岭一家煤矿拖欠工人工资半年",
            OUT_OF_AREA,
        ),  # 三道岭镇 of 哈密, by its short name before a workplace
        ("火车站那个工地欠薪两个月", None),  # 火车站街道 are in many cities: a word, no town
        ("此前，工人到平原示范区劳动监察大队投诉", OUT_OF_AREA),  # a county's zone before its office
        ("工人到火炬开发区劳动监察大队投诉", "中山港街道"),
    ],
)
def test_towns_and_zones_elsewhere(text, name):
    assert assign_district(text).name == name


def test_a_name_denied_once_is_denied_wherever_it_is_named():
    text = "别乱转，出事那个沙溪是福建永安的沙溪镇一个仓库，不是中山沙溪，工人两个月没工资是真的"
    assert assign_district(text).name == OUT_OF_AREA


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("港口灯饰城一间铺头拖咗两个月人工", "港口镇"),
        (
            "在港口游戏城那边做主播，两个月没结钱",
            "港口镇",
        ),  # a market or mall called X城 uses 港口 as a place
        ("港口城市的货轮停了，船员工资没发", None),  # 港口 a harbour
    ],
)
def test_a_mall_called_x_cheng_uses_a_gated_name_as_a_place(text, name):
    assert assign_district(text).name == name


@pytest.mark.parametrize("text", ["金鐘一間公司欠薪，強積金都冇供", "彩虹嗰間茶餐廳拖糧，強積金都冇供"])
def test_a_village_hong_kong_bears_too_gives_way_to_hong_kongs_words(text):
    # 金钟 (板芙) and 彩虹 (西区) are Hong Kong's Admiralty and Choi Hung too
    assert assign_district(text).name == OUT_OF_AREA


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("石岐镇一个快递点，老板欠我们四个快递员一个多月工资", "石岐街道"),  # 石岐镇 + 一个, not 黄圃's 镇一
        ("火炬开发区镇一家模具厂拖欠二十个工人工资", "中山港街道"),
        ("镇一那间厂欠薪，三十个工人冇粮出", "黄圃镇"),  # 镇一 alone is still the village
    ],
)
def test_zhen_yi_after_a_towns_name_is_its_zhen_and_a_numeral(text, town):
    assert assign_district(text).name == town
