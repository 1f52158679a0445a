"""What was built to be sent and what became of it: digests (one per day and recipient group),
immediate alerts (one per lead) and their deliveries (one per recipient).

A delivery is ``built`` when its message is stored, ``sent`` only once the server accepted it,
``failed`` with the error when it did not (it is owed, and retried), ``abandoned`` when it was
still not accepted after the configured time. The message is stored whole, so what is retried is
byte for byte what was built.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from storage.db import now, transaction

OWED = ("built", "failed")


def digest_for_day(db: Database, day: str, district: str | None) -> dict[str, Any] | None:
    """The digest built for ``day`` (YYYY-MM-DD) and recipient group (a 镇街, or None: the city)."""
    rows = list(
        db.query("SELECT * FROM digests WHERE day = ? AND coalesce(district, '') = ?", [day, district or ""])
    )
    return rows[0] if rows else None


def previous_digest(db: Database, day: str, district: str | None) -> dict[str, Any] | None:
    """The latest digest of the group built for a day before ``day``: the next one starts where it ended."""
    rows = list(
        db.query(
            """SELECT * FROM digests WHERE day < ? AND coalesce(district, '') = ?
            ORDER BY day DESC LIMIT 1""",
            [day, district or ""],
        )
    )
    return rows[0] if rows else None


def create_digest(
    db: Database,
    *,
    day: str,
    district: str | None,
    period_start: str,
    period_end: str,
    recipients: list[str],
    lead_ids: list[int],
    html: str,
    message: str,
) -> tuple[int, bool]:
    """Record a built digest with one ``built`` delivery per recipient, in one transaction.
    Returns ``(digest id, created)``; when another process built the same day and group first,
    its digest is kept and returned with ``created`` False."""
    with transaction(db):
        cursor = db.execute(
            """INSERT OR IGNORE INTO digests
            (created_at, day, district, period_start, period_end, recipients, lead_ids, html, message, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'built')""",
            [now(), day, district, period_start, period_end, json.dumps(recipients, ensure_ascii=False),
             json.dumps(lead_ids), html, message],
        )  # fmt: skip
        if not cursor.rowcount:
            return digest_for_day(db, day, district)["id"], False
        digest_id = cursor.lastrowid
        _add_deliveries(db, "digest_id", digest_id, [("email", r) for r in recipients])
    return digest_id, True


def _add_deliveries(db: Database, column: str, ref: int, targets: list[tuple[str, str]]) -> None:
    stamp = now()
    db.conn.executemany(
        f"""INSERT OR IGNORE INTO deliveries ({column}, channel, recipient, status, created_at)
        VALUES (?, ?, ?, 'built', ?)""",
        [(ref, channel, recipient, stamp) for channel, recipient in targets],
    )


def refresh_digest_status(db: Database, digest_id: int) -> str:
    """A digest is ``sent`` when every delivery was accepted, ``failed`` when one failed for good
    or still waits after a failure, else ``built``. Returns the status."""
    counts = {
        row["status"]: row["n"]
        for row in db.query(
            "SELECT status, count(*) AS n FROM deliveries WHERE digest_id = ? GROUP BY status", [digest_id]
        )
    }
    if counts and set(counts) == {"sent"}:
        status = "sent"
    elif counts.get("failed") or counts.get("abandoned"):
        status = "failed"
    else:
        status = "built"
    with transaction(db):
        db.execute(
            """UPDATE digests SET status = ?,
            sent_at = CASE WHEN ? = 'sent' THEN coalesce(sent_at, ?) ELSE sent_at END WHERE id = ?""",
            [status, status, now(), digest_id],
        )
    return status


# --- alerts -------------------------------------------------------------------------------------


def alert_events_owed(db: Database) -> list[dict[str, Any]]:
    """The first 'alert' ledger event of every lead that has no alert yet, oldest first."""
    return list(
        db.query(
            """SELECT lead_events.* FROM lead_events
            WHERE action = 'alert' AND id IN (SELECT min(id) FROM lead_events WHERE action = 'alert' GROUP BY lead_id)
            AND lead_id NOT IN (SELECT lead_id FROM alerts) ORDER BY id"""
        )
    )


def create_alert(
    db: Database,
    *,
    lead_id: int,
    event_id: int | None,
    subject: str,
    message: str | None,
    payload: str | None,
    targets: list[tuple[str, str]],
    skipped_reason: str | None = None,
) -> tuple[int, bool]:
    """Record a lead's alert (at most one per lead) with a ``built`` delivery per target
    (``("email", address)`` or ``("webhook", kind)``). Returns ``(alert id, created)``."""
    with transaction(db):
        cursor = db.execute(
            """INSERT OR IGNORE INTO alerts (lead_id, event_id, created_at, subject, message, payload, skipped_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [lead_id, event_id, now(), subject, message, payload, skipped_reason],
        )
        if not cursor.rowcount:
            row = db.execute("SELECT id FROM alerts WHERE lead_id = ?", [lead_id]).fetchone()
            return row[0], False
        _add_deliveries(db, "alert_id", cursor.lastrowid, targets)
        return cursor.lastrowid, True


