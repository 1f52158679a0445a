"""Sources, the record of every crawl run, each source's high-water mark, and source health.

A crawl run moves through ``running`` to one of:

- ``ok``: posts came (new or already stored) and nothing went wrong;
- ``empty``: the pages came back and showed no post at all (a changed layout looks like this);
- ``blocked``: the site refused us: a login wall, a captcha or "安全验证" page, HTTP 403/418/429
  ("请求过于频繁"), or robots.txt; ``blocked_reason`` says which;
- ``error``: errors were logged, or the crawl process failed, timed out or died.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage.db import BEIJING, now, transaction

RUN_STATUSES = ("running", "ok", "empty", "blocked", "error")
CANARY_RESULTS = ("found", "missing")


def ensure_source(db: Database, name: str, platform: str, settings: dict[str, Any] | None = None) -> None:
    """Register a source (or refresh its settings), keeping its high-water mark."""
    with transaction(db):
        db.execute(
            """INSERT INTO sources (name, platform, settings, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET platform = excluded.platform, settings = excluded.settings""",
            [name, platform, json.dumps(settings or {}, ensure_ascii=False), now()],
        )


def start_run(db: Database, source: str) -> int:
    """Open a ``running`` crawl_runs row for ``source``; returns its id."""
    with transaction(db):
        return db.execute(
            "INSERT INTO crawl_runs (source, started_at, status) VALUES (?, ?, 'running')", [source, now()]
        ).lastrowid


def finish_run(
    db: Database,
    run_id: int,
    *,
    status: str,
    items: int = 0,
    new_items: int = 0,
    pages: int = 0,
    errors: int = 0,
    message: str | None = None,
    duration_s: float | None = None,
    seen: int | None = None,
    blocked_reason: str | None = None,
    canary: str | None = None,
    exit_code: int | None = None,
) -> None:
    """Close a run with its outcome and figures.

    >>> finish_run(db, run_id, status="blocked", pages=1, blocked_reason="安全验证 page")  # doctest: +SKIP
    """
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown crawl status {status!r}; expected one of {RUN_STATUSES}")
    if canary is not None and canary not in CANARY_RESULTS:
        raise ValueError(f"unknown canary result {canary!r}; expected one of {CANARY_RESULTS} or None")
    with transaction(db):
        db.execute(
            """UPDATE crawl_runs SET ended_at = ?, status = ?, items = ?, new_items = ?, pages = ?,
            errors = ?, message = ?, duration_s = ?, seen = ?, blocked_reason = ?, canary = ?,
            exit_code = coalesce(?, exit_code) WHERE id = ?""",
            [
                now(),
                status,
                items,
                new_items,
                pages,
                errors,
                message,
                duration_s,
                seen,
                blocked_reason,
                canary,
                exit_code,
                run_id,
            ],  # fmt: skip
        )


def claim_run(db: Database, run_id: int, source: str) -> bool:
    """Take over a ``running`` row opened for this crawl (by the runner, before the crawl knew
    its own source name), recording it under ``source``. False when there is no such open row."""
    with transaction(db):
        return bool(
            db.execute(
                "UPDATE crawl_runs SET source = ? WHERE id = ? AND status = 'running'", [source, run_id]
            ).rowcount
        )


def get_run(db: Database, run_id: int) -> dict[str, Any] | None:
    """One crawl_runs row as a dict, or None."""
    rows = list(db.query("SELECT * FROM crawl_runs WHERE id = ?", [run_id]))
    return rows[0] if rows else None


def close_unfinished_run(
    db: Database, run_id: int, *, message: str, exit_code: int | None = None, duration_s: float | None = None
) -> bool:
    """Record as ``error`` a run whose crawl process ended without closing it (bad arguments, a
    crash, a kill after its timeout). A run the crawl closed itself is left as it is: only its
    exit status is added. Returns True when the run was still ``running``.

    >>> close_unfinished_run(db, run_id, message="killed after 600 s", exit_code=-9)  # doctest: +SKIP
    True
    """
    with transaction(db):
        closed = db.execute(
            """UPDATE crawl_runs SET ended_at = ?, status = 'error', message = ?, exit_code = ?,
            duration_s = coalesce(duration_s, ?) WHERE id = ? AND status = 'running'""",
            [now(), message, exit_code, duration_s, run_id],
        ).rowcount
        if not closed and exit_code is not None:
            db.execute("UPDATE crawl_runs SET exit_code = ? WHERE id = ?", [exit_code, run_id])
    return bool(closed)


def recent_runs(db: Database, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first (of one source, or of all)."""
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    return list(db.query(f"SELECT * FROM crawl_runs {where} ORDER BY id DESC LIMIT ?", [*params, limit]))


# --- high-water marks ----------------------------------------------------------------------------


def high_water(db: Database, source: str) -> dict[str, str] | None:
    """A source's high-water mark, ``{"at": newest posted_at, "id": that post's id}``, or None
    before its first clean run.

    >>> high_water(db, "weibo-zhongshan")  # doctest: +SKIP
    {'at': '2026-11-24T21:05:11+08:00', 'id': '5120000000000001'}
    """
    rows = list(db.query("SELECT high_water_at, high_water_id FROM sources WHERE name = ?", [source]))
    if not rows or not rows[0]["high_water_at"]:
        return None
    return {"at": rows[0]["high_water_at"], "id": rows[0]["high_water_id"]}


def advance_high_water(db: Database, source: str, at: str, post_id: str | None = None) -> bool:
    """Move a source's mark forward to ``at`` (ISO 8601), never back. Call it only once the
    posts up to ``at`` are committed: a crawl that stops half-way must not move it, or the
    posts it never reached would fall below the mark and never be fetched. Returns True when
    the mark moved."""
    moment = _parse(at)
    if moment is None:
        raise ValueError(f"not an ISO 8601 time: {at!r}")
    with transaction(db):
        current = high_water(db, source)
        if current and (_parse(current["at"]) or moment) >= moment:
            return False
        return bool(
            db.execute(
                "UPDATE sources SET high_water_at = ?, high_water_id = ?, updated_at = ? WHERE name = ?",
                [at, post_id, now(), source],
            ).rowcount
        )


# --- health ------------------------------------------------------------------------------------


def source_health(
    db: Database,
    source: str,
    *,
    quiet_hours: float,
    stale_after_s: float | None = None,
    runs: int = 5,
    at: datetime | None = None,
) -> dict[str, Any]:
    """How a source is doing: its last ``runs`` runs (newest first), its mark, when it last
    brought a new post, and ``flags``, each ``{"kind", "detail"}``:

    - ``blocked``: its last finished run was blocked;
    - ``error``: its last finished run failed, or a run has been ``running`` for longer than
      ``stale_after_s`` (the process died without a word);
    - ``suspect``: its last finished run did not find the source's canary;
    - ``quiet``: no new post for longer than ``quiet_hours`` (counted from its first run when it
      never brought one);
    - ``never``: it was never crawled.

    >>> [f["kind"] for f in source_health(db, "tieba-zhongshan", quiet_hours=48)["flags"]]  # doctest: +SKIP
    ['blocked', 'quiet']
    """
    at = (at or datetime.now(BEIJING)).astimezone(BEIJING)
    latest = recent_runs(db, source, limit=runs)
    finished = next((r for r in latest if r["status"] != "running"), None)
    flags: list[dict[str, str]] = []
    if latest and latest[0]["status"] == "running" and stale_after_s:
        started = _parse(latest[0]["started_at"])
        if started and (at - started).total_seconds() > stale_after_s:
            flags.append(
                {
                    "kind": "error",
                    "detail": f"run {latest[0]['id']} started {latest[0]['started_at']} and never finished",
                }
            )
    if finished:
        if finished["status"] == "blocked":
            flags.append(
                {"kind": "blocked", "detail": finished["blocked_reason"] or finished["message"] or ""}
            )
        elif finished["status"] == "error":
            flags.append({"kind": "error", "detail": finished["message"] or f"{finished['errors']} error(s)"})
        if finished["canary"] == "missing":
            flags.append({"kind": "suspect", "detail": "the canary was not found in the last run"})
    span = list(
        db.query(
            """SELECT min(started_at) AS first_at,
            max(CASE WHEN new_items > 0 THEN coalesce(ended_at, started_at) END) AS last_new_at
            FROM crawl_runs WHERE source = ?""",
            [source],
        )
    )[0]
    if span["first_at"] is None:
        flags.append({"kind": "never", "detail": "never crawled"})
    else:
        since = _parse(span["last_new_at"] or span["first_at"])
        if since and at - since > timedelta(hours=quiet_hours):
            hours = (at - since).total_seconds() / 3600
            what = "no new post" if span["last_new_at"] else "no new post ever"
            flags.append(
                {"kind": "quiet", "detail": f"{what} for {hours:.0f} h (quiet period {quiet_hours:g} h)"}
            )
    mark = high_water(db, source)
    return {
        "source": source,
        "runs": latest,
        "last": finished,
        "last_new_at": span["last_new_at"],
        "high_water_at": mark["at"] if mark else None,
        "high_water_id": mark["id"] if mark else None,
        "flags": flags,
    }


def crawled_sources(db: Database) -> list[str]:
    """Every source name the database knows (registered, or with runs), sorted."""
    rows = db.query("SELECT name FROM sources UNION SELECT DISTINCT source FROM crawl_runs ORDER BY 1")
    return [row["name"] for row in rows]


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=BEIJING) if moment.tzinfo is None else moment
