"""The long-running wagewatch process: scheduled crawls, pipeline passes, alerts and the digest.

Run it with ``python scheduler.py [--config PATH] [--db PATH] [--once | --list]`` (or ``wagewatch
schedule``). It owns the process and the wiring, no business logic: the job bodies are in
``jobs/`` (the same functions ``wagewatch schedule --once`` and the CLI use), crawls run as
subprocesses (Scrapy's reactor cannot restart in one process). Never run it inside the web app
(job stores are not shared across workers).

SIGTERM or SIGINT stops it cleanly: no new job starts, a running crawl is ended (its process gets
SIGTERM, then SIGKILL after a grace period) and recorded, a pipeline pass stops between two
committed batches, mail stops between two messages; then it exits with status 0. A second signal
exits at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
import time
from datetime import datetime
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import config as config_module
import jobs
import redact
import storage
from jobs import tasks

log = logging.getLogger("wagewatch.scheduler")
STOP_WAIT_S = 120  # how long a stopping scheduler waits for its running jobs


def _hm(value: str) -> tuple[int, int]:
    hour, minute = (int(x) for x in value.split(":"))
    return hour, minute


def build_scheduler(
    config: dict[str, Any], db_path: str, ctx: jobs.Context | None = None
) -> BlockingScheduler:
    """The scheduler with every job registered, not started (tests inspect it)."""
    schedule = config["schedule"]
    ctx = ctx or jobs.Context(config, str(db_path), chain=True)
    scheduler = BlockingScheduler(
        timezone=schedule["timezone"],
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": schedule["misfire_grace_s"],
        },
    )
    tz = (
        scheduler.timezone
    )  # a trigger made here does not inherit it: without it, cron runs in the machine's zone
    start_now = {"next_run_time": datetime.now(scheduler.timezone)} if schedule["run_at_start"] else {}
    surge = f" (surge ÷{schedule['surge_crawl_factor']:g})" if schedule["surge"] else ""
    for source in config["sources"]:
        if not source["enabled"]:
            continue
        every = config_module.crawl_every_minutes(config, source)
        scheduler.add_job(
            jobs.run, IntervalTrigger(minutes=every, timezone=tz), id=f"crawl:{source['name']}",
            args=[ctx, f"crawl:{source['name']}", tasks.crawl, source],
            name=f"crawl {source['name']} every {every:g} min{surge}", **start_now,
        )  # fmt: skip
    every = {
        "process": (schedule["process_every_minutes"], "pipeline pass"),
        "alerts": (schedule["alert_every_minutes"], "P1 alerts and owed mail"),
        "overdue": (schedule["overdue_check_minutes"], "overdue check"),
        "health": (schedule["health_check_minutes"], "crawl health check"),
    }
    for job_id, (minutes, what) in every.items():
        scheduler.add_job(jobs.run, IntervalTrigger(minutes=minutes, timezone=tz), id=job_id, args=[ctx, job_id, tasks.BODIES[job_id]],
                          name=f"{what} every {minutes} min", **(start_now if job_id == "process" else {}))  # fmt: skip
    daily = {
        "digest": (CronTrigger(hour=_hm(schedule["digest_time"])[0], minute=_hm(schedule["digest_time"])[1], timezone=tz),
                   f"daily digest at {schedule['digest_time']}"),
        "purge": (CronTrigger(hour=_hm(schedule["purge_time"])[0], minute=_hm(schedule["purge_time"])[1], timezone=tz),
                  f"retention purge of personal data at {schedule['purge_time']} ([retention] rules)"),
        "backup": (CronTrigger(hour=_hm(schedule["backup_time"])[0], minute=_hm(schedule["backup_time"])[1], timezone=tz),
                   f"database backup at {schedule['backup_time']}, {schedule['backup_keep']} kept"),
        "spotcheck": (CronTrigger(day=schedule["spot_check_day"], hour=_hm(schedule["spot_check_time"])[0],
                                  minute=_hm(schedule["spot_check_time"])[1], timezone=tz),
                      f"monthly spot-check draw on day {schedule['spot_check_day']} at {schedule['spot_check_time']}"),
    }  # fmt: skip
    for job_id, (trigger, what) in daily.items():
        scheduler.add_job(jobs.run, trigger, id=job_id, args=[ctx, job_id, tasks.BODIES[job_id]], name=what)
    return scheduler


def job_table(scheduler: BlockingScheduler) -> list[tuple[str, str, str]]:
    """``(id, what, next run)`` of every job, next run in the scheduler's time zone."""
    now = datetime.now(scheduler.timezone)
    rows = []
    for job in scheduler.get_jobs():
        nxt = getattr(job, "next_run_time", None) or job.trigger.get_next_fire_time(None, now)
        rows.append((job.id, job.name, nxt.strftime("%Y-%m-%d %H:%M %Z") if nxt else "never"))
    return rows


