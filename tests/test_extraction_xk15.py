"""Issue 11, round 15 (xk15): phrasing families that development set K showed the rules missing: counts as people
say them (卌几个, 连我四个, 我们仨, a clause between the count and the people), one worker told of (我阿叔, 一名外省渔工,
他被欠了…), amounts that are no total (每人被积欠…, one worker's share, wages lumped with a contract's costs),
and months (干了二十多个月, 正月到三月, 上个月冇粮, months already paid).
Invented sentences only: no sentence, name or figure of an evaluation set."""

from __future__ import annotations

import pytest

from triage.extract import extract_facts

POSTED = "2026-06-10T09:00:00+08:00"


def facts(text: str):
    return extract_facts(text, POSTED)


# ---- workers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("我哋地盘卌几个师傅，三个月人工冇出", 40),  # 卌 is forty
        ("卌个搬运工俾判头拖数", 40),
        ("某建材公司拖欠36名劳动者工资，逾期未改正", 36),  # the labour law's word
        ("约120名受雇于物业外包公司的一线保洁员聚集讨薪", 120),  # a clause between count and people
        ("五十名在码头仓库上夜班的外地雇员投诉被欠薪", 50),
        ("我们饭堂连我五个，老板两个月没发工资", 5),  # a count that holds the poster
        ("我同阿明两个喺仓库做，老细欠咗我哋两个月人工", 2),
        ("我们仨在那家奶茶店干了两个月，一分钱没拿到", 3),
        ("我和三个同学暑假在电子厂做工，工资到现在没结", 4),
    ],
)
def test_counts_as_people_say_them(text, workers):
    assert facts(text).workers == workers


@pytest.mark.parametrize(
    "text",
    [
        "我阿叔喺沙溪嗰间制衣厂做咗一年，老细走佬冇出粮",  # a relative, in Cantonese
        "码头有一名外省渔工反映，船老板欠他九个月工钱",  # one worker with what he is before the word
        "朋友说他被欠了快三万工资，老板电话都不接",  # one told of, owed, in the third person
        "厂里逃出来的大哥说，他三个月工钱没要就跑了",
    ],
)
def test_one_worker_told_of_is_one(text):
    assert facts(text).workers == 1


@pytest.mark.parametrize(
    "text",
    [
        "按规定，拒不支付一名劳动者三个月以上的劳动报酬且数额在一万元以上的属数额较大",  # a statute's example
        "我是一名装修工人，老板欠我四个月工资",  # the poster himself: a bare first person
        "我跟旁边工位的大姐干的是一样的活，她底薪比我多三百",  # a colleague compared, no one owed
        "那间灯饰厂欠咗成百万人工，我阿叔做打磨都有份",  # one among those owed: the count is not told
    ],
)
def test_no_count_where_none_is_told(text):
    assert facts(text).workers is None


def test_pupils_after_a_clause_are_no_workers_of_a_school():
    text = "学校拖欠老师工资，300多名来自附近几个村的学生停课在家，家长担心学费"
    assert facts(text).workers != 300


# ---- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("五金厂拖欠陈某等80名员工数月工资共230多万元", 2_300_000),  # 数月工资 is no pay level
        ("一百二十个工友，八百万，从三月做到六月一分钱没见着", 8_000_000),  # a head count, then the sum
        ("春节后工钱就没再见过，算下来应该有两万多", 20_000),  # money never seen is a claim
        ("近90名员工两个月工资未发，员工人均被拖欠六千元", 540_000),  # per head × count
    ],
)
def test_amounts_owed(text, amount):
    assert facts(text).amount_yuan == amount


@pytest.mark.parametrize(
    "text",
    [
        "清洁工每人被积欠大约两万一千元加班费，外包公司说是自愿加班",  # each one's share, nobody counted
        "外包清洁工月薪仅两万出头，换约后年资归零",  # a pay level
        "三十几个伙计冇粮出，有厨师俾佢拖咗成万蚊",  # one worker's share beside the crew
        "现场约百名工人聚集，有工人称公司欠其本人九万元",
        "五十个工友冲上判头写字楼，话两个工程人工加工程费欠成五千万",  # wages lumped with contract costs
        "工人追讨两项工程的工资及费用，声称涉款逾三千万元",
        "仓库停摆，上万双鞋发不出去，外包员工三个月没工资",  # pairs of shoes
        "环卫工要求把月均约1500元的收入提高到1900元左右",  # a raise asked for
        "合约写明月薪一万二，实际只按日在宿舍收取两三百元现金",  # what is paid by the day
    ],
)
def test_no_total_where_none_is_told(text):
    assert facts(text).amount_yuan is None


# ---- months -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("他在船上干了十多个月，欠下的九万多一直没给", 10.0),  # a vague count of months worked
        ("在平台播了一个半月，一毛都没结到", 1.5),
        ("地盘工人今年二月至五月未获发工资", 4.0),
        ("由正月到四月派费一蚊都未见", 4.0),  # the lunar year's first month by its name
        ("幼稚园啲老师话上个月冇粮", 1.0),
        ("由上个月到而家都冇出粮，欠佢五千几", 1.0),
        ("佢喺按摩店做咗三年，一直冇出粮", 36.0),
        ("搓背两年没拿到提成", 24.0),
        ("总包已协助支付两个月工资，工人要求支付三月至六月被拖欠的工资", 4.0),  # months paid are not owed
    ],
)
def test_months_owed(text, months):
    assert facts(text).months_unpaid == months


def test_months_paid_alone_are_no_months_owed():
    assert facts("我们学校这学期只发了两个月工资，其他月份都说等补贴").months_unpaid is None


# ---- employer names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("有工人称公司欠其本人三万元，劳务公司不露面", "劳务公司"),  # who says it is no part of a name
        ("按照和装修公司签的协议，人工费应在完工后结清", "装修公司"),
        ("市民反映沿江路旁某灯饰厂自今年5月起未足额发放工资", "灯饰厂"),  # 旁某: where it stands, anonymised
        ("我们在一处果园打工，三个月没发工资", "果园"),
    ],
)
def test_a_name_without_the_words_of_the_sentence_before_it(text, employer):
    assert facts(text).employer == employer


def test_the_boss_has_no_name_made_of_the_sentence():
    assert facts("老板有老板的难处，可工钱拖了三个月").foreman is None


# ---- collective action ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "五金厂倒闭，千几工人上街",
        "成两百个清洁工友企喺度三日喇，外判公司一句都唔回",
        "城西几百个骑手罢跑，要求提高配送费",
        "一百多个工人被欠八百万，今天三十来个人在工地外举着木板写“还钱”",
        "我们十几个老乡天天在镇上坐着，分包说等总包",
        "三十个工友冲上判头公司写字楼追人工",
        "有师傅爬上十二楼棚架追粮，两个人五万几",
        "快递点二十几个临时工唔开工喇，十月人工到而家都未出",
        "东区嗰间酒楼执咗，今日我哋廿几个伙计去咗分店门口嗌",
    ],
)
def test_workers_acting_together_are_a_collective_action(text):
    assert facts(text).group_incident


@pytest.mark.parametrize(
    "text",
    [
        "工地门口不要堵上了，请大家走劳动仲裁",  # told not to
        "我在门口等了一会儿就走了，工资下个月发",
    ],
)
def test_no_collective_action_where_none_is_told(text):
    assert not facts(text).group_incident
