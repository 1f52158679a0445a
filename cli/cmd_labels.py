"""``leads export-labels``: the officers' decisions out as a labelled JSONL set (issue 11), for
``leads evaluate --file``, ``classifier evaluate --file``, ``leads tune`` and ``evaluation/realfolds.py``
(``evaluation.export`` says what counts as truth)."""

from __future__ import annotations

import click

from cli.cmd_leads import leads_group
from cli.context import State

DAY = click.DateTime(formats=["%Y-%m-%d"])


@leads_group.command("export-labels", short_help="Write officers' decisions out as a labelled JSONL file.")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--since", type=DAY, help="Only posts posted on or after this day (YYYY-MM-DD).")
@click.option("--until", type=DAY, help="Only posts posted on or before this day (YYYY-MM-DD).")
@click.option("--district", help="Only posts of leads in this 镇街 (or out_of_area).")
@click.option("--include-unreviewed", is_flag=True,
              help="Also write the posts no officer reviewed, with label null and no truth (to label by hand).")  # fmt: skip
@click.option("--keep-phones", is_flag=True,
              help="Leave phone numbers as stored (default: masked, 138****1234; ID numbers always are).")  # fmt: skip
@click.pass_obj
def leads_export_labels(
    state: State, out: str, since, until, district: str | None, include_unreviewed: bool, keep_phones: bool
) -> None:
    """Write the officers' decisions as a labelled JSONL file (OUT, or - for stdout).

    One line per post (the labelled schema of evaluation/labelled.py), the truth taken only from what
    officers decided: the label from confirm / dismiss (the latest feedback row of a post wins), the
    case from the lead a post ends in after officers' merges and splits (leads an officer touched
    only), the 镇街 an officer routed the lead to (else the lead's, when an officer confirmed or worked
    it). Workers, amounts, months and group incidents are never written: no officer enters them; each
    line names the fields it lacks in "unlabelled", which the evaluators skip. Posts no officer
    reviewed are left out and counted, unless --include-unreviewed.

    The post text leaves the database: phone numbers are masked unless --keep-phones, and resident
    ID numbers always are; author names are not written. Keep the file as you keep the database.
    """
    import os
    import sys
    from pathlib import Path

    from evaluation import export
    from triage.districts import OUT_OF_AREA, TOWNS

    if district and district not in TOWNS and district != OUT_OF_AREA:
        raise click.BadParameter(
            f"not one of the 23 镇街 or {OUT_OF_AREA}: {district!r}", param_hint="--district"
        )
    if since and until and since > until:
        raise click.BadParameter("--since is after --until", param_hint="--since")
    filters = export.Filters(
        since=since.date().isoformat() if since else None,
        until=until.date().isoformat() if until else None,
        district=district,
        include_unreviewed=include_unreviewed,
        keep_phones=keep_phones,
    )
    database = state.db()
    if out == "-":
        summary = export.export(database, sys.stdout, filters, "stdout")
    else:  # written beside OUT, then renamed: a failed export leaves no half file behind
        part = Path(f"{out}.part")
        try:
            with part.open("w", encoding="utf-8") as handle:
                summary = export.export(database, handle, filters, out)
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
    click.echo(export.report(summary), err=out == "-")