def _prepare(config: dict[str, Any], db_path: str) -> None:
    db = storage.open_db(db_path)  # migrate before any job runs
    try:
        closed = storage.close_dead_job_runs(db)
        if closed:
            log.warning("%s job run(s) of a process that died were closed as errors", closed)
    finally:
        db.close()


def _on_signals(stop: threading.Event, then: Any = None) -> None:
    """SIGTERM/SIGINT: set ``stop`` and call ``then`` (in a thread: not inside the handler); a
    second signal exits at once."""

    def handle(signum: int, _frame: Any) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            log.warning("%s again: exiting now", name)
            os._exit(1)
        log.info("%s received: no new jobs; stopping the running ones", name)
        stop.set()
        if then is not None:
            threading.Thread(target=then, name="wagewatch-stop", daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def _shutdown_once_running(scheduler: BlockingScheduler) -> None:
    """Stop taking jobs (a signal may come before ``start`` finished starting)."""
    for _ in range(300):
        if scheduler.running:
            scheduler.shutdown(wait=False)
            return
        time.sleep(0.1)


def serve(config: dict[str, Any], db_path: str) -> int:
    """Run the scheduler until SIGTERM/SIGINT; returns the exit status (0: stopped cleanly)."""
    _prepare(config, db_path)
    ctx = jobs.Context(config, db_path, chain=True)
    scheduler = build_scheduler(config, db_path, ctx)
    for job_id, what, nxt in job_table(scheduler):
        log.info("job %-24s %s; next %s", job_id, what, nxt)
    _on_signals(ctx.stop, lambda: _shutdown_once_running(scheduler))
    if config["schedule"]["surge"]:
        log.warning("surge mode: crawls ÷%g, P1 from %s workers or %s yuan", config["schedule"]["surge_crawl_factor"],
                    config["schedule"]["surge_p1_min_workers"], config["schedule"]["surge_p1_min_amount_yuan"])  # fmt: skip
    scheduler.start()  # returns once the signal handler's thread shut it down
    left = ctx.wait_idle(STOP_WAIT_S)
    if left:
        log.error("still running after %s s, abandoned: %s", STOP_WAIT_S, ", ".join(left))
        return 1
    log.info("stopped cleanly")
    return 0


def run_once(config: dict[str, Any], db_path: str, **context: Any) -> list[jobs.Outcome]:
    """Every job once, in dependency order (``schedule --once``); SIGTERM/SIGINT stop it cleanly."""
    _prepare(config, db_path)
    ctx = jobs.Context(config, db_path, **context)
    _on_signals(ctx.stop)
    return jobs.run_once(ctx)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML config (else $WAGEWATCH_CONFIG, else defaults)")
    parser.add_argument("--db", help="SQLite file (else $WAGEWATCH_DB, else the config's)")
    parser.add_argument("--once", action="store_true", help="run every job once in dependency order and exit")
    parser.add_argument(
        "--list", action="store_true", help="print the jobs and their next run times and exit"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact.install()
    try:
        config = config_module.load(args.config)
    except config_module.ConfigError as exc:
        parser.exit(2, f"configuration error: {exc}\n")
    db_path = str(
        storage.resolve_db_path(args.db or os.environ.get("WAGEWATCH_DB") or config["database"]["path"])
    )
    if args.list:
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        for job_id, what, nxt in job_table(build_scheduler(config, db_path)):
            print(f"{job_id:28} next {nxt:22} {what}")
        return 0
    if args.once:
        outcomes = run_once(config, db_path)
        return 1 if any(o.status == "error" for o in outcomes) else 0
    return serve(config, db_path)


if __name__ == "__main__":
    raise SystemExit(main())
