"""Priority (P1/P2/P3) and queue of a lead, from the rules in ``data/priority.toml``."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RULES = Path(__file__).parent / "data" / "priority.toml"


@cache
def load_rules(path: Path = RULES) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def with_p1_thresholds(
    min_workers: int, min_amount_yuan: float, rules: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A copy of the rules whose P1 thresholds are at most ``min_workers`` and ``min_amount_yuan``
    (surge mode, e.g. before Spring Festival); the data file is left as it is.

    >>> prioritize("wage_arrears", {"workers": 12}, with_p1_thresholds(10, 300000))[0]
    'P1'
    """
    rules = copy.deepcopy(rules or load_rules())
    p1 = rules["p1"]
    p1["min_workers"] = min(p1["min_workers"], min_workers)
    p1["min_amount_yuan"] = min(p1["min_amount_yuan"], min_amount_yuan)
    return rules


def prioritize(
    label: str, facts: dict[str, Any], rules: dict[str, Any] | None = None
) -> tuple[str | None, str, list[str]]:
    """``(priority, queue, reasons)`` for a classified post and its extracted facts.

    >>> prioritize("wage_arrears", {"workers": 40})[0]
    'P1'
    >>> prioritize("irrelevant", {})
    (None, 'none', [])
    """
    rules = rules or load_rules()
    if label == "other_labor":
        other = rules["other_labor"]
        return other["priority"], other["queue"], ["其他劳动争议"]
    if label != "wage_arrears":
        return None, "none", []
    workers = facts.get("workers") or 0
    amount = facts.get("amount_yuan") or 0
    p1, p2 = rules["p1"], rules["p2"]
    reasons = []
    if p1.get("group_incident") and facts.get("group_incident"):
        reasons.append("群体性事件/升级风险")
    if workers >= p1["min_workers"]:
        reasons.append(f"{workers} 名工人 ≥ {p1['min_workers']}")
    if amount >= p1["min_amount_yuan"]:
        reasons.append(f"{amount:,.0f} 元 ≥ {p1['min_amount_yuan']:,}")
    if reasons:
        return "P1", "wage", reasons
    if facts.get("sector") in p2["sectors"]:
        reasons.append("建设工程领域")
    if p2.get("gov_project") and facts.get("gov_project"):
        reasons.append("政府投资工程")
    if workers >= p2["min_workers"]:
        reasons.append(f"{workers} 名工人 ≥ {p2['min_workers']}")
    if amount >= p2["min_amount_yuan"]:
        reasons.append(f"{amount:,.0f} 元 ≥ {p2['min_amount_yuan']:,}")
    return ("P2" if reasons else "P3"), "wage", reasons
