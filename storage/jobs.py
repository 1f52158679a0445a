"""The record of every job run (``job_runs``) and named locks across processes (``job_locks``).

A job run moves from ``running`` to ``ok``, ``error`` (with the error text) or ``skipped`` (with
why: the job was already running elsewhere, nothing was due). A lock is a row with an owner, the
owner's pid and host and an expiry; the second process that asks for it is refused, unless the
lock's time ran out or its owner is a process on this host that no longer exists.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage.db import BEIJING, now, transaction

JOB_STATUSES = ("running", "ok", "error", "skipped")


def _host() -> str:
    return socket.gethostname()


def start_job_run(db: Database, job: str, detail: str | None = None) -> int:
    """Open a ``running`` row for ``job`` in this process; returns its id.

    >>> run_id = start_job_run(db, "crawl:weibo-zhongshan")  # doctest: +SKIP
    """
    with transaction(db):
        return db.execute(
            "INSERT INTO job_runs (job, started_at, status, detail, pid, host) VALUES (?, ?, 'running', ?, ?, ?)",
            [job, now(), detail, os.getpid(), _host()],
        ).lastrowid


def finish_job_run(
    db: Database, run_id: int, status: str, error: str | None = None, detail: str | None = None
) -> None:
    """Close a run as ``ok``, ``error`` or ``skipped`` (``detail`` replaces the opening one when given)."""
    if status not in JOB_STATUSES[1:]:
        raise ValueError(f"unknown job status {status!r}; expected one of {JOB_STATUSES[1:]}")
    with transaction(db):
        db.execute(
            """UPDATE job_runs SET ended_at = ?, status = ?, error = ?, detail = coalesce(?, detail)
            WHERE id = ?""",
            [now(), status, error, detail, run_id],
        )


def record_skipped(db: Database, job: str, reason: str) -> int:
    """A run that did not happen, and why (already running elsewhere, nothing due)."""
    stamp = now()
    with transaction(db):
        return db.execute(
            """INSERT INTO job_runs (job, started_at, ended_at, status, error, pid, host)
            VALUES (?, ?, ?, 'skipped', ?, ?, ?)""",
            [job, stamp, stamp, reason, os.getpid(), _host()],
        ).lastrowid


def recent_job_runs(db: Database, limit: int = 50, job: str | None = None) -> list[dict[str, Any]]:
    """The latest job runs, newest first (of one job, or of all); for ``wagewatch jobs`` and the
    dashboard.

    >>> [r["status"] for r in recent_job_runs(db, 2)]  # doctest: +SKIP
    ['ok', 'skipped']
    """
    where, params = ("WHERE job = ?", [job]) if job else ("", [])
    return list(db.query(f"SELECT * FROM job_runs {where} ORDER BY id DESC LIMIT ?", [*params, limit]))


def count_job_runs(db: Database, job: str | None = None) -> int:
    where, params = ("WHERE job = ?", [job]) if job else ("", [])
    return db.execute(f"SELECT count(*) FROM job_runs {where}", params).fetchone()[0]


def last_job_runs(db: Database) -> list[dict[str, Any]]:
    """The latest run of every job, by job name."""
    return list(
        db.query(
            """SELECT * FROM job_runs WHERE id IN (SELECT max(id) FROM job_runs GROUP BY job)
            ORDER BY job"""
        )
    )


def prune_job_runs(db: Database, older_than_days: int = 90) -> int:
    """Forget finished job runs started more than ``older_than_days`` ago (the alert job alone runs
    720 times a day); returns how many were removed."""
    cutoff = (datetime.now(BEIJING) - timedelta(days=older_than_days)).isoformat(timespec="seconds")
    with transaction(db):
        return db.execute(
            "DELETE FROM job_runs WHERE started_at < ? AND status != 'running'", [cutoff]
        ).rowcount


def close_dead_job_runs(db: Database) -> int:
    """Close as ``error`` the ``running`` rows of processes on this host that no longer exist (a
    scheduler killed without a chance to record the end). Returns how many were closed."""
    rows = list(db.query("SELECT id, pid FROM job_runs WHERE status = 'running' AND host = ?", [_host()]))
    dead = [row["id"] for row in rows if not _alive(row["pid"])]
    with transaction(db):
        for run_id in dead:
            db.execute(
                """UPDATE job_runs SET ended_at = ?, status = 'error',
                error = 'abandoned: the process died before recording the end' WHERE id = ? AND status = 'running'""",
                [now(), run_id],
            )
    return len(dead)


# --- locks -------------------------------------------------------------------------------------


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def get_lock(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM job_locks WHERE name = ?", [name]))
    return rows[0] if rows else None


def acquire_lock(db: Database, name: str, ttl_s: float) -> tuple[str | None, dict[str, Any] | None]:
    """Take the lock ``name`` for ``ttl_s`` seconds. Returns ``(token, None)`` when taken (give
    the token to :func:`release_lock`), else ``(None, holder)`` with the holder's row.

    A lock past its expiry, or held by a process of this host that no longer exists, is taken over.

    >>> token, holder = acquire_lock(db, "crawl:weibo", 660)  # doctest: +SKIP
    """
    moment = datetime.now(BEIJING).replace(microsecond=0)
    token = f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    with transaction(db):
        holder = get_lock(db, name)
        if holder is not None:
            expired = datetime.fromisoformat(holder["expires_at"]) <= moment
            dead = holder["host"] == _host() and not _alive(holder["pid"])
            if not (expired or dead):
                return None, holder
            db.execute("DELETE FROM job_locks WHERE name = ?", [name])
        db.execute(
            """INSERT INTO job_locks (name, owner, pid, host, acquired_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)""",
            [name, token, os.getpid(), _host(), moment.isoformat(),
             (moment + timedelta(seconds=ttl_s)).isoformat()],
        )  # fmt: skip
    return token, None


def release_lock(db: Database, name: str, token: str) -> bool:
    """Give the lock back (only its owner's token does). True when it was held with that token."""
    with transaction(db):
        return bool(db.execute("DELETE FROM job_locks WHERE name = ? AND owner = ?", [name, token]).rowcount)


def describe_lock(holder: dict[str, Any]) -> str:
    """A lock's holder in words: ``pid 4242 on host-a since 2026-11-25T03:12:00+08:00``."""
    return f"pid {holder['pid']} on {holder['host']} since {holder['acquired_at']}"
