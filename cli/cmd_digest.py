"""``digest [--dry-run --out DIR] [--date D]``, ``digest preview`` and ``digest outbox``: the
daily digest email and what was sent."""

from __future__ import annotations

from datetime import date

import click

import storage
from cli.context import State


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-25", param_hint="--date") from None


@click.group("digest", invoke_without_command=True)
@click.option("--dry-run", is_flag=True, help="Write the digests as .eml + .html instead of sending.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Where --dry-run writes (default: [digest] output_dir, digests/).")  # fmt: skip
@click.option("--date", "day", help="The digest of this day (YYYY-MM-DD; default today).")
@click.pass_context
def digest_group(ctx: click.Context, dry_run: bool, out_dir: str, day: str | None) -> None:
    """Send the daily digest (or --dry-run: write it).

    Every recipient group gets its own: the city task force, each 镇街's officers. A group's digest is built once per day and sent exactly once per recipient; what failed before
    (an SMTP outage, a refused recipient) is sent now. --dry-run writes one .eml (the whole MIME
    message) and one .html per group and sends nothing.
    """
    if ctx.invoked_subcommand is not None:
        return
    import digest

    state: State = ctx.obj
    database = state.db()
    try:
        if dry_run:
            for written in digest.dry_run(
                database, state.config, out_dir or state.config["digest"]["output_dir"], _day(day)
            ):
                click.echo(f"{written['group']} {written['day']}: {written['leads']} new lead(s), to "
                           f"{', '.join(written['recipients'])}" + (" (as built)" if written["built"] else ""))  # fmt: skip
                click.echo(f"  {written['eml'].resolve()}")
                click.echo(f"  {written['html'].resolve()}")
            return
        if not digest.recipient_groups(state.config):
            raise click.ClickException(
                "no recipients configured: set [digest] to_addrs (the city task force) and/or "
                "[[digest.recipients]] (each 镇街); `wagewatch digest --dry-run` writes a preview"
            )
        for built in digest.prepare_digests(database, state.config, _day(day)):
            click.echo(f"{built['group']} {built['day']}: {built['leads']} new lead(s)"
                       + ("" if built["created"] else " (built before)"))  # fmt: skip
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    report = digest.send_owed(database, state.config, kind="digest", force=True, lock_wait_s=60)
    for line in report.sent:
        click.echo(f"sent {line}")
    for line in report.failed:
        click.echo(f"FAILED {line}", err=True)
    if report.skipped:
        raise click.ClickException(
            f"nothing sent: {report.skipped}; the scheduler's next alert job sends what is owed"
        )
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} delivery(ies) failed; they are retried on the next run"
        )


@digest_group.command("preview")
@click.option(
    "-o", "--output", default="digest-preview.html", show_default=True, type=click.Path(dir_okay=False)
)
@click.option("--since", help="Only leads created since this ISO time (default: the last 24 hours).")
@click.pass_obj
def digest_preview(state: State, output: str, since: str | None) -> None:
    """Write the city-wide digest to one HTML file.

    Records and sends nothing; the chart is inline.
    """
    import digest

    result = digest.write_preview(state.db(), output, since=since, config=state.config)
    click.echo(f"{result['count']} lead(s) in {result['path']}")


@digest_group.command("outbox")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@click.pass_obj
def digest_outbox(state: State, limit: int) -> None:
    """Deliveries of digests and alerts: sent or owed."""
    database = state.db()
    for row in storage.recent_deliveries(database, limit):
        what = (
            f"alert lead #{row['lead_id']}"
            if row["alert_id"]
            else f"digest {row['day']} {row['district'] or '全市'}"
        )
        click.echo(f"#{row['id']:<5} {row['status']:9} {what:24} {row['channel']:7} {row['recipient']:30} "
                   f"tries {row['attempts']} {row['sent_at'] or row['error'] or ''}")  # fmt: skip
    counts = storage.delivery_counts(database)
    click.echo(" · ".join(f"{status} {counts[status]}" for status in sorted(counts)) or "nothing built yet")