def get_alert(db: Database, lead_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM alerts WHERE lead_id = ?", [lead_id]))
    return rows[0] if rows else None


# --- deliveries ----------------------------------------------------------------------------------


def owed_deliveries(db: Database, at: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Deliveries not accepted yet (``built`` or ``failed``) whose retry time has come by ``at``
    (every owed one when ``at`` is None), alerts first, each with what to send: ``message`` (the
    MIME text) or ``payload`` (the webhook's JSON), ``kind`` ('alert' or 'digest'), the digest's
    day and 镇街 or the alert's lead."""
    where = ["deliveries.status IN ('built', 'failed')"]
    params: list[Any] = []
    if at is not None:
        where.append("(deliveries.next_attempt_at IS NULL OR deliveries.next_attempt_at <= ?)")
        params.append(at)
    if kind == "alert":
        where.append("deliveries.alert_id IS NOT NULL")
    elif kind == "digest":
        where.append("deliveries.digest_id IS NOT NULL")
    return list(
        db.query(
            f"""SELECT deliveries.*,
            CASE WHEN deliveries.alert_id IS NOT NULL THEN 'alert' ELSE 'digest' END AS kind,
            coalesce(alerts.message, digests.message) AS message, alerts.payload AS payload,
            alerts.lead_id AS lead_id, alerts.subject AS subject, digests.day AS day,
            digests.district AS district
            FROM deliveries
            LEFT JOIN alerts ON alerts.id = deliveries.alert_id
            LEFT JOIN digests ON digests.id = deliveries.digest_id
            WHERE {" AND ".join(where)}
            ORDER BY deliveries.alert_id IS NULL, deliveries.id""",
            params,
        )
    )


def mark_delivery_sent(db: Database, delivery_id: int) -> None:
    """The server accepted it: never sent again."""
    stamp = now()
    with transaction(db):
        db.execute(
            """UPDATE deliveries SET status = 'sent', sent_at = ?, last_attempt_at = ?,
            attempts = attempts + 1, error = NULL, next_attempt_at = NULL WHERE id = ?""",
            [stamp, stamp, delivery_id],
        )


def mark_delivery_failed(
    db: Database, delivery_id: int, error: str, next_attempt_at: str | None, abandon: bool = False
) -> None:
    """Not accepted: ``failed`` (owed, retried from ``next_attempt_at``), or ``abandoned``."""
    with transaction(db):
        db.execute(
            """UPDATE deliveries SET status = ?, error = ?, last_attempt_at = ?, attempts = attempts + 1,
            next_attempt_at = ? WHERE id = ?""",
            ["abandoned" if abandon else "failed", error[:1000], now(), next_attempt_at, delivery_id],
        )


def recent_deliveries(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    """The latest deliveries, newest first, with the digest's day and 镇街 or the alert's lead."""
    return list(
        db.query(
            """SELECT deliveries.*, digests.day, digests.district, alerts.lead_id FROM deliveries
            LEFT JOIN digests ON digests.id = deliveries.digest_id
            LEFT JOIN alerts ON alerts.id = deliveries.alert_id
            ORDER BY deliveries.id DESC LIMIT ?""",
            [limit],
        )
    )


def delivery_counts(db: Database) -> dict[str, int]:
    """Deliveries by status: ``{"sent": 12, "failed": 1, ...}``."""
    return {
        row["status"]: row["n"]
        for row in db.query("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
    }
