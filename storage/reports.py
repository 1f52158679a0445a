"""Read-only queries behind the digest: the leads of a period, open leads with deadlines, leads
done in a period, and day-by-day counts. Times are ISO 8601 strings in Beijing time, as stored, so
``substr(x, 1, 10)`` is the Beijing date."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

OPEN_EXCLUDED = ("resolved", "verified", "closed", "dismissed")


def _district(district: str | None) -> tuple[str, list[Any]]:
    return ("AND district = ?", [district]) if district else ("", [])


def leads_created_between(
    db: Database, start: str, end: str, district: str | None = None
) -> list[dict[str, Any]]:
    """Leads created in (start, end], not dismissed, of one 镇街 or all."""
    clause, params = _district(district)
    return list(
        db.query(
            f"""SELECT * FROM leads WHERE created_at > ? AND created_at <= ? AND status != 'dismissed'
            {clause} ORDER BY coalesce(priority, 'P9'), group_incident DESC, heat DESC, id""",
            [start, end, *params],
        )
    )


def open_leads(db: Database, district: str | None = None) -> list[dict[str, Any]]:
    """Leads still being worked (not resolved, verified, closed or dismissed), by deadline."""
    clause, params = _district(district)
    marks = ", ".join("?" * len(OPEN_EXCLUDED))
    return list(
        db.query(
            f"""SELECT * FROM leads WHERE status NOT IN ({marks}) {clause}
            ORDER BY coalesce(close_due, '9999'), id""",
            [*OPEN_EXCLUDED, *params],
        )
    )


def leads_done_between(
    db: Database, start: str, end: str, district: str | None = None
) -> list[dict[str, Any]]:
    """Leads resolved or closed in (start, end] (whichever happened in the period), oldest first."""
    clause, params = _district(district)
    return list(
        db.query(
            f"""SELECT * FROM leads WHERE ((resolved_at > ? AND resolved_at <= ?)
            OR (closed_at > ? AND closed_at <= ?)) {clause}
            ORDER BY coalesce(closed_at, resolved_at), id""",
            [start, end, start, end, *params],
        )
    )


def daily_new_leads(
    db: Database, first_day: str, last_day: str, district: str | None = None
) -> list[dict[str, Any]]:
    """New (not dismissed) leads per Beijing day and priority: ``[{"day", "priority", "n"}]``."""
    clause, params = _district(district)
    return list(
        db.query(
            f"""SELECT substr(created_at, 1, 10) AS day, coalesce(priority, '-') AS priority, count(*) AS n
            FROM leads WHERE substr(created_at, 1, 10) BETWEEN ? AND ? AND status != 'dismissed' {clause}
            GROUP BY 1, 2 ORDER BY 1, 2""",
            [first_day, last_day, *params],
        )
    )


def daily_resolved_leads(
    db: Database, first_day: str, last_day: str, district: str | None = None
) -> list[dict[str, Any]]:
    """Leads resolved per Beijing day: ``[{"day", "n"}]``."""
    clause, params = _district(district)
    return list(
        db.query(
            f"""SELECT substr(resolved_at, 1, 10) AS day, count(*) AS n FROM leads
            WHERE substr(resolved_at, 1, 10) BETWEEN ? AND ? {clause} GROUP BY 1 ORDER BY 1""",
            [first_day, last_day, *params],
        )
    )


def lead_platforms(db: Database, lead_ids: list[int]) -> dict[int, list[str]]:
    """lead id -> the platforms its posts came from, sorted."""
    if not lead_ids:
        return {}
    marks = ", ".join("?" * len(lead_ids))
    out: dict[int, list[str]] = {}
    for row in db.query(
        f"""SELECT DISTINCT lead_posts.lead_id, posts.platform FROM lead_posts
        JOIN posts ON posts.id = lead_posts.post_id WHERE lead_posts.lead_id IN ({marks})
        ORDER BY 1, 2""",
        lead_ids,
    ):
        out.setdefault(row["lead_id"], []).append(row["platform"])
    return out


def blind_since(db: Database, source: str, status: str) -> str | None:
    """When the source's current streak of ``status`` runs (blocked, error) began: the start of
    the oldest run in the unbroken run of that status, newest first."""
    since = None
    for row in db.query(
        "SELECT status, started_at FROM crawl_runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT 500",
        [source],
    ):
        if row["status"] != status:
            break
        since = row["started_at"]
    return since
