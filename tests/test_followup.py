"""Following a lead (issue 4): allowed transitions only, each one in the ledger; 首问负责; deadlines
in Chinese working days; overdue; on-time closure per 镇街; monthly seeded spot checks."""

from __future__ import annotations

from datetime import datetime

import pytest

import storage
from triage import followup
from triage.followup import TransitionError


def _lead(db, **fields) -> int:
    row = {"case_key": f"k{db['leads'].count}", "label": "wage_arrears", "status": "new", "priority": "P2",
           "queue": "wage", "district": "坦洲镇", "summary": "坦洲工地欠薪 13800001234"}  # fmt: skip
    row.update(fields)
    return storage.create_lead(db, row)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-09-30T10:00:00+08:00", 1, "2026-10-08"),  # 国庆 1–7 October is off
        ("2026-10-01T10:00:00+08:00", 3, "2026-10-10"),  # Saturday 10 October is a 调休 make-up workday
        ("2026-09-18T10:00:00+08:00", 2, "2026-09-21"),  # Sunday 20 September: make-up workday too
        ("2026-11-20T17:00:00+08:00", 1, "2026-11-23"),  # Friday → Monday
    ],
)
def test_working_days_follow_the_statutory_calendar(start, days, due):
    moment, note = followup.add_working_days(start, days)
    assert moment.date().isoformat() == due
    assert note is None


def test_beyond_the_calendar_monday_to_friday_is_assumed_and_said():
    moment, note = followup.add_working_days("2026-12-30T10:00:00+08:00", 3)
    assert moment.date().isoformat() == "2027-01-04"
    assert "2027" in note


def test_deadlines_per_priority_from_the_data_file():
    p1 = followup.deadlines("P1", "wage_arrears", "2026-10-01T10:00:00+08:00")
    assert p1.response_due == "2026-10-01T12:00:00+08:00"  # two clock hours, holiday or not
    assert p1.close_due.startswith("2026-10-10")
    p2 = followup.deadlines("P2", "wage_arrears", "2026-11-20T10:00:00+08:00")
    assert p2.response_due.startswith("2026-11-23")
    assert p2.close_due.startswith("2026-12-11")
    p3 = followup.deadlines("P3", "wage_arrears", "2026-11-20T10:00:00+08:00")
    other = followup.deadlines("P3", "other_labor", "2026-11-20T10:00:00+08:00")
    assert p3.response_due.startswith("2026-11-25")
    assert other.response_due == p3.response_due


