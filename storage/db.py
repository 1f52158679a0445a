"""Opening the database file: WAL, a busy timeout and pending migrations on every connection."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlite_utils import Database

from storage.migrations import migrations

DEFAULT_DB = "wagewatch.db"
BUSY_TIMEOUT_MS = 30_000
BEIJING = timezone(timedelta(hours=8))


def now() -> str:
    """The current time as ISO 8601 in Beijing time, to the second: ``2026-11-25T09:30:00+08:00``."""
    return datetime.now(BEIJING).replace(microsecond=0).isoformat()


def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """``path`` if given, else env ``WAGEWATCH_DB``, else ``./wagewatch.db``."""
    return Path(path or os.environ.get("WAGEWATCH_DB") or DEFAULT_DB)


def connect(path: str | os.PathLike) -> Database:
    """A connection with the busy timeout set, without touching the schema."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def open_db(path: str | os.PathLike | None = None) -> Database:
    """Open (creating if needed) the wagewatch database and bring its schema up to date.

    >>> db = open_db(tmp_path / "w.db")   # doctest: +SKIP
    >>> db["posts"].count                  # doctest: +SKIP
    0
    """
    path = resolve_db_path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    migrate(db)
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def memory_db() -> Database:
    """A migrated in-memory database, for stateless runs (``wagewatch analyze``) and tests."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return db


def migrate(db: Database, attempts: int = 20) -> None:
    """Apply pending migrations. Several processes may open a new file at the same moment: the
    loser of that race sees the winner's tables, waits, and finds nothing left to do."""
    for attempt in range(attempts):
        if not migrations.pending(db):
            return
        try:
            migrations.apply(db)
            return
        except (sqlite3.OperationalError, sqlite3.IntegrityError) as exc:
            if attempt == attempts - 1:
                raise
            # the other process created the tables, holds the lock, or recorded the migration first
            if not any(text in str(exc) for text in ("already exists", "locked", "_sqlite_migrations")):
                raise
            time.sleep(0.05 * (attempt + 1))


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock at its start (``BEGIN IMMEDIATE``).

    A deferred transaction that reads first and writes later can fail with "database is locked"
    without waiting when another process writes in between; taking the lock first lets SQLite's
    busy timeout do its job. Nested use becomes a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def backup(db: Database, dest: str | os.PathLike) -> Path:
    """A consistent copy of the live database at ``dest``, while other processes keep writing
    (SQLite's online backup API copies a single snapshot)."""
    dest = Path(dest)
    if dest.exists():
        raise FileExistsError(f"{dest} already exists; refusing to overwrite it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(str(dest))
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return dest
