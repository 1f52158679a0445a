"""Crawling: ``crawl SOURCE`` and ``sources`` (each source's last runs and health flags)."""

from __future__ import annotations

import click

import storage
from cli.context import State, say


@click.command()
@click.argument("source")
@click.option(
    "--timeout", type=click.IntRange(min=1), help="Seconds before the crawl is stopped (default from config)."
)
@click.pass_obj
def crawl(state: State, source: str, timeout: int | None) -> None:
    """Crawl one configured source into the database.

    Refused when a crawl of the source is already running (the scheduler's, or another command's);
    recorded in `wagewatch jobs` either way. Exits with an error when the run was blocked or
    failed, not only when it could not start.
    """
    import copy

    import jobs
    from jobs import tasks

    sources = {s["name"]: s for s in state.config["sources"]}
    if source not in sources:
        raise click.ClickException(f"unknown source {source!r}; configured: {', '.join(sources) or 'none'}")
    config = copy.deepcopy(state.config)
    if timeout:
        config["crawl"]["timeout_s"] = timeout
    outcome = jobs.run(
        jobs.Context(config, str(state.db_path)), f"crawl:{source}", tasks.crawl, sources[source]
    )
    if outcome.status == "skipped":
        raise click.ClickException(f"not crawled: {outcome.error}")
    run = storage.recent_runs(state.db(), source, limit=1)
    if run:
        say(f"{source}: {_run_line(run[0])}")
    if outcome.status == "error":
        raise click.ClickException(outcome.error)
    if run and run[0]["status"] in ("blocked", "error"):
        raise click.ClickException(f"crawl of {source} {run[0]['status']}: {_run_problem(run[0])}")


def _run_problem(run: dict) -> str:
    return run.get("blocked_reason") or run.get("message") or f"{run.get('errors', 0)} error(s)"


def _run_line(run: dict) -> str:
    """One crawl_runs row in a line: status, counts, time taken, and what went wrong."""
    parts = [f"{run['status']:7}", f"{run['items']} posts ({run['new_items']} new)", f"{run['pages']} pages",
             f"{run['errors']} errors"]  # fmt: skip
    if run.get("duration_s") is not None:
        parts.append(f"{run['duration_s']:.1f} s")
    if run.get("canary"):
        parts.append(f"canary {run['canary']}")
    line = " · ".join(parts)
    if run["status"] in ("blocked", "error"):
        line += f" · {_run_problem(run)}"
    return line


@click.command()
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1), help="Runs per source.")
@click.option("--check", is_flag=True, help="Exit with status 1 when an enabled source is flagged.")
@click.pass_obj
def sources(state: State, runs: int, check: bool) -> None:
    """List sources and their last runs; flag blind ones.

    A source is flagged when its last run was blocked (login wall, captcha, HTTP 403/418/429,
    robots.txt) or failed, when a run never finished, when its canary was missing, or when it
    brought no new post for longer than its quiet_hours.
    """
    database = state.db()
    configured = {s["name"]: s for s in state.config["sources"]}
    names = [*configured, *(n for n in storage.crawled_sources(database) if n not in configured)]
    stale_after = 2 * state.config["crawl"]["timeout_s"]  # a run "running" for longer died unrecorded
    flagged = []
    for name in names:
        spec = configured.get(name)
        health = storage.source_health(database, name, quiet_hours=spec["quiet_hours"] if spec else 48,
                                       stale_after_s=stale_after, runs=runs)  # fmt: skip
        if spec is None:
            what, counted = "not in the configuration", False
        else:
            what = f"{spec['spider']}, every {spec['every_minutes']} min, quiet {spec['quiet_hours']:g} h"
            what += "" if spec["enabled"] else ", disabled"
            counted = spec["enabled"]
        flags = health["flags"] if counted or health["runs"] else []
        verdict = ", ".join(f["kind"].upper() for f in flags) or "OK"
        say(f"{name}  ({what})  {verdict}")
        for flag in flags:
            say(f"  ! {flag['kind']}: {flag['detail']}")
        say(f"  newest post {health['high_water_at'] or '-'} · "
                   f"last new post found {health['last_new_at'] or '-'}")  # fmt: skip
        for run in health["runs"]:
            say(f"  #{run['id']} {run['started_at']}  {_run_line(run)}")
        if counted and flags:
            flagged.append(name)
    if not names:
        say("no sources configured or crawled")
    if check and flagged:
        raise click.ClickException(f"{len(flagged)} source(s) need attention: {', '.join(flagged)}")
