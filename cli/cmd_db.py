"""``db backup | restore | purge | stats``: database maintenance."""

from __future__ import annotations

import click

import storage
from cli.context import State


@click.group()
def db() -> None:
    """Database maintenance: backup, restore, purge and counts."""


@db.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False))
@click.pass_obj
def db_backup(state: State, dest: str) -> None:
    """Copy the live database consistently to DEST."""
    try:
        path = storage.backup(state.db(), dest)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {state.db_path} to {path}")


@db.command("restore")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "--force",
    is_flag=True,
    help="Replace a live database that holds data (its content is saved beside it first).",
)
@click.pass_obj
def db_restore(state: State, source: str, force: bool) -> None:
    """Restore the database from the backup SOURCE.

    The backup is checked first (SQLite integrity check, a wagewatch database this version can
    use). A database that holds data is replaced only with --force, and its current content is
    saved as <db>.before-restore-<n> first. Processes that have the database open see the
    restored content at their next transaction; restart the scheduler and the web UI anyway."""
    try:
        counts = storage.restore(source, state.db_path, force=force)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {state.db_path} from {source}: {counts['posts']} posts, {counts['leads']} leads")


@db.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what is due.")
@click.option("--by", "who", default="retention", show_default=True, help="Recorded as who purged.")
@click.pass_obj
def db_purge(state: State, dry_run: bool, who: str) -> None:
    """Erase personal data that the [retention] rules make due.

    Posts the classifier called irrelevant, posts of dismissed leads, and posts and personal
    details of closed leads, each after its configured number of days (storage/retention.py).
    Prints counts, never content; the ledger and the purges table record them too."""
    from storage import retention

    rules = state.config["retention"]
    database = state.db()
    result = (
        retention.counts(retention.due(database, rules)) if dry_run else retention.purge(database, rules, who)
    )
    what = ", ".join(f"{key.replace('_', ' ')} {n}" for key, n in result.items())
    click.echo(f"{'due' if dry_run else 'purged'}: {what}")


@db.command("stats")
@click.pass_obj
def db_stats(state: State) -> None:
    """Row counts of the main tables."""
    database = state.db()
    for table in ("posts", "leads", "lead_posts", "lead_events", "crawl_runs", "digests", "users"):
        click.echo(f"{table:12} {database[table].count}")
    click.echo(f"posts by state: {storage.count_posts(database)}")
