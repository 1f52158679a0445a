"""One case found twice (issue 11, round 2): a post that tells the case of two leads merges them, the
younger into the older, through the officers' own merge (posts move, both ledgers say so, by
"pipeline" with the evidence); officers' decisions stand; and the facts that let retellings with few
shared words meet (trades as posts name them, the same months, phases, a figure named before)."""

from __future__ import annotations

import pytest

import config
import pipeline
import storage
from evaluation.labelled import EvalPost
from evaluation.leads import run
from tests.test_dedupe import Stub
from tests.test_dedupe_retold import _at, _lead
from triage import casework
from triage.casedetails import phases, trades
from triage.casefacts import case_facts, conflicts, retold
from triage.followup import TransitionError

# a lead with the trade and the head count, another with the village and the amount, and a fuller report
# that tells both: nothing ties the first two together until the third comes
THIN_TRADE = "古镇一间灯饰厂老板跑了，七十几个工人三个月冇人工"
THIN_PLACE = "古镇曹一村那边，三个月工资58万没发，老板电话打不通"
FULL = "古镇曹一村一间灯饰厂，72个工人三个月工资58万没发，老板跑了"


def _run(db, *posts):
    storage.upsert_posts(db, list(posts))
    return pipeline.run_pass(db, classifier=Stub())


def test_a_post_that_tells_two_leads_merges_the_younger_into_the_older(db):
    _run(db, _at(1, THIN_TRADE, "03-02"), _at(2, THIN_PLACE, "03-02"))
    older, younger = _lead(db, "1"), _lead(db, "2")
    assert older != younger  # nothing in common yet
    stats = _run(db, _at(3, FULL, "03-03"))
    assert stats["leads_merged"] == 1
    assert _lead(db, "1") == _lead(db, "2") == _lead(db, "3") == older
    gone = storage.get_lead(db, younger)
    assert gone["status"] == "merged"
    assert gone["merged_into"] == older
    assert storage.get_lead(db, older)["post_count"] == 3
    # both ledgers say so, by the pipeline, with the post and the evidence
    kept_row = [e for e in storage.lead_events(db, older) if e["action"] == "merged_in"][-1]
    gone_row = [e for e in storage.lead_events(db, younger) if e["action"] == "merged"][-1]
    for row in (kept_row, gone_row):
        assert row["who"] == "pipeline"
        assert "自动合并" in row["note"]
        assert "weibo:3" in row["note"]
        assert "古镇镇" in row["note"]
    # a later retelling finds the kept lead
    _run(db, _at(4, "古镇曹一村嗰间灯饰厂，七十几个工人三个月人工五十几万冇出", "03-04"))
    assert _lead(db, "4") == older


def test_the_evaluation_counts_a_merged_leads_posts_under_the_kept_lead():
    def post(n: int, text: str, day: str) -> EvalPost:
        return EvalPost(f"C1-{n}", "C1", "wage_arrears", "weibo", f"2026-03-{day}T10:00:00+08:00", None, "古镇镇",
                        None, None, None, False, "orig", text)  # fmt: skip

    results = run([post(1, THIN_TRADE, "02"), post(2, THIN_PLACE, "02"), post(3, FULL, "03")])
    assert len({r["lead_id"] for r in results.values()}) == 1


def test_a_split_is_never_undone_automatically(db):
    _run(db, _at(1, THIN_TRADE, "03-02"), _at(2, FULL, "03-02"))
    lead = _lead(db, "1")
    assert _lead(db, "2") == lead
    post = next(p for p in storage.lead_posts(db, lead) if p["post_id"] == "2")
    split_off = casework.split(db, lead, post["id"], "duty", note="另一间厂")["id"]
    # a retelling that tells both again: the officer's split stands
    _run(db, _at(3, "古镇一间灯饰厂，七十几个工人三个月工资58万冇出，老细走佬", "03-03"))
    assert storage.get_lead(db, split_off)["status"] == "new"
    assert storage.get_lead(db, lead)["status"] == "new"
    assert not [e for e in storage.lead_events(db, split_off) if e["action"].startswith("merged")]


