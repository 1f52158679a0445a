"""Merging, round 12 (issue 11): a name of one business shared months later, and a head count told differently
judged without it. Invented posts only."""

from __future__ import annotations

from triage import caseclash, mergesettings
from triage.casefacts import CaseFacts, case_facts, retold
from triage.casejudge import judge


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"{day}T10:00:00+08:00")


def test_a_reply_months_later_joins_when_both_name_the_business():
    lead = _facts("港口镇的鸿骏五金制品有限公司拖欠我们三十多个工人两个月工资", "2026-03-02", "港口镇",
                  employer_names=["鸿骏五金制品有限公司"], workers_range=(30, 39))  # fmt: skip
    reply = _facts("关于鸿骏五金欠薪的答复：经核查该公司已于五月底前结清", "2026-05-25", "港口镇",
                   employer_names=["鸿骏五金"])  # fmt: skip
    assert judge(reply, lead)[0] > 0  # 84 days later, within named_days
    half_a_year = _facts("关于鸿骏五金欠薪的答复：经核查该公司已于五月底前结清", "2026-10-20", "港口镇",
                         employer_names=["鸿骏五金"])  # fmt: skip
    assert judge(half_a_year, lead)[0] == 0  # beyond named_days: another story


def test_months_later_a_shared_road_or_trade_is_not_enough():
    lead = _facts("民众沙仔路那个电镀厂老板跑了，三十多个工人讨薪", "2026-03-02", "民众街道",
                  workers_range=(30, 39))  # fmt: skip
    later = _facts("民众沙仔路一家电镀厂拖欠工资，工人到厂门口讨说法", "2026-05-20", "民众街道")
    soon = _facts("民众沙仔路一家电镀厂拖欠工资，工人到厂门口讨说法", "2026-03-05", "民众街道")
    assert retold(soon, lead)[0] > 0
    assert retold(later, lead)[0] == 0  # the road and the trade hold many cases over the months


def test_a_couple_beside_the_factory_joins_on_the_village_and_the_months():
    lead = _facts("三角镇蟠龙村一家制衣厂八月到十月工资没发，二十几个工人在厂门口拉横幅", "2026-11-03",
                  "三角镇", workers_range=(20, 29))  # fmt: skip
    couple = _facts("我同老公两个人都喺三角蟠龙嗰间制衣厂做，八月到十月人工冇出，老细话等货款", "2026-11-09",
                    "三角镇", workers_range=(2, 2))  # fmt: skip
    score, why = judge(couple, lead)
    assert score > 0  # the couple's 2 is no head count of the case
    assert "人数说法不一" in why
    # the same couple's words about another factory of the town, with nothing of the case's own agreeing
    other = _facts("我同老公两个人喺三角做制衣，老细话等货款，人工冇出", "2026-11-09", "三角镇",
                   workers_range=(2, 2))  # fmt: skip
    assert judge(other, lead)[0] == 0
    # weeks later the count clash stands
    late = _facts("我同老公两个人都喺三角蟠龙嗰间制衣厂做，八月到十月人工冇出，老细话等货款", "2026-12-20",
                  "三角镇", workers_range=(2, 2))  # fmt: skip
    assert judge(late, lead)[0] == 0


def test_settings_reach_the_clash_rules():
    before = caseclash.SHARE_MAX
    previous = mergesettings.apply({"share_max": 0.2})
    try:
        assert caseclash.SHARE_MAX == 0.2
    finally:
        mergesettings.apply(previous)
    assert before == caseclash.SHARE_MAX


def _told(text: str, day: str) -> CaseFacts:
    """A post's facts as triage finds them (its 镇街 and the confidence it finds it with, its employer)."""
    from triage.analyze import triage_post

    return case_facts(text, triage_post({"text": text}, "wage_arrears"), f"{day}T10:00:00+08:00")


