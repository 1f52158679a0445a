"""Sources and the record of every crawl run (for health checks)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from storage.db import now, transaction

RUN_STATUSES = ("running", "ok", "empty", "blocked", "error")


def ensure_source(db: Database, name: str, platform: str, settings: dict[str, Any] | None = None) -> None:
    """Register a source (or refresh its settings), keeping its high-water mark."""
    with transaction(db):
        db.execute(
            """INSERT INTO sources (name, platform, settings, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET platform = excluded.platform, settings = excluded.settings""",
            [name, platform, json.dumps(settings or {}, ensure_ascii=False), now()],
        )


def start_run(db: Database, source: str) -> int:
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
) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown crawl status {status!r}; expected one of {RUN_STATUSES}")
    with transaction(db):
        db.execute(
            """UPDATE crawl_runs SET ended_at = ?, status = ?, items = ?, new_items = ?, pages = ?,
            errors = ?, message = ? WHERE id = ?""",
            [now(), status, items, new_items, pages, errors, message, run_id],
        )


def recent_runs(db: Database, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    return list(db.query(f"SELECT * FROM crawl_runs {where} ORDER BY id DESC LIMIT ?", [*params, limit]))
