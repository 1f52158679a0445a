"""Retention of personal data (#13): ``wagewatch db purge`` erases what the [retention] rules make
due — from the posts, the search index, the duplicate index and the file itself — records counts
(never content), keeps the ledger, and a purged post is never crawled in again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pipeline
import storage
from storage import retention
from tests.conftest import make_post
from tests.test_dedupe import Stub
from triage import followup

LATER = (datetime.now(storage.db.BEIJING) + timedelta(days=4000)).isoformat()
NOISE = "商场开业大酬宾 联系人 王小明 13912345678 MARKER-NOISE"
DISMISS = "坦洲一个工地欠我三个月工钱 MARKER-DISMISS 联系 13800001111"
CLOSE = "小榄一间五金厂拖欠工人工资 MARKER-CLOSE 包工头 李四 13700002222"


def setup(db):
    storage.upsert_posts(db, [make_post(1, NOISE), make_post(2, DISMISS), make_post(3, CLOSE)])
    pipeline.run_pass(db, classifier=Stub({"商场开业": "irrelevant"}))
    leads = {row["summary"][:2]: row["id"] for row in db.query("SELECT id, summary FROM leads")}
    with storage.transaction(db):
        followup.move(db, leads["坦洲"], "dismissed", "值班员", label="irrelevant")
        for state in ("in_progress", "resolved", "verified", "closed"):
            followup.move(db, leads["小榄"], state, "李科长")
    return leads


def test_nothing_is_due_today(db):
    setup(db)
    assert retention.counts(retention.due(db, {})) == {
        "irrelevant_posts": 0, "dismissed_posts": 0, "closed_posts": 0, "leads": 0}  # fmt: skip


def test_purge_erases_what_is_due_and_keeps_the_ledger(db, db_path):
    leads = setup(db)
    events_before = db["lead_events"].count
    result = retention.purge(db, {}, who="测试", at=LATER)
    assert result == {"irrelevant_posts": 1, "dismissed_posts": 1, "closed_posts": 1, "leads": 2,
                      "posts": 3}  # fmt: skip
    for row in db.query("SELECT * FROM posts"):
        assert (row["text"], row["author"], row["url"], row["raw"]) == ("", None, None, None)
        assert row["purged_at"]
    assert storage.search_posts(db, "工地") == []
    assert storage.search_posts(db, "商场") == []
    assert db.execute("SELECT count(*) FROM dedup_buckets").fetchone()[0] == 0
    closed = storage.get_lead(db, leads["小榄"])
    assert (closed["summary"], closed["phones"], closed["foreman"]) == (None, None, None)
    assert closed["status"] == "closed"  # the case itself stays on record
    created = storage.lead_events(db, leads["小榄"])[0]
    assert (created["action"], created["note"]) == ("created", "〔已按保留期限删除〕")
    events = db["lead_events"].count
    assert events == events_before + 2  # one counts-only line per affected lead
    purged = [e for e in storage.lead_events(db, leads["坦洲"]) if e["action"] == "purged"]
    assert purged[0]["note"] == "按保留期限删除 1 条帖子的个人信息"
    (log,) = list(db.query("SELECT * FROM purges"))
    assert "MARKER" not in log["counts"]
    # nothing of the erased text is left anywhere in the file (secure_delete, FTS optimise, WAL truncated)
    db.close()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    for marker in (
        b"MARKER-NOISE",
        b"MARKER-DISMISS",
        b"MARKER-CLOSE",
        b"13912345678",
        b"13800001111",
        b"13700002222",
    ):
        assert marker not in raw


def test_a_form_filled_in_before_a_purge_is_refused(db):
    """A purge changes the lead's row (summary, phones, match facts): its version goes up, so an officer's
    form opened before it is refused rather than writing over the erased fields."""
    leads = setup(db)
    before = storage.get_lead(db, leads["小榄"])["version"]
    retention.purge(db, {}, at=LATER)
    assert storage.get_lead(db, leads["小榄"])["version"] == before + 1


def test_a_second_purge_finds_nothing_and_a_recrawl_stores_nothing(db):
    setup(db)
    retention.purge(db, {}, at=LATER)
    assert retention.purge(db, {}, at=LATER)["posts"] == 0
    counts = storage.upsert_posts(db, [make_post(1, NOISE), make_post(2, DISMISS)])
    assert counts == {"new": 0, "updated": 0, "unchanged": 2}
    assert [r["text"] for r in db.query("SELECT text FROM posts WHERE post_id IN ('1', '2')")] == ["", ""]
    assert pipeline.run_pass(db, classifier=Stub()).get("posts", 0) == 0


def test_rules_at_zero_keep_everything(db):
    setup(db)
    off = {"irrelevant_post_days": 0, "dismissed_lead_days": 0, "closed_lead_days": 0}
    assert retention.purge(db, off, at=LATER)["posts"] == 0


def test_cli_dry_run_counts_and_writes_nothing(runner, db, db_path):
    setup(db)
    db.close()
    result = runner.invoke(__import__("cli").main, ["--db", str(db_path), "db", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("due: irrelevant posts 0")
    assert storage.open_db(db_path)["purges"].count == 0


def test_a_purge_finds_the_duplicate_index_rows_by_lead_not_by_reading_them_all(db):
    """At a million posts the duplicate index holds ~17M rows; a purge must delete a lead post's rows through
    the index by lead (a scan per 500 purged posts took minutes), and leave the rows of posts kept."""
    import re

    leads = setup(db)
    storage.upsert_posts(db, [make_post(4, "三乡一个装修工地拖欠十二个师傅两个月人工，老板电话不接")])
    pipeline.run_pass(db, classifier=Stub({"商场开业": "irrelevant"}))  # an open lead's post: nothing due
    kept_before = db.execute("SELECT count(*) FROM dedup_buckets WHERE post_id = 4").fetchone()[0]
    statements = []
    db.conn.set_trace_callback(statements.append)
    retention.purge(db, {}, who="测试", at=LATER)
    db.conn.set_trace_callback(None)
    touching = [s for s in statements if re.search(r"\bdedup_buckets\b", s)]
    assert touching
    for statement in touching:
        plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + statement).fetchall())
        assert "SCAN dedup_buckets" not in plan, (statement, plan)
    assert db.execute("SELECT count(*) FROM dedup_buckets WHERE post_id IN (1, 2, 3)").fetchone()[0] == 0
    assert kept_before > 0
    assert db.execute("SELECT count(*) FROM dedup_buckets WHERE post_id = 4").fetchone()[0] == kept_before
    assert leads
