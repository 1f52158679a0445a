"""Following a lead until the workers are paid: states, 首问负责, deadlines, overdue, spot checks.

States: ``new → assigned → in_progress → resolved → verified (callback done) → closed``, plus
``dismissed`` (not a lead; the officer gives the correct label, which the classifier's feedback
loop reads from ``leads.dismissed_label`` / ``lead_events.label``), ``escalated`` (提级办理) and
``reopened``, and ``merged`` (its posts went into another lead). Only the transitions in ``TRANSITIONS`` are allowed and each one is an event in the
append-only ledger (who, when, note).

首问负责: the first officer to take a lead (assigned to, or moving it on) owns it until it is
reassigned; others may add notes but not move it (a supervisor may, and it is recorded).

Deadlines come from ``data/sla.toml`` and count Chinese working days (statutory holidays and 调休
make-up workdays, from chinese-calendar; beyond the years it knows, Monday–Friday, said so in the
result). A post about a resolved/verified/closed lead reopens it and flags it "reappeared after
closing" (表面清零); a post that shows a collective action raises the lead to P1 with an alert.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import storage
from storage.db import BEIJING

SLA_FILE = Path(__file__).parent / "data" / "sla.toml"
STATES = (
    "new",
    "assigned",
    "in_progress",
    "resolved",
    "verified",
    "closed",
    "dismissed",
    "escalated",
    "reopened",
    "merged",
)
STATE_NAMES = {
    "new": "新线索", "assigned": "已交办", "in_progress": "办理中", "resolved": "已办结", "verified": "已回访",
    "closed": "已结案", "dismissed": "非线索", "escalated": "已提级", "reopened": "已重开", "merged": "已合并",
}  # fmt: skip
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("assigned", "in_progress", "dismissed", "escalated"),
    "assigned": ("in_progress", "dismissed", "escalated"),
    "in_progress": ("resolved", "escalated", "dismissed"),
    "escalated": ("in_progress", "resolved"),
    "resolved": ("verified", "reopened"),  # the callback finds the workers paid, or not
    "verified": ("closed", "reopened"),
    "closed": ("reopened",),
    "dismissed": ("reopened",),
    "reopened": ("assigned", "in_progress", "dismissed", "escalated"),
    "merged": (),  # its posts went into another lead (triage.casework.merge)
}
DONE = ("resolved", "verified", "closed")
LABELS = ("wage_arrears", "other_labor", "irrelevant")


class TransitionError(ValueError):
    """A move the lifecycle does not allow (wrong state, missing label, not the owner)."""


@cache
def load_sla(path: Path = SLA_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _parse(value: str | datetime | None) -> datetime:
    if value is None:
        return datetime.now(BEIJING)
    moment = (
        value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    )
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)


@cache
def is_workday(day: date) -> tuple[bool, bool]:
    """(working day?, known to the statutory calendar?) — beyond chinese-calendar's years,
    Monday–Friday is assumed and the second value is False."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(
    start: str | datetime, days: int, day_ends: str | None = None
) -> tuple[datetime, str | None]:
    """The end of the ``days``-th working day after ``start`` (its own day not counted), and a
    note when the statutory calendar did not cover a day counted.

    >>> add_working_days("2026-09-30T10:00:00+08:00", 1)[0].date()   # 国庆: 1–7 October off
    datetime.date(2026, 10, 8)
    """
    moment = _parse(start).astimezone(BEIJING)
    hour, minute = (int(x) for x in (day_ends or load_sla()["day_ends"]).split(":"))
    day, unknown = _working_days_after(moment.date(), days)
    note = f"{unknown} 年无法定节假日数据，按周一至周五计" if unknown else None
    return datetime.combine(day, time(hour, minute), tzinfo=BEIJING), note


@lru_cache(maxsize=1024)
def _working_days_after(start: date, days: int) -> tuple[date, int | None]:
    """The ``days``-th working day after ``start``, and the first year counted that the statutory calendar did not
    cover (a pass creates its leads within a few days: each new lead asks this of the same day)."""
    day, counted, unknown = start, 0, None
    while counted < days:
        day += timedelta(days=1)
        workday, known = is_workday(day)
        if not known and unknown is None:
            unknown = day.year
        counted += workday
    return day, unknown


