"""``schedule [--once | --list]`` and ``jobs``: the scheduler and the record of its job runs."""

from __future__ import annotations

import click

import storage
from cli.context import State


@click.command("schedule")
@click.option("--once", is_flag=True, help="Run every job once in dependency order, then exit.")
@click.option("--list", "list_jobs", is_flag=True, help="Print the jobs and their next run times, then exit.")
@click.pass_obj
def schedule(state: State, once: bool, list_jobs: bool) -> None:
    """Run the scheduler until SIGTERM or SIGINT.

    Crawls, pipeline passes, alerts, the digest, backups: the jobs of the config.

    The same process as `python scheduler.py`. --once runs crawls → pipeline → alerts → overdue →
    health → digest → backup → spot check (when due) and exits with status 1 when a job failed.
    """
    import logging

    import scheduler

    if once and list_jobs:
        raise click.UsageError("--once and --list exclude each other")
    if list_jobs:
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        for job_id, what, nxt in scheduler.job_table(
            scheduler.build_scheduler(state.config, str(state.db_path))
        ):
            click.echo(f"{job_id:28} next {nxt:22} {what}")
        return
    logging.getLogger("wagewatch").setLevel(logging.INFO)
    if once:
        outcomes = scheduler.run_once(state.config, str(state.db_path))
        for outcome in outcomes:
            click.echo(f"{outcome.job:28} {outcome.status:7} {outcome.error or outcome.detail or ''}")
        failed = [o.job for o in outcomes if o.status == "error"]
        if failed:
            raise click.ClickException(
                f"{len(failed)} job(s) failed: {', '.join(failed)} (see `wagewatch jobs`)"
            )
        return
    raise SystemExit(scheduler.serve(state.config, str(state.db_path)))


@click.command("jobs")
@click.option(
    "--limit", default=30, show_default=True, type=click.IntRange(min=1), help="How many runs to show."
)
@click.option("--job", help="Only this job (e.g. digest, crawl:weibo-zhongshan).")
@click.pass_obj
def jobs_command(state: State, limit: int, job: str | None) -> None:
    """The latest job runs: start, end, status, error."""
    database = state.db()
    rows = storage.recent_job_runs(database, limit, job)
    total = storage.count_job_runs(database, job)
    for row in rows:
        ended = (row["ended_at"] or "…")[11:19]
        text = row["error"] or row["detail"] or ""
        click.echo(f"#{row['id']:<5} {row['job']:26} {row['started_at'][:19].replace('T', ' ')} → {ended:8} "
                   f"{row['status']:7} {text}")  # fmt: skip
    click.echo(f"shown {len(rows)} of {total}")