@pytest.mark.parametrize("decision", ["dismissed", "closed"])
def test_a_lead_an_officer_dismissed_or_closed_is_not_merged(db, decision):
    _run(db, _at(1, THIN_TRADE, "03-02"), _at(2, THIN_PLACE, "03-02"))
    younger = _lead(db, "2")
    storage.update_lead(db, younger, {"status": decision})
    _run(db, _at(3, FULL, "03-03"))
    # (a post about a closed lead still reopens it, flagged: 表面清零; it is not merged away)
    assert storage.get_lead(db, younger)["status"] in (decision, "reopened")
    assert storage.get_lead(db, younger)["merged_into"] is None
    assert storage.get_lead(db, _lead(db, "1"))["status"] == "new"
    assert _lead(db, "1") != _lead(db, "2")


def test_leads_whose_facts_contradict_are_not_merged(db):
    _run(db, _at(1, "古镇华耀灯饰厂老板跑了，七十几个工人三个月冇人工", "03-02"),
         _at(2, "古镇曹一村金怡灯饰厂，三个月工资58万没发，老板电话打不通", "03-02"))  # fmt: skip
    first, second = _lead(db, "1"), _lead(db, "2")
    assert first != second
    assert casework.merge_same_case(db, first, ((second, 0.8, "test"),), "test") == []  # 华耀 ≠ 金怡
    assert storage.get_lead(db, second)["status"] == "new"


def test_merging_by_hand_still_refuses_a_merged_lead(db):
    _run(db, _at(1, THIN_TRADE, "03-02"), _at(2, THIN_PLACE, "03-02"), _at(3, FULL, "03-03"))
    with pytest.raises(TransitionError):
        casework.merge(db, _lead(db, "1"), _lead(db, "1"), "duty")


def test_analyze_reports_the_lead_as_judged_when_the_line_was_written():
    lines = [(1, {"id": "a", "text": THIN_TRADE, "posted_at": "2026-03-02T10:00:00+08:00"}),
             (2, {"id": "b", "text": THIN_PLACE, "posted_at": "2026-03-02T11:00:00+08:00"}),
             (3, {"id": "c", "text": FULL, "posted_at": "2026-03-03T10:00:00+08:00"})]  # fmt: skip
    cfg = config.defaults()
    whole = {r["id"]: r["lead_id"] for r in pipeline.analyze_stream(lines, cfg, Stub(), chunk_size=100)}
    assert whole["a"] == whole["b"] == whole["c"]  # one chunk: the merge is in every line
    streamed = {r["id"]: r["lead_id"] for r in pipeline.analyze_stream(lines, cfg, Stub(), chunk_size=2)}
    assert streamed["a"] != streamed["b"]  # written before the fuller report came
    assert streamed["c"] == streamed["a"] == whole["a"]  # later lines carry the kept (older) lead


# ---- the facts that let retellings meet ---------------------------------------------------------------


def test_trades_as_posts_name_them():
    assert trades("板芙嗰间梳化厂老细走佬") == trades("板芙一家做办公沙发的家具厂") == {"家具"}
    assert trades("三角那家电镀厂又欠薪") == {"五金"}  # 那家 counts a shop: no 家电 there


def test_phases_of_an_estate():
    assert phases("坦洲某楼盘四期、五期项目") == phases("坦洲嗰个大盘四五期") == {4, 5}
    assert phases("工期很紧，分期付款") == set()


def _facts(text: str, day: str, district: str | None = None, **analysis):
    from triage.analyze import triage_post

    found = triage_post({"text": text, "posted_at": f"2026-{day}T10:00:00+08:00"}, "wage_arrears")
    if district is not None:
        found["district"] = district
    return case_facts(text, {**found, **analysis}, f"2026-{day}T10:00:00+08:00")


