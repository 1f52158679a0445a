"""Workers and amounts in the forms real posts use (issue 11): ranges of two digits, "several",
廿, remainders over payments, pay levels and other people's money that are not arrears."""

from __future__ import annotations

import pytest

from triage.extract import extract_facts
from triage.numbers import _precision, chinese_number


@pytest.mark.parametrize(
    ("token", "value", "high"),
    [
        ("几十", 20, 99),  # "several tens": at least twenty
        ("几百万", 2_000_000, 9_999_999),
        ("十几", 10, 19),  # a trailing 几 is the floor
        ("三十几万", 300_000, 399_999),
        ("四五十万", 400_000, 599_999),  # two neighbouring digits: a range
        ("十四五万", 140_000, 159_999),
        ("六七十", 60, 79),
        ("廿几", 20, 29),
    ],
)
def test_vague_numbers_read_as_their_range(token, value, high):
    assert chinese_number(token) == value
    assert value + _precision(token, value) - 1 == high


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("数十名搬运工围住仓库讨薪", 20),
        ("几百号人在厂门口等老板", 200),
        ("廿几个人三个月冇出粮", 20),
        ("七八十个清洁工停工了", 70),
        ("两百多人工资没发", 200),  # 人工资: people, then wages
        ("三百来号人被欠薪", 300),
        ("六个女工爬上楼顶讨工资", 6),
        # the largest explicit count, not a "several" nor the factory's size
        ("一百二十多人的工资没发，几百号人围在门口", 120),
        ("厂里旺季时有员工五百多人，现在我们三十多个被拖了两个月", 30),
        ("厂里旺季时有员工五百多人，老板跑了", 500),
        # one worker named without a count
        ("一个小伙子爬上塔吊，说工头欠他八千块", 1),
        ("包工头拖欠其工资5000余元，现场有人围观", 1),
        ("扫街的阿姨说两个月没发工资了", 1),
        # …but not one among many, and not the boss couple
        ("有个工友爬上了天台，我们大家都三个月没出粮", None),
        ("老板两公婆跑了，工人人工未出", None),
    ],
)
def test_worker_counts(text, workers):
    assert extract_facts(text).workers == workers


def test_a_count_of_those_still_unpaid_is_part_of_the_group():
    facts = extract_facts("工程款付了大半，还有十几个师傅没收到钱")
    assert facts.workers == 10
    assert facts.workers_subset is True
    assert extract_facts("我们十几个师傅没收到钱").workers_subset is False
    assert extract_facts("我老公在工地做了半年，工钱一直没结").workers_subset is True


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("工人欠薪四五十万，新老板不认", 400_000),
        ("三千多个工人，一亿多工资没发", 100_000_000),
        ("欠我们几百万人工，老板走佬", 2_000_000),
        ("21个人9万多，老板电话打不通", 90_000),  # a head count next to a scaled figure: the wages
        # what is still owed wins over what was paid
        ("干了四个月，老板只给了两万，还差六万多", 60_000),
        ("淨係攞咗五萬蚊左右，仲差三十萬", 300_000),
        ("9万多的工钱只结了2万多，今天去门口举牌", 70_000),
        # not wages
        ("来电人：陈先生 138****4521，反映工资未发", None),  # a phone's tail
        ("打过12345也没用，工资还是没发", None),  # the hotline
        ("老板卷走三千万跑了，工人的工资没着落", None),
        ("公司账上两百多万都转走了，工资一直拖", None),
        ("我借了三千多块交房租，工资还没发", None),
        ("我们的工资本来就三千出头，现在又说要降五百", None),
        ("三次加薪加起来不到两百块", None),
        ("拖欠工人800多万工资，另外供应商的货款有两个亿", 8_000_000),
        # one worker's own share is not the group's total
        ("我一个人就被欠了六万多，几百号人都没拿到", None),
        ("我一个人被欠了六万多", 60_000),
    ],
)
def test_amounts(text, amount):
    assert extract_facts(text).amount_yuan == amount


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("几个师傅企咗上天台，话唔出粮就唔落嚟", True),
        ("三十几个工友塞晒成条马路，话要老细出嚟", True),
        ("两百多工人一起走去街道办反映情况", True),
        ("一百多号人连着去了三天，老板还是不见人", True),
        ("工人们举着横额在厂门口讨薪", True),
        ("今天全车间停工，要老板给个说法", True),
        # a site or a factory that stopped working is not a strike; a visit to the HR office is no crowd
        ("工地已经停工三个多月，工资还没结", False),
        ("八十多名员工已到人社分局登记欠薪", False),
    ],
)
def test_collective_action_signals(text, group):
    assert extract_facts(text).group_incident is group
