"""``doctor``: is this installation ready to run unattended?"""

from __future__ import annotations

import sys

import click

from cli.context import State, say


@click.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check that this installation is ready to run unattended.

    One line each (ok, warn or FAIL); exits 1 when anything failed, naming the cause. SMTP is
    tried (connect, STARTTLS, login, quit) only when recipients are configured; nothing is sent."""
    import doctor as checks

    state: State | None = ctx.obj
    config_path = ctx.parent.params.get("config_path") if ctx.parent else None
    results = checks.run_checks(config_path, state.db_path)
    for check in results:
        say(f"{check.status:4}  {check.what:22} {check.detail}")
    failed = [c for c in results if c.status == checks.FAIL]
    if failed:
        click.echo(f"{len(failed)} check(s) failed: {', '.join(c.what for c in failed)}", err=True)
        sys.exit(1)
