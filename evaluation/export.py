"""Officers' decisions out as a labelled set (issue 11): ``wagewatch leads export-labels OUT.jsonl``.

One JSON line per post in the labelled schema (``evaluation.labelled``), which ``leads evaluate --file``,
``classifier evaluate --file``, ``leads tune`` and ``evaluation/realfolds.py`` read. The truth is taken only
from what an officer decided, never from what the machine concluded:

``label``     the latest ``classifier_feedback`` row of the post (written for every post of a lead an
              officer confirms or dismisses; it wins), else the decision standing on its lead (confirmed
              label, or the label it was dismissed with) when the post was in the lead by the officer's
              last look. ``truth.label`` says which (``feedback``, ``confirmed``, ``dismissed``).
``case``      ``lead-<id>``, the lead the post is in after officers' merges and splits, only when the lead
              is *touched*: its ledger holds an officer's row with an action listed in
              ``officer_truth.toml`` (confirm, dismiss, route, merge, split, work, note …; not a bare
              assignment), the post joined it by the officer's last such row, and the pipeline merged no
              other lead into it since. Else the case is unknown.
``district``  the 镇街 (or ``out_of_area``) an officer routed the lead to (``leads district``; source
              ``routed``), else the lead's 镇街 when an officer confirmed it (``confirmed``) or worked it
              (``worked``: moved it on in its 镇街). It is the case's 镇街, where the officer sent it, so
              the line says ``district_of: "case"``: it is scored against the lead the post ends in, not
              against the post alone (a reply "同厂+1" names no place; its case has one).
``workers``, ``amount_yuan``, ``months_unpaid``, ``group_incident``
              never: no officer form enters or corrects them (``leads resolve`` records what was paid
              back and to how many, not what was owed; both are written as ``recovered_yuan`` and
              ``workers_paid`` beside the truth, which no evaluator reads).

A truth field with no officer decision behind it is left out of the line and named in its
``unlabelled`` list, so the evaluators skip it rather than score it as "not stated" (null).
Posts no officer reviewed are left out, or written with ``label: null`` and every truth field
unlabelled under ``include_unreviewed`` (for labelling by hand). Phone numbers are masked unless
``keep_phones``; resident ID numbers always are. Text, title, platform, posted_at, url and region are as
stored.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlite_utils import Database

import storage
from evaluation.labelled import TRUTH_FIELDS
from redact import mask_ids, mask_phones

RULES = Path(__file__).with_name("officer_truth.toml")
NEVER = ("workers", "amount_yuan", "months_unpaid", "group_incident")  # no officer form enters them
NO_DECISION = "no officer decision"
LATE = "joined its lead after the officer's last look"
UNDECIDED = "an officer acted on its lead but never confirmed or dismissed it"
OUTSIDE = "outside --since/--until"
ELSEWHERE = "not in --district"


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # YYYY-MM-DD, on the post's posted_at (inclusive)
    until: str | None = None
    district: str | None = None  # the 镇街 of the lead the post is in
    include_unreviewed: bool = False
    keep_phones: bool = False


@dataclass
class LeadView:
    """What officers decided about one lead, read from its row and its ledger."""

    id: int
    district: str | None
    routed: bool
    label: str | None  # the decision standing on it
    label_source: str | None  # confirmed | dismissed
    looked_at: str | None  # the officer's last row that touches it
    worked: bool
    merged_by_machine_since: bool  # the pipeline merged a lead into it after looked_at
    recovered_yuan: float | None
    workers_paid: int | None


@dataclass
class Summary:
    out: str
    posts: int = 0
    written: int = 0
    labels: Counter = field(default_factory=Counter)
    label_sources: Counter = field(default_factory=Counter)
    cases: Counter = field(default_factory=Counter)
    case_unknown: int = 0
    districts: Counter = field(default_factory=Counter)
    district_sources: Counter = field(default_factory=Counter)
    left_out: Counter = field(default_factory=Counter)
    unreviewed: Counter = field(default_factory=Counter)  # written without truth (include_unreviewed)
    masked: bool = True


def load_rules(path: Path = RULES) -> dict[str, frozenset[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key: frozenset(data[key]) for key in ("machine", "touched", "worked")}


def lead_views(db: Database, rules: dict[str, frozenset[str]]) -> dict[int, LeadView]:
    """Every lead that holds posts, with what officers decided about it."""
    events = storage.events_by_lead(db)
    views = {}
    for lead in storage.unmerged_leads(db):
        rows = events.get(lead["id"], [])
        officer = [e for e in rows if e["who"] not in rules["machine"]]
        looked = [e["at"] for e in officer if e["action"] in rules["touched"]]
        looked_at = max(looked) if looked else None
        if lead["status"] == "dismissed" and lead["dismissed_label"]:
            label, source = lead["dismissed_label"], "dismissed"
        elif lead["confirmed_label"]:
            label, source = lead["confirmed_label"], "confirmed"
        else:
            label = source = None
        views[lead["id"]] = LeadView(
            id=lead["id"],
            district=lead["district"],
            routed=bool(lead["district"]) and (lead["district_reason"] or "").startswith("人工交办"),
            label=label,
            label_source=source,
            looked_at=looked_at,
            worked=any(e["action"] in rules["worked"] for e in officer),
            merged_by_machine_since=bool(looked_at)
            and any(
                e["who"] in rules["machine"] and e["action"] == "merged_in" and e["at"] > looked_at
                for e in rows
            ),
            recovered_yuan=lead["recovered_yuan"],
            workers_paid=lead["workers_paid"],
        )
    return views


def _district(lead: LeadView | None) -> tuple[str | None, str | None]:
    if lead is None or not lead.district:
        return None, None
    if lead.routed:
        return lead.district, "routed"
    if lead.label_source == "confirmed":
        return lead.district, "confirmed"
    if lead.worked:
        return lead.district, "worked"
    return None, None


def _base(post: dict[str, Any], keep_phones: bool) -> dict[str, Any]:
    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        text = mask_ids(text)
        return text if keep_phones else mask_phones(text)

    record = {
        "id": f"{post['platform']}:{post['post_id']}",
        "platform": post["platform"],
        "posted_at": post["posted_at"],
        "url": post["url"],
        "title": clean(post["title"]),
        "region": post["region"],
        "text": clean(post["text"]),
    }
    return {k: v for k, v in record.items() if v is not None}


def _truth(post: dict[str, Any], lead: LeadView | None, feedback: dict[int, str]) -> tuple[dict | None, str]:
    """The truth fields of one post (None and why, when no officer decided its label)."""
    seen = bool(lead and lead.looked_at and post["added_at"] and post["added_at"] <= lead.looked_at)
    if post["id"] in feedback:
        label, label_source = feedback[post["id"]], "feedback"
    elif seen and lead.label:
        label, label_source = lead.label, lead.label_source
    else:
        reason = NO_DECISION if not (lead and lead.looked_at) else UNDECIDED if seen else LATE
        return None, reason
    truth: dict[str, Any] = {"label": label}
    sources = {"label": label_source}
    unlabelled = list(NEVER)
    if label != "irrelevant":
        if seen and not lead.merged_by_machine_since:
            truth["case"], sources["case"] = f"lead-{lead.id}", "ledger"
        else:
            unlabelled.insert(0, "case")
    district, district_source = _district(lead)
    if district_source:
        truth["district"], sources["district"] = district, district_source
        truth["district_of"] = "case"
    else:
        unlabelled.insert(0, "district")
    truth["unlabelled"] = unlabelled
    truth["truth"] = sources
    if lead is not None:
        truth["lead"] = lead.id
        if lead.recovered_yuan is not None:
            truth["recovered_yuan"] = lead.recovered_yuan
        if lead.workers_paid is not None:
            truth["workers_paid"] = lead.workers_paid
    return truth, ""


def records(db: Database, filters: Filters, summary: Summary) -> Iterator[dict[str, Any]]:
    """The lines to write, posting order; ``summary`` counts them and what was left out."""
    leads = lead_views(db, load_rules())
    feedback = {
        row["post_id"]: row["label"] for row in storage.latest_feedback(db)
    }  # each post's latest decision
    for post in storage.posts_with_lead(db):
        summary.posts += 1
        day = (post["posted_at"] or "")[:10]
        if (filters.since and not day >= filters.since) or (filters.until and not day <= filters.until):
            summary.left_out[OUTSIDE] += 1
            continue
        lead = leads.get(post["lead_id"]) if post["lead_id"] is not None else None
        if filters.district and (lead is None or lead.district != filters.district):
            summary.left_out[ELSEWHERE] += 1
            continue
        truth, reason = _truth(post, lead, feedback)
        if truth is None:
            if not filters.include_unreviewed:
                summary.left_out[reason] += 1
                continue
            summary.unreviewed[reason] += 1
            truth = {"label": None, "unlabelled": list(TRUTH_FIELDS), "unreviewed": reason}
            if lead is not None:
                truth["lead"] = lead.id
        else:
            _count(summary, truth)
        summary.written += 1
        yield {**_base(post, filters.keep_phones), **truth}


def _count(summary: Summary, truth: dict[str, Any]) -> None:
    summary.labels[truth["label"]] += 1
    summary.label_sources[truth["truth"]["label"]] += 1
    if "case" in truth:
        summary.cases[truth["case"]] += 1
    elif truth["label"] != "irrelevant":
        summary.case_unknown += 1
    if "district" in truth:
        summary.districts[truth["district"]] += 1
        summary.district_sources[truth["truth"]["district"]] += 1


def export(db: Database, out: TextIO, filters: Filters, name: str = "-") -> Summary:
    """Write the labelled lines to ``out`` (JSON, one object a line, nothing escaped for HTML)."""
    summary = Summary(out=name, masked=not filters.keep_phones)
    for record in records(db, filters, summary):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return summary


def _counts(counter: Counter, empty: str = "none") -> str:
    return " · ".join(f"{k} {n}" for k, n in counter.most_common()) or empty


def report(s: Summary) -> str:
    """The summary printed after an export."""
    unreviewed = sum(s.unreviewed.values())
    labelled = s.written - unreviewed
    lines = [f"wrote {s.written} of {s.posts} posts to {s.out} ({labelled} with officers' labels"
             + (f"; {unreviewed} without truth, for labelling by hand: {_counts(s.unreviewed)}" if unreviewed else "")
             + ")"]  # fmt: skip
    lines.append(f"  labels: {_counts(s.labels)} (from: {_counts(s.label_sources)})")
    several = sum(1 for n in s.cases.values() if n > 1)
    lines.append(f"  cases: {len(s.cases)} ({several} with two posts or more); case unknown on {s.case_unknown} "
                 "lead post(s) (not scored in pairs)")  # fmt: skip
    lines.append(f"  districts: {len(s.districts)} covered ({_counts(s.districts)}); "
                 f"from: {_counts(s.district_sources)}; no district truth on {labelled - sum(s.districts.values())}")  # fmt: skip
    lines.append("  workers, amount_yuan, months_unpaid, group_incident: no officer enters them (unlabelled)")
    unreviewed_left = set(s.left_out) - {OUTSIDE, ELSEWHERE}
    hint = "; --include-unreviewed writes the unreviewed ones without truth" if unreviewed_left else ""
    lines.append(
        f"  left out: {sum(s.left_out.values())}" + (f" ({_counts(s.left_out)}){hint}" if s.left_out else "")
    )
    lines.append(
        "  phone numbers masked (--keep-phones keeps them)" if s.masked else "  phone numbers NOT masked"
    )
    return "\n".join(lines)
