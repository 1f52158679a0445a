"""``leads confirm | dismiss | district | regulators | take | resolve | callback | close | reopen |
escalate | merge | split``: the casework the web UI's lead page does, from the command line, through
the same functions (``triage.casework``). Each command is one transaction and one ledger row per
lead it changes; a refused action writes nothing and exits with the reason."""

from __future__ import annotations

import click

from cli.cmd_leads import leads_group
from cli.context import OFFICER, State, lead_or_fail, transition

LABEL = click.Choice(["wage_arrears", "other_labor", "irrelevant"])
SUPERVISOR = click.option("--supervisor", is_flag=True, help="Act on a lead another officer owns (recorded).")


def _do(state: State, lead_ref: str, func, *args, **kwargs) -> dict:
    from triage import casework

    database = state.db()
    lead = lead_or_fail(database, lead_ref)
    return transition(casework.perform, database, lead["id"], None, func, *args, **kwargs)


def _casework():
    from triage import casework

    return casework


@leads_group.command("confirm", short_help="Confirm a lead is real (its posts become feedback).")
@click.argument("lead_ref")
@OFFICER
@click.option(
    "--label", type=click.Choice(["wage_arrears", "other_labor"]), help="Default: the lead's label."
)
@click.option("--note", help="Why (recorded).")
@click.pass_obj
def leads_confirm(state: State, lead_ref: str, who: str, label, note) -> None:
    """Confirm a lead is real; its posts become classifier feedback."""
    lead = _do(state, lead_ref, _casework().confirm, who, label, note)
    click.echo(f"lead #{lead['id']} confirmed as {lead['confirmed_label']}")


@leads_group.command("dismiss")
@click.argument("lead_ref")
@OFFICER
@click.option("--label", type=LABEL, required=True, help="The correct label (feeds classifier training).")
@click.option("--note", help="Why (recorded).")
@SUPERVISOR
@click.pass_obj
def leads_dismiss(state: State, lead_ref: str, who: str, label, note, supervisor: bool) -> None:
    """Dismiss a lead with the correct label.

    The same as `leads move ... dismissed --label`: the label becomes classifier feedback.
    """
    lead = _do(state, lead_ref, _casework().dismiss, who, label, note, supervisor)
    click.echo(f"lead #{lead['id']} dismissed as {lead['dismissed_label']}")


@leads_group.command("district")
@click.argument("lead_ref")
@click.argument("district")
@OFFICER
@click.option("--reason", required=True, help="Why this 镇街 (recorded).")
@click.pass_obj
def leads_district(state: State, lead_ref: str, district: str, who: str, reason: str) -> None:
    """Route a lead to a 镇街 (one of the 23, or out_of_area)."""
    lead = _do(state, lead_ref, _casework().set_district, who, district, reason)
    click.echo(f"lead #{lead['id']} → {lead['district']} ({lead['status']})")


@leads_group.command("regulators")
@click.argument("lead_ref")
@click.argument("regulators", nargs=-1)
@OFFICER
@click.option("--note", help="Why (recorded).")
@click.pass_obj
def leads_regulators(state: State, lead_ref: str, regulators, who: str, note) -> None:
    """双交办: hand the lead to regulators too.

    Any of 住建 交通 水务 国资; giving none clears them.
    """
    lead = _do(state, lead_ref, _casework().set_regulators, who, list(regulators), note)
    click.echo(f"lead #{lead['id']} 双交办: {lead['regulators']}")


@leads_group.command("take")
@click.argument("lead_ref")
@OFFICER
@SUPERVISOR
@click.pass_obj
def leads_take(state: State, lead_ref: str, who: str, supervisor: bool) -> None:
    """Take a lead (首问负责: it is yours from now on)."""
    lead = _do(state, lead_ref, _casework().take, who, supervisor)
    click.echo(f"lead #{lead['id']} is {lead['owner']}'s ({lead['status']})")


@leads_group.command("resolve")
@click.argument("lead_ref")
@OFFICER
@click.option("--recovered", "recovered_yuan", required=True, help="Amount recovered, in yuan.")
@click.option("--workers-paid", required=True, help="How many workers got their pay.")
@click.option("--note", help="What was done (recorded).")
@SUPERVISOR
@click.pass_obj
def leads_resolve(
    state: State, lead_ref: str, who: str, recovered_yuan, workers_paid, note, supervisor
) -> None:
    """办结: record the amount recovered and the workers paid."""
    lead = _do(state, lead_ref, _casework().resolve, who, recovered_yuan, workers_paid, note, supervisor)
    click.echo(
        f"lead #{lead['id']} resolved: {lead['recovered_yuan']:,.0f} yuan, {lead['workers_paid']} workers"
    )


@leads_group.command("callback")
@click.argument("lead_ref")
@click.argument("outcome", type=click.Choice(["paid", "not_paid"]))
@OFFICER
@click.option("--note", help="What the complainant said (recorded).")
@click.pass_obj
def leads_callback(state: State, lead_ref: str, outcome: str, who: str, note) -> None:
    """回访 after resolving: paid verifies, not_paid reopens.

    not_paid flags the lead as reappeared after closing (表面清零).
    """
    lead = _do(state, lead_ref, _casework().callback, who, outcome, note)
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("close")
@click.argument("lead_ref")
@OFFICER
@click.option("--note", help="Recorded.")
@SUPERVISOR
@click.pass_obj
def leads_close(state: State, lead_ref: str, who: str, note, supervisor: bool) -> None:
    """结案 a verified lead."""
    lead = _do(state, lead_ref, _casework().close, who, note, supervisor)
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("reopen")
@click.argument("lead_ref")
@OFFICER
@click.option("--reason", required=True, help="Why (recorded).")
@SUPERVISOR
@click.pass_obj
def leads_reopen(state: State, lead_ref: str, who: str, reason: str, supervisor: bool) -> None:
    """Reopen a resolved, verified, closed or dismissed lead."""
    lead = _do(state, lead_ref, _casework().reopen, who, reason, supervisor)
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("escalate")
@click.argument("lead_ref")
@OFFICER
@click.option("--reason", required=True, help="Why (recorded).")
@SUPERVISOR
@click.pass_obj
def leads_escalate(state: State, lead_ref: str, who: str, reason: str, supervisor: bool) -> None:
    """提级办理: the city takes the lead over."""
    lead = _do(state, lead_ref, _casework().escalate, who, reason, supervisor)
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("merge")
@click.argument("lead_ref")
@click.argument("other_ref")
@OFFICER
@click.option("--note", help="Why (recorded on both leads).")
@click.pass_obj
def leads_merge(state: State, lead_ref: str, other_ref: str, who: str, note) -> None:
    """Merge lead OTHER_REF into LEAD_REF (the same case).

    The posts move over; both ledgers say so.
    """
    other = lead_or_fail(state.db(), other_ref)
    lead = _do(state, lead_ref, _casework().merge, other["id"], who, note)
    click.echo(f"lead #{other['id']} merged into #{lead['id']} ({lead['post_count']} posts)")


@leads_group.command("split")
@click.argument("lead_ref")
@click.argument("post_id", type=int)
@OFFICER
@click.option("--note", help="Why (recorded on both leads).")
@click.pass_obj
def leads_split(state: State, lead_ref: str, post_id: int, who: str, note) -> None:
    """Split a post off LEAD_REF into a new lead.

    POST_ID is the post's number in the database (`leads show --json`).
    """
    lead = _do(state, lead_ref, _casework().split, post_id, who, note)
    click.echo(
        f"post {post_id} is now lead #{lead['id']} ({lead['district'] or '未分配'}, {lead['priority']})"
    )
