"""Short tellings and late follow-ups (issue 11, merging round 10): a short post may come first and the full
account after it, and a follow-up naming no 镇街 may come a week or more after the first tellings; both join the
one lead that fits on the case's own figures, not on a village, trade or kind of action other cases share."""

from __future__ import annotations

from tests.test_dedupe_retold import _at, _lead, _run
from triage.casefacts import CaseFacts, conflicts, merge_facts, retold


def _facts(day: str, district: str | None = "沙溪镇", **kw) -> CaseFacts:
    return CaseFacts(district=district, seen=(f"2026-{day}", f"2026-{day}"), **kw)


def test_the_full_account_joins_the_short_post_told_first():
    short = _facts("04-08", trades={"服装"})  # 沙溪制衣厂一夜搬空，老细走佬: no count, no amount
    account = _facts("04-09", workers=(15, 15), trades={"服装"})  # the next day: 15 workers, the same trade
    assert retold(account, short)[0] > 0
    assert retold(_facts("04-09", workers=(15, 15), trades={"五金"}), short)[0] == 0  # another trade
    assert retold(_facts("04-09", "大涌镇", workers=(15, 15), trades={"服装"}), short)[0] == 0  # another 镇街
    # a lead that told its figures is no short telling: one trade in one 镇街 is not enough then
    told = _facts("04-08", amount=(200000, 200000), trades={"服装"})
    assert retold(account, told)[0] == 0


def test_a_follow_up_days_later_joins_on_the_cases_own_figures():
    first = _facts("01-16", "港口镇", workers=(20, 20), months=4)  # 20 installers, four months unpaid
    # nine days later, naming no 镇街: 二十个兄弟白干四个月
    assert retold(_facts("01-25", None, workers=(20, 29), months=4), first)[0] > 0
    assert retold(_facts("01-25", None, workers=(20, 29)), first)[0] == 0  # one figure is not enough
    assert retold(_facts("01-30", None, workers=(20, 29), months=4), first)[0] == 0  # two weeks on: too late
    # a week on, one 镇街 and a word in common but no figure: two letters of one town, not one case
    letter = _facts("06-10", "横栏镇", terms={"钢结构": 0.7})
    assert retold(_facts("06-18", "横栏镇", terms={"钢结构": 0.7}), letter)[0] == 0


def test_a_village_and_a_trade_weeks_apart_are_another_case_there():
    site = _facts("05-01", "民众街道", villages={"沙仔"}, trades={"建筑"}, actions={"塔吊"})
    # a week later another site of the same village: its village, trade and kind of protest agree, no figure
    later = _facts("05-08", "民众街道", villages={"沙仔"}, trades={"建筑"}, actions={"塔吊"})
    assert retold(later, site)[0] == 0
    assert (
        retold(_facts("05-02", "民众街道", villages={"沙仔"}, trades={"建筑"}), site)[0] > 0
    )  # the next day


def test_a_short_post_then_the_long_account_end_in_one_lead(db):
    _run(db, [
        _at(1, "黄圃一间制衣厂一夜搬空，老细走佬", "03-10"),
        _at(2, "黄圃镇一家服装加工厂昨晚被搬空，老板跑了，18名工人两个月工资没发，已经报了劳动监察", "03-11"),
        _at(3, "黄圃镇一家五金厂老板跑了，25名工人三个月工资没发", "03-11"),  # another trade: another case
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2") != _lead(db, "3")


def test_a_lead_first_told_by_a_crew_keeps_the_groups_count():
    crew = _facts("01-09", "民众街道", workers=(2, 2))  # 我跟我爸两个电焊工
    group = _facts("01-16", "民众街道", workers=(100, 199))  # 百余名工人, joined as the crew's whole
    lead = merge_facts(crew, group)
    assert lead.workers == (100, 199)
    assert not conflicts(_facts("01-27", "民众街道", workers=(100, 109)), lead)  # 一百来号工人 a week later
    # two guesses at one crowd (十几个 and 23人) both stay within the lead's count
    guessed = merge_facts(_facts("03-01", workers=(10, 19)), _facts("03-02", workers=(23, 23)))
    assert guessed.workers == (10, 23)


def test_a_post_naming_no_town_is_judged_as_told_there_when_one_lead_fits():
    ticket = _facts("01-15", "中山港街道", amount=(180000, 180000), terms={"脚手架": 0.7, "签字": 0.4})
    # a week later, no 镇街: 差十八万，劳务老板就是不在付款单上签字
    follow = _facts("01-22", None, amount=(180000, 189999), terms={"签字": 0.4, "付款单": 0.9})
    score, why = retold(follow, ticket)
    assert score > 0
    assert "短帖，仅此一条相符" in why  # joins only if no other lead fits (find_case)
    assert (
        retold(_facts("01-29", None, amount=(180000, 189999), terms={"签字": 0.4}), ticket)[0] == 0
    )  # too late


def test_a_post_naming_no_town_that_fits_two_leads_joins_neither(db):
    _run(db, [
        _at(1, "火炬开发区张家边一个工地，我们脚手架班22个人，还差18万工钱没拿到，劳务公司一直不签字", "01-15"),
        _at(2, "搭架子的活结算单早就签了，劳务老板就是不在付款单上签字，总包也不给，差十八万", "01-22"),
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2")
    _run(db, [
        _at(3, "小榄一个工地，我们脚手架班30个人，还差18万工钱没拿到，劳务公司一直不签字", "01-24"),
        _at(4, "脚手架的钱劳务公司还是不签字，差十八万", "01-26"),  # fits both sites: joins neither
    ])  # fmt: skip
    assert _lead(db, "4") not in (_lead(db, "1"), _lead(db, "3"))


def test_a_head_count_cut_from_the_sentence_is_no_employer_name():
    from triage.casefacts import case_facts

    headline = case_facts(
        "三乡一玩具厂老板失联 百余员工守厂待薪", {"district": "三乡镇", "employer_names": ["百余员工守厂"]}
    )
    named = case_facts(
        "三乡豪元玩具厂欠薪，120个工人", {"district": "三乡镇", "employer_names": ["豪元玩具厂"]}
    )
    assert headline.employers == set()
    assert named.employers == {"豪元"}
    assert not conflicts(headline, named)  # the name of the one does not veto the headline of the other