@dataclass(frozen=True)
class Deadlines:
    response_due: str
    close_due: str
    note: str | None = None


def deadlines(priority: str | None, label: str, start: str | datetime | None = None) -> Deadlines:
    """Response and closure deadlines of a lead from ``data/sla.toml``."""
    if isinstance(start, str):
        return _deadlines_from(priority, label, start)  # (a pass makes hundreds of leads a second)
    return _deadlines(priority, label, start)


@lru_cache(maxsize=64)
def _deadlines_from(priority: str | None, label: str, start: str) -> Deadlines:
    """``deadlines`` from a time written out (``storage.now()``: to the second), found once for each."""
    return _deadlines(priority, label, start)


def _deadlines(priority: str | None, label: str, start: str | datetime | None) -> Deadlines:
    sla = load_sla()
    rule = sla["other_labor"] if label == "other_labor" else sla.get(priority or "P3", sla["P3"])
    begin = _parse(start).astimezone(BEIJING)
    notes = []
    if "response_hours" in rule:
        response = begin + timedelta(hours=rule["response_hours"])
    else:
        response, note = add_working_days(begin, rule["response_working_days"])
        notes.append(note)
    close, note = add_working_days(begin, rule["close_working_days"])
    notes.append(note)
    text = next((n for n in notes if n), None)
    return Deadlines(response.replace(microsecond=0).isoformat(), close.isoformat(), text)


def overdue(lead: dict[str, Any], at: str | datetime | None = None) -> dict[str, Any]:
    """Whether a lead missed its response or closure deadline as of ``at`` (default now)."""
    moment = _parse(at)
    status = lead.get("status")
    closure = load_sla()["closure_state"]
    finished = status in DONE or status == "dismissed"
    response_late = bool(
        lead.get("response_due") and not lead.get("responded_at") and status != "dismissed"
        and moment > _parse(lead["response_due"])
    )  # fmt: skip
    close_late = bool(lead.get("close_due") and not finished and moment > _parse(lead["close_due"]))
    if lead.get("close_due") and lead.get(f"{closure}_at") and status in DONE:
        close_late = close_late or _parse(lead[f"{closure}_at"]) > _parse(lead["close_due"])
    hours = (
        (moment - _parse(lead["close_due"])).total_seconds() / 3600 if close_late and not finished else 0.0
    )
    return {"response": response_late, "close": close_late, "hours_over": round(max(0.0, hours), 1)}


# ---- transitions -----------------------------------------------------------------------------


def _lead(db: Database, lead_id: int) -> dict[str, Any]:
    lead = storage.get_lead(db, lead_id)
    if lead is None:
        raise TransitionError(f"没有线索 #{lead_id} / no lead {lead_id}")
    return lead


def _first_response(db: Database, lead: dict[str, Any], stamp: str) -> dict[str, Any]:
    return {} if lead.get("responded_at") else {"responded_at": stamp}


def assign(db: Database, lead_id: int, officer: str, who: str, note: str | None = None) -> dict[str, Any]:
    """Give a lead to ``officer`` (``who`` does it). The first assignment makes the owner (首问负责);
    a later one is a recorded reassignment. A new or reopened lead becomes ``assigned``."""
    officer, who = officer.strip(), who.strip()
    if not officer or not who:
        raise TransitionError("须填写负责人和操作人 / officer and who are required")
    lead = _lead(db, lead_id)
    if lead["owner"] == officer:
        raise TransitionError(f"线索 #{lead_id} 已由 {officer} 负责 / lead {lead_id} is already {officer}'s")
    stamp = storage.now()
    status = lead["status"]
    to_state = "assigned" if status in ("new", "reopened") else status
    action = "assigned" if not lead["owner"] else "reassigned"
    text = f"{lead['owner'] or '—'} → {officer}" + (f"；{note}" if note else "")
    storage.update_lead(
        db, lead_id, {"owner": officer, "status": to_state, **_first_response(db, lead, stamp)}
    )
    storage.add_event(db, lead_id, who, action, status, to_state, text, at=stamp)
    return _lead(db, lead_id)


