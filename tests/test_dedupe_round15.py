"""Merging, round 15 (issue 11, set K): words that every complaint says in its own way tell no case, an occupation
is a trade and not a name, and a verb before 社区 or 村 is no place. Invented posts only."""

from __future__ import annotations

from triage.casefacts import CaseFacts, case_facts
from triage.casejudge import judge
from triage.casewords import weight
from triage.wordkinds import trade_word


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"{day}T10:00:00+08:00")


def test_cantonese_and_news_words_for_unpaid_wages_tell_no_case():
    for word in ("冇粮", "雇主", "追讨", "薪酬", "人工钱"):
        assert weight(word) == 0, word


def test_the_formulas_and_hardships_of_a_letter_tell_no_case():
    for word in ("这封信", "见谅", "谢谢您", "拖家带口", "积蓄", "回家过年"):
        assert weight(word) == 0, word


def test_two_sites_told_in_cantonese_share_only_the_complaint_words():
    lead = _facts("旺角一個地盤嘅判頭走咗佬，五十幾個工人冇糧出，雇主話等大判俾錢", "2026-05-19", "out_of_area",
                  district_elsewhere=["旺角"], workers_range=(50, 59))  # fmt: skip
    other = _facts("沙田有個裝修師傅爬上棚架，話雇主冇糧出欠佢八千蚊", "2026-05-20", "out_of_area",
                   district_elsewhere=["沙田"], amount_range=(8000, 8000))  # fmt: skip
    assert judge(other, lead)[0] == 0


def test_a_live_streaming_anchor_is_a_trade_not_a_name():
    assert trade_word("主播")
    lead = _facts("成都一家直播公司资金链断了，几十个主播到写字楼讨薪", "2026-03-08", "out_of_area",
                  district_elsewhere=["成都"])  # fmt: skip
    later = _facts("我们公会三十几个主播播了一个半月，平台一分钱没结", "2026-04-11", None,
                   workers_range=(30, 39))  # fmt: skip
    assert judge(later, lead)[0] == 0  # a month later, no place of both: the occupation alone is no case


def test_a_verb_before_the_community_is_no_place():
    facts = _facts("我们找过老板、找过社区，也问咗村委，都说在协调", "2026-11-02", "沙溪镇")
    assert not {p for p in facts.places if "找" in p or "问" in p}
    assert "找过" not in facts.names
    named = _facts("我们去过沙仔村那个厂门口", "2026-11-02", "民众街道")
    assert "沙仔" in named.places


def test_a_branch_named_by_its_place_vetoes_no_employer():
    from triage.caseclash import conflicts

    news = _facts("旺角一間茶餐廳嘅員工今日到該集團沙田分店示威，要求僱主發放欠薪", "2026-05-24", "out_of_area",
                  district_elsewhere=["旺角", "沙田"], employer_names=["集團沙田分店"])  # fmt: skip
    short = _facts("旺角金華茶餐廳員工沙田追糧", "2026-05-26", "out_of_area", district_elsewhere=["旺角", "沙田"],
                   employer_names=["旺角金華茶餐廳"])  # fmt: skip
    assert not [v for v in conflicts(short, news) if v.startswith("单位")]
    other = _facts("旺角銀龍茶餐廳欠薪", "2026-05-26", "out_of_area", district_elsewhere=["旺角"],
                   employer_names=["旺角銀龍茶餐廳"])  # fmt: skip
    assert [v for v in conflicts(short, other) if v.startswith("单位")]  # two names still clash


def test_a_school_told_as_its_staff_or_its_kind_is_one_trade():
    letter = _facts("我是那所民办国际高中的任课老师，全校教职工三个月没发工资", "2026-01-03", "板芙镇")
    parent = _facts("板芙那所国际高中的老师说学校三个月没发工资", "2026-01-04", "板芙镇")
    assert letter.trades == parent.trades == {"教培"}


def test_trade_jargon_the_dictionary_cuts_apart_is_one_telling_word():
    from triage.casewords import case_terms

    terms, names = case_terms("深圳骑手停跑，单价又降了")
    assert "停跑" in terms
    assert "停跑" not in names  # a word of the trade, not a name
    assert trade_word("停跑")  # it counts as the trade's words do
    assert "停跑" in case_terms("广州几百个骑手罢跑，要求提高配送费")[0]  # 罢跑 said as 停跑
    assert "蓝卡" in case_terms("十几个工人嘅外僱身份證被取消")[0]


def test_a_short_post_joins_its_case_on_a_jargon_word():
    lead = _facts("南头那间做铜件的厂，两百几个人几个月没出粮，车间里都是铜料，怕老板拉走", "2026-04-20", "南头镇",
                  workers_range=(200, 299))  # fmt: skip
    short = _facts("铜料别让人拉走！几个月工资还没发", "2026-04-21", None)
    assert judge(short, lead)[0] > 0


def test_wages_paid_in_goods_is_a_fact_both_tellings_share():
    from triage.casedetails import events

    assert "抵薪" in events("老板让他拉走五吨冻虾抵工资")
    assert "抵薪" in events("判头话拎部货车抵数")
    assert "抵薪" not in events("工厂资不抵债，申请破产")  # a firm's debts, not wages in goods
    lead = _facts("坦洲一家养殖场欠我们六个工人四个月工资，老板说拿两百只鸡抵工资", "2026-03-27", "坦洲镇",
                  workers_range=(6, 6))  # fmt: skip
    short = _facts("两百只鸡顶人工，坦洲的朋友帮帮忙", "2026-03-29", "坦洲镇")
    assert judge(short, lead)[0] > 0  # one 镇街, two days, the same odd payment
    other = _facts("坦洲又一间厂老细走佬，大家帮帮忙", "2026-03-29", "坦洲镇")
    assert judge(other, lead)[0] == 0