def test_a_town_from_a_weak_cue_yields_to_a_business_both_name():
    lead = _told("火炬开发区张家边的康晟电子科技有限公司拖欠我们四十多个工人三个月工资", "2026-04-01")
    post = _told("西区那间康晟厂三个月冇出粮，老细电话都唔听", "2026-04-03")  # a bare 西区: a weak cue
    assert lead.district == "中山港街道"
    assert post.district == "西区街道"
    assert post.weak
    assert not lead.weak
    score, why = judge(post, lead)
    assert score > 0
    assert "镇街线索弱" in why
    # the same words on a strong cue of another 镇街: another case there
    strong = _told("中山西区街道沙朗社区那间康晟厂三个月冇出粮，老细电话都唔听", "2026-04-03")
    assert not strong.weak
    assert judge(strong, lead)[0] == 0
    # a weak cue with nothing but the trade and the story in common: no merge
    trade = _told("西区那间电子厂三个月冇出粮，老细电话都唔听", "2026-04-03")
    assert trade.weak
    assert judge(trade, lead)[0] == 0


def test_a_lead_town_stays_weak_until_a_post_names_it_on_a_strong_cue():
    from triage.casefacts import merge_facts

    weak = _told("西区那间康晟厂三个月冇出粮", "2026-04-03")
    strong = _told("中山西区街道沙朗社区康晟厂欠薪", "2026-04-04")
    assert merge_facts(weak, weak).weak
    assert not merge_facts(weak, strong).weak
    assert CaseFacts.from_json(weak.to_json()).weak
    assert "weak" not in strong.to_json()  # a lead on a strong cue is stored as before


def test_a_registered_name_and_its_short_name_are_one_employer():
    full = _facts("中山市鸿达五金制品有限公司拖欠三十多名工人工资", "2026-04-01", None,
                  employer_names=["山市鸿达五金制品有限公司"])  # fmt: skip  # as extraction may cut it
    province = _facts("广东省中山市鸿达五金制品有限公司欠薪", "2026-04-01", None,
                      employer_names=["广东省中山市鸿达五金制品有限公司"])  # fmt: skip
    short = _facts("鸿达厂老细走咗佬，我哋冇出粮", "2026-04-02", None, employer_names=["鸿达厂"])
    assert full.employers == province.employers == short.employers == {"鸿达"}
    assert not any(word.startswith(("市", "山市", "省")) for word in full.terms | province.terms)


def test_a_sum_told_finely_by_both_is_two_facts():
    from triage.casefigures import _precise

    assert _precise((2_800_000, 2_900_000))  # 280多万
    assert _precise((297_000, 297_000))
    assert _precise((11_300, 11_300))
    assert not _precise((50_000, 50_000))  # 5万: a round figure
    assert not _precise((300_000, 400_000))  # 30多万
    assert not _precise((1_500_000, 1_500_000))  # 150万
    lead = _facts("小榄一家机械厂，一百多号人，厂里统计欠了280多万", "2026-02-02", "小榄镇",
                  workers_range=(100, 199), amount_range=(2_800_000, 2_900_000))  # fmt: skip
    short = _facts(
        "厂里欠了两百八十多万工资，过年回不去了", "2026-02-06", None, amount_range=(2_800_000, 2_900_000)
    )
    assert retold(short, lead)[0] > 0  # four days later, on the sum alone: the one lead it fits (find_case)
    rounded = _facts("一家机械厂，一百多号人，欠了30多万", "2026-02-02", "小榄镇",
                     workers_range=(100, 199), amount_range=(300_000, 400_000))  # fmt: skip
    short_rounded = _facts(
        "厂里欠了三十多万工资，过年回不去了", "2026-02-06", None, amount_range=(300_000, 400_000)
    )
    assert retold(short_rounded, rounded)[0] == 0


def test_a_template_told_of_another_town_stays_apart_on_a_weak_cue():
    told = "一家农场采摘工被农药熏晕送医，老板不承认是工作原因，也不肯出医药费"
    lead = _told("神湾" + told, "2026-10-01")
    post = _told("三角" + told, "2026-10-03")  # a bare 三角: weak, and 熏晕 is a rare word but no name
    assert post.weak
    assert judge(post, lead)[0] == 0


def test_two_small_crews_of_one_town_keep_their_counts_apart():
    lead = _facts("石岐一家奶茶店关店跑了，我们五个店员八月九月的工资都没结", "2026-10-01", "石岐街道",
                  workers_range=(5, 5))  # fmt: skip
    post = _facts("石岐一家咖啡店三个人八月九月的工资拖着，老板说等营业额", "2026-10-05", "石岐街道",
                  workers_range=(3, 3))  # fmt: skip
    assert judge(post, lead)[0] == 0
