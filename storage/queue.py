"""What the officers' screens read: the queue of leads with its filters and counts, the dashboard's
figures, the 台账 export and post search limited to one 镇街.

Filters are a plain dict (every key optional):

- ``scope``: the 镇街 a district officer is limited to (always applied when given);
- ``district``: a 镇街, ``"none"`` for leads with no 镇街 yet, or ``out_of_area``;
- ``priority`` (P1/P2/P3), ``label``, ``platform``;
- ``state``: ``"open"`` (default: not closed, dismissed or merged), ``"all"``, ``"overdue"`` or a state;
- ``owner`` (a user name) or ``no_owner`` (True); ``date_from`` / ``date_to`` (YYYY-MM-DD, on the
  day the lead was found).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from storage.fts import match_expression

CLOSED_STATES = ("closed", "dismissed", "merged")
# the other states (triage.followup.STATES): listed, so the queue index is read by ranges, not scanned
OPEN_STATES = ("new", "assigned", "in_progress", "resolved", "verified", "escalated", "reopened")
DONE_STATES = ("resolved", "verified", "closed")
PRIORITY_RANK = "CASE leads.priority WHEN 'P1' THEN 1 WHEN 'P2' THEN 2 WHEN 'P3' THEN 3 ELSE 9 END"
# the next deadline: the response deadline until someone responds, then the closure deadline
NEXT_DUE = (
    "coalesce(CASE WHEN leads.responded_at IS NULL AND leads.response_due < leads.close_due "
    "THEN leads.response_due ELSE leads.close_due END, '9999')"
)


def overdue_clause(at: str) -> tuple[str, list[Any]]:
    """SQL (and parameters) true for a lead past its response or closure deadline at ``at``."""
    done = ", ".join(f"'{s}'" for s in (*DONE_STATES, "dismissed", "merged"))
    return (
        f"""((leads.status NOT IN ({done}) AND leads.close_due < ?)
        OR (leads.responded_at IS NULL AND leads.status NOT IN ('dismissed', 'merged') AND leads.response_due < ?))""",
        [at, at],
    )


def _index(filters: dict[str, Any]) -> str:
    """The covering index to read: led by the 镇街 when the filters name one, else by the state."""
    return "leads_town" if filters.get("scope") or filters.get("district") else "leads_queue"


def _where(filters: dict[str, Any], at: str) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.get("scope"):
        where.append("leads.district = ?")
        params.append(filters["scope"])
    district = filters.get("district")
    if district == "none":
        where.append("leads.district IS NULL")
    elif district:
        where.append("leads.district = ?")
        params.append(district)
    for column in ("priority", "label"):
        if filters.get(column):
            where.append(f"leads.{column} = ?")
            params.append(filters[column])
    state = filters.get("state") or "open"
    if state == "open":
        where.append(f"leads.status IN ({', '.join('?' * len(OPEN_STATES))})")
        params.extend(OPEN_STATES)
    elif state == "overdue":
        clause, values = overdue_clause(at)
        where.append(clause)
        params.extend(values)
    elif state != "all":
        where.append("leads.status = ?")
        params.append(state)
    if filters.get("owner"):
        where.append("leads.owner = ?")
        params.append(filters["owner"])
    if filters.get("no_owner"):
        where.append("leads.owner IS NULL")
    if filters.get("date_from"):
        where.append("leads.created_at >= ?")
        params.append(filters["date_from"])
    if filters.get("date_to"):
        where.append("leads.created_at < ?")
        params.append((date.fromisoformat(filters["date_to"]) + timedelta(days=1)).isoformat())
    if filters.get("platform"):
        where.append(
            """EXISTS (SELECT 1 FROM lead_posts lp JOIN posts p ON p.id = lp.post_id
            WHERE lp.lead_id = leads.id AND p.platform = ?)"""
        )
        params.append(filters["platform"])
    return (f"WHERE {' AND '.join(where)}" if where else ""), params


def queue(
    db: Database, filters: dict[str, Any], at: str, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """A page of leads: P1 first, then by the next deadline (response until answered, then closure),
    then the oldest; each with ``platforms`` (comma-separated) and ``is_overdue``."""
    clause, params = _where(filters, at)
    late, late_params = overdue_clause(at)
    # the page's ids first, from the covering index alone; then those rows in full
    rows = list(
        db.query(
            f"""SELECT leads.*, {late} AS is_overdue, {NEXT_DUE} AS next_due FROM leads
            WHERE leads.id IN (SELECT leads.id FROM leads INDEXED BY {_index(filters)} {clause}
                               ORDER BY {PRIORITY_RANK}, {NEXT_DUE}, leads.id LIMIT ? OFFSET ?)
            ORDER BY {PRIORITY_RANK}, next_due, leads.id""",
            [*late_params, *params, limit, offset],
        )
    )
    platforms = lead_platforms(db, [r["id"] for r in rows])
    for row in rows:
        row["platforms"] = platforms.get(row["id"], "")
    return rows


def lead_platforms(db: Database, lead_ids: list[int]) -> dict[int, str]:
    """lead id -> the platforms of its posts, comma-separated."""
    if not lead_ids:
        return {}
    marks = ", ".join("?" * len(lead_ids))
    rows = db.execute(
        f"""SELECT lp.lead_id, group_concat(DISTINCT p.platform) FROM lead_posts lp
        JOIN posts p ON p.id = lp.post_id WHERE lp.lead_id IN ({marks}) GROUP BY lp.lead_id""",
        lead_ids,
    ).fetchall()
    return {lead_id: ",".join(sorted((names or "").split(","))) for lead_id, names in rows}


def queue_counts(db: Database, filters: dict[str, Any], at: str) -> dict[str, int]:
    """How many leads the filters select: ``total``, per priority (``P1``…, ``none``) and ``overdue``."""
    clause, params = _where(filters, at)
    late, late_params = overdue_clause(at)
    row = db.execute(
        f"""SELECT count(*), sum(priority = 'P1'), sum(priority = 'P2'), sum(priority = 'P3'),
        sum(priority IS NULL), sum({late}) FROM leads INDEXED BY {_index(filters)} {clause}""",
        [*late_params, *params],
    ).fetchone()
    keys = ("total", "P1", "P2", "P3", "none", "overdue")
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def platforms(db: Database) -> list[str]:
    """Every platform a post came from (a few index probes: one per platform, not a scan of the posts)."""
    rows = db.execute(
        """WITH RECURSIVE p(name) AS (
            SELECT min(platform) FROM posts
            UNION ALL SELECT (SELECT min(platform) FROM posts WHERE platform > p.name) FROM p WHERE p.name IS NOT NULL
        ) SELECT name FROM p WHERE name IS NOT NULL"""
    ).fetchall()
    return [r[0] for r in rows]


# ---- dashboard -------------------------------------------------------------------------------


def open_breakdown(db: Database, scope: str | None = None) -> list[dict[str, Any]]:
    """Open leads counted per 镇街 and priority: ``[{"district", "P1", "P2", "P3", "none", "total"}]``,
    most P1 first."""
    clause, params = ("AND district = ?", [scope]) if scope else ("", [])
    marks = ", ".join("?" * len(OPEN_STATES))
    rows = db.execute(
        f"""SELECT district, sum(priority = 'P1'), sum(priority = 'P2'), sum(priority = 'P3'),
        sum(priority IS NULL), count(*) FROM leads INDEXED BY {_index({"scope": scope})}
        WHERE status IN ({marks}) {clause}
        GROUP BY district""",
        [*OPEN_STATES, *params],
    ).fetchall()
    out = [
        {"district": d, "P1": p1 or 0, "P2": p2 or 0, "P3": p3 or 0, "none": none or 0, "total": total}
        for d, p1, p2, p3, none, total in rows
    ]
    return sorted(out, key=lambda r: (-r["P1"], -r["total"], r["district"] or "~"))


def daily_counts(db: Database, since: str, scope: str | None = None) -> dict[str, dict[str, int]]:
    """Per day (YYYY-MM-DD, Beijing) since ``since``: leads found (``new``), resolved (办结) and
    closed."""
    clause, params = ("AND district = ?", [scope]) if scope else ("", [])
    out: dict[str, dict[str, int]] = {}
    for column, key in (("created_at", "new"), ("resolved_at", "resolved"), ("closed_at", "closed")):
        rows = db.execute(
            f"""SELECT substr({column}, 1, 10) AS day, count(*) FROM leads INDEXED BY {_index({"scope": scope})}
            WHERE {column} >= ? AND status != 'merged' {clause} GROUP BY day""",
            [since, *params],
        ).fetchall()
        for day, n in rows:
            out.setdefault(day, {"new": 0, "resolved": 0, "closed": 0})[key] = n
    return out


def count_created_since(db: Database, since: str, scope: str | None = None) -> int:
    clause, params = ("AND district = ?", [scope]) if scope else ("", [])
    return db.execute(
        f"""SELECT count(*) FROM leads INDEXED BY {_index({"scope": scope})}
        WHERE created_at >= ? AND status != 'merged' {clause}""",
        [since, *params],
    ).fetchone()[0]


# ---- export ----------------------------------------------------------------------------------


def ledger_rows(db: Database, filters: dict[str, Any], at: str, limit: int = 100_000) -> list[dict[str, Any]]:
    """The 台账: the leads the filters select, in queue order, each with its platforms and its
    ledger as ``events`` (a list of rows, oldest first)."""
    rows = queue(db, filters, at, limit=limit)
    events: dict[int, list[dict[str, Any]]] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for event in db.query(f"SELECT * FROM lead_events WHERE lead_id IN ({marks}) ORDER BY id", chunk):
            events.setdefault(event["lead_id"], []).append(event)
    for row in rows:
        row["events"] = events.get(row["id"], [])
    return rows


# ---- search ----------------------------------------------------------------------------------


def search_posts_with_leads(
    db: Database, query: str, limit: int = 50, scope: str | None = None
) -> list[dict[str, Any]]:
    """Posts matching every word of ``query`` (newest stored first), each with the lead it belongs
    to (``lead_id``, ``lead_district``; None when it is not a lead's). With ``scope``, only posts of
    that 镇街's leads."""
    expression = match_expression(query)
    if not expression:
        return []
    join = "JOIN" if scope else "LEFT JOIN"
    clause, params = ("AND leads.district = ?", [scope]) if scope else ("", [])
    return list(
        db.query(
            f"""SELECT posts.*, lead_posts.lead_id, leads.district AS lead_district,
            leads.priority AS lead_priority FROM posts_fts
            JOIN posts ON posts.id = posts_fts.rowid
            {join} lead_posts ON lead_posts.post_id = posts.id
            {join} leads ON leads.id = lead_posts.lead_id
            WHERE posts_fts MATCH ? {clause} ORDER BY posts_fts.rowid DESC LIMIT ?""",
            [expression, *params, limit],
        )
    )


def closure_counts(db: Database, done_column: str, at: str, since: str | None = None) -> list[dict[str, Any]]:
    """Per 镇街 (None: no 镇街), among leads whose closure deadline passed by ``at`` or that were
    done (``done_column``, e.g. ``resolved_at``): done on time, done late, and still open past the
    deadline. Dismissed and merged leads do not count. Times compare as stored ISO text (all
    written in Beijing time by ``storage.now`` and the deadline rules); ``at`` must be the same."""
    if done_column not in ("resolved_at", "closed_at"):
        raise ValueError(f"not a closure column: {done_column!r}")
    clause, params = ("AND created_at >= ?", [since]) if since else ("", [])
    rows = db.execute(
        f"""SELECT district, sum(done IS NOT NULL AND done <= close_due), sum(done IS NOT NULL AND done > close_due),
        sum(done IS NULL) FROM (SELECT district, close_due, {done_column} AS done FROM leads INDEXED BY leads_queue
            WHERE status NOT IN ('dismissed', 'merged') AND close_due IS NOT NULL {clause})
        WHERE done IS NOT NULL OR close_due <= ? GROUP BY district""",
        [*params, at],
    ).fetchall()
    return [{"district": d, "on_time": a or 0, "late": b or 0, "open_overdue": c or 0} for d, a, b, c in rows]
