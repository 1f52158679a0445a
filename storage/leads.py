"""Leads (one per case), the posts that make them up, the append-only ledger of what was done,
and the per-post analysis the pipeline wrote."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from storage import factscache
from storage.db import now

LEAD_FIELDS = (
    "case_key", "label", "status", "priority", "queue", "district", "district_reason", "summary",
    "workers", "amount_yuan", "months_unpaid", "employer", "sector", "group_incident", "gov_project",
    "regulators", "first_post_at", "last_post_at", "response_due", "close_due",
    # 006_triage
    "match_facts", "project", "foreman", "phones", "group_signals", "district_confidence", "responded_at",
    "resolved_at", "closed_at", "reappeared_after_closing", "reopen_count", "dismissed_label",
    # 009_jobs_and_mail (recovered_yuan), 012_review_casework
    "recovered_yuan", "workers_paid", "callback_outcome", "callback_at", "confirmed_label", "merged_into",
)  # fmt: skip
FLAG_FIELDS = ("group_incident", "gov_project", "reappeared_after_closing")
ANALYSIS_FIELDS = (
    "label", "score", "model_version", "explanation", "district", "district_confidence",
    "district_reason", "workers", "amount_yuan", "months_unpaid", "employer", "sector",
    "group_incident", "gov_project", "priority", "case_key",
)  # fmt: skip


# ``json.dumps(value, ensure_ascii=False)`` without making a new encoder each time (every post's analysis and
# every new lead pass lists through here)
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json(value: Any) -> Any:
    return _encode(value) if isinstance(value, (list, dict)) else value


_SAVE_ANALYSIS = (
    f"INSERT OR REPLACE INTO post_analysis (post_id, {', '.join(ANALYSIS_FIELDS)}, analyzed_at)"
    f" VALUES ({', '.join('?' * (len(ANALYSIS_FIELDS) + 2))})"
)
_FLAGS = (ANALYSIS_FIELDS.index("group_incident"), ANALYSIS_FIELDS.index("gov_project"))


def analysis_columns(analysis: dict[str, Any]) -> tuple[Any, ...]:
    """The ``post_analysis`` columns of what the pipeline concluded about one post (``ANALYSIS_FIELDS`` in order:
    lists and dicts as JSON, the flags as 0 or 1), as ``save_analysis`` writes them; a pass's workers find them
    (``preparing``), and the storing half writes them with ``save_analysis_rows``."""
    values = list(map(_json, map(analysis.get, ANALYSIS_FIELDS)))
    for flag in _FLAGS:
        values[flag] = int(bool(values[flag]))
    return tuple(values)


def save_analysis(db: Database, post_id: int, analysis: dict[str, Any]) -> None:
    """Record (or replace) what the pipeline concluded about one post."""
    save_analysis_rows(db, [(post_id, analysis_columns(analysis))])


def save_analysis_rows(db: Database, rows: list[tuple[int, tuple[Any, ...]]]) -> None:
    """Record (or replace) the analysis of posts as ``analysis_columns`` made it ((post id, columns) pairs: a pass's
    lead post alone, its posts that are no lead together) in one statement; stops at the first row refused, the
    rows before it written."""
    stamp = now()
    db.conn.executemany(_SAVE_ANALYSIS, [(post_id, *columns, stamp) for post_id, columns in rows])


def lead_by_case_key(db: Database, case_key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM leads WHERE case_key = ?", [case_key]))
    return rows[0] if rows else None


def create_lead(db: Database, fields: dict[str, Any], who: str = "pipeline", note: str | None = None) -> int:
    """Insert a lead and its 'created' event (noted with ``note``, else the summary); returns the
    new lead's id."""
    row = {f: _json(fields.get(f)) for f in LEAD_FIELDS}
    row["status"] = row["status"] or "new"
    for flag in FLAG_FIELDS:
        row[flag] = int(bool(row[flag]))
    row["reopen_count"] = row["reopen_count"] or 0
    stamp = now()
    columns = [*row, "created_at", "updated_at"]
    lead_id = db.execute(
        f"INSERT INTO leads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [*row.values(), stamp, stamp],
    ).lastrowid
    add_event(db, lead_id, who, "created", None, row["status"], note or fields.get("summary"))
    return lead_id


