"""What the scheduler runs: one function per job, each run recorded in ``job_runs``.

``scheduler.py`` wires these to APScheduler triggers and owns the process; ``wagewatch schedule
--once``, ``wagewatch crawl`` and the demo call them directly. Jobs:

=============== ============================================================================
crawl:<source>  the source's spider in its own process, with its timeout; never two at once
                for one source, across processes too (a lock in the database)
process         a pipeline pass over every post not processed yet
alerts          the immediate alerts of new P1 leads, and any mail still owed (retries)
overdue         ledger events for leads that just missed a response or closure deadline
health          which sources are blind (blocked, failing, canary missing, quiet)
digest          the day's digest for every recipient group, sent (or written, in a dry run)
backup          a consistent copy of the database, keeping the newest N
spotcheck       the monthly 随机抽查 sample of last month's closed leads, once due
=============== ============================================================================

A crawl run by the scheduler is followed at once by a pipeline pass and the alert job, so a P1
lead's alert goes out minutes after the post was fetched.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import storage

log = logging.getLogger("wagewatch.jobs")
ORDER = ("crawl", "process", "alerts", "overdue", "health", "digest", "purge", "backup", "spotcheck")


class Skip(Exception):  # noqa: N818 - a job that did not run, and why; not a failure
    """The job did not run: already running elsewhere, nothing due, shutting down."""


@dataclass
class Context:
    """What every job gets: the validated config, the database path, the stop signal (set on
    SIGTERM/SIGINT), and for the demo extra Scrapy settings and a dry-run digest folder."""

    config: dict[str, Any]
    db_path: str
    stop: threading.Event = field(default_factory=threading.Event)
    crawl_settings: dict[str, str] | None = None
    digest_out: str | None = None
    chain: bool = False  # a crawl is followed by a pipeline pass and the alert job (scheduler)
    _active: dict[int, str] = field(default_factory=dict)
    _idle: threading.Condition = field(default_factory=threading.Condition)

    def db(self):
        return storage.open_db(self.db_path)

    def wait_idle(self, timeout: float) -> list[str]:
        """Wait until no job runs (at most ``timeout`` s); returns the jobs still running."""
        with self._idle:
            self._idle.wait_for(lambda: not self._active, timeout)
            return sorted(self._active.values())


@dataclass(frozen=True)
class Outcome:
    job: str
    status: str  # ok, error, skipped
    detail: str | None = None
    error: str | None = None
    run_id: int | None = None


def run(ctx: Context, job: str, body: Callable[..., str | None], *args: Any) -> Outcome:
    """Run ``body(ctx, db, *args)`` as job ``job``, recorded in ``job_runs``: ``ok`` with the
    text it returns, ``skipped`` when it raises :class:`Skip`, ``error`` with the error text when
    it raises anything else (logged with its traceback; the scheduler goes on)."""
    db = ctx.db()
    token = threading.get_ident()
    with ctx._idle:
        ctx._active[token] = job
    try:
        if ctx.stop.is_set():
            run_id = storage.record_skipped(db, job, "wagewatch is shutting down")
            return Outcome(job, "skipped", error="wagewatch is shutting down", run_id=run_id)
        run_id = storage.start_job_run(db, job)
        try:
            detail = body(ctx, db, *args)
        except Skip as exc:
            storage.finish_job_run(db, run_id, "skipped", error=str(exc))
            log.info("%s skipped: %s", job, exc)
            return Outcome(job, "skipped", error=str(exc), run_id=run_id)
        except KeyboardInterrupt:  # Ctrl-C on `wagewatch crawl` / `schedule --once`: recorded, then out
            storage.finish_job_run(db, run_id, "error", error="interrupted (SIGINT)")
            raise
        except Exception as exc:  # noqa: BLE001 - recorded, and the scheduler keeps going
            error = str(exc) if isinstance(exc, JobFailed) else f"{type(exc).__name__}: {exc}"
            storage.finish_job_run(
                db, run_id, "error", error=error[:2000], detail=getattr(exc, "detail", None)
            )
            log.error("%s failed: %s", job, error, exc_info=not isinstance(exc, JobFailed))
            return Outcome(job, "error", detail=getattr(exc, "detail", None), error=error, run_id=run_id)
        storage.finish_job_run(db, run_id, "ok", detail=detail)
        log.info("%s: %s", job, detail or "ok")
        return Outcome(job, "ok", detail=detail, run_id=run_id)
    finally:
        db.close()
        with ctx._idle:
            ctx._active.pop(token, None)
            ctx._idle.notify_all()


class JobFailed(Exception):
    """A job that ran and failed in a way it explains itself (no traceback needed)."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = detail


def run_once(ctx: Context, only: tuple[str, ...] = ORDER) -> list[Outcome]:
    """Every job once, in dependency order: crawls → pipeline → alerts → overdue → health →
    digest → retention purge → backup → spot check (only when due). Returns the outcomes."""
    from jobs import tasks

    outcomes = []
    for name in ORDER:
        if name not in only:
            continue
        if name == "crawl":
            for source in ctx.config["sources"]:
                if source["enabled"]:
                    outcomes.append(run(ctx, f"crawl:{source['name']}", tasks.crawl, source))
            continue
        outcomes.append(run(ctx, name, tasks.BODIES[name]))
    return outcomes
