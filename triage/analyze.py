"""One post in, the triage decision out: district, facts, priority, case key."""

from __future__ import annotations

from typing import Any

import storage
from triage import followup
from triage.districts import assign_district
from triage.extract import extract_facts
from triage.priority import prioritize
from triage.text import case_key, post_text

LEAD_LABELS = ("wage_arrears", "other_labor")


def triage_post(post: dict[str, Any], label: str, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """What triage concludes about a post the classifier labelled ``label``.

    Returns a plain dict: district (+ confidence, reason, the villages/parks/roads named), the
    extracted facts (with the ranges vague figures allow), priority, queue, the reasons for the
    priority, and the exact-duplicate case key (near-duplicates and the same case told again are
    found against the stored history by ``triage.dedupe.find_case``). ``rules`` replaces the
    priority rules of ``data/priority.toml`` (surge mode lowers the P1 thresholds).
    """
    text = post_text(post)
    district = assign_district(text, post.get("region"))
    facts = extract_facts(text, post.get("posted_at")).as_dict()  # (once: prioritize only reads it)
    priority, queue, reasons = prioritize(label, facts, rules)
    if label == "wage_arrears" and district.name is None:
        queue = "unassigned"
    return {
        "district": district.name,
        "district_confidence": district.confidence,
        "district_reason": district.reason,
        "district_places": list(district.places),
        "district_elsewhere": list(district.elsewhere),
        **facts,
        "priority": priority,
        "queue": queue,
        "priority_reasons": reasons,
        "case_key": case_key(text) if label in LEAD_LABELS else None,
    }


def lead_fields(post: dict[str, Any], label: str, analysis: dict[str, Any]) -> dict[str, Any]:
    """A new lead's row from its first post and that post's ``triage_post`` analysis, with its
    deadlines counted from now (the pipeline, and splitting a post off a lead, make leads this way)."""
    summary = post_text(post).replace("\n", " ")
    due = followup.deadlines(analysis["priority"], label, storage.now())
    return {
        "case_key": analysis["case_key"],
        "label": label,
        "status": "new",
        "priority": analysis["priority"],
        "queue": analysis["queue"],
        "district": analysis["district"],
        "district_reason": analysis["district_reason"],
        "district_confidence": analysis["district_confidence"],
        "summary": summary[:140],
        **{k: analysis[k] for k in ("workers", "amount_yuan", "months_unpaid", "employer", "sector")},
        **{k: analysis[k] for k in ("project", "foreman", "phones", "group_signals")},
        "group_incident": analysis["group_incident"],
        "gov_project": analysis["gov_project"],
        "regulators": analysis["regulators"],
        "response_due": due.response_due,
        "close_due": due.close_due,
    }