def move(
    db: Database,
    lead_id: int,
    to_state: str,
    who: str,
    note: str | None = None,
    label: str | None = None,
    supervisor: bool = False,
    recovered_yuan: float | None = None,
) -> dict[str, Any]:
    """Move a lead to ``to_state`` if the lifecycle allows it; returns the updated lead.

    Dismissing needs the correct ``label`` (irrelevant, or the other lead label). Only the owner
    moves an owned lead, unless ``supervisor``; the first officer to move an unowned lead owns it.
    ``recovered_yuan``, the amount recovered for the workers, is recorded on resolving, verifying
    or closing (the daily digest reports it).
    """
    who = (who or "").strip()
    if not who:
        raise TransitionError("须填写操作人 / who is required")
    lead = _lead(db, lead_id)
    status = lead["status"]
    if to_state not in STATES:
        raise TransitionError(f"未知状态 / unknown state {to_state!r}; states: {', '.join(STATES)}")
    if to_state == "assigned":
        raise TransitionError("交办请用指派 / use assign to give a lead to an officer")
    if to_state not in TRANSITIONS.get(status, ()):
        allowed = ", ".join(TRANSITIONS.get(status, ())) or "none"
        names = "、".join(STATE_NAMES[s] for s in TRANSITIONS.get(status, ())) or "无"
        raise TransitionError(
            f"线索 #{lead_id} 现为「{STATE_NAMES[status]}」，只能转为：{names}，不能转为「{STATE_NAMES[to_state]}」"
            f" / lead {lead_id} is {status}: it can move to {allowed}, not {to_state}"
        )
    if lead["owner"] and lead["owner"] != who and not supervisor:
        raise TransitionError(
            f"首问负责: 线索 #{lead_id} 由 {lead['owner']} 负责，请先改派 / lead {lead_id} belongs to "
            f"{lead['owner']}; reassign it first"
        )
    if to_state == "dismissed":
        if label not in LABELS or label == lead["label"]:
            others = [x for x in LABELS if x != lead["label"]]
            raise TransitionError(
                f"排除线索须给出正确类别 / dismissing needs the correct label: {' or '.join(others)}"
            )
    elif label is not None:
        raise TransitionError("只有排除线索时才给类别 / a label is only given when dismissing")
    if recovered_yuan is not None and (to_state not in DONE or recovered_yuan < 0):
        raise TransitionError(
            "追回金额只在办结、回访、结案时登记，且不小于 0 / the amount recovered is recorded when resolving, "
            "verifying or closing, and is 0 or more"
        )
    stamp = storage.now()
    fields: dict[str, Any] = {"status": to_state, **_first_response(db, lead, stamp)}
    if recovered_yuan is not None:
        fields["recovered_yuan"] = float(recovered_yuan)
        note = f"追回 {recovered_yuan:,.0f} 元" + (f"；{note}" if note else "")
    if not lead["owner"] and not supervisor:
        fields["owner"] = who  # 首问负责: whoever takes it first owns it
    if to_state == "resolved":
        fields["resolved_at"] = stamp
    elif to_state == "closed":
        fields["closed_at"] = stamp
    elif to_state == "dismissed":
        fields["dismissed_label"] = label
    elif to_state == "reopened":
        fields.update(_reopen_fields(lead, stamp))
    storage.update_lead(db, lead_id, fields)
    storage.add_event(db, lead_id, who, to_state, status, to_state, note, label=label, at=stamp)
    if to_state == "dismissed":  # the officer's label is training data for every post of the lead
        for post in storage.lead_posts(db, lead_id):
            storage.record_feedback(db, post["id"], label, who, note)
    return _lead(db, lead_id)