def attach_post(
    db: Database,
    lead_id: int,
    post: dict[str, Any],
    reason: str,
    score: float | None,
    writes: LeadWrites | None = None,
) -> bool:
    """Link a post to a lead and refresh the lead's counts, heat and dates. A post already linked
    changes nothing (returns False). ``writes``: the lead's counts are refreshed by its ``write``, with the
    other changes the post makes (a pipeline pass)."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO lead_posts (lead_id, post_id, reason, score, added_at) VALUES (?, ?, ?, ?, ?)",
        [lead_id, post["id"], reason, score, now()],
    )
    if cursor.rowcount == 0:
        return False
    counted = LeadWrites(lead_id) if writes is None else writes
    counted.count_post(post)
    if writes is None:
        counted.write(db)
    return True


_COUNT_POST = """post_count = post_count + 1, heat = heat + ?,
        first_post_at = CASE WHEN first_post_at IS NULL OR ? < first_post_at THEN ? ELSE first_post_at END,
        last_post_at = CASE WHEN last_post_at IS NULL OR ? > last_post_at THEN ? ELSE last_post_at END"""


class LeadWrites:
    """The changes one post's storing makes to its lead, written in one UPDATE (``write``) rather than one for
    each (#12: a lead post changed its lead two or three times: facts it filled in, its count and heat, the
    matching facts). ``update`` takes what ``update_lead`` takes, each call a ``version`` more as each
    ``update_lead`` gives; ``count_post`` counts a linked post as ``attach_post`` does. Until ``write``, the
    lead's row as stored lacks them: the caller reads nothing of it in between."""

    def __init__(self, lead_id: int):
        self.lead_id, self.fields, self.versions, self.post = lead_id, {}, 0, None

    def update(self, fields: dict[str, Any]) -> None:
        _check_fields(fields)
        if fields:
            self.fields.update(fields)
            self.versions += 1

    def count_post(self, post: dict[str, Any]) -> None:
        if self.post is not None:
            raise ValueError("one post is counted per write")
        self.post = post

    def write(self, db: Database) -> None:
        """Write the changes gathered (nothing when there are none); then there are none."""
        if not self.fields and self.post is None:
            return
        sets = [f"{f} = ?" for f in self.fields]
        values = list(map(_json, self.fields.values()))
        written = dict(zip(self.fields, values, strict=True))
        if self.post is not None:
            if _COUNTED & set(self.fields):
                raise ValueError(f"a post counted and its lead's counts set at once: {sorted(self.fields)}")
            posted = self.post.get("posted_at")
            sets.append(_COUNT_POST)
            values += [_heat(self.post), posted, posted, posted, posted]
        db.execute(
            f"UPDATE leads SET {', '.join(sets)}, updated_at = ?, version = version + ? WHERE id = ?",
            [*values, now(), self.versions, self.lead_id],
        )
        if written:
            factscache.written(db, self.lead_id, written)
        self.fields, self.versions, self.post = {}, 0, None


_COUNTED = {"post_count", "heat", "first_post_at", "last_post_at"}


def _heat(post: dict[str, Any]) -> int:
    return sum(post.get(f) or 0 for f in ("reposts", "comments", "likes")) + 1


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(LEAD_FIELDS) - {"owner"}
    if unknown:
        raise ValueError(f"unknown lead fields: {sorted(unknown)}")


def update_lead(db: Database, lead_id: int, fields: dict[str, Any]) -> None:
    """Change a lead's fields; its ``version`` goes up by one (a form filled in against the older
    version is then refused, see ``triage.casework``)."""
    writes = LeadWrites(lead_id)
    writes.update(fields)
    writes.write(db)


