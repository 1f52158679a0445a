"""``db backup | stats``: database maintenance."""

from __future__ import annotations

import click

import storage
from cli.context import State


@click.group()
def db() -> None:
    """Database maintenance: backup and counts."""


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


@db.command("stats")
@click.pass_obj
def db_stats(state: State) -> None:
    """Row counts of the main tables."""
    database = state.db()
    for table in ("posts", "leads", "lead_posts", "lead_events", "crawl_runs", "digests", "users"):
        click.echo(f"{table:12} {database[table].count}")
    click.echo(f"posts by state: {storage.count_posts(database)}")