def add_note(db: Database, lead_id: int, who: str, text: str) -> dict[str, Any]:
    """A note in the ledger (any officer may write one); the first one counts as the response."""
    if not (who or "").strip() or not (text or "").strip():
        raise TransitionError("备注不能为空 / who and the note text are required")
    lead = _lead(db, lead_id)
    stamp = storage.now()
    first = _first_response(db, lead, stamp)
    if first:
        storage.update_lead(db, lead_id, first)
    storage.add_event(db, lead_id, who.strip(), "note", None, None, text.strip(), at=stamp)
    return _lead(db, lead_id)


def _reopen_fields(lead: dict[str, Any], stamp: str) -> dict[str, Any]:
    due = deadlines(lead["priority"], lead["label"], stamp)
    return {
        "resolved_at": None, "closed_at": None, "responded_at": None, "reopen_count": (lead["reopen_count"] or 0) + 1,
        "response_due": due.response_due, "close_due": due.close_due,
    }  # fmt: skip


def on_new_post(
    db: Database,
    lead_id: int,
    post: dict[str, Any],
    analysis: dict[str, Any],
    lead: dict[str, Any] | None = None,
) -> list[str]:
    """What a further post about an existing lead changes: a resolved/verified/closed lead is
    reopened and flagged "reappeared after closing"; a collective action or escalation signal raises
    the lead to P1 with an immediate-alert event. Returns the actions taken. ``lead``: its row, when the
    caller has just read it."""
    lead = lead or _lead(db, lead_id)
    actions = []
    where = f"{post.get('platform', '')}:{post.get('post_id', post.get('id'))}"
    stamp = storage.now()
    if lead["status"] in DONE:
        fields = {"status": "reopened", "reappeared_after_closing": 1, **_reopen_fields(lead, stamp)}
        storage.update_lead(db, lead_id, fields)
        storage.add_event(db, lead_id, "pipeline", "reopened", lead["status"], "reopened",
                          f"结案后再次出现（表面清零风险）：新帖 {where}", at=stamp)  # fmt: skip
        actions.append("reopened")
        lead = _lead(db, lead_id)
    if analysis.get("priority") == "P1" and lead["priority"] != "P1" and lead["label"] == "wage_arrears":
        reasons = "；".join(analysis.get("priority_reasons") or ())
        due = deadlines("P1", lead["label"], stamp)
        signals = sorted(
            set(json.loads(lead["group_signals"] or "[]")) | set(analysis.get("group_signals") or ())
        )
        fields = {"priority": "P1", "group_incident": bool(analysis.get("group_incident") or lead["group_incident"]),
                  "group_signals": signals}  # fmt: skip
        if not lead["responded_at"]:
            fields["response_due"] = due.response_due
        if not lead["close_due"] or due.close_due < lead["close_due"]:
            fields["close_due"] = due.close_due
        storage.update_lead(db, lead_id, fields)
        storage.add_event(db, lead_id, "pipeline", "priority", None, None,
                          f"{lead['priority'] or '-'} → P1：{reasons}（新帖 {where}）", at=stamp)  # fmt: skip
        storage.add_event(db, lead_id, "pipeline", "alert", None, None, f"P1 立即预警：{reasons}", at=stamp)
        actions.append("escalated_to_p1")
    return actions


def flag_overdue(
    db: Database, at: str | datetime | None = None, who: str = "scheduler"
) -> list[dict[str, Any]]:
    """Record in the ledger every open lead that has just missed its response or closure deadline
    (an ``overdue`` event, once per lead and deadline). Returns ``[{"lead_id", "kind", "due"}]``
    for the leads newly flagged."""
    moment = _parse(at)
    flagged = []
    for lead in storage.open_leads(db):
        late = overdue(lead, moment)
        for kind, due, text in (
            ("response", lead["response_due"], "未按时响应"),
            ("close", lead["close_due"], "超过办结时限"),
        ):
            if not late[kind]:
                continue
            note = f"{text}（时限 {due}）"
            if storage.has_event(db, lead["id"], "overdue", note):
                continue
            storage.add_event(db, lead["id"], who, "overdue", None, None, note)
            flagged.append({"lead_id": lead["id"], "kind": kind, "due": due})
    return flagged


# ---- reports -----------------------------------------------------------------------------------


