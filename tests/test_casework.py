"""Casework on a lead (#9), one code path for the web and the CLI: every action is one ledger row,
refusals explain themselves in Chinese and English and write nothing, two officers acting at once
cannot both win, and officers' decisions become classifier feedback."""

from __future__ import annotations

import threading

import pytest

import cli
import pipeline
import storage
from tests.conftest import fill_web_db, make_post
from tests.test_dedupe import Stub
from triage import casework, followup
from triage.casework import Conflict
from triage.followup import TransitionError


@pytest.fixture
def filled(db):
    return fill_web_db(db)


def _events(db, lead_id):
    return [(e["action"], e["who"]) for e in storage.lead_events(db, lead_id)]


def _feedback(db, lead_id):
    return [
        (row["label"], row["officer"])
        for post in storage.lead_posts(db, lead_id)
        for row in storage.feedback_for_post(db, post["id"])
    ]


def test_a_lead_from_new_to_closed_one_ledger_row_per_action(db, filled):
    lead_id = filled["none"]
    perform = casework.perform
    lead = perform(
        db,
        lead_id,
        storage.get_lead(db, lead_id)["version"],
        casework.set_district,
        who="duty",
        district="坦洲镇",
        reason="评论区说在坦洲",
    )
    assert (lead["status"], lead["district"], lead["queue"]) == ("assigned", "坦洲镇", "wage")
    assert "评论区说在坦洲" in lead["district_reason"]
    lead = perform(db, lead_id, lead["version"], casework.start, who="tz", note="已约谈老板")
    assert (lead["status"], lead["owner"]) == ("in_progress", "tz")  # 首问负责: whoever takes it owns it
    lead = perform(db, lead_id, lead["version"], casework.resolve, who="tz", recovered_yuan="35,000",
                   workers_paid="12", note="劳动监察大队督促发放")  # fmt: skip
    assert (lead["status"], lead["recovered_yuan"], lead["workers_paid"]) == ("resolved", 35000.0, 12)
    lead = perform(
        db, lead_id, lead["version"], casework.callback, who="duty", outcome="paid", note="工人确认"
    )
    assert (lead["status"], lead["callback_outcome"]) == ("verified", "paid")
    lead = perform(db, lead_id, lead["version"], casework.close, who="tz")
    assert lead["status"] == "closed"
    assert lead["closed_at"]
    assert _events(db, lead_id)[1:] == [
        ("district", "duty"), ("in_progress", "tz"), ("resolved", "tz"), ("verified", "duty"), ("closed", "tz"),
    ]  # fmt: skip
    notes = [e["note"] for e in storage.lead_events(db, lead_id)]
    assert "追回 35,000 元，12 名工人已拿到工资；劳动监察大队督促发放" in notes
    assert "回访：工人确认已拿到工资；工人确认" in notes


def test_a_callback_that_finds_workers_unpaid_reopens_the_lead_flagged(db, filled):
    lead_id = filled["tz"]
    casework.start(db, lead_id, "tz")
    casework.resolve(db, lead_id, "tz", 1000, 3)
    lead = casework.callback(db, lead_id, "duty", "not_paid", "工人说只拿到一半")
    assert lead["status"] == "reopened"
    assert lead["reappeared_after_closing"] == 1
    assert lead["callback_outcome"] == "not_paid"
    assert "表面清零" in storage.lead_events(db, lead_id)[-1]["note"]
    with pytest.raises(TransitionError, match="回访"):
        casework.callback(db, lead_id, "duty", "paid")


def test_confirming_records_feedback_and_can_move_a_lead_to_the_other_labour_queue(db, filled):
    lead_id = filled["tz_shop"]
    lead = casework.confirm(db, lead_id, "duty", "other_labor", note="其实是社保问题")
    assert (lead["label"], lead["queue"], lead["confirmed_label"]) == (
        "other_labor",
        "other_labor",
        "other_labor",
    )
    assert _feedback(db, lead_id) == [("other_labor", "duty"), ("other_labor", "duty")]  # both posts
    assert storage.lead_events(db, lead_id)[-1]["label"] == "other_labor"
    with pytest.raises(TransitionError, match="already confirmed"):
        casework.confirm(db, lead_id, "duty", "other_labor")
    with pytest.raises(TransitionError, match="排除"):
        casework.confirm(db, lead_id, "duty", "irrelevant")


