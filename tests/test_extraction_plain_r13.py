"""Issue 11, round 13: extraction's plain mistakes, the ones any reader sees at once (bench/extract_audit.py lists
them by category): employer names cut short or run into the sentence, rough counts read as exact numbers.
Invented sentences only: no sentence, name or figure of an evaluation set."""

from __future__ import annotations

import pytest

from triage.casefacts import case_facts
from triage.extract import extract_facts

POSTED = "2026-03-10T09:00:00+08:00"


def names(text: str) -> list[str]:
    return extract_facts(text, POSTED).employer_names


# ---- employer names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a registered name longer than eight characters before its kind: its head is no longer eaten
        ("中山市瑞丰五金制品有限公司拖欠我们三个月工资", "中山市瑞丰五金制品有限公司"),
        ("我们是广东省中山市宏景灯饰照明有限公司的员工，工资拖了两个月", "广东省中山市宏景灯饰照明有限公司"),
        # a character that never opens a name in a sentence (明 of 明天) may sit inside a registered one
        ("晨光照明电器有限公司拖欠工资四万多", "晨光照明电器有限公司"),
        ("我在金全家具有限公司做了三年，老板欠薪", "金全家具有限公司"),
        ("名杰装饰工程有限公司欠我们二十个师傅的工钱", "名杰装饰工程有限公司"),
        # who it is told as is cut off with the words before it
        ("工友们向承建商华澳建设工程有限公司讨薪", "华澳建设工程有限公司"),
    ],
)
def test_a_registered_name_comes_out_whole(text, name):
    assert name in names(text)


def test_a_registered_name_still_stops_at_the_sentence():
    assert names("今天上午我们去了锦辉有限公司讨薪") == ["锦辉有限公司"]
    assert names("老板说鸿运五金有限公司没钱") == ["鸿运五金有限公司"]


@pytest.mark.parametrize(
    "text",
    [
        "工伤认定了，但公司不肯赔偿剩下的部分",  # 但: but
        "我们多次向公司反映，一直没有结果",  # 多次向: repeatedly to
        "可以要求公司支付经济补偿",  # 可以要求: may ask
        "我们一直找项目部，没人理",
        "入职时公司收了五百元押金",  # 时: when
        "以物业管理和保洁行业为主",  # 以: mainly in
    ],
)
def test_words_of_the_sentence_before_a_bare_kind_are_no_employer(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("来电人反映外包保洁公司拖欠其三个月工资", "外包保洁公司"),
        ("工人起诉，要求置业公司支付工资", "置业公司"),
        ("来电人称受雇于某保安服务公司，工资拖了两个月", "保安服务公司"),
        ("您反映五桂山某茶楼拖欠工资的问题已转人社分局", "五桂山某茶楼"),
        ("可以向保险公司申请理赔", "保险公司"),
    ],
)
def test_the_verb_before_a_name_is_cut_off(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("您反映的横栏镇某家具公司拖欠工资", "家具公司"),  # not 具公司: 家 of 家具 is no counter
        ("东凤镇一家小家电厂老板跑路", "小家电厂"),  # not 电厂, a power plant
        ("一家人力资源公司拖欠派遣工工资", "人力资源公司"),
        ("晨光照明五金厂欠薪三个月", "晨光照明五金厂"),
        ("南头一家电器厂拖欠工资", "电器厂"),  # 一家 + 电器厂: the counter stays out
        # after a counter, one character before 公司 is no trade: 家电 and 上市 run on (session 14)
        ("小榄某家电公司拖欠我们三个月工资", "家电公司"),
        ("东区某上市公司年假作废不补", "上市公司"),
        ("港口镇某家居公司负责人联系不上", "家居公司"),
    ],
)
def test_a_name_runs_on_over_a_word_that_holds_a_stop_character(text, name):
    assert names(text) == [name]


def test_a_name_cut_at_eight_characters_inside_a_place_starts_with_the_place():
    assert names("中山港口某跨境电商公司欠薪两个月") == ["中山港口某跨境电商公司"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("人社分局已责令该厂限期支付", "该厂"),
        ("约谈项目负责人和劳务公司负责人", "劳务公司"),
        ("请领导督促外包公司尽快发放工资", "外包公司"),
    ],
)
def test_a_conjunction_before_a_generic_firm_is_cut(text, name):
    assert names(text) == [name]


def test_a_name_that_begins_like_a_preposition_keeps_it():
    assert names("以诚服饰有限公司拖欠员工工资") == ["以诚服饰有限公司"]
    assert names("和记餐厅拖欠员工工资") == ["和记餐厅"]


def test_a_registered_name_kept_whole_is_told_by_its_brand_when_merging():
    def employers(text):
        return case_facts(text, extract_facts(text, POSTED).as_dict()).employers

    whole = "东莞市瑞通建筑劳务分包有限公司拖欠两百多名工人工资"
    assert extract_facts(whole, POSTED).employer_names == ["东莞市瑞通建筑劳务分包有限公司"]
    assert employers(whole) == employers(
        "瑞通建筑劳务分包有限公司拖欠两百多名工人工资"
    )  # the city is no name


# ---- rough counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers", "span"),
    [
        ("十几廿个工友被拖欠工资", 10, (10, 29)),  # teens to twenties, not thirty
        ("我们十几二十个师傅的人工未出", 10, (10, 29)),
        ("上百名工人聚在厂门口讨薪", 100, (100, 199)),  # a hundred or more, not exactly a hundred
        ("上千名员工的工资没着落", 1000, (1000, 1999)),
        ("成百上千工人的工钱被拖欠", 100, (100, 1999)),  # hundreds to a thousand
        ("楼上3个工人被欠工资", 3, (3, 3)),  # 上 before a digit is no rough count
    ],
)
def test_a_rough_count_is_a_range(text, workers, span):
    f = extract_facts(text, POSTED)
    assert (f.workers, f.workers_range) == (workers, span)


def test_a_rough_sum_from_the_teens_to_the_twenties():
    f = extract_facts("老板欠了我们十几廿万工资", POSTED)
    assert (f.amount_yuan, f.amount_range) == (100000, (100000, 299999))


@pytest.mark.parametrize("text", ["老板欠了我们百多万工资", "拖欠工人工资百余万元", "欠了百来万工资"])
def test_a_hundred_odd_ten_thousands_is_a_figure(text):
    f = extract_facts(text, POSTED)
    assert (f.amount_yuan, f.amount_range) == (1000000, (1000000, 1999999))
