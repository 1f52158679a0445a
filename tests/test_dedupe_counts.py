"""Head counts told differently by two tellings of one case (issue 11, round 8): a couple or a crew telling
their own part of a larger group, and two guesses of one crowd (三百人 and 五百多人) when everything else
agrees, are no contradiction; a count far off with nothing else strong still is. One exact head count nobody
rounds (11个人), told by both, is stronger evidence than a guess or a round number."""

from __future__ import annotations

from triage.casefacts import CaseFacts, case_facts, retold


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"2026-{day}T10:00:00+08:00")


def test_a_couple_of_a_larger_group_joins_by_a_brand_both_name():
    lead = _facts("板芙翠湖湾花园三期工地两百多名工人被拖欠工资，工人堵在项目部门口", "06-01", "板芙镇",
                  workers_range=(200, 299))  # fmt: skip
    post = _facts("我同老公两个人喺翠湖湾花园做咗半年，人工一分都未收到", "06-03", "板芙镇",
                  workers_range=(2, 2))  # fmt: skip
    assert retold(post, lead)[0] > 0
    # no brand in common: a couple and a crowd of one trade in one 镇街 are two cases
    other = _facts("我同老公两个人喺板芙一个工地做咗半年，人工一分都未收到", "06-03", "板芙镇",
                   workers_range=(2, 2))  # fmt: skip
    assert retold(other, lead)[0] == 0
    # weeks later the couple may be of another crew
    later = _facts("我同老公两个人喺翠湖湾花园做咗半年，人工一分都未收到", "07-20", "板芙镇",
                   workers_range=(2, 2))  # fmt: skip
    assert retold(later, lead)[0] == 0


def test_a_crowd_of_twenty_is_no_crew_of_two_hundred():
    lead = _facts("板芙翠湖湾花园三期工地两百多名工人被拖欠工资", "06-01", "板芙镇", workers_range=(200, 299))
    post = _facts("翠湖湾花园二十个泥水工被拖欠工资", "06-02", "板芙镇", workers_range=(20, 20))
    assert retold(post, lead)[0] == 0  # twenty is a crowd of its own, ten times off


def test_two_guesses_of_one_crowd_join_when_the_rest_is_strong():
    lead = _facts("三乡石涧工业园一间纸厂五百几个工人堵住大门，四个月冇出粮", "06-01", "三乡镇",
                  workers_range=(500, 599), months_unpaid=4)  # fmt: skip
    post = _facts("三乡石涧工业园纸厂三百工人堵门讨薪，已经四个月没发工资", "06-01", "三乡镇",
                  workers_range=(300, 300), months_unpaid=4)  # fmt: skip
    detail: dict = {}
    assert retold(post, lead, "", detail)[0] > 0
    # the same counts with only a trade and a happening in common: the count still vetoes
    thin = _facts("三乡一间纸厂三百工人停工讨薪", "06-01", "三乡镇", workers_range=(300, 300))
    assert retold(thin, lead)[0] == 0


def test_one_exact_odd_head_count_is_two_facts_for_a_short_post():
    lead = _facts("横栏一间服装作坊老板周日把设备拉走了，我们11个人两万多块工资没拿到", "09-06", "横栏镇",
                  workers_range=(11, 11), amount_range=(20000, 29999))  # fmt: skip
    # a short post naming no 镇街, a day later, sharing no telling word: the same odd count is enough
    post = _facts("老板半夜跑路，欠我们十一个人的工钱", "09-07", None, workers_range=(11, 11))
    assert retold(post, lead)[0] > 0
    # a round count or a guess (十几个) is told of many crowds: not enough alone
    round_count = _facts("横栏一间服装作坊老板周日把设备拉走了，我们10个人工资没拿到", "09-06", "横栏镇",
                         workers_range=(10, 10))  # fmt: skip
    assert (
        retold(
            _facts("老板半夜跑路，欠我们十个人的工钱", "09-07", None, workers_range=(10, 10)), round_count
        )[0]
        == 0
    )
    guess = _facts("老板半夜跑路，欠我们十几个人的工钱", "09-07", None, workers_range=(10, 19))
    assert retold(guess, lead)[0] == 0
