"""(issue 11, round 17) Whether a post says its wages are still owed or were paid, from words an operator edits."""

from __future__ import annotations

from triage import storystate


def test_an_official_reply_of_an_unresolved_case_reads_as_owed():
    text = (
        "【回复】经街道劳动保障部门调查，该公司拖欠12名员工工资属实，已下达限期改正指令书，该公司逾期未支付。"
    )
    assert storystate.state(text) == "owed"
    assert storystate.words(text) == ["逾期未支付"]


def test_workers_own_words_in_mandarin_cantonese_and_traditional_script():
    assert storystate.state("公司三个月没发工资了，还让我们自己垫钱") == "owed"
    assert storystate.state("判头走咗，我哋两个月冇出糧") == "owed"  # 糧 read as 粮
    assert storystate.state("廠裡欠發薪水已經半年") == "owed"  # 欠發 read as 欠发


def test_settled_news_reads_as_paid_and_a_negated_or_wished_settlement_does_not():
    assert storystate.state("经协调，拖欠的工资今天已全额发放，工人们终于拿到了血汗钱") == "paid"
    assert storystate.state("植树款讨了三年还没讨回来") is None
    assert storystate.state("希望劳动部门帮我们追回工资") is None
    assert storystate.state("工程款未结清，老板说下月再算") is None


def test_owed_wins_when_a_post_tells_both():
    # a part paid, the rest still owed: still a case
    assert storystate.state("上周追回了一半，剩下的二十万尚未支付，老板下落不明") == "owed"


def test_a_post_that_says_neither_is_none():
    assert storystate.state("今日天气好好，去岐江公园行下") is None
    assert storystate.state("") is None


def test_a_verdict_story_is_closed_whatever_it_says_was_owed():
    text = "【以案说法】某厂老板拖欠44名员工工资，经责令逾期未支付，近日被法院以拒不支付劳动报酬罪判处有期徒刑一年"
    assert storystate.state(text) == "closed"
