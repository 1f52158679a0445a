"""``leads ...``: work the leads (首问负责 ownership, lifecycle moves, the ledger), reports, the
monthly spot check, the triage evaluation and the duplicate index."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import storage
from cli.context import OFFICER, State, lead_or_fail, say, transition


@click.group("leads")
def leads_group() -> None:
    """Work the leads: list, show, assign, move, note, report."""


@leads_group.command("list")
@click.option(
    "--status",
    help="Only this state (new, assigned, in_progress, resolved, verified, closed, dismissed, escalated, reopened).",
)
@click.option("--district", help="Only this 镇街 (or out_of_area).")
@click.option("--unassigned", is_flag=True, help="Only leads with no 镇街 (the duty officer's queue).")
@click.option("--priority", type=click.Choice(["P1", "P2", "P3"]))
@click.option("--queue", help="wage, other_labor or unassigned.")
@click.option("--owner", help="Only this officer's leads.")
@click.option("--overdue", is_flag=True, help="Only leads past their response or closure deadline.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_obj
def leads_list(
    state: State, status, district, unassigned, priority, queue, owner, overdue, limit, as_json
) -> None:
    """Leads, most urgent first; phones masked."""
    from redact import mask_personal
    from triage.followup import overdue as overdue_of

    database = state.db()
    rows = storage.list_leads(database, status=status, district=district, priority=priority, queue=queue,
                              owner=owner, limit=1_000_000)  # fmt: skip
    if unassigned:
        rows = [r for r in rows if r["district"] is None]
    if overdue:
        rows = [r for r in rows if any(v for k, v in overdue_of(r).items() if k != "hours_over")]
    for lead in rows[:limit]:
        late = overdue_of(lead)
        if as_json:
            keys = ("id", "case_key", "priority", "status", "district", "owner", "label", "queue", "workers",
                    "amount_yuan", "post_count", "heat", "response_due", "close_due", "reappeared_after_closing")  # fmt: skip
            click.echo(json.dumps({**{k: lead[k] for k in keys}, "overdue": late,
                                   "summary": mask_personal(lead["summary"])}, ensure_ascii=False))  # fmt: skip
            continue
        flags = ("逾期" if late["close"] else "未响应" if late["response"] else "") + (
            " 结案后再现" if lead["reappeared_after_closing"] else ""
        )
        say(f"#{lead['id']:<5} {lead['priority'] or '-':3} {lead['status']:11} {lead['district'] or '未分配':7} "
                   f"{lead['owner'] or '-':6} 截止 {(lead['close_due'] or '-')[:10]} 帖{lead['post_count']:<3} "
                   f"热{lead['heat']:<5} {flags:6} {mask_personal(lead['summary'])[:40]}")  # fmt: skip
    if not rows:
        say("no leads")
    elif len(rows) > limit:
        click.echo(f"shown {limit} of {len(rows)} leads (--limit to see more)", err=as_json)


@leads_group.command("show")
@click.argument("lead_ref")
@click.option("--json", "as_json", is_flag=True, help="The lead, its posts and its ledger as JSON.")
@click.pass_obj
def leads_show(state: State, lead_ref: str, as_json: bool) -> None:
    """One lead in full: facts, deadlines, posts and the ledger.

    Phone numbers are shown unmasked here only.
    """
    from triage.followup import lead_summary

    database = state.db()
    lead = lead_summary(lead_or_fail(database, lead_ref))
    posts = storage.lead_posts(database, lead["id"])
    events = storage.lead_events(database, lead["id"])
    if as_json:
        keep = ("id", "platform", "post_id", "url", "author", "posted_at", "text", "reason", "merge_score")
        click.echo(json.dumps({"lead": lead, "posts": [{k: p[k] for k in keep} for p in posts], "events": events},
                              ensure_ascii=False, indent=1))  # fmt: skip
        return
    late = lead["overdue"]
    amount = f"{lead['amount_yuan']:,.0f} 元" if lead["amount_yuan"] else "?"
    say(f"线索 #{lead['id']} L-{lead['case_key']} · {lead['priority'] or '-'} · {lead['status']} · "
               f"{lead['district'] or '未分配'} · 负责人 {lead['owner'] or '未指派'}")  # fmt: skip
    say(f"  属地依据：{lead['district_reason'] or '无'}")
    months = f"{lead['months_unpaid']:g}" if lead["months_unpaid"] else "?"
    say(f"  工人 {lead['workers'] or '?'} · 金额 {amount} · 拖欠 {months} 个月 · "
               f"欠薪方 {lead['employer'] or '?'} · 项目 {lead['project'] or '-'} · 包工头 {lead['foreman'] or '-'} · "
               f"行业 {lead['sector'] or '?'}")  # fmt: skip
    if lead["group_incident"]:
        say(f"  群体性事件风险：{'、'.join(lead.get('group_signals') or [])}")
    if lead.get("regulators"):
        say(f"  双交办：{'、'.join(lead['regulators'])}")
    if lead.get("phones"):
        say(f"  联系电话：{'、'.join(lead['phones'])}")
    say(f"  响应时限 {lead['response_due'] or '-'}{' (已超时)' if late['response'] else ''} · "
               f"办结时限 {lead['close_due'] or '-'}{' (已逾期)' if late['close'] else ''}")  # fmt: skip
    if lead["reappeared_after_closing"]:
        say(f"  ⚠ 结案后再次出现（已重开 {lead['reopen_count']} 次）")
    say(f"帖子 ({len(posts)}) · 热度 {lead['heat']}")
    for post in posts:
        score = f" {post['merge_score']:.2f}" if post["merge_score"] is not None else ""
        say(f"  {post['platform']}:{post['post_id']} {post['posted_at'] or ''} [{post['reason']}{score}]")
        say(f"    {post['text'][:120]}")
    say("台账")
    for e in events:
        move = f" {e['from_state'] or ''}→{e['to_state']}" if e["to_state"] else ""
        label = f" [label={e['label']}]" if e.get("label") else ""
        say(f"  {e['at']} {e['who']} {e['action']}{move}{label} {e['note'] or ''}")


@leads_group.command("assign")
@click.argument("lead_ref")
@click.argument("officer")
@OFFICER
@click.option("--note", help="Why (recorded).")
@click.pass_obj
def leads_assign(state: State, lead_ref: str, officer: str, who: str, note: str | None) -> None:
    """Give a lead to an officer (the first one owns it: 首问负责).

    Later assignments are reassignments, recorded in the ledger.
    """
    from triage import followup

    database = state.db()
    lead = lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        lead = transition(followup.assign, database, lead["id"], officer, who, note)
    click.echo(f"lead #{lead['id']} → {lead['owner']} ({lead['status']})")


@leads_group.command("move")
@click.argument("lead_ref")
@click.argument("to_state")
@OFFICER
@click.option("--note", help="What was done (recorded).")
@click.option("--label", type=click.Choice(["wage_arrears", "other_labor", "irrelevant"]),
              help="The correct label when dismissing (feeds classifier training).")  # fmt: skip
@click.option("--supervisor", is_flag=True, help="Move a lead another officer owns (recorded).")
@click.option("--recovered", "recovered_yuan", type=click.FloatRange(min=0),
              help="Yuan recovered for the workers (when resolving, verifying or closing; the digest reports it).")  # fmt: skip
@click.pass_obj
def leads_move(
    state: State, lead_ref: str, to_state: str, who: str, note, label, supervisor: bool, recovered_yuan
) -> None:
    """Move a lead to another state (allowed transitions only).

    Each move is recorded in the ledger with who, when and the note.
    """
    from triage import followup

    database = state.db()
    lead = lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        lead = transition(
            followup.move, database, lead["id"], to_state, who, note, label, supervisor, recovered_yuan
        )
    click.echo(f"lead #{lead['id']} is now {lead['status']}")


@leads_group.command("note")
@click.argument("lead_ref")
@click.argument("text")
@OFFICER
@click.pass_obj
def leads_note(state: State, lead_ref: str, text: str, who: str) -> None:
    """Add a note to a lead's ledger (台账)."""
    from triage import followup

    database = state.db()
    lead = lead_or_fail(database, lead_ref)
    with storage.transaction(database):
        transition(followup.add_note, database, lead["id"], who, text)
    click.echo(f"note added to lead #{lead['id']}")


