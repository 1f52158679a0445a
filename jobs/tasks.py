"""The bodies of the scheduled jobs. Each takes the job context and an open database, does its
work through the library functions the CLI also uses, and returns one line saying what it did
(raising ``Skip`` when it did not run, anything else when it failed)."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import storage
from jobs import Context, JobFailed, Skip, run
from storage.db import BEIJING

log = logging.getLogger("wagewatch.jobs")
LOCK_MARGIN_S = 120  # a crawl lock outlives the crawl's timeout by this much (stop grace included)
PIPELINE_LOCK = "pipeline"
PIPELINE_LOCK_TTL_S = 3600
JOB_RUNS_KEPT_DAYS = 90  # the nightly backup job forgets older job runs (the backups keep them)


def _lock(db: Database, name: str, ttl_s: float, ctx: Context, wait_s: float = 0) -> str:
    """Take the lock ``name`` (waiting up to ``wait_s`` while someone holds it), else Skip."""
    deadline = time.monotonic() + wait_s
    while True:
        token, holder = storage.acquire_lock(db, name, ttl_s)
        if token:
            return token
        if time.monotonic() >= deadline or ctx.stop.wait(1):
            raise Skip(f"{name} is already running ({storage.describe_lock(holder)})")


def crawl(ctx: Context, db: Database, source: dict[str, Any]) -> str:
    """One configured source's crawl in its own process, with the configured timeout. Refused
    (skipped) when a crawl of the source is already running, here or in another process."""
    from spiders.runner import STOP_GRACE_S, CrawlStopped, CrawlTimeout, run_source

    timeout = ctx.config["crawl"]["timeout_s"]
    token = _lock(db, f"crawl:{source['name']}", timeout + STOP_GRACE_S + LOCK_MARGIN_S, ctx)
    try:
        result = run_source(
            source, ctx.db_path, ctx.config["crawl"], settings=ctx.crawl_settings, stop=ctx.stop
        )
    except CrawlTimeout as exc:
        raise JobFailed(str(exc)) from None
    except CrawlStopped:
        raise JobFailed(
            "stopped: wagewatch was shutting down; the crawl was ended and its run recorded"
        ) from None
    finally:
        storage.release_lock(db, f"crawl:{source['name']}", token)
    runs = storage.recent_runs(db, source["name"], limit=1)
    line = "no crawl_runs row" if not runs else f"{runs[0]['status']}: {runs[0]['items']} posts ({runs[0]['new_items']} new), {runs[0]['pages']} pages"  # fmt: skip
    if runs and runs[0]["status"] == "blocked":
        line += f"; blocked: {runs[0]['blocked_reason'] or runs[0]['message']}"
    if result.returncode != 0 or (runs and runs[0]["status"] == "error"):
        problem = (runs[0]["message"] if runs else None) or f"exit status {result.returncode}"
        raise JobFailed(f"crawl of {source['name']} failed: {problem}", detail=line)
    if ctx.chain and not ctx.stop.is_set():  # the new posts, processed and alerted at once
        outcome = run(ctx, "process", process, 600)
        if outcome.status != "error":
            run(ctx, "alerts", alerts)
    return line


def process(ctx: Context, db: Database, lock_wait_s: float = 0) -> str:
    """A pipeline pass over every unprocessed post (one pass at a time; between two committed
    batches it stops when wagewatch shuts down)."""
    import pipeline

    token = _lock(db, PIPELINE_LOCK, PIPELINE_LOCK_TTL_S, ctx, lock_wait_s)
    try:
        stats = pipeline.run_pass(
            db, batch_size=ctx.config["pipeline"]["batch_size"], config=ctx.config, stop=ctx.stop.is_set
        )
    finally:
        storage.release_lock(db, PIPELINE_LOCK, token)
    line = f"{stats.get('posts', 0)} posts, {stats.get('new_leads', 0)} new leads"
    for key, words in (("escalated_to_p1", "raised to P1"), ("reopened", "reopened"), ("failed", "failed")):
        if stats.get(key):
            line += f", {stats[key]} {words}"
    return line


def alerts(ctx: Context, db: Database) -> str:
    """Record the alert of every new P1 lead (once per lead) and send every owed alert, and any
    digest still owed after a failure."""
    import digest

    prepared = digest.prepare_alerts(db, ctx.config)
    report = digest.send_owed(db, ctx.config, stop=ctx.stop)
    line = f"{prepared['created']} new alert(s), {len(report.sent)} message(s) sent"
    for why, count in prepared["reasons"].items():
        line += f"; {count} recorded, not sent: {why}"
    return _delivered(report, line)


def _delivered(report, line: str, when_skipped: str = "") -> str:
    """The job's line for a sending run: a Skip when sending was skipped, a failure when a delivery
    failed (the next run retries it), else ``line``."""
    if report.skipped:
        raise Skip(f"{line}; sending skipped: {report.skipped}{when_skipped}")
    if report.failed:
        raise JobFailed(
            f"{len(report.failed)} delivery(ies) failed: " + "; ".join(report.failed[:5]), detail=line
        )
    return line


def overdue(ctx: Context, db: Database) -> str:
    """Ledger events for leads that have just missed a deadline."""
    from triage.followup import flag_overdue

    with storage.transaction(db):
        flagged = flag_overdue(db)
    return f"{len(flagged)} deadline(s) newly missed" + (
        ": " + ", ".join(f"#{f['lead_id']} ({f['kind']})" for f in flagged[:20]) if flagged else ""
    )


def health(ctx: Context, db: Database) -> str:
    """Which enabled sources are blind; logged as warnings (the digest names them too)."""
    from digest.build import crawl_health

    flags = crawl_health(db, ctx.config, datetime.now(BEIJING))
    for flag in flags:
        log.warning("source %s: %s %s %s", flag["source"], flag["kind"], flag["since"], flag["detail"])
    enabled = sum(1 for s in ctx.config["sources"] if s["enabled"])
    if not flags:
        return f"{enabled} source(s) healthy"
    names = sorted({f["source"] for f in flags})
    return f"{len(names)} of {enabled} source(s) need attention: " + "; ".join(
        f"{f['source']}: {f['kind']}" + (f" since {f['since']}" if f["since"] else "") for f in flags
    )


def digest_job(ctx: Context, db: Database) -> str:
    """The day's digest for every recipient group: built once and sent (what is owed from a
    failed earlier try goes too); in a dry run, written as .eml and .html instead."""
    import digest

    if ctx.digest_out:
        written = digest.dry_run(db, ctx.config, ctx.digest_out)
        return "written: " + ", ".join(f"{w['eml']} ({w['leads']} new leads)" for w in written)
    if not digest.recipient_groups(ctx.config):
        raise Skip(
            "no recipients configured ([digest] to_addrs, [[digest.recipients]]); `wagewatch digest --dry-run` previews it"
        )
    built = digest.prepare_digests(db, ctx.config)
    report = digest.send_owed(db, ctx.config, kind="digest", stop=ctx.stop, force=True)
    line = "; ".join(f"{b['group']} {b['day']}: {b['leads']} new leads" + ("" if b["created"] else " (built before)") for b in built)  # fmt: skip
    line += f"; {len(report.sent)} sent"
    return _delivered(report, line, " (the alert job sends what is owed)")


def backup_dir(config: dict[str, Any], db_path: str) -> Path:
    """``[schedule] backup_dir``, else ``backups/`` beside the database file."""
    return Path(config["schedule"]["backup_dir"] or Path(db_path).resolve().parent / "backups")


def backup(ctx: Context, db: Database) -> str:
    """A consistent copy of the live database (written under a temporary name, then renamed, so
    a backup file is always whole), keeping the newest ``backup_keep``; then job runs older than
    90 days are forgotten."""
    folder = backup_dir(ctx.config, ctx.db_path)
    stem = Path(ctx.db_path).stem
    stamp = datetime.now(BEIJING).strftime("%Y%m%d-%H%M%S")
    final = folder / f"{stem}-{stamp}.db"
    partial = folder / f".{final.name}.partial"
    partial.unlink(missing_ok=True)
    storage.backup(db, partial)
    os.replace(partial, final)
    kept = sorted(folder.glob(f"{stem}-????????-??????.db"), reverse=True)
    removed = kept[ctx.config["schedule"]["backup_keep"] :]
    for old in removed:
        old.unlink()
    for leftover in folder.glob(f".{stem}-*.partial"):  # from a backup cut short earlier
        leftover.unlink()
    pruned = storage.prune_job_runs(db, JOB_RUNS_KEPT_DAYS)
    return (f"{final} ({final.stat().st_size:,} bytes); {len(kept) - len(removed)} kept, {len(removed)} removed; "
            f"{pruned} job run(s) older than {JOB_RUNS_KEPT_DAYS} days forgotten")  # fmt: skip


def purge(ctx: Context, db: Database) -> str:
    """Erase the personal data the ``[retention]`` rules make due (storage/retention.py), before the
    nightly backup, so the next backup generation no longer holds it."""
    from storage import retention

    result = retention.purge(db, ctx.config["retention"], who="scheduler")
    return ", ".join(f"{key.replace('_', ' ')} {n}" for key, n in result.items())


def spotcheck(ctx: Context, db: Database) -> str:
    """Draw last month's 随机抽查 sample once it is due (on ``spot_check_day``)."""
    from triage.followup import draw_spot_checks

    today = datetime.now(BEIJING).date()
    if today.day < ctx.config["schedule"]["spot_check_day"]:
        raise Skip(f"not due before day {ctx.config['schedule']['spot_check_day']} of the month")
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    if storage.spot_checks(db, month):
        raise Skip(f"the {month} sample was drawn already")
    with storage.transaction(db):
        drawn = draw_spot_checks(db, month, "scheduler")
    if not drawn:
        raise Skip(f"no lead was closed in {month}")
    return f"{month}: {len(drawn)} closed lead(s) drawn: " + ", ".join(f"#{i}" for i in drawn)


BODIES = {
    "process": process, "alerts": alerts, "overdue": overdue, "health": health, "digest": digest_job,
    "purge": purge, "backup": backup, "spotcheck": spotcheck,
}  # fmt: skip
