"""The ``wagewatch`` command: the group and its global options, wired in one place.

Each ``cmd_*.py`` module holds one area's commands (the shape of click's own "complex" example),
each a thin wrapper over library functions:

    cmd_posts       analyze, ingest, process, search
    cmd_sources     crawl, sources
    cmd_leads       leads list | show | assign | move | note | report | spot-check | evaluate | reindex
    cmd_casework    leads confirm | dismiss | district | regulators | take | resolve | callback | close |
                    reopen | escalate | merge | split (registered on the leads group)
    cmd_users       users add | list | disable | enable | passwd
    cmd_serve       serve
    cmd_classifier  classifier train | evaluate | predict
    cmd_db          db backup | stats
    cmd_digest      digest preview
    cmd_demo        demo
"""

from __future__ import annotations

import logging

import click

from cli import (
    cmd_casework,
    cmd_classifier,
    cmd_db,
    cmd_demo,
    cmd_digest,
    cmd_leads,
    cmd_posts,
    cmd_serve,
    cmd_sources,
    cmd_users,
)
from cli.context import State


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    cmd_demo.demo,
    cmd_serve.serve,
    cmd_users.users_group,
):
    main.add_command(command)

# cmd_casework adds its commands to the leads group when imported
__all__ = ["State", "cmd_casework", "main"]