@leads_group.command("report")
@click.option("--at", help="As of this ISO time (default now).")
@click.pass_obj
def leads_report(state: State, at: str | None) -> None:
    """On-time closure rate per 镇街 and the overdue leads.

    A lead closes on time when it is 办结 within its deadline.
    """
    from triage.followup import closure_rates

    rows = closure_rates(state.db(), at=at)
    if not rows:
        click.echo("no lead has reached its closure deadline yet")
    for row in rows:
        rate = "-" if row["rate"] is None else f"{row['rate']:.0%}"
        click.echo(f"{row['district']:8} 按时办结率 {rate:>5}  按时 {row['on_time']} · 超时办结 {row['late']} · "
                   f"逾期未办结 {row['open_overdue']}")  # fmt: skip


@leads_group.command("spot-check", short_help="Draw the month's spot check (随机抽查) or record one.")
@click.argument("month")
@OFFICER
@click.option(
    "--size", type=click.IntRange(min=1), help="How many to draw (default from triage/data/sla.toml)."
)
@click.option(
    "--seed", help="Seed of the draw (default: derived from the month, so the draw can be re-checked)."
)
@click.option("--record", nargs=2, metavar="CHECK_ID OUTCOME", help="Record a callback: paid or not_paid.")
@click.option("--note", help="What the callback found.")
@click.pass_obj
def leads_spot_check(state: State, month: str, who: str, size, seed, record, note) -> None:
    """Draw the month's spot-check sample (随机抽查) or record a result.

    The sample of closed leads is drawn once per month, seeded, and recorded.
    """
    from triage import followup

    database = state.db()
    with storage.transaction(database):
        if record:
            transition(followup.record_spot_check, database, int(record[0]), record[1], who, note)
        else:
            try:
                followup.draw_spot_checks(database, month, who, size=size, seed=seed)
            except ValueError as exc:
                raise click.ClickException(f"bad month {month!r} (YYYY-MM): {exc}") from None
    for row in storage.spot_checks(database, month):
        say(f"check {row['id']}: lead #{row['lead_id']} {row['district'] or '未分配'} {row['status']} · "
                   f"{row['outcome'] or '待回访'} (seed {row['seed']})")  # fmt: skip