def test_dismissing_from_the_cli_move_command_records_the_feedback_too(db, db_path, filled, runner):
    lead_id = filled["tz_shop"]
    result = runner.invoke(cli.main, ["--db", str(db_path), "leads", "move", str(lead_id), "dismissed",
                                      "--by", "duty", "--label", "irrelevant", "--note", "广告"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _feedback(db, lead_id) == [("irrelevant", "duty"), ("irrelevant", "duty")]
    (row,) = storage.feedback_for_post(db, storage.lead_posts(db, lead_id)[0]["id"])
    assert (row["model_label"], row["model_version"], row["note"]) == ("wage_arrears", "stub", "广告")


def test_routing_to_a_town_needs_a_real_town_and_a_reason_and_frees_the_old_owner(db, filled):
    lead_id = filled["tz"]
    with pytest.raises(TransitionError, match="不是中山市的镇街"):
        casework.set_district(db, lead_id, "duty", "天河区", "x")
    with pytest.raises(TransitionError, match="交办理由"):
        casework.set_district(db, lead_id, "duty", "神湾镇", "  ")
    with pytest.raises(TransitionError, match="already"):
        casework.set_district(db, lead_id, "duty", "坦洲镇", "再次")
    casework.take(db, lead_id, "tz")
    lead = casework.set_district(db, lead_id, "duty", "神湾镇", "项目在神湾")
    assert (lead["district"], lead["owner"]) == ("神湾镇", None)
    assert "原负责人 tz 不再负责" in storage.lead_events(db, lead_id)[-1]["note"]
    assert (
        casework.set_district(db, lead_id, "duty", "out_of_area", "珠海的工地")["district"] == "out_of_area"
    )


def test_double_hand_over_to_regulators(db, filled):
    lead_id = filled["sq"]
    lead = casework.set_regulators(db, lead_id, "duty", ["国资", "住建"], "国企项目")
    assert lead["regulators"] == '["住建", "国资"]'
    with pytest.raises(TransitionError, match="unchanged"):
        casework.set_regulators(db, lead_id, "duty", ["住建", "国资"])
    with pytest.raises(TransitionError, match="未知的主管部门"):
        casework.set_regulators(db, lead_id, "duty", ["公安"])
    assert casework.set_regulators(db, lead_id, "duty", [])["regulators"] == "[]"
    assert [e["note"] for e in storage.lead_events(db, lead_id)][-2:] == [
        "双交办：住建、国资；国企项目",
        "取消双交办",
    ]


def test_taking_a_lead_is_first_come_unless_a_supervisor_takes_over(db, filled):
    lead_id = filled["tz"]
    assert casework.take(db, lead_id, "tz")["owner"] == "tz"
    with pytest.raises(TransitionError, match="首问负责"):
        casework.take(db, lead_id, "tz2")
    with pytest.raises(TransitionError, match="already yours"):
        casework.take(db, lead_id, "tz")
    with pytest.raises(TransitionError, match="首问负责"):
        casework.start(db, lead_id, "tz2")
    assert casework.take(db, lead_id, "duty", supervisor=True)["owner"] == "duty"
    assert _events(db, lead_id)[-2:] == [("assigned", "tz"), ("reassigned", "duty")]


@pytest.mark.parametrize(
    ("amount", "workers", "message"),
    [("", "3", "追回金额须为数字"), ("abc", "3", "追回金额"), ("-5", "3", "不能为负数"), ("100", "2.5", "须为整数"),
     ("100", "", "已发放工人数")],
)  # fmt: skip
def test_resolving_with_bad_numbers_writes_nothing(db, filled, amount, workers, message):
    lead_id = filled["tz"]
    casework.start(db, lead_id, "tz")
    before = (storage.get_lead(db, lead_id), len(storage.lead_events(db, lead_id)))
    with pytest.raises(TransitionError, match=message):
        casework.perform(db, lead_id, before[0]["version"], casework.resolve, who="tz", recovered_yuan=amount,
                         workers_paid=workers)  # fmt: skip
    assert (storage.get_lead(db, lead_id), len(storage.lead_events(db, lead_id))) == before


def test_refused_moves_say_why_in_chinese_and_english(db, filled):
    lead_id = filled["tz"]
    with pytest.raises(TransitionError) as refused:
        casework.close(db, lead_id, "tz")
    assert "现为「新线索」，只能转为" in str(refused.value)
    assert "can move to" in str(refused.value)
    with pytest.raises(TransitionError, match="提级理由"):
        casework.escalate(db, lead_id, "duty", "")
    assert casework.escalate(db, lead_id, "duty", "涉及政府投资工程")["status"] == "escalated"
    with pytest.raises(TransitionError, match="没有线索 #999"):
        casework.take(db, 999, "duty")


def test_merging_moves_posts_writes_both_ledgers_and_later_posts_follow(db, filled):
    keep, other = filled["tz"], filled["tz_shop"]
    lead = casework.merge(db, keep, other, "duty", note="同一老板")
    assert lead["post_count"] == 3
    assert storage.get_lead(db, other)["status"] == "merged"
    assert storage.get_lead(db, other)["merged_into"] == keep
    assert storage.get_lead(db, other)["post_count"] == 0
    assert storage.lead_events(db, keep)[-1]["note"].startswith(f"并入线索 #{other}（2 帖")
    assert storage.lead_events(db, other)[-1]["note"] == f"并入线索 #{keep}；同一老板"
    with pytest.raises(TransitionError, match="merged|合并"):
        casework.take(db, other, "duty")
    with pytest.raises(TransitionError, match="itself"):
        casework.merge(db, keep, keep, "duty")
    storage.update_lead(db, other, {"close_due": "2020-01-01T23:59:00+08:00"})
    assert all(r["open_overdue"] == 0 for r in followup.closure_rates(db))  # a merged lead is no longer late
    # a later post of the absorbed case finds the lead that absorbed it
    storage.upsert_posts(
        db, [make_post(70, "坦洲镇界狮南路一间餐厅老板拖欠我们8个服务员两个月人工，一共四万多！！")]
    )
    pipeline.run_pass(db, classifier=Stub())
    assert storage.get_lead(db, keep)["post_count"] == 4


def test_splitting_a_post_off_makes_a_new_lead_triaged_afresh(db, filled):
    lead_id = filled["tz_shop"]
    post = storage.lead_posts(db, lead_id)[1]
    new = casework.split(db, lead_id, post["id"], "duty", note="另一家店")
    assert new["id"] != lead_id
    assert (new["district"], new["status"], new["post_count"]) == ("坦洲镇", "new", 1)
    assert new["response_due"]
    assert new["close_due"]
    assert storage.get_lead(db, lead_id)["post_count"] == 1
    assert storage.lead_events(db, new["id"])[0]["note"].startswith(f"从线索 #{lead_id} 拆分出帖子")
    assert f"拆分为新线索 #{new['id']}" in storage.lead_events(db, lead_id)[-1]["note"]
    with pytest.raises(TransitionError, match="only post"):
        casework.split(db, lead_id, storage.lead_posts(db, lead_id)[0]["id"], "duty")
    with pytest.raises(TransitionError, match="不属于"):
        casework.split(db, lead_id, 9999, "duty")


def test_two_officers_acting_at_once_one_wins_and_the_other_is_told(db_path, filled):
    lead_id = filled["tz"]
    version = storage.get_lead(storage.connect(db_path), lead_id)["version"]
    barrier, outcomes = threading.Barrier(2), {}

    def officer(name: str, action, **kwargs) -> None:
        database = storage.connect(db_path)  # each officer's request has its own connection
        barrier.wait()
        try:
            casework.perform(database, lead_id, version, action, who=name, **kwargs)
            outcomes[name] = "done"
        except Conflict as exc:
            outcomes[name] = str(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=officer, args=("tz", casework.start)),
               threading.Thread(target=officer, args=("duty", casework.dismiss), kwargs={"label": "irrelevant"})]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winner = next(name for name, outcome in outcomes.items() if outcome == "done")
    loser = next(name for name in outcomes if name != winner)
    assert "刚被" in outcomes[loser]
    assert winner in outcomes[loser]
    assert "nothing was done" in outcomes[loser]
    database = storage.connect(db_path)
    events = storage.lead_events(database, lead_id)
    assert [e["who"] for e in events[1:]] == [winner]  # one move, by the winner
    assert storage.get_lead(database, lead_id)["status"] == ("in_progress" if winner == "tz" else "dismissed")


def _leads(runner, db_path, *args):
    return runner.invoke(cli.main, ["--db", str(db_path), "leads", *args])


def test_the_casework_commands(runner, db_path, filled):
    tz, none = str(filled["tz"]), str(filled["none"])
    ok = [
        (none, "district", none, "三乡镇", "--by", "duty", "--reason", "三乡的工厂"),
        (tz, "regulators", tz, "住建", "水务", "--by", "duty"),
        (tz, "take", tz, "--by", "tz"),
        (tz, "move", tz, "in_progress", "--by", "tz"),
        (tz, "resolve", tz, "--by", "tz", "--recovered", "8000", "--workers-paid", "20"),
        (tz, "callback", tz, "paid", "--by", "duty"),
        (tz, "close", tz, "--by", "tz"),
        (tz, "reopen", tz, "--by", "tz", "--reason", "又有工人投诉"),
        (tz, "escalate", tz, "--by", "duty", "--reason", "人数多", "--supervisor"),
        (tz, "confirm", tz, "--by", "duty"),
    ]
    for _lead, *args in ok:
        result = _leads(runner, db_path, *args)
        assert result.exit_code == 0, (args, result.output)
    database = storage.connect(db_path)
    assert storage.get_lead(database, filled["tz"])["status"] == "escalated"
    assert storage.get_lead(database, filled["none"])["district"] == "三乡镇"
    shop = storage.get_lead(database, filled["tz_shop"])
    split = _leads(runner, db_path, "split", str(shop["id"]), str(storage.lead_posts(database, shop["id"])[1]["id"]),
                   "--by", "duty")  # fmt: skip
    assert split.exit_code == 0, split.output
    merged = _leads(runner, db_path, "merge", tz, str(shop["id"]), "--by", "duty", "--note", "同案")
    assert merged.exit_code == 0, merged.output
    assert f"lead #{shop['id']} merged into #{tz}" in merged.output
    refused = _leads(runner, db_path, "resolve", tz, "--by", "tz", "--recovered", "x", "--workers-paid", "1")
    assert refused.exit_code == 1
    assert "追回金额须为数字" in refused.output
    assert _leads(runner, db_path, "dismiss", "99", "--by", "duty", "--label", "irrelevant").exit_code == 1


def test_the_queue_knows_every_open_state():
    from storage.queue import CLOSED_STATES, OPEN_STATES

    assert set(OPEN_STATES) | set(CLOSED_STATES) == set(followup.STATES)
    assert not set(OPEN_STATES) & set(CLOSED_STATES)
