"""The daily digest: the new leads of a period, grouped by 镇街, rendered as HTML (Jinja with
autoescape, so post text can never inject markup). Building is apart from sending."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlite_utils import Database

import storage
from triage.extract import mask_phones

TEMPLATES = Path(__file__).parent / "templates"
PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, None: 3}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["mask_phones"] = mask_phones
    env.filters["safe_url"] = lambda url: url if re.match(r"https?://", url or "", re.IGNORECASE) else None
    env.filters["yuan"] = lambda v: "" if v is None else f"{v:,.0f} 元"
    return env


def build_digest(db: Database, since: str | None = None, district: str | None = None) -> dict[str, Any]:
    """The digest of leads created since ``since`` (ISO time; all when None), optionally for one
    镇街. Returns ``{"html", "lead_ids", "count", "by_priority", "by_district"}``."""
    leads = storage.list_leads(db, district=district, created_since=since)
    leads = [lead for lead in leads if lead["status"] not in ("dismissed", "closed")]
    for lead in leads:
        lead["posts"] = storage.lead_posts(db, lead["id"])
        lead["regulators"] = json.loads(lead["regulators"] or "[]")
    groups: dict[str, list] = {}
    for lead in sorted(leads, key=lambda lead: (PRIORITY_ORDER.get(lead["priority"], 3), -lead["heat"])):
        groups.setdefault(lead["district"] or "未分配（待人工指派）", []).append(lead)
    by_priority: dict[str, int] = {}
    for lead in leads:
        key = lead["priority"] or "-"
        by_priority[key] = by_priority.get(key, 0) + 1
    html = _environment().get_template("digest.html").render(
        groups=groups, since=since, district=district, generated_at=storage.now(), count=len(leads),
        by_priority=dict(sorted(by_priority.items())),
    )  # fmt: skip
    return {
        "html": html,
        "lead_ids": [lead["id"] for lead in leads],
        "count": len(leads),
        "by_priority": by_priority,
        "by_district": {name: len(items) for name, items in groups.items()},
    }


def write_preview(db: Database, path: str | Path, since: str | None = None) -> dict[str, Any]:
    """Write the digest to an HTML file and record it in ``digests`` (status 'preview')."""
    digest = build_digest(db, since=since)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(digest["html"], encoding="utf-8")
    with storage.transaction(db):
        db.execute(
            """INSERT INTO digests (created_at, period_start, lead_ids, html, status)
            VALUES (?, ?, ?, ?, 'preview')""",
            [storage.now(), since, json.dumps(digest["lead_ids"]), digest["html"]],
        )
    return {**digest, "path": str(path)}


def plain_text(html: str) -> str:
    """A text/plain rendering of the digest HTML for mail clients that want one."""
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"<[^>]+>", "", html)).strip()