def test_the_pipeline_gives_every_new_lead_its_deadlines(db):
    import pipeline
    from tests.conftest import make_post
    from tests.test_dedupe import Stub

    storage.upsert_posts(db, [make_post(1, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪")])
    pipeline.run_pass(db, classifier=Stub())
    lead = storage.list_leads(db)[0]
    created = datetime.fromisoformat(lead["created_at"])
    assert lead["priority"] == "P1"
    assert (datetime.fromisoformat(lead["response_due"]) - created).total_seconds() == 7200


def test_the_lifecycle_allows_only_its_transitions_and_records_each(db):
    lead_id = _lead(db)
    followup.assign(db, lead_id, "张三", who="王科长")
    followup.move(db, lead_id, "in_progress", "张三", note="已约谈项目部")
    with pytest.raises(TransitionError, match="can move to"):
        followup.move(db, lead_id, "closed", "张三")
    followup.move(db, lead_id, "resolved", "张三", note="已发放")
    followup.move(db, lead_id, "verified", "张三", note="回访：工人确认收到")
    lead = followup.move(db, lead_id, "closed", "张三")
    assert lead["status"] == "closed"
    assert lead["resolved_at"]
    assert lead["closed_at"]
    assert lead["responded_at"]
    events = storage.lead_events(db, lead_id)
    assert [(e["action"], e["from_state"], e["to_state"]) for e in events][1:] == [
        ("assigned", "new", "assigned"), ("in_progress", "assigned", "in_progress"),
        ("resolved", "in_progress", "resolved"), ("verified", "resolved", "verified"), ("closed", "verified", "closed"),
    ]  # fmt: skip
    assert events[2]["who"] == "张三"
    assert events[2]["note"] == "已约谈项目部"
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE lead_events SET note = 'x' WHERE id = ?", [events[2]["id"]])


def test_first_officer_owns_the_lead_until_it_is_reassigned(db):
    lead_id = _lead(db)
    followup.move(db, lead_id, "in_progress", "张三")  # taking it makes 张三 the owner
    assert storage.get_lead(db, lead_id)["owner"] == "张三"
    with pytest.raises(TransitionError, match="首问负责"):
        followup.move(db, lead_id, "resolved", "李四")
    followup.add_note(db, lead_id, "李四", "我这边也接到电话")  # anyone may add a note
    followup.move(db, lead_id, "escalated", "王科长", note="提级办理", supervisor=True)
    assert storage.get_lead(db, lead_id)["owner"] == "张三"
    followup.assign(db, lead_id, "李四", who="王科长", note="张三休假")
    followup.move(db, lead_id, "resolved", "李四")
    actions = [(e["action"], e["who"]) for e in storage.lead_events(db, lead_id)]
    assert ("reassigned", "王科长") in actions
    assert ("escalated", "王科长") in actions


def test_dismissing_needs_the_correct_label_and_records_it(db):
    lead_id = _lead(db)
    with pytest.raises(TransitionError, match="correct label"):
        followup.move(db, lead_id, "dismissed", "张三")
    with pytest.raises(TransitionError, match="correct label"):
        followup.move(db, lead_id, "dismissed", "张三", label="wage_arrears")
    lead = followup.move(db, lead_id, "dismissed", "张三", note="招聘广告", label="irrelevant")
    assert lead["dismissed_label"] == "irrelevant"
    assert storage.lead_events(db, lead_id)[-1]["label"] == "irrelevant"
    assert followup.move(db, lead_id, "reopened", "张三")["status"] == "reopened"


def test_overdue_and_on_time_closure_per_town(db):
    late = _lead(
        db, district="坦洲镇", response_due="2026-11-02T10:00:00+08:00", close_due="2026-11-10T23:59:00+08:00"
    )
    on_time = _lead(db, district="坦洲镇", close_due="2026-11-10T23:59:00+08:00",
                    resolved_at="2026-11-09T10:00:00+08:00", status="resolved")  # fmt: skip
    _lead(db, district="小榄镇", close_due="2026-11-05T23:59:00+08:00", resolved_at="2026-11-07T10:00:00+08:00",
          status="closed")  # fmt: skip
    _lead(db, district="小榄镇", close_due="2026-12-30T23:59:00+08:00")  # not due yet: not counted
    assert followup.overdue(storage.get_lead(db, late), "2026-11-12T09:00:00+08:00") == {
        "response": True, "close": True, "hours_over": 33.0,
    }  # fmt: skip
    assert not any(followup.overdue(storage.get_lead(db, on_time), "2026-11-12T09:00:00+08:00").values())
    rates = {r["district"]: r for r in followup.closure_rates(db, at="2026-11-12T09:00:00+08:00")}
    assert rates["坦洲镇"] == {"district": "坦洲镇", "on_time": 1, "late": 0, "open_overdue": 1, "rate": 0.5}
    assert rates["小榄镇"]["rate"] == 0.0
    assert rates["小榄镇"]["late"] == 1


def test_monthly_spot_checks_are_seeded_recorded_once_and_can_reopen(db):
    for day in range(1, 21):
        _lead(db, status="closed", closed_at=f"2026-10-{day:02d}T10:00:00+08:00")
    _lead(db, status="closed", closed_at="2026-11-01T10:00:00+08:00")  # another month
    drawn = followup.draw_spot_checks(db, "2026-10", who="督查组")
    assert len(drawn) == 3  # 10 % of 20, at least 3
    assert followup.draw_spot_checks(db, "2026-10", who="督查组", size=10) == drawn  # recorded once
    other = storage.memory_db()
    for day in range(1, 21):
        _lead(other, status="closed", closed_at=f"2026-10-{day:02d}T10:00:00+08:00")
    assert followup.draw_spot_checks(other, "2026-10", who="x") == drawn  # same seed, same draw
    check = storage.spot_checks(db, "2026-10")[0]
    followup.record_spot_check(db, check["id"], "not_paid", "督查组", "回访：工人仍未收到")
    lead = storage.get_lead(db, check["lead_id"])
    assert lead["status"] == "reopened"
    assert lead["reappeared_after_closing"] == 1
    assert storage.spot_checks(db, "2026-10")[0]["outcome"] == "not_paid"
    assert [e["action"] for e in storage.lead_events(db, lead["id"])][-3:] == [
        "spot_check",
        "spot_check_result",
        "reopened",
    ]