@leads_group.command("evaluate", short_help="Score triage on its held-out set, the demo or a FILE.")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--end-to-end", is_flag=True,
              help="With FILE: the configured classifier decides which posts are leads (else the truth labels).")  # fmt: skip
@click.option("--false-friends", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With FILE: look-alike case pairs (default: false_friends.tsv beside FILE).")  # fmt: skip
@click.option("--errors", is_flag=True, help="List every miss.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--demo", is_flag=True, help="Score the demo corpus (the development set) instead.")
@click.pass_obj
def leads_evaluate(
    state: State, file, end_to_end: bool, false_friends, errors: bool, as_json: bool, demo: bool
) -> None:
    """Score triage on its held-out set, the demo or a labelled FILE.

    FILE is the analyze input schema plus truth fields (label, district, case, workers,
    amount_yuan, months_unpaid, group_incident; see evaluation/labelled.py). Exits 1 when a
    target is missed."""
    from evaluation import leads
    from evaluation.labelled import LabelledFileError

    try:
        if file:
            result = leads.evaluate_file(file, end_to_end, false_friends, state.config)
        else:
            result = leads.evaluate_demo() if demo else leads.evaluate()
    except LabelledFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        json.dumps(result["figures"], ensure_ascii=False, indent=1)
        if as_json
        else leads.report(result["figures"])
    )
    if errors:
        for key, items in result["errors"].items():
            for item in items:
                click.echo(f"[{key}] {item}")
    sys.exit(0 if leads.targets_met(result["figures"]) else 1)


@leads_group.command("tune", short_help="Fit the merging numbers on labelled FILES.")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--rounds", default=2, show_default=True, type=click.IntRange(1, 5),
              help="Sweeps over the numbers searched (it stops early when one moves nothing).")  # fmt: skip
@click.option("--no-guard", is_flag=True,
              help="Do not hold the fit to the held-out set and the demo (each may lose one post's pairs).")  # fmt: skip
@click.option("--write", is_flag=True,
              help="Store the values fitted on all FILES in the merge settings (triage/data/merge.toml or $WAGEWATCH_MERGE).")  # fmt: skip
@click.option("--only", multiple=True, metavar="KEY",
              help="Search only this number (repeatable; default: all of evaluation.tune.SEARCH).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the folds, values and figures as JSON.")
def leads_tune(
    files: tuple[Path, ...], rounds: int, no_guard: bool, write: bool, only: tuple[str, ...], as_json: bool
) -> None:
    """Fit the merging numbers on labelled FILES (cross-validated).

    Each FILE is a labelled JSONL set (as for `leads evaluate`, with its false_friends.tsv beside it).
    For each FILE the values fitted on the others are scored on it (before: today's values; after: the
    fitted ones); then the values fitted on all FILES are shown, and stored with --write. Read the
    verdict before keeping them: it says whether they did better on sets they had not seen."""
    from evaluation import replay, tune
    from evaluation.labelled import LabelledFileError
    from triage import mergesettings

    if set(only) - set(tune.SEARCH):
        raise click.ClickException(f"--only takes one of: {', '.join(tune.SEARCH)}")
    try:
        sets = [replay.load_set(path) for path in files]
    except LabelledFileError as exc:
        raise click.ClickException(str(exc)) from None
    names = [s.name for s in sets]
    for number, labelled in enumerate(sets, start=1):
        if names.count(labelled.name) > 1:
            labelled.name = f"{labelled.name}#{number}"
    try:
        result = tune.tune(sets, guard=not no_guard, rounds=rounds, only=list(only))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else tune.report(result))
    if write:
        where = mergesettings.write({k: result["values"][k] for k in tune.SEARCH})
        click.echo(
            f"wrote {where}" + ("" if result["adopt"] else " (against the verdict above)"), err=as_json
        )


@leads_group.command("reindex")
@click.pass_obj
def leads_reindex(state: State) -> None:
    """Rebuild the duplicate index from the stored lead posts."""
    from triage.reindex import rebuild_index

    database = state.db()
    with storage.transaction(database):
        counts = rebuild_index(database)
    click.echo(f"indexed {counts['posts']} lead post(s) of {counts['leads']} lead(s)")
