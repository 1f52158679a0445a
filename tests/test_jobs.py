"""The job bodies on their own: nightly backups keep N whole copies, the overdue check writes the
ledger once per deadline, the spot check is drawn once when due, and every run is recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

import config
import jobs
import storage
from jobs import tasks
from storage.db import BEIJING
from tests.smtpkit import seed_leads


def context(db_path, **schedule):
    return jobs.Context(config.validate({"schedule": schedule, "sources": []}, "test"), str(db_path))


def test_backups_are_whole_copies_and_only_the_newest_are_kept(db, db_path, tmp_path):
    seed_leads(db)
    ctx = context(db_path, backup_keep=2, backup_dir=str(tmp_path / "bk"))
    (tmp_path / "bk").mkdir()
    for stamp in ("20260101-023000", "20260102-023000", "20260103-023000"):
        (tmp_path / "bk" / f"wagewatch-{stamp}.db").write_bytes(b"old")
    (tmp_path / "bk" / ".wagewatch-20260103-023000.db.partial").write_bytes(b"cut short")
    outcome = jobs.run(ctx, "backup", tasks.backup)
    assert outcome.status == "ok", outcome.error
    kept = sorted(p.name for p in (tmp_path / "bk").iterdir())
    assert len(kept) == 2
    assert kept[0] == "wagewatch-20260103-023000.db"
    newest = storage.open_db(tmp_path / "bk" / kept[1])
    assert newest["leads"].count == db["leads"].count
    assert "2 kept, 2 removed" in outcome.detail


def test_the_overdue_check_writes_the_ledger_once_per_deadline(db, db_path):
    leads = seed_leads(db)
    past = (datetime.now(BEIJING) - timedelta(hours=5)).isoformat(timespec="seconds")
    with storage.transaction(db):
        storage.update_lead(db, leads["小榄镇"], {"close_due": past, "response_due": past})
    ctx = context(db_path)
    first = jobs.run(ctx, "overdue", tasks.overdue)
    assert first.detail.startswith("2 deadline(s) newly missed")
    events = [e for e in storage.lead_events(db, leads["小榄镇"]) if e["action"] == "overdue"]
    assert {e["note"].split("（")[0] for e in events} == {"未按时响应", "超过办结时限"}
    second = jobs.run(ctx, "overdue", tasks.overdue)
    assert second.detail == "0 deadline(s) newly missed"


def test_the_spot_check_is_drawn_once_when_due(db, db_path):
    leads = seed_leads(db)
    today = datetime.now(BEIJING)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(hour=12)
    with storage.transaction(db):
        for lead_id in leads.values():
            storage.update_lead(
                db, lead_id, {"status": "closed", "closed_at": last_month.isoformat(timespec="seconds")}
            )
    not_due = jobs.run(context(db_path, spot_check_day=28), "spotcheck", tasks.spotcheck)
    if today.day < 28:
        assert not_due.status == "skipped"
        assert "not due before day 28" in not_due.error
    drawn = jobs.run(context(db_path, spot_check_day=1), "spotcheck", tasks.spotcheck)
    if not_due.status == "ok":
        drawn, not_due = not_due, drawn
    assert drawn.status == "ok", drawn.error
    assert drawn.detail.startswith(f"{last_month:%Y-%m}: 2 closed lead(s) drawn")
    again = jobs.run(context(db_path, spot_check_day=1), "spotcheck", tasks.spotcheck)
    assert again.status == "skipped"
    assert "drawn already" in again.error
    assert [r["status"] for r in storage.recent_job_runs(db, 3, "spotcheck")][0] == "skipped"


def test_a_job_that_fails_is_recorded_with_its_error_and_the_next_one_runs(db_path):
    def broken(ctx, db):
        raise RuntimeError("disk full")

    ctx = context(db_path)
    storage.open_db(db_path).close()
    outcome = jobs.run(ctx, "health", broken)
    assert (outcome.status, outcome.error) == ("error", "RuntimeError: disk full")
    assert jobs.run(ctx, "health", tasks.health).status == "ok"
    rows = storage.recent_job_runs(storage.open_db(db_path), 5)
    assert [(r["job"], r["status"]) for r in rows] == [("health", "ok"), ("health", "error")]
    assert rows[1]["error"] == "RuntimeError: disk full"
    assert rows[1]["ended_at"]
    ctx.stop.set()
    assert jobs.run(ctx, "health", tasks.health).status == "skipped"