def closure_rates(
    db: Database, at: str | datetime | None = None, since: str | None = None
) -> list[dict[str, Any]]:
    """On-time closure per 镇街 (a headline figure): among leads whose closure was due by ``at``
    or that were closed (办结, ``closure_state``) since ``since``: on time, late, still open past
    the deadline, and the rate on_time / (on_time + late + open_overdue). Dismissed and merged leads
    do not count."""
    moment = _parse(at).astimezone(BEIJING).replace(microsecond=0).isoformat()
    closure = load_sla()["closure_state"]
    rows: dict[str, dict[str, Any]] = {}
    for row in storage.closure_counts(db, f"{closure}_at", moment, since):
        rows[row["district"] or "未分配"] = {**row, "district": row["district"] or "未分配"}
    for row in rows.values():
        total = row["on_time"] + row["late"] + row["open_overdue"]
        row["rate"] = round(row["on_time"] / total, 3) if total else None
    return sorted(rows.values(), key=lambda r: (r["rate"] if r["rate"] is not None else 2, r["district"]))


def _month_bounds(month: str) -> tuple[str, str]:
    start = datetime.strptime(month, "%Y-%m").replace(tzinfo=BEIJING)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.isoformat(), end.isoformat()


def draw_spot_checks(
    db: Database, month: str, who: str, size: int | None = None, seed: str | None = None
) -> list[int]:
    """The month's seeded random sample of closed leads for 随机抽查 (callback: were the workers
    really paid?), recorded in ``spot_checks`` and on each lead's ledger. Drawing the same month
    again returns the recorded sample; the same seed always draws the same leads."""
    existing = [row["lead_id"] for row in storage.spot_checks(db, month)]
    if existing:
        return existing
    start, end = _month_bounds(month)
    closed = [lead["id"] for lead in storage.leads_closed_between(db, start, end)]
    if not closed:
        return []
    rule = load_sla()["spot_check"]
    k = min(len(closed), size or max(int(rule["minimum"]), math.ceil(rule["rate"] * len(closed))))
    seed = seed or f"wagewatch-spot-check-{month}"
    rng = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    chosen = sorted(rng.sample(sorted(closed), k))
    storage.add_spot_checks(db, month, seed, chosen, who)
    for lead_id in chosen:
        storage.add_event(db, lead_id, who, "spot_check", None, None, f"{month} 随机抽查（种子 {seed}）")
    return chosen


def record_spot_check(db: Database, check_id: int, outcome: str, who: str, note: str | None = None) -> None:
    """What a spot check's callback found: ``paid`` (confirmed) or ``not_paid`` — then the lead is
    reopened and flagged, because it was closed on paper only (表面清零)."""
    if outcome not in ("paid", "not_paid"):
        raise TransitionError("outcome must be paid or not_paid")
    rows = [r for r in storage.spot_checks(db) if r["id"] == check_id]
    if not rows:
        raise TransitionError(f"no spot check {check_id}")
    storage.set_spot_check_outcome(db, check_id, outcome, who, note)
    lead = _lead(db, rows[0]["lead_id"])
    storage.add_event(
        db, lead["id"], who, "spot_check_result", None, None, f"{outcome}" + (f"：{note}" if note else "")
    )
    if outcome == "not_paid" and lead["status"] in DONE:
        stamp = storage.now()
        fields = {"status": "reopened", "reappeared_after_closing": 1, **_reopen_fields(lead, stamp)}
        storage.update_lead(db, lead["id"], fields)
        storage.add_event(
            db,
            lead["id"],
            who,
            "reopened",
            lead["status"],
            "reopened",
            "抽查回访：工人仍未拿到工资",
            at=stamp,
        )


def lead_summary(lead: dict[str, Any], at: str | datetime | None = None) -> dict[str, Any]:
    """A lead as plain data with its overdue state (for ``wagewatch leads show --json``)."""
    out = dict(lead)
    for key in ("regulators", "phones", "group_signals", "match_facts"):
        if isinstance(out.get(key), str):
            try:
                out[key] = json.loads(out[key])
            except ValueError:
                pass
    out["overdue"] = overdue(lead, at)
    return out
