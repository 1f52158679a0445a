"""The ``wagewatch`` command: the group and its global options, wired in one place.

Each ``cmd_*.py`` module holds one area's commands (the shape of click's own "complex" example),
each a thin wrapper over library functions:

    cmd_posts       analyze, ingest, process, search
    cmd_sources     crawl, sources
    cmd_leads       leads list | show | assign | move | note | report | spot-check | evaluate | reindex
    cmd_casework    leads confirm | dismiss | district | regulators | take | resolve | callback | close |
                    reopen | escalate | merge | split (registered on the leads group)
    cmd_labels      leads export-labels (registered on the leads group)
    cmd_users       users add | list | disable | enable | passwd
    cmd_serve       serve
    cmd_classifier  classifier train | evaluate | predict
    cmd_db          db backup | stats
    cmd_digest      digest [--dry-run] | preview | outbox
    cmd_schedule    schedule [--once | --list], jobs
    cmd_demo        demo
"""

from __future__ import annotations

import logging
import sqlite3

import click

import redact
import storage
from cli import (
    cmd_casework,
    cmd_classifier,
    cmd_db,
    cmd_demo,
    cmd_digest,
    cmd_doctor,
    cmd_labels,
    cmd_leads,
    cmd_posts,
    cmd_schedule,
    cmd_serve,
    cmd_sources,
    cmd_users,
)
from cli.context import State
from triage.mergesettings import MergeSettingsError


class WagewatchGroup(click.Group):
    """A database file wagewatch must not use, or a database that fails underneath a command (the disk
    is full, an I/O error), ends the command as one line naming the file, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except storage.DatabaseRefused as exc:
            raise click.ClickException(str(exc)) from None
        except MergeSettingsError as exc:  # triage/data/merge.toml or $WAGEWATCH_MERGE: the key named
            raise click.ClickException(f"merge settings error: {exc}") from None
        except sqlite3.OperationalError as exc:
            where = getattr(ctx.obj, "db_path", "the database")
            if "full" in str(exc):
                raise click.ClickException(
                    f"the disk holding {where} is full ({exc}): the work in progress was rolled back and "
                    "nothing stored before it is lost; free some space and run the same command again"
                ) from None
            raise click.ClickException(
                f"{where}: the database failed: {exc}; run the same command again"
            ) from None


@click.group(cls=WagewatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="SQLite file (else $WAGEWATCH_DB, else ./wagewatch.db).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="TOML config (else $WAGEWATCH_CONFIG, else defaults).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, config_path: str | None, verbose: bool) -> None:
    """wagewatch: find wage-arrears complaints in public posts and track them until workers are paid."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    redact.install()
    ctx.obj = State(db_path, config_path)


for command in (
    cmd_posts.analyze,
    cmd_posts.ingest,
    cmd_posts.process,
    cmd_posts.search,
    cmd_sources.crawl,
    cmd_sources.sources,
    cmd_leads.leads_group,
    cmd_classifier.classifier_group,
    cmd_db.db,
    cmd_digest.digest_group,
    cmd_schedule.schedule,
    cmd_schedule.jobs_command,
    cmd_demo.demo,
    cmd_doctor.doctor,
    cmd_serve.serve,
    cmd_users.users_group,
):
    main.add_command(command)

# cmd_casework and cmd_labels add their commands to the leads group when imported
__all__ = ["State", "cmd_casework", "cmd_labels", "main"]