def test_the_facts_alone_merge_within_one_town_and_days_when_several_agree():
    lead = _facts("大涌一间红木家具厂老板跑了，我们27个人从8月开始的工资都没发，一共13万多", "10-14")
    told = _facts("大涌做酸枝傢俬嗰间细厂老细走咗，廿几个师傅三个月人工十几万", "10-15")
    assert retold(told, lead)[0] > 0  # the trade, the head count and the town, a day apart
    weeks_later = _facts("大涌做酸枝傢俬嗰间细厂老细走咗，廿几个师傅三个月人工十几万", "11-20")
    assert retold(weeks_later, lead)[0] == 0
    other_town = _facts("横栏做酸枝傢俬嗰间细厂老细走咗，廿几个师傅三个月人工十几万", "10-15")
    assert retold(other_town, lead)[0] == 0
    one_fact = _facts("大涌有间厂老细走咗", "10-15")
    assert retold(one_fact, lead)[0] == 0


def test_a_figure_the_first_telling_named_or_one_workers_share_is_no_contradiction():
    lead = _facts("南区一家装饰公司欠我们二十来个装修师傅，我和搭档那份加起来11300，总数60多万", "08-18")
    share = _facts("做完三单木工，尾款11300拖到现在", "08-20")
    assert not conflicts(share, lead)
    mine = _facts("在西区一家培训机构兼课，老板跑路了，欠我两个月课酬4800", "09-12")
    group = _facts("西区那家辅导机构老板失联，我们一共被欠30多万", "09-10")
    assert mine.amount_part
    assert not conflicts(mine, group)
    other_case = _facts("西区那家辅导机构老板失联，我们一共被欠4万多", "09-10")
    assert conflicts(other_case, group)  # two totals that do not meet still clash


def test_places_elsewhere_that_differ_contradict_and_one_place_counts_as_one_town():
    panzhihua = _facts("攀枝花东区一个楼盘工地，几十个工友的工资拖了半年，住在地下室", "01-18")
    again = _facts("攀枝花东区工地讨薪，住地下室等工钱，几十个工友", "01-18")
    fangcheng = _facts("防城港港口区一个楼盘，几十个工人讨薪", "01-18")
    assert conflicts(fangcheng, panzhihua)
    assert retold(again, panzhihua)[0] > 0
    longhua = _facts("深圳龙华一间五金厂，合同冇签，一百几人冇社保", "07-22")
    gongming = _facts("深圳公明一间五金厂，合同冇签，一百几人冇社保", "07-22")
    assert retold(gongming, longhua)[0] == 0  # one city, two of its towns


def test_a_short_post_joins_the_one_lead_that_fits_and_none_when_two_do(db):
    _run(db, _at(1, "阜沙一家物流公司老板突然失踪，我们20多个员工10月份的工资没着落了", "11-07"))
    _run(
        db, _at(2, "物流公司老板失联，十月工资泡汤了", "11-07")
    )  # no 镇街, no count: the trade and the month
    assert _lead(db, "2") == _lead(db, "1")
    # a week later the same short words fit nothing any more
    _run(db, _at(3, "听讲有间物流公司老细走咗，十月份人工冇出", "11-16"))
    assert _lead(db, "3") != _lead(db, "1")


def test_a_short_post_that_fits_two_leads_joins_neither(db):
    _run(db, _at(1, "阜沙一家物流公司老板突然失踪，我们20多个员工10月份的工资没着落了", "11-07"),
         _at(2, "坦洲一间物流公司老细走佬，三十几个司机十月份人工冇出", "11-07"))  # fmt: skip
    assert _lead(db, "1") != _lead(db, "2")
    _run(db, _at(3, "物流公司老板失联，十月工资泡汤了", "11-08"))
    assert _lead(db, "3") not in (_lead(db, "1"), _lead(db, "2"))
