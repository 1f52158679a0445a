"""How long the wages are owed (issue 11, mo11): each way a post says it, and each length that is not it, as
described at the top of triage/data/month_words.toml. Invented sentences (no post of an evaluation set)."""

from __future__ import annotations

import pytest

from triage.extract import extract_facts

POSTED = "2026-06-15T09:00:00+08:00"  # mid-June: since February is four months, since last December six


def months(text: str, posted_at: str = POSTED) -> float | None:
    return extract_facts(text, posted_at).months_unpaid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of months beside the owing
        ("装修队老板拖了我们三个月工资", 3.0),
        ("公司拖欠工人工资已经五个多月了", 5.0),
        ("老细拖我哋四个几月人工，问亲都话等", 4.0),  # 四个几月: four and a few more
        ("嗰间茶楼三个几月冇出粮", 3.0),
        ("呢间厂个几月冇出粮喇", 1.0),  # 个几月 alone: one
        ("做咗个半月，仲欠我哋八千蚊人工", 1.5),  # months worked, still owed
        ("老闆拖欠我們三個月薪水", 3.0),  # traditional script
        ("拖欠工资叁个月", 3.0),  # a capital numeral
        ("我们去讨回两个月的血汗钱", 2.0),
        ("工资就可以一直不发？六个月了", 6.0),  # the length told after a question
        # years
        ("包工头拖了大半年还不给钱", 6.0),
        ("那笔工钱一年多没发了", 12.0),
        ("半年没领到工资，房租都交不起", 6.0),
        ("跟着船老板出海一年，十多万工资一分钱没拿到", 12.0),
        ("修了一栋楼，结果两年白干", 24.0),
        ("老板一直拖着我们的工钱，一年多了", 12.0),
        ("两万块工钱我们追了两年。", 24.0),  # a claim chased for years (labelling question 3a)
        ("一百多人讨薪3年无果", 36.0),
        # spans and lists of named months
        ("从3月到6月的工资都没发", 4.0),
        ("从去年十一月拖到今年一月都没发工资", 3.0),
        ("3月4月5月的工资都没发", 3.0),
        ("二三四月粮都冇出", 3.0),
        # since a month, season or festival up to the day of posting
        ("三月份以来工资就没发过", 3.0),
        ("去年10月至今拖欠工资", 8.0),
        ("过完年老板就没发过工资，我们天天去厂门口等", 4.0),
        ("由春节后就冇出过粮", 4.0),
        ("春节前到现在一直拖欠工资", 5.0),
        ("年底至今工资一分没发", 6.0),
        # days, one month
        ("餐厅关门，我们被拖欠了45天工资", 1.5),
        ("酒楼结业，员工上月欠薪未发", 1.0),
        ("九月份工资到现在还没发", 1.0),
        ("他们由去年11月至今年2月一直未获发薪", 4.0),  # 至今年 is "to this year", not "to now"
    ],
)
def test_each_way_a_length_of_arrears_is_told(text, expected):
    assert months(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我在这个厂工作了三年，现在想辞职",  # how long someone worked, nothing owed
        "我已经工作了十一年。厂里要搬了",  # 已经…十一年 at a sentence end: how long someone worked
        "合同签了两年，月薪五千",  # a contract
        "工期六个月，预计年底完工",  # a works period
        "三个月前我进了这家厂，老板人很好",  # a point in time
        "试用期三个月，月薪四千",  # probation
        "公司说补两个月工资给我们就算了",  # compensation in months of pay
        "老板一个几月冇出现，厂里照常开工",  # someone's absence
        "老板说年底一起结",  # when pay was promised
        "干了一年，工资一分没拖",  # nothing owed
        "年底就完工了，工钱拖到现在",  # when the work ended, no length of arrears
        "工厂几个月没发工资了",  # several months: no number told
        "招普工，日结219，人工当天结",  # digits of a job advert are no months
        "入职后工资一个月拖一个月，问一句就被骂",  # pay put off month after month: no count
    ],
)
def test_lengths_that_are_not_of_arrears(text):
    assert months(text) is None


def test_since_a_festival_needs_the_day_of_posting_and_counts_to_it():
    text = "过完年老板就没发过工资"
    assert months(text, "2026-05-20T09:00:00+08:00") == 3.0
    assert months(text, None) is None  # no posting day: no count


def test_the_count_told_first_wins_over_another_persons_later():
    assert months("我们拖了两个月人工，组长自己被拖了五个几月") == 2.0
