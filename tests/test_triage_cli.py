"""``wagewatch leads list | show | assign | move | note | report | spot-check | evaluate`` as an
operator uses them, and the held-out evaluation figures (issue 4 targets)."""

from __future__ import annotations

import json

import pytest

import cli
import pipeline
import storage
from evaluation import leads as evaluate
from tests.conftest import make_post
from tests.test_dedupe import Stub

POSTS = [
    make_post(1, "坦洲金斗湾工地包工头刘某拖欠我们14个泥水工16万8，联系电话13800001234", reposts=5),
    make_post(2, "转发微博：坦洲金斗湾工地包工头刘某拖欠我们14个泥水工16万8，联系电话13800001234"),
    make_post(3, "小榄永宁工业区一间锁具厂老板跑路了，60个工人两个月工资一共120万，大家去镇政府了"),
]


@pytest.fixture
def leads_db(db_path):
    database = storage.open_db(db_path)
    storage.upsert_posts(database, POSTS)
    pipeline.run_pass(database, classifier=Stub())
    database.close()
    return db_path


def _cli(runner, db_path, *args):
    return runner.invoke(cli.main, ["--db", str(db_path), "leads", *args])


def test_list_is_most_urgent_first_and_masks_phones(runner, leads_db):
    result = _cli(runner, leads_db, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "P1" in lines[0]
    assert "小榄镇" in lines[0]
    assert "138****" in result.output
    assert "13800001234" not in result.output
    rows = [
        json.loads(x)
        for x in _cli(runner, leads_db, "list", "--json", "--district", "坦洲镇").output.splitlines()
    ]
    assert len(rows) == 1
    assert rows[0]["post_count"] == 2
    assert rows[0]["overdue"]["close"] is False


def test_show_has_the_full_detail_with_merge_reasons(runner, leads_db):
    result = _cli(runner, leads_db, "show", "1")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "坦洲镇" in out
    assert "13800001234" in out
    assert "near-duplicate" in out or "exact duplicate" in out
    assert "办结时限" in out
    assert "包工头刘某" in out
    lead_key = storage.get_lead(storage.open_db(leads_db), 2)["case_key"]
    assert _cli(runner, leads_db, "show", f"L-{lead_key}").exit_code == 0
    assert _cli(runner, leads_db, "show", "99").exit_code != 0


def test_assign_move_note_and_the_rules_they_enforce(runner, leads_db):
    assert _cli(runner, leads_db, "assign", "1", "张三", "--by", "王科长").exit_code == 0
    refused = _cli(runner, leads_db, "move", "1", "in_progress", "--by", "李四")
    assert refused.exit_code != 0
    assert "首问负责" in refused.output
    assert (
        _cli(runner, leads_db, "move", "1", "in_progress", "--by", "张三", "--note", "已约谈").exit_code == 0
    )
    skipped = _cli(runner, leads_db, "move", "1", "closed", "--by", "张三")
    assert skipped.exit_code != 0
    assert "can move to" in skipped.output
    assert _cli(runner, leads_db, "note", "1", "工人已登记", "--by", "李四").exit_code == 0
    no_label = _cli(runner, leads_db, "move", "1", "dismissed", "--by", "张三")
    assert no_label.exit_code != 0
    assert "label" in no_label.output
    assert (
        _cli(runner, leads_db, "move", "1", "dismissed", "--by", "张三", "--label", "irrelevant").exit_code
        == 0
    )
    events = storage.lead_events(storage.open_db(leads_db), 1)
    assert [e["action"] for e in events][-4:] == ["assigned", "in_progress", "note", "dismissed"]
    assert events[-1]["label"] == "irrelevant"


def test_report_and_spot_check(runner, leads_db):
    database = storage.open_db(leads_db)
    storage.update_lead(database, 1, {"status": "closed", "closed_at": "2026-10-05T10:00:00+08:00",
                                      "resolved_at": "2026-10-04T10:00:00+08:00", "close_due": "2026-10-09T23:59:00+08:00"})  # fmt: skip
    report = _cli(runner, leads_db, "report", "--at", "2026-12-31T00:00:00+08:00")
    assert report.exit_code == 0
    assert "坦洲镇" in report.output
    assert "100%" in report.output
    drawn = _cli(runner, leads_db, "spot-check", "2026-10", "--by", "督查组")
    assert drawn.exit_code == 0
    assert "lead #1" in drawn.output
    assert "待回访" in drawn.output
    check_id = storage.spot_checks(database, "2026-10")[0]["id"]
    recorded = _cli(
        runner, leads_db, "spot-check", "2026-10", "--by", "督查组", "--record", str(check_id), "paid"
    )
    assert recorded.exit_code == 0
    assert "paid" in recorded.output


def test_every_leads_command_has_a_one_line_help(runner):
    for name in ("list", "show", "assign", "move", "note", "report", "spot-check", "evaluate", "reindex"):
        result = runner.invoke(cli.main, ["leads", name, "--help"])
        assert result.exit_code == 0, name
        assert result.output.splitlines()[2].strip(), name


def test_the_held_out_triage_set_meets_the_issue_targets():
    result = evaluate.evaluate()
    figures = result["figures"]
    assert figures["posts"] >= 300
    assert figures["duplicate_groups"] >= 40
    assert figures["false_friend_pairs"] >= 10
    assert evaluate.targets_met(figures), evaluate.report(figures)
    assert figures["false_friend_merges"] == 0
