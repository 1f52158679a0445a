"""What the extraction tests read of a post: its worker count, amount and months unpaid, posted on one fixed day."""

from __future__ import annotations

from triage.extract import extract_facts

POSTED = "2026-03-10T09:00:00+08:00"


def facts(text: str):
    f = extract_facts(text, POSTED)
    return f.workers, f.amount_yuan, f.months_unpaid