def add_event(
    db: Database,
    lead_id: int,
    who: str,
    action: str,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
    label: str | None = None,
    at: str | None = None,
) -> int:
    """Append one row to the lead's ledger (台账). Rows are never updated or deleted. ``label`` is
    the correct classifier label an officer gives when dismissing a lead."""
    return db.execute(
        """INSERT INTO lead_events (lead_id, at, who, action, from_state, to_state, note, label)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [lead_id, at or now(), who, action, from_state, to_state, note, label],
    ).lastrowid


def get_lead(db: Database, lead_id: int) -> dict[str, Any] | None:
    """One lead by id, or None."""
    cursor = db.execute("SELECT * FROM leads WHERE id = ?", [lead_id])
    row = cursor.fetchone()  # (not ``db.query``: read for every lead post stored, its savepoint costs)
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def find_lead(db: Database, ref: str | int) -> dict[str, Any] | None:
    """A lead by id (``12``) or by the id ``wagewatch analyze`` prints (``L-<case_key>``)."""
    ref = str(ref).strip()
    if ref.isdigit():
        return get_lead(db, int(ref))
    key = ref[2:] if ref.upper().startswith("L-") else ref
    return lead_by_case_key(db, key)


def list_leads(
    db: Database,
    *,
    status: str | None = None,
    district: str | None = None,
    priority: str | None = None,
    created_since: str | None = None,
    limit: int = 1000,
    queue: str | None = None,
    owner: str | None = None,
) -> list[dict[str, Any]]:
    """Leads, most urgent first (priority, then heat)."""
    where, params = [], []
    for column, value in (
        ("status", status), ("district", district), ("priority", priority), ("queue", queue), ("owner", owner),
    ):  # fmt: skip
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if created_since:
        where.append("created_at >= ?")
        params.append(created_since)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return list(
        db.query(
            f"""SELECT * FROM leads {clause}
            ORDER BY coalesce(priority, 'P9'), heat DESC, id LIMIT ?""",
            [*params, limit],
        )
    )


def lead_posts(db: Database, lead_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT posts.*, lead_posts.reason, lead_posts.score AS merge_score FROM lead_posts
            JOIN posts ON posts.id = lead_posts.post_id WHERE lead_posts.lead_id = ?
            ORDER BY posts.posted_at, posts.id""",
            [lead_id],
        )
    )


def has_event(db: Database, lead_id: int, action: str, note: str | None = None) -> bool:
    """Whether the lead's ledger already holds an ``action`` event: with exactly this ``note``, or any
    (``split``: an officer split a post off it)."""
    where, params = ("AND note = ?", [note]) if note is not None else ("", [])
    return bool(
        db.execute(
            f"SELECT 1 FROM lead_events WHERE lead_id = ? AND action = ? {where} LIMIT 1",
            [lead_id, action, *params],
        ).fetchone()
    )


