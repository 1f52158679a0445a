"""镇街 of round 15 (issue 11, pk15; the categories of development set K's misses): words only Hong Kong, Macau,
Taiwan or a place abroad uses (港元, 外劳, 外佣, 全港, Uber); a Zhongshan place denied (不是中山沙溪); a town
elsewhere of two characters (乌镇) that a Zhongshan short name must not start inside; an office building after a
place elsewhere that is an ordinary word too (西环); a hospital, a school or a 文体中心 after a context-gated 镇街
name; and 中山 named as where someone arrived to live (就到中山了) while the work is elsewhere. Sentences are
invented."""

from __future__ import annotations

import pytest

from triage.districts import OUT_OF_AREA, assign_district


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # words only another place uses, and no Zhongshan cue
        ("酒楼执笠，我哋几个伙计月薪一万二港元都冇出", OUT_OF_AREA),
        ("老细请咗外劳之后就叫我哋本地人放无薪假", OUT_OF_AREA),
        ("雇主欠外佣两个月工资仲要佢搬走", OUT_OF_AREA),
        ("全港有几十个地盘工人今日去追粮", OUT_OF_AREA),
        ("兼职揸Uber，平台拖咗我三个月车费", OUT_OF_AREA),
        # a real Zhongshan cue beats them
        ("中山小榄一间厂话要请外劳，本地工人要放假", "小榄镇"),
        # 户外劳动者 holds 外劳 but not as a word
        ("户外劳动者服务站今日开放，环卫工可以入去饮水", None),
    ],
)
def test_words_only_another_place_uses(text, district):
    assert assign_district(text).name == district


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("唔系中山黄圃呀，系广州黄埔，三十个师傅俾判头拖数", OUT_OF_AREA),
        ("不是中山的三角，是别处一个三角工业区，工人三个月没工资", None),
        # a denial of something else is no denial of the place after it
        ("老板不是中山的，厂在良都，欠了三个月工资", "南区街道"),
        # a town elsewhere with 的 between it and its city (太仓的沙溪镇) is that city's
        ("江苏太仓的沙溪镇一间仓库拖欠外包工三个月工资", OUT_OF_AREA),
        # a Zhongshan place not denied still counts
        ("中山黄圃一间腊味厂拖欠工人工资", "黄圃镇"),
    ],
)
def test_a_denied_zhongshan_place_is_no_cue(text, district):
    assert assign_district(text).name == district


def test_a_town_elsewhere_of_two_characters_is_not_read_as_a_zhongshan_village_inside_it():
    assert assign_district("乌镇一带民宿请不到人，服务员日薪涨到三百").name == OUT_OF_AREA


@pytest.mark.parametrize(
    "text",
    ["二十个工人冲入承建商位于西环的总办事处追讨工资", "西环嗰间判头公司写字楼俾工友围住追粮"],
)
def test_an_office_after_a_place_elsewhere_that_is_a_word_too(text):
    district = assign_district(text)
    assert district.name == OUT_OF_AREA
    assert "西环" in district.elsewhere


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("东区一民营医院拖欠护士工资三个月", "东区街道"),
        ("民众文体中心装修完了，十几个师傅工钱还没结", "民众街道"),
        # a place elsewhere named with it still wins
        ("香港东区一间医院的清洁工被欠薪", OUT_OF_AREA),
    ],
)
def test_a_hospital_or_a_school_after_a_gated_town_name_uses_it_as_a_place(text, district):
    assert assign_district(text).name == district


def test_zhongshan_named_where_someone_arrived_tells_only_where_they_live():
    text = "我是湖南人，前几年就到中山了。我家住中山坦洲，在珠海前山一个仓库做搬运，老板三个月没发工资。"
    assert assign_district(text).name == OUT_OF_AREA
    assert (
        assign_district("来中山五年了，现在在珠海前山一个仓库做搬运，老板三个月没发工资。").name
        == OUT_OF_AREA
    )
    # 中山 as the workplace, with a place elsewhere named too: neither
    assert assign_district("我住坦洲，每天到中山市区上班，老板是深圳的，三个月没发工资。").name is None


def test_a_group_of_companies_abroad_puts_the_story_there_as_a_company_does():
    assert assign_district("纽约一家餐饮集团拖欠供应商和员工的钱，上了新闻").name == OUT_OF_AREA
    # a place abroad named in passing still is not
    assert assign_district("老板说美国加关税，厂里订单少了，工资拖了两个月").name is None
