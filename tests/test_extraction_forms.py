"""Issue 11, round 7 (x7): forms of real wording that broke the extractor, each with invented examples
(no sentence, name or figure of the phrasings set or of an evaluation set), and the measuring tool."""

from __future__ import annotations

import json

import pytest

from evaluation import extraction
from tests.extractkit import facts

# ---- amounts: what the money is ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "餐馆老板留言说欠了600万外债跑路了，店里员工也没拿到工资",  # a debt, not wages
        "司机说好的两千五百块运费，收货的一分不给",  # freight
        "她来之前交了约8万元中介费，现在想换工作",  # a broker's fee
        "每月还有4000余元房贷要还，被欠工资的还有好几个同事",  # a mortgage
        "去年厂子营收才30万元，却亏了180万元",  # takings and losses
        "调查说平均损失将近新台币九千元",  # a loss, with the currency before it
        "厂长承认收了业主约十五万元工程预付",  # received from a client (no wage word near)
    ],
)
def test_money_named_for_what_it_is_not_wages(text):
    assert facts(text)[1] is None


def test_a_contract_value_is_not_the_arrears():
    text = "60多名工人被拖欠工资近两百万元，这栋楼工程总造价3.8亿元"
    assert facts(text)[:2] == (60, 2_000_000)


def test_money_already_received_or_advanced_is_not_what_is_owed():
    assert facts("我们9个人到现在一共才领到4万元，房租都交不起")[1] is None
    assert facts("干了半个月只借出200元生活费，剩下的不给")[1] is None
    assert facts("我先交了3500元报名费，后来机构倒闭了")[1] is None


def test_what_is_still_owed_wins_over_the_total_and_what_was_paid():
    assert facts("一共领到300万元工资，还被拖欠95万元，涉及工人120名")[:2] == (120, 950_000)
    assert facts("合同价逾900万元，只付了逾400万元，尚欠逾170万元工资")[1] == 1_700_000
    # told after the figure: 还有…没给
    assert facts("老陈的活算下来6.2万元，先给了2万，后来又给了1万，现在还有3.2万元没给")[1] == 32_000
    assert facts("已追回工资9万元，尚有4万元未支付，涉及工人18名")[:2] == (18, 40_000)


def test_money_taken_away_is_not_the_arrears():
    assert facts("工头卷走了30万，我们二十几个人的工钱没了")[:2] == (20, None)


def test_a_part_of_a_total_is_not_what_is_still_owed():
    text = "被拖欠的工钱分四笔，总额近25万元，其中一个老板那笔还欠6万元"
    assert facts(text)[1] == 250_000


def test_a_post_only_about_contract_debts_between_firms_names_no_wage_amount():
    assert facts("两家机械租赁商被总包积欠工程款共210万，其中一家80万一毛没拿到")[1] is None
    # … but the workers' share of it is wages
    assert facts("十几名农民工跟包工头干活，他把工程款里应给工人的8万元扣着不给")[:2] == (10, 80_000)


def test_pay_levels_are_not_arrears():
    assert facts("保洁员每月中位工资为12,300元")[1] is None
    assert facts("员工32人，月均工资约4500元，公司已三个月没发")[1:] == (None, 3)


def test_per_head_told_with_the_verb_and_a_currency_sign():
    assert facts("每人被拖欠工资约2500元，涉及工人40名")[:2] == (40, 100_000)
    assert facts("拖欠薪酬HK$48,000，涉及僱員四人")[:2] == (4, 48_000)


# ---- workers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("法院查明，被告自前年起陆续拖欠其部分工资共计5231元", 1),  # 其: the one claimant
        ("对账后包工头还欠钟某工资4200元，打了欠条", 1),  # an anonymised single worker
        ("曾师傅2019年给一家公司刷外墙，尾款拖到现在", 1),  # a surname and 师傅
        ("一名厨师申请仲裁，要求饭店支付拖欠的工资", 1),
        ("今年61岁的老孙被拖欠工资3800元", 1),
        ("近千名黔籍农民工讨薪", 1000),  # a count with where they come from
        ("几十名医护人员聚在院门口讨薪", 20),
        ("老板拖欠工资达百万元以上，工人近百名", 100),
    ],
)
def test_who_is_owed(text, workers):
    assert facts(text)[0] == workers


@pytest.mark.parametrize(
    "text",
    [
        "三人被移送法办，其中一人是装修工",  # people in a police story
        "统计说每五位移工就有一位被骗过",  # a ratio
        "工号3310的员工说车间拖欠工资",  # a staff number
    ],
)
def test_counts_that_are_not_the_workers_owed(text):
    assert facts(text)[0] is None


# ---- months ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("医院护士说自己已被欠薪6至7个月", 6),  # a range of counts, at its low end
        ("公司欠我们300多名员工2022年一整年的工资", 12),
        ("5年了还没领到工资", 60),
        ("工程搁浅三年多了，欠工人的钱一直没给", 36),
        ("楼盖好都两年多了，工人的工钱还是没着落", 24),
        ("我们2月初到6月底在工地干活，大工一天三百，小工一天两百，包工头跑了，工钱一直没结", 5),
        ("欠薪时间从2024年11月到2025年2月", 4),
        ("我爸在工地干了两个多月，一分钱没拿到", 2),  # months worked, nothing paid
    ],
)
def test_months_unpaid(text, months):
    assert facts(text)[2] == months


@pytest.mark.parametrize(
    "text",
    [
        "我去家政公司，第一个月领到工资二千五百元",  # an ordinal month
        "公司规定每月15日发上个月工资",  # when pay falls due
        "工作每满1年补1个月工资",  # compensation
        "从10月中旬干到11月6日，只借出150元",  # a date, not a span of months
        "2001年3月至2002年1月在村小当代课老师，学校拖欠她工资1800元左右",  # a span of work
    ],
)
def test_months_that_are_not_months_unpaid(text):
    assert facts(text)[2] is None


# ---- the measuring tool --------------------------------------------------------------------------


def test_extraction_scores_a_file_and_splits_it_by_id(tmp_path, capsys):
    rows = [
        {"id": "T1", "text": "包工头欠我们十几个人三万多块钱工钱，拖了两个月", "workers": 10, "amount_yuan": 30000,
         "months_unpaid": 2, "form": "vague"},
        {"id": "T2", "text": "日薪350元，干了20天", "workers": None, "amount_yuan": None, "months_unpaid": None,
         "form": "distractor"},
        {"id": "T3", "text": "欠我们工资", "workers": 5, "amount_yuan": None, "months_unpaid": None, "form": "wrong truth"},
    ]  # fmt: skip
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    figures = extraction.score(extraction.load(path))
    assert figures["records"] == 3
    assert figures["workers"] == pytest.approx(2 / 3)
    assert figures["amount_yuan"] == 1.0
    assert [e["id"] for e in figures["errors"]["workers"]] == ["T3"]
    assert [r["id"] for r in extraction.load(path, "odd")] == ["T1", "T3"]
    assert [r["id"] for r in extraction.load(path, "even")] == ["T2"]
    assert extraction.main([str(path), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "workers        exact  66.7%" in out
    assert "T3: got None want 5" in out
