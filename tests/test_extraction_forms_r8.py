"""Issue 11, round 8 (x8): more forms of real wording, each with invented examples (no sentence, name or
figure of the phrasings sets or of an evaluation set)."""

from __future__ import annotations

import pytest

from tests.extractkit import facts

# ---- who is owed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("瓦工彭先生带着6名同乡去邻县盖厂房，完工后3万多元工钱一直没结", 7),  # one worker and his crew
        ("邵师傅前年带了十多个亲戚去外省刷墙，到现在工钱还没给", 11),  # a vague count, not 几十
        ("我和表哥、邻居带着五、六个老乡去修水渠，老板欠了我们两万块", 8),  # three named, then 五、六个
        ("包工头老严带着12名工人干了半年，工钱一分没拿到", 12),  # the foreman is not one of those owed
        ("我带着几十个工人去外地做防水，还欠我们三十多万", 20),  # 几十: as the sets count it
    ],
)
def test_a_worker_bringing_a_crew_counts_with_them(text, workers):
    assert facts(text)[0] == workers


@pytest.mark.parametrize(
    "text",
    [
        "卢女士在一家早教机构做前台，从去年11月起就没领到工资，被欠了9000多元",
        "湖南籍男子龚某爬上工地的吊机，说老板欠他两万多元工钱不给",
        "月嫂宁大姐说雇主答应每月七千，做满半年只给了两个月，剩下的一直拖着",
        "这家公司少发武某三个月工资，合计四千多元",
    ],
)
def test_one_worker_named_by_surname_and_title_is_one(text):
    assert facts(text)[0] == 1


def test_a_named_person_beside_a_crew_is_not_counted_alone():
    # the one named speaks for many: no count is told
    assert facts("邹先生说停工后欠农民工的工资大约十几万，楼只盖了三层")[0] is None


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("公司拖欠他和另外四名保安的工资，共计2万余元", 5),
        ("厂里欠她和20多个姐妹三个月的工钱", 21),
    ],
)
def test_he_or_she_and_the_others_are_counted_together(text, workers):
    assert facts(text)[0] == workers


def test_a_threshold_or_a_company_size_is_no_count_of_those_owed():
    assert facts("凡拖欠二十人以上的案件由市里督办，涉及百人以上的上报省里")[0] is None
    assert facts("这家集团员工过千人，数百名工人被拖欠了两个月工资")[0] == 200


def test_crew_words_of_the_sea_and_the_village_count():
    assert facts("船上12名船员从去年12月起没发过工资")[0] == 12
    assert facts("老刘带着附近村的几十位乡亲做砌块，还有十多万工钱没到手")[0] == 20


# ---- how much --------------------------------------------------------------------------------------


def test_the_wages_within_a_larger_sum_are_the_amount():
    text = "上游包商跳票总金额一千五百多万元，其中八十六万元是员工薪水，另有七百多万元工程款"
    assert facts(text)[1] == 860_000
    assert facts("拖欠他工程款2000余万元，其中农民工工资四百多万元")[1] == 4_000_000


def test_still_owed_to_us_wins_over_the_total():
    text = "项目一共欠下230多万元，这几年陆续给了100多万元，还欠我们120多万元"
    assert facts(text)[1] == 1_200_000
    # another person's own debt is not the workers' arrears
    assert facts("工人工资加起来有二三十万，新老板说原老板还欠他近80万")[1] == 200_000


@pytest.mark.parametrize(
    "text",
    [
        "拒不支付劳动报酬数额在三万元以上的，或者累计在八万元以上的，属于数额较大",  # a rule's threshold
        "她在厂里平均每月能领2800元左右，老板押一个月工资是惯例",  # a pay level
        "加班多的话每个月收入3000多元，这个月还没到发工资的日子",  # a pay level
        "维权热线：市中心12345以外，西区26543218，东区27654321",  # phone numbers
        "投资人注资的40亿也烧光了，员工工资从上月起没发",  # capital put in
        "仲裁委最后裁定96543元的工伤赔偿",  # injury compensation
        "支付命令：债务人应给付债权人新台币8,000,000元及利息",  # a creditor's claim
        "当局依法重罚该公司逾800万元",  # a fine
    ],
)
def test_money_that_is_not_the_arrears(text):
    assert facts(text)[1] is None


def test_a_range_told_with_its_unit_once_reads_at_its_low_end():
    assert facts("我们14名船员被欠了50到70万，船东联系不上")[:2] == (14, 500_000)


def test_the_minimum_wage_paid_is_no_arrears():
    assert facts("放假后公司发了当月520元的最低工资就再没发过，我们要求补发6月至9月的全额工资")[1] is None


# ---- how long ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("单位开工不足，四个月共拖欠2000多元", 4),  # N个月共拖欠
        ("我们要求补发3月至7月的全额工资", 5),  # a range before 全额工资
        ("今年6月和7月的薪资到现在还没发", 2),  # named months before 薪资
    ],
)
def test_months_told_in_these_ways(text, months):
    assert facts(text)[2] == months


def test_a_pay_cycle_is_no_months_unpaid():
    assert facts("说好半个月发一次工资，工程结束了还拖着将近3万块钱不结")[2] is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        # a span of work with its year, the pay still missing later in the sentence
        ("我和两名工友2025年4月至7月在一个厂房项目砌墙，完工后至今仍被拖欠工资共计3万元", 4),
        ("我们6个人去年5月到8月在仓库项目做抹灰，至今还有7万多元工资没付", 4),
        ("我们从2月做到5月，到现在还差3万工钱", 4),
        ("伙计由旧年十月做到而家都冇粮出", 5),  # since a month, to the day of posting (March)
        ("开发公司欠工人的800多万元工资近两年没付", 24),
    ],
)
def test_spans_and_years_of_unpaid_work(text, months):
    assert facts(text)[2] == months


def test_how_long_a_claim_has_run_counts_when_no_other_length_is_told():
    # evaluation/labelled.py (round 8b) and docs/labelling-questions.md q. 3a: a claim chased for years counts those
    # years when no other length is told (mo11; round 8 read it as null)
    assert facts("老乡们两百多万工资讨了三年多，连路费都没有")[2] == 36


def test_a_span_ending_mid_month_is_not_counted_as_whole_months():
    assert facts("公司欠我2024年3月到6月中旬的工资共计2万多元")[2] is None
