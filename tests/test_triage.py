"""First triage: 镇街 assignment with the traps of DOMAIN.md, facts, priority, exact-duplicate keys."""

from __future__ import annotations

import pytest

from triage.dedupe import case_key
from triage.districts import OUT_OF_AREA, assign_district
from triage.extract import chinese_number, extract_facts, mask_phone
from triage.priority import prioritize


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("坦洲镇界狮南路一工地欠薪", "坦洲镇"),
        ("火炬开发区某电子厂拖欠工资", "中山港街道"),
        ("张家边一家餐厅老板跑路", "中山港街道"),
        ("东升镇的厂两个月冇出粮", "小榄镇"),  # 东升 merged into 小榄 in 2021
        ("民众镇某工地欠薪", "民众街道"),
        ("我在中山东区打工，老板欠薪", "东区街道"),
        ("古镇灯饰厂拖欠工资", "古镇镇"),
        ("我们在中山港口镇做游戏机，厂里欠工资", "港口镇"),
        ("广州南区一工地欠薪", OUT_OF_AREA),  # 南区 of another city
        ("佛山顺德某家具厂欠薪", OUT_OF_AREA),
        ("港口的货船今天没出海", None),  # a harbour, not 港口镇
        ("这个古镇的老街很好逛", None),  # an old town
        ("三角形的面积怎么算", None),
        ("民众的眼睛是雪亮的", None),
        ("老板欠了我们三个月工资", None),
    ],
)
def test_district_assignment(text, district):
    assert assign_district(text).name == district


def test_assignment_carries_a_readable_reason():
    result = assign_district("坦洲界狮南路一工地欠薪")
    assert result.reason.endswith("→ 坦洲镇") and "坦洲" in result.reason
    assert 0 < result.confidence <= 1


@pytest.mark.parametrize(
    ("token", "value"), [("十二", 12), ("二十", 20), ("两千", 2000), ("一百零五", 105), ("3.5", 3.5), ("十", 10)]
)
def test_chinese_numbers(token, value):
    assert chinese_number(token) == value


@pytest.mark.parametrize(
    ("text", "workers", "amount"),
    [
        ("我们班组12人，老板欠了三万多", 12, 30000),
        ("二十多个工友被拖欠3万5工资", 20, 35000),
        ("3.5w的人工冇出粮", None, 35000),
        ("十几万工资没发", None, 100000),
        ("人均四千×20人", 20, 80000),
        ("欠35000元，电话13800001234", None, 35000),
    ],
)
def test_workers_and_amounts(text, workers, amount):
    facts = extract_facts(text)
    assert (facts.workers, facts.amount_yuan) == (workers, amount)


def test_months_relative_to_the_post_date_and_signals():
    facts = extract_facts("从去年十月到现在没发工资，再不给就去市政府拉横幅", "2026-11-20T10:00:00+08:00")
    assert facts.months_unpaid == 13
    assert facts.group_incident and "拉横幅" in facts.group_signals
    assert extract_facts("拖了三个月工资").months_unpaid == 3


def test_phones_are_kept_and_masked_for_display():
    assert extract_facts("联系我13800001234").phones == ["13800001234"]
    assert mask_phone("13800001234") == "138****1234"


@pytest.mark.parametrize(
    ("label", "facts", "priority"),
    [
        ("wage_arrears", {"group_incident": True}, "P1"),
        ("wage_arrears", {"workers": 30}, "P1"),
        ("wage_arrears", {"amount_yuan": 1_000_000}, "P1"),
        ("wage_arrears", {"sector": "construction"}, "P2"),
        ("wage_arrears", {"gov_project": True}, "P2"),
        ("wage_arrears", {"workers": 10}, "P2"),
        ("wage_arrears", {"amount_yuan": 100_000}, "P2"),
        ("wage_arrears", {"workers": 3, "amount_yuan": 9000}, "P3"),
        ("other_labor", {"workers": 100}, "P3"),
        ("irrelevant", {"workers": 100}, None),
    ],
)
def test_priority_rules(label, facts, priority):
    assert prioritize(label, facts)[0] == priority


def test_reposts_share_a_case_key_and_different_cases_do_not():
    original = "坦洲镇某工地拖欠我们二十多个工友三个月工资，求助！"
    assert case_key(original) == case_key(f"#中山欠薪# {original}[怒]😡 @中山人社")
    assert case_key(original) == case_key(f"转发微博：{original} http://t.cn/A6x")
    assert case_key(original) != case_key(original.replace("坦洲镇", "三乡镇"))
