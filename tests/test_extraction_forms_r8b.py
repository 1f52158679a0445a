"""Issue 11, round 8b (x9): which number is the count or the sum owed, with invented examples (no sentence,
name or figure of the phrasings sets or of an evaluation set)."""

from __future__ import annotations

import pytest

from tests.extractkit import facts

# ---- who is owed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("三十几个外卖小哥的工资被站长拖了两个月", 30),  # a people word the lists lacked
        ("九百多湖南老乡盖的楼卖完了，工钱还欠着", 900),  # where they come from, between count and word
        ("十几个送货员被公司拖欠人工", 10),
        ("二十多个装修的，工钱一分没结", 20),  # those who do a job, named by it
        ("四十多名暑期工留在厂里等工资", 40),
    ],
)
def test_counts_of_people_told_with_other_words(text, workers):
    assert facts(text)[0] == workers


@pytest.mark.parametrize(
    "text",
    [
        "工地从15号开始停工，老板说没钱发工资",  # a date, then 停工: no trade worker
        "老板说八号前补齐人工，谁信",  # 人工 is wages
        "她的工资被拖了，另有两名保安在门口拦着不让她进",  # others beside, not owed
        "今年为1800名农民工追回工资360万元",  # a statistic of pay recovered
    ],
)
def test_numbers_that_count_no_one_owed(text):
    assert facts(text)[0] is None


def test_the_count_of_those_owed_wins_over_those_who_came():
    text = "六名工人被分包商拖欠工资共40万元，约十五人今天到住建局门口反映"
    assert facts(text)[0] == 6


def test_those_still_claiming_after_the_others_were_paid_are_the_count_and_their_sum_the_amount():
    text = "九名工人去劳动站追讨二十多万，后来部分人调解收了钱，现余三人还在追讨近八万元"
    assert facts(text)[:2] == (3, 80000.0)


def test_pupils_of_a_school_are_not_the_teachers_owed():
    text = "这家培训学校有8名老师和200多名学生，拖欠老师三个月工资"
    assert facts(text)[0] == 8


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("我和手下二十几个人一起被厂里炒了，补偿一分没有", 21),  # me and my crew
        ("来电人反映：其与另外3名工友在某工地做防水，被拖欠工资2万元", 4),
        ("我是一名带班的木工，我带着本村30位乡亲给开发商干活，工钱拖了一年", 30),  # the foreman telling
        ("父子俩在工地干了四个月，还欠两万没给", 2),
    ],
)
def test_the_one_telling_and_his_crew(text, workers):
    assert facts(text)[0] == workers


def test_a_vague_few_beside_me_is_no_count():
    assert facts("我和几位同事的工资都被园长拖欠了")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "48岁的潘师傅在工地扎了半年钢筋，1万多元工钱一直没结",  # age before the name
        "四川来的老蒋在砖厂干了一年，工钱剩下八千还没着落",  # 老 + surname
        "灯饰厂一名工人受伤，厂里说没买社保不管，家属去申请工伤认定",  # one worker hurt, told of
        "有个阿伯爬上塔吊，听说是工钱被包工头拖住了",  # 有个: one
    ],
)
def test_one_worker_told_of_in_the_third_person_is_one(text):
    assert facts(text)[0] == 1


def test_a_bare_first_person_injury_counts_no_one():
    assert facts("我在工地摔伤了腰，公司说没交社保不认工伤，怎么办")[0] is None


def test_a_firms_size_gives_way_to_the_one_worker_told_of():
    text = "来电人反映：其丈夫在某五金厂手指被压伤，该厂约有六十名工人，均未参保"
    assert facts(text)[0] == 1


# ---- how much is owed ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("两千多个农民工种了30万棵树，2.3个亿的工钱讨了两年还没讨回来", 230_000_000.0),  # trees, 个亿
        ("酒楼二十个伙计，百三几万未找，老细走佬", 1_300_000.0),  # 百三几万
        ("我们15个人从4月到现在一分钱没领到，六个月三十多万", 300_000.0),  # 没领到 is a wage word
        ("老细畀咗张期票就当出咗三月粮，二十万分两期", 200_000.0),  # 粮
    ],
)
def test_amounts_read_where_they_were_missed(text, amount):
    assert facts(text)[1] == pytest.approx(amount)


@pytest.mark.parametrize(
    "text",
    [
        "几千工人堵路，抗议老板把工资从5200降到3000左右",  # a pay cut
        "工人每个月只拿到几百块，正常加班能拿九千左右的",  # what one can earn
        "冇加班得千八蚊底薪，点养家",  # a pay level after the figure
        "三个工友爬上塔吊，说工钱拖了两个月，多的一万多块",  # the most one of them is owed
        "约三十名员工追讨欠薪，每人涉款一万至八万元不等。被拖欠约六万元的林女士说…",  # one named worker's own
        "我们300名工人被拖欠两个月工资，老板实际欠我8000元",  # my own share of the group's
        "外判公司拖欠清洁工人合共超过八十万元遣散费",  # severance, not wages
    ],
)
def test_figures_that_are_not_the_arrears(text):
    assert facts(text)[1] is None


def test_a_part_of_the_group_is_not_its_total():
    text = "涉及木工、瓦工一百多人，拖欠工钱达数百万元。瓦工陈师傅和另外4名工友共被欠6万余元"
    assert facts(text)[:2] == (100, 2_000_000.0)


def test_parts_told_severally_are_added():
    assert facts("法院判决公司分别支付二原告工资款6100元和5400元")[:2] == (2, 11500.0)


def test_a_tribunal_is_no_fine():
    text = "八名工人追讨三个月欠薪，现余三人透过劳资审裁处追讨近十二万元"
    assert facts(text)[1] == 120000.0


# ---- how long ------------------------------------------------------------------------------------


def test_a_claim_chased_for_years_counts_them_when_nothing_else_is_told():
    assert facts("三百多个农民工的工钱讨了两年还没讨回来")[2] == 24.0
