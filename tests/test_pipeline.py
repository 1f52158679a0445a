"""The pipeline pass: classifier → triage → storage, resumable after a crash, idempotent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pipeline
import preparing
import storage
from classifier.base import Prediction
from tests.conftest import make_post

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def _posts(n: int) -> list[dict]:
    texts = [
        "#中山欠薪# 坦洲镇第{k}工地老板拖欠我们{w}个工友三个月工资，求助！",
        "小榄五金厂{k}号车间老细走佬，{w}个人冇出粮",
        "急招普工{k}名，包吃住，工资月结不拖欠",
        "中山市人社局召开根治欠薪冬季专项行动部署会{k}",
        "公司{k}不给我们交社保，还不签劳动合同",
    ]
    return [make_post(i, texts[i % 5].format(k=i % 1500, w=5 + i % 40)) for i in range(n)]


def test_a_pass_creates_one_lead_per_case_and_links_every_copy(db):
    storage.upsert_posts(
        db,
        [
            make_post(1, "#中山欠薪# 坦洲镇某工地拖欠我们二十多个工友三个月工资，求助！", reposts=10),
            make_post(2, "转发微博：坦洲镇某工地拖欠我们二十多个工友三个月工资，求助！[怒]", reposts=2),
            make_post(3, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪"),
            make_post(4, "急招普工，包吃住，工资月结不拖欠"),
        ],
    )
    stats = pipeline.run_pass(db)
    assert stats["posts"] == 4
    assert stats["new_leads"] == 2
    leads = {lead["district"]: lead for lead in storage.list_leads(db)}
    assert leads["坦洲镇"]["post_count"] == 2
    assert leads["坦洲镇"]["workers"] == 20
    assert leads["小榄镇"]["priority"] == "P1"
    assert leads["小榄镇"]["group_incident"] == 1
    alerts = [e for e in storage.lead_events(db, leads["小榄镇"]["id"]) if e["action"] == "alert"]
    assert len(alerts) == 1
    model = next(db.query("SELECT DISTINCT model_version FROM post_analysis"))["model_version"]
    assert model == pipeline.configured_classifier().version


def test_a_second_pass_and_reposted_posts_add_nothing(db):
    storage.upsert_posts(db, _posts(50))
    pipeline.run_pass(db)
    leads, links = db["leads"].count, db["lead_posts"].count
    storage.upsert_posts(db, _posts(50))
    assert pipeline.run_pass(db) == {}
    assert (db["leads"].count, db["lead_posts"].count) == (leads, links)


def test_a_post_that_breaks_triage_is_set_aside_and_the_rest_still_land(db, monkeypatch):
    storage.upsert_posts(db, _posts(10))
    real = preparing.triage_post

    def flaky(post, label, *rules):
        if post["post_id"] == "3":
            raise RuntimeError("boom")
        return real(post, label, *rules)

    monkeypatch.setattr(preparing, "triage_post", flaky)
    stats = pipeline.run_pass(db)
    assert stats["failed"] == 1
    assert stats["posts"] == 9
    failed = next(db.query("SELECT post_id, error FROM posts WHERE state = 'error'"))
    assert failed == {"post_id": "3", "error": "RuntimeError: boom"}
    monkeypatch.setattr(preparing, "triage_post", real)
    assert storage.requeue_failed(db) == 1
    assert pipeline.run_pass(db)["posts"] == 1


def test_a_post_that_fails_while_its_lead_is_stored_leaves_nothing_behind(db, monkeypatch):
    # each post's savepoint journal lies in memory during a pass (#12): undoing one post must still undo it all
    storage.upsert_posts(db, _posts(10))
    real, seen = storage.attach_post, []

    def flaky(db, lead_id, post, *rest):
        seen.append(db.execute("PRAGMA temp_store").fetchone()[0])
        if post["post_id"] == "5":  # a lead post of its own case, its lead, ledger row and analysis written
            raise RuntimeError("disk says no")
        return real(db, lead_id, post, *rest)

    monkeypatch.setattr(storage, "attach_post", flaky)
    stats = pipeline.run_pass(db)
    assert (stats["failed"], stats["posts"]) == (1, 9)
    assert set(seen) == {2}  # MEMORY while the pass ran
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 0  # and the connection's own setting after it
    (row_id,) = db.execute("SELECT id FROM posts WHERE post_id = '5'").fetchone()
    assert storage.post_analysis(db, [row_id]) == {}
    assert db.execute("SELECT count(*) FROM leads WHERE post_count = 0").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM dedup_buckets WHERE post_id = ?", [row_id]).fetchone()[0] == 0
    # the pass's summary counts what stayed: not the lead the failed post made and lost, nor its label
    assert stats["new_leads"] == db["leads"].count
    labels = ("wage_arrears", "other_labor", "irrelevant")
    assert sum(stats[label] for label in labels) == stats["posts"]
    monkeypatch.setattr(storage, "attach_post", real)
    assert storage.requeue_failed(db) == 1
    assert pipeline.run_pass(db)["posts"] == 1
    assert db.execute("SELECT count(*) FROM lead_posts WHERE post_id = ?", [row_id]).fetchone()[0] == 1


class _NoScoreFor:
    """A classifier that calls every post irrelevant, and gives the posts holding ``word`` no score (their
    analysis row is refused by the store: ``post_analysis.score`` is NOT NULL)."""

    version = "stub"

    def __init__(self, word: str):
        self.word = word

    def predict(self, texts, explain=False):
        return [Prediction("irrelevant", None if self.word in t else 0.1, {"irrelevant": 1.0}, [], "stub")
                for t in texts]  # fmt: skip


def test_a_post_that_is_no_lead_and_cannot_be_stored_is_set_aside_alone(db):
    # the analysis rows of the posts that are no lead go in together (#12): one refused row must not take the
    # others of its batch with it, nor be lost
    storage.upsert_posts(
        db, [make_post(i, f"急招普工{i}名，包吃住" + ("（坏）" if i == 4 else "")) for i in range(8)]
    )
    stats = pipeline.run_pass(db, classifier=_NoScoreFor("（坏）"))
    assert (stats["posts"], stats["failed"], stats["irrelevant"]) == (7, 1, 7)
    failed = db.execute("SELECT post_id, error FROM posts WHERE state = 'error'").fetchall()
    assert [(p, e.split(":")[0]) for p, e in failed] == [("4", "IntegrityError")]
    assert db.execute("SELECT count(*) FROM post_analysis").fetchone()[0] == 7
    assert db.execute("SELECT count(*) FROM posts WHERE state = 'done'").fetchone()[0] == 7


def _snapshot(db) -> set[tuple]:
    return set(
        db.execute(
            """SELECT leads.case_key, leads.priority, leads.district, posts.post_id FROM lead_posts
            JOIN leads ON leads.id = lead_posts.lead_id JOIN posts ON posts.id = lead_posts.post_id"""
        ).fetchall()
    )


def test_killed_mid_pass_the_next_pass_finishes_without_duplicates(db, db_path, tmp_path):
    posts = _posts(12_000)
    storage.upsert_posts(db, posts)
    reference = storage.memory_db()
    storage.upsert_posts(reference, posts)
    pipeline.run_pass(reference)

    proc = subprocess.Popen(
        [*CLI, "--db", str(db_path), "process", "--batch-size", "5"], start_new_session=True
    )
    done = 0
    deadline = time.monotonic() + 60
    while done == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
        done = storage.count_posts(db).get("done", 0)
    os.killpg(proc.pid, signal.SIGKILL)  # a real crash: no cleanup, no atexit
    proc.wait()
    after_crash = storage.count_posts(db)
    assert 0 < after_crash.get("done", 0) < len(posts), after_crash

    result = subprocess.run(
        [*CLI, "--db", str(db_path), "process"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert storage.count_posts(db) == {"done": len(posts)}
    assert db.execute("SELECT count(*) FROM post_analysis").fetchone()[0] == len(posts)
    assert _snapshot(db) == _snapshot(reference)
    assert db["leads"].count == reference["leads"].count


def test_a_lead_post_changes_its_lead_in_one_statement_each_change_a_version(db):
    # (#12) its count and heat, the facts it fills in and the matching facts: one UPDATE of the lead, and the
    # lead's version as if each change had been written alone (a form opened before the post is refused)
    text = "#中山欠薪# 坦洲镇某工地拖欠我们二十多个工友三个月工资，求助！"
    storage.upsert_posts(db, [make_post(1, text, reposts=10, posted_at="2026-11-02T10:00:00+08:00")])
    pipeline.run_pass(db)
    (lead,) = storage.list_leads(db)
    assert (lead["post_count"], lead["heat"], lead["version"]) == (1, 16, 1)  # created, its facts set
    storage.upsert_posts(
        db, [make_post(2, "转发：" + text, reposts=2, posted_at="2026-11-01T09:00:00+08:00")]
    )
    statements = []
    db.conn.set_trace_callback(statements.append)
    pipeline.run_pass(db)
    db.conn.set_trace_callback(None)
    assert len([s for s in statements if s.startswith("UPDATE leads")]) == 1
    lead = storage.get_lead(db, lead["id"])
    assert (lead["post_count"], lead["heat"], lead["version"]) == (2, 24, 2)
    assert lead["first_post_at"] == "2026-11-01T09:00:00+08:00"
    assert lead["last_post_at"] == "2026-11-02T10:00:00+08:00"


def test_a_batch_goes_straight_through_and_is_stored_again_post_by_post_when_one_fails(db, monkeypatch):
    # (#12) no savepoint for each post unless one fails: then the batch is undone and stored again carefully,
    # the counts of the undone attempt not counted twice
    storage.upsert_posts(db, _posts(10))
    statements = []
    db.conn.set_trace_callback(statements.append)
    stats = pipeline.run_pass(db)
    db.conn.set_trace_callback(None)
    assert not [s for s in statements if s.startswith(f"SAVEPOINT {storage.db.STEP}")]
    assert stats["posts"] == 10

    storage.upsert_posts(db, [{**p, "platform": "douyin"} for p in _posts(10)])
    real = storage.attach_post

    def flaky(db, lead_id, post, *rest):
        if post["post_id"] == "5":
            raise RuntimeError("disk says no")
        return real(db, lead_id, post, *rest)

    monkeypatch.setattr(storage, "attach_post", flaky)
    statements.clear()
    db.conn.set_trace_callback(statements.append)
    stats = pipeline.run_pass(db)
    db.conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "ROLLBACK", "COMMIT"))] == [
        "BEGIN IMMEDIATE", "ROLLBACK", "BEGIN IMMEDIATE", f"ROLLBACK TO SAVEPOINT {storage.db.STEP}", "COMMIT"
    ]  # fmt: skip
    assert (stats["failed"], stats["posts"]) == (1, 9)
    # (each stored post's label counted once; the failed one's not: it is counted as failed)
    assert sum(stats[label] for label in ("wage_arrears", "other_labor", "irrelevant")) == 9
    assert db.execute("SELECT count(*) FROM posts WHERE state = 'error'").fetchone()[0] == 1