def lead_events(db: Database, lead_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM lead_events WHERE lead_id = ? ORDER BY id", [lead_id]))


def events_by_lead(db: Database) -> dict[int, list[dict[str, Any]]]:
    """Every lead's ledger (lead_id, at, who, action), oldest first: lead id -> its events."""
    events: dict[int, list[dict[str, Any]]] = {}
    for event in db.query("SELECT lead_id, at, who, action FROM lead_events ORDER BY id"):
        events.setdefault(event["lead_id"], []).append(event)
    return events


def unmerged_leads(db: Database) -> Iterator[dict[str, Any]]:
    """Every lead not merged into another (whatever its state), as rows."""
    return db.query("SELECT * FROM leads WHERE status != 'merged'")


def lead_districts(db: Database) -> dict[int, str | None]:
    """lead id -> its 镇街 (or ``out_of_area``, or None), every lead."""
    return {row["id"]: row["district"] for row in db.query("SELECT id, district FROM leads")}


def posts_with_lead(db: Database) -> Iterator[dict[str, Any]]:
    """Every stored post (id, platform, post_id, url, title, text, posted_at, region) with the lead it is in and
    when it joined it (``lead_id``, ``added_at``: None for no lead), in posting order; streamed."""
    return db.query(
        """SELECT p.id, p.platform, p.post_id, p.url, p.title, p.text, p.posted_at, p.region,
        lp.lead_id, lp.added_at FROM posts p LEFT JOIN lead_posts lp ON lp.post_id = p.id
        ORDER BY coalesce(p.posted_at, ''), p.id"""
    )


def analysis_for_posts(db: Database, post_ids: list[int]) -> dict[int, dict[str, Any]]:
    """post id -> its analysis joined with the id of the lead it belongs to (or None)."""
    if not post_ids:
        return {}
    marks = ", ".join("?" * len(post_ids))
    rows = db.query(
        f"""SELECT post_analysis.*, lead_posts.lead_id FROM post_analysis
        LEFT JOIN lead_posts ON lead_posts.post_id = post_analysis.post_id
        WHERE post_analysis.post_id IN ({marks})""",
        post_ids,
    )
    return {row["post_id"]: row for row in rows}


def leads_closed_between(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """Leads whose ``closed_at`` lies in [start, end) (ISO times), oldest first."""
    return list(
        db.query(
            "SELECT * FROM leads WHERE closed_at >= ? AND closed_at < ? ORDER BY closed_at, id", [start, end]
        )
    )


def add_spot_checks(db: Database, month: str, seed: str, lead_ids: list[int], who: str) -> None:
    """Record the leads drawn for a month's spot check (a lead drawn twice keeps its first row)."""
    stamp = now()
    db.conn.executemany(
        """INSERT OR IGNORE INTO spot_checks (month, lead_id, seed, selected_at, selected_by)
        VALUES (?, ?, ?, ?, ?)""",
        [(month, lead_id, seed, stamp, who) for lead_id in lead_ids],
    )


def spot_checks(db: Database, month: str | None = None) -> list[dict[str, Any]]:
    """Spot-check rows (of one month, or all), joined with the lead's 镇街 and status."""
    clause, params = ("WHERE spot_checks.month = ?", [month]) if month else ("", [])
    return list(
        db.query(
            f"""SELECT spot_checks.*, leads.district, leads.status, leads.owner FROM spot_checks
            JOIN leads ON leads.id = spot_checks.lead_id {clause} ORDER BY spot_checks.month, spot_checks.id""",
            params,
        )
    )


def set_spot_check_outcome(
    db: Database, check_id: int, outcome: str, who: str, note: str | None = None
) -> None:
    """Record what a spot check found (``paid`` or ``not_paid``)."""
    db.execute(
        "UPDATE spot_checks SET outcome = ?, checked_by = ?, checked_at = ?, note = ? WHERE id = ?",
        [outcome, who, now(), note, check_id],
    )


def move_lead_posts(db: Database, from_lead: int, to_lead: int, post_ids: list[int] | None = None) -> int:
    """Move posts (all of ``from_lead``'s, or ``post_ids``) to ``to_lead``, with their duplicate-index
    rows, then recount both leads. Merging (all posts) also moves the lead's match keys, so later
    posts of the case find the lead that absorbed it. Returns the number of posts moved."""
    clause, params = (
        ("", []) if post_ids is None else (f"AND post_id IN ({', '.join('?' * len(post_ids))})", post_ids)
    )
    moved = db.execute(
        f"UPDATE lead_posts SET lead_id = ? WHERE lead_id = ? {clause}", [to_lead, from_lead, *params]
    ).rowcount
    db.execute(
        f"UPDATE dedup_buckets SET lead_id = ? WHERE lead_id = ? {clause}", [to_lead, from_lead, *params]
    )
    if post_ids is None:
        db.execute(
            "INSERT OR IGNORE INTO lead_keys (key, lead_id) SELECT key, ? FROM lead_keys WHERE lead_id = ?",
            [to_lead, from_lead],
        )
        db.execute("DELETE FROM lead_keys WHERE lead_id = ?", [from_lead])
    for lead_id in (from_lead, to_lead):
        refresh_lead_counts(db, lead_id)
    return moved


def refresh_lead_counts(db: Database, lead_id: int) -> None:
    """Recount a lead's posts, heat and first/last post times from its posts (after a merge or split)."""
    db.execute(
        """UPDATE leads SET
        post_count = (SELECT count(*) FROM lead_posts WHERE lead_id = :id),
        heat = (SELECT coalesce(sum(coalesce(p.reposts, 0) + coalesce(p.comments, 0) + coalesce(p.likes, 0) + 1), 0)
                FROM lead_posts lp JOIN posts p ON p.id = lp.post_id WHERE lp.lead_id = :id),
        first_post_at = (SELECT min(p.posted_at) FROM lead_posts lp JOIN posts p ON p.id = lp.post_id WHERE lp.lead_id = :id),
        last_post_at = (SELECT max(p.posted_at) FROM lead_posts lp JOIN posts p ON p.id = lp.post_id WHERE lp.lead_id = :id),
        updated_at = :at, version = version + 1 WHERE id = :id""",
        {"id": lead_id, "at": now()},
    )


def post_analysis(db: Database, post_ids: list[int]) -> dict[int, dict[str, Any]]:
    """post id -> what the pipeline concluded about it (label, score, explanation, model version, facts)."""
    if not post_ids:
        return {}
    marks = ", ".join("?" * len(post_ids))
    return {
        r["post_id"]: r for r in db.query(f"SELECT * FROM post_analysis WHERE post_id IN ({marks})", post_ids)
    }
