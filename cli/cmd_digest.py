"""``digest preview``: the daily digest of new leads."""

from __future__ import annotations

import click

from cli.context import State


@click.group("digest")
def digest_group() -> None:
    """The daily digest of new leads."""


@digest_group.command("preview")
@click.option(
    "-o", "--output", default="digest-preview.html", show_default=True, type=click.Path(dir_okay=False)
)
@click.option("--since", help="Only leads created since this ISO time.")
@click.pass_obj
def digest_preview(state: State, output: str, since: str | None) -> None:
    """Write the digest of new leads to HTML (sends nothing)."""
    import digest

    result = digest.write_preview(state.db(), output, since=since)
    click.echo(f"{result['count']} lead(s) in {result['path']}")
