"""Issue 11, round 11 (wo11): who and how many are owed, read as posts say it (the description at the head of
triage/data/worker_words.toml). Invented sentences only: no sentence, name or figure of an evaluation set."""

from __future__ import annotations

import pytest

from tests.extractkit import facts

# ---- the forms of a count ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("二十多个工友在厂里干了半年，老板欠工资跑了", 20),  # a vague count at its low end
        ("50余名工人围在项目部门口讨要工钱", 50),
        ("廿几个师傅做完工程，判头仲未出粮", 20),  # 廿: twenty
        ("卅几个装修师傅被欠人工", 30),  # 卅: thirty
        ("兩百餘名員工三個月沒領到工資", 200),  # traditional script, a written numeral
        ("工地上二三十个工人被拖欠工钱", 20),  # a range of two numerals
        ("工地上的师傅有20多到30个，个个被欠工钱", 20),  # a range with 到: its low end
        ("三十至四十名工人被拖欠工资", 30),  # … the high end no count of its own
        ("拖了一年的工钱，终于发到27名湖南籍民工手中", 27),  # 到 after a verb is no range
        ("几十个工人堵在门口讨薪", 20),  # several tens
        ("四条友做咗三个月冇粮出", 4),  # a Cantonese count
    ],
)
def test_a_count_as_written(text, workers):
    assert facts(text)[0] == workers


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("工地上有两百多人，我们班组十二个人的工钱没结", 12),  # those owed, not the site's whole crew
        ("我们厂的案子，8个人申请仲裁、2个人去法院起诉，都是被欠工资", 10),  # groups side by side
        ("司机罗先生说公司欠他三个月工资，被欠的不只是他，还有八名司机也没拿到", 9),  # one, and so many more
        ("春节后老谭带着9名老乡去工地扎钢筋，包工头一直拖着工钱", 10),  # a leader, when between
        ("我和另外三个工友被欠了两个月工资", 4),
    ],
)
def test_which_count_and_counts_added(text, workers):
    assert facts(text)[0] == workers


# ---- one worker or a couple, nobody counted ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("劳动仲裁委裁定公司拖欠黄姓司机工资3万元", 1),  # by surname and what he is
        ("法院判决公司给付林姓员工工资及加班费共5万元", 1),  # a ruling's words, not "owed"
        ("原告请求判令被告支付其劳务工资8000元", 1),  # 其 in a claim
        ("仲裁委裁决公司支付其2023年3月1日至2023年9月30日期间工资2万元", 1),  # a span of dates between
        ("镇总工会了解到，一家木器厂拖欠职工邓某某薪酬6800元", 1),  # what he is before the name
        ("经审理查明，被告欠原告杜某甲工资5200元", 1),  # 被告 before the verb is not a foreman
        ("铲车司机伍师傅在工地干了四个月，工钱一直拖着不给", 1),  # 伍: a surname, not five
        ("来电人反映：其女儿在酒店做服务员，工资一直拖着，老板说大家都是这样", 1),  # a caller's relative
        ("村里的钟华、邱美玲夫妻在厂里干了两年，还有3000元没拿到", 2),  # a couple by their names
    ],
)
def test_one_worker_or_a_couple(text, workers):
    assert facts(text)[0] == workers


def test_the_boss_and_his_wife_are_no_couple_owed():
    assert facts("厂里的老板和老板娘夫妻卷款跑了，欠我们工钱")[0] is None


def test_a_foreman_by_surname_is_no_worker_owed():
    assert facts("一名林姓判头坐在天台边讨要工程款")[0] is None


# ---- what is no count of workers owed ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这家厂有员工三百多人，老板拖欠我两个月工资",  # the firm's size beside the poster's own pay
        "全省今年1至8月受理欠薪投诉50件，涉及农民工900人",  # a region's tally
        "今年全市共支持600余名农民工起诉讨薪",
        "法援站去年接待讨薪群众1500人次",  # a tally of visits
        "我的工号是2031，厂里欠我两个月工资",  # a staff number
        "我今年45岁，在厂里干了十年，老板欠我工资",  # an age
        "干了45天一分钱没拿到，老板欠我工资",  # days
        "我上个月业绩排第3名，公司却拖着工资不发",  # a rank
        "我哋几个做装修嘅被判头走数",  # Cantonese, no number
        "成班人冇出粮两个月",
    ],
)
def test_no_count_of_those_owed(text):
    assert facts(text)[0] is None


def test_a_count_told_owed_is_no_tally():
    assert facts("今年以来，这家公司共拖欠45名工人工资")[0] == 45
    assert facts("全市最大的鞋厂倒闭，300名工人被欠薪")[0] == 300


def test_people_hurt_count_only_when_nobody_else_is_counted():
    assert facts("昨天工地三名工人受伤送院，我们班组二十几个人的工钱也还欠着")[0] == 20
    assert facts("车间机器爆炸，3名工人受伤，老板不给医药费也不结工资")[0] == 3


def test_money_per_worker_is_no_count():
    assert facts("人均被欠8000元，我们12个人一起去劳动站")[0] == 12


def test_what_each_is_owed_is_no_second_group():
    # a comma, then what one of them is owed: the six, not seven
    assert facts("我们木工组六个人都是老手了，一个人被欠八千到一万多，老板一直说等回款")[0] == 6


def test_a_lawyers_advice_names_no_worker():
    # 起诉, 支付 in advice, 小林 a customer: a ruling's words count only for a worker named the way a ruling names one
    text = "小林办的美容卡用不了，店铺已经跑路。律师提醒，遇到经营者失联，可向市场监管部门投诉或者起诉，要求支付违约金。"
    assert facts(text)[0] is None
