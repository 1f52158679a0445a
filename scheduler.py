"""The long-running wagewatch process: scheduled crawls, pipeline passes and the daily digest.

Run it with ``python scheduler.py [--config PATH] [--db PATH]``. It owns no business logic: crawls
run as subprocesses (Scrapy's reactor cannot restart in one process), the pipeline and the digest
are the same functions the CLI calls. Never run it inside the web app (job stores are not shared
across workers).
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import config as config_module
import storage

log = logging.getLogger("wagewatch.scheduler")


def crawl_job(source: dict, db_path: str, crawl_settings: dict) -> None:
    """One scheduled crawl, in its own process with the configured timeout. The run lands in
    crawl_runs whatever happens: the crawl records itself, and the runner records a crawl that
    could not start, died or was killed at its timeout."""
    from spiders.runner import CrawlTimeout, run_source

    try:
        result = run_source(source, db_path, crawl_settings)
    except CrawlTimeout as exc:
        log.error("%s", exc)
        return
    except Exception:  # a broken crawl must not take the scheduler down
        log.exception("crawl of %s failed", source["name"])
        return
    if result.returncode != 0:
        log.error("crawl of %s exited with status %s", source["name"], result.returncode)


def process_job(db_path: str, config: dict) -> None:
    import pipeline

    stats = pipeline.run_pass(
        storage.open_db(db_path), batch_size=config["pipeline"]["batch_size"], config=config
    )
    log.info("pipeline pass: %s", stats)


def digest_job(db_path: str, output_dir: str) -> None:
    import digest

    db = storage.open_db(db_path)
    last = list(db.query("SELECT max(created_at) AS at FROM digests"))[0]["at"]
    path = Path(output_dir) / f"digest-{storage.now()[:10]}.html"
    result = digest.write_preview(db, path, since=last)
    log.info("digest of %s lead(s) written to %s", result["count"], result["path"])


def build_scheduler(config: dict, db_path: str) -> BlockingScheduler:
    """The scheduler with every job registered, not started (tests inspect it)."""
    schedule = config["schedule"]
    scheduler = BlockingScheduler(
        timezone=schedule["timezone"], job_defaults={"coalesce": True, "max_instances": 1}
    )
    for source in config["sources"]:
        if not source["enabled"]:
            continue
        scheduler.add_job(
            crawl_job, IntervalTrigger(minutes=source["every_minutes"]), id=f"crawl:{source['name']}",
            args=[source, str(db_path), config["crawl"]], name=f"crawl {source['name']}",
        )  # fmt: skip
    scheduler.add_job(
        process_job, IntervalTrigger(minutes=schedule["process_every_minutes"]), id="process",
        args=[str(db_path), config], name="pipeline pass",
    )  # fmt: skip
    hour, minute = (int(x) for x in schedule["digest_time"].split(":"))
    scheduler.add_job(
        digest_job, CronTrigger(hour=hour, minute=minute), id="digest",
        args=[str(db_path), config["digest"]["output_dir"]], name="daily digest",
    )  # fmt: skip
    return scheduler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML config (else $WAGEWATCH_CONFIG, else defaults)")
    parser.add_argument("--db", help="SQLite file (else $WAGEWATCH_DB, else the config's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = config_module.load(args.config)
    db_path = storage.resolve_db_path(args.db or os.environ.get("WAGEWATCH_DB") or config["database"]["path"])
    storage.open_db(db_path).close()  # migrate before any job runs
    scheduler = build_scheduler(config, str(db_path))
    for job in scheduler.get_jobs():
        log.info("job %s: %s", job.id, job.trigger)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
