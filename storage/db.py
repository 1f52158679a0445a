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

from storage import factscache
from storage.migrations import migrations

DEFAULT_DB = "wagewatch.db"
BUSY_TIMEOUT_MS = 30_000
# pages an ``open_db`` connection (the pipeline's, the scheduler's, a command's) may keep in memory; SQLite's
# default is 2 MB. The duplicate lookup probes ~17 LSH buckets and a few lead keys per post at random places
# of tables that grow with the history; with 2 MB every probe re-reads its B-tree pages from the operating
# system (bench/triage.py --million --keep, median lookup at 1M stored posts: 1.42 → 1.19–1.25 ms with the file
# in the OS cache; 6.06 ms with 2 MB on a first run after it had left that cache). Memory is taken only as pages
# are read (a small database never fills it; +240 MB at 1M). The web server's threads keep SQLite's default.
CACHE_MB = 256
# compiled statements a connection keeps (Python's default is 128): a pipeline pass runs ~200 distinct ones (the
# lookups' IN lists and key unions come in many lengths), so at 128 the ones a pass asks for again were pushed out
# and compiled anew (#12); a few KB each
STATEMENT_CACHE = 512
BEIJING = timezone(timedelta(hours=8))


_clock = [-1, ""]  # the second last formatted, and how: a pass asks for the time many times a second


def now() -> str:
    """The current time as ISO 8601 in Beijing time, to the second: ``2026-11-25T09:30:00+08:00``."""
    second = int(time.time())
    if second != _clock[0]:
        _clock[0], _clock[1] = second, datetime.fromtimestamp(second, BEIJING).isoformat()
    return _clock[1]


def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """``path`` if given, else env ``WAGEWATCH_DB``, else ``./wagewatch.db``."""
    return Path(path or os.environ.get("WAGEWATCH_DB") or DEFAULT_DB)


def connect(path: str | os.PathLike, cache_mb: int | None = None) -> Database:
    """A connection with the busy timeout set, without touching the schema; ``cache_mb``: the most
    pages it keeps in memory (None: SQLite's default, 2 MB)."""
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, cached_statements=STATEMENT_CACHE
    )
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if cache_mb:
        db.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
    db.execute("PRAGMA foreign_keys=ON")
    return db


class DatabaseRefused(RuntimeError):
    """A file wagewatch will not open as its database (not SQLite, another program's database, made by
    a newer wagewatch, damaged, read-only); the message names the file and what to do. The file is
    never written to."""


def check_file(path: str | os.PathLike, writable: bool = True) -> None:
    """Refuse, before anything is written, a file that is not a wagewatch database this version can
    use: not SQLite (or damaged beyond opening), another program's SQLite database, one made by a
    newer wagewatch (migrations this version does not know), or — when ``writable`` — a read-only
    file or folder (SQLite's WAL needs to create files beside the database). A missing file passes:
    it will be created."""
    path = Path(path)
    if not path.exists():
        folder = path.parent if str(path.parent) else Path(".")
        if folder.exists() and writable and not os.access(folder, os.W_OK):
            raise DatabaseRefused(f"{path}: cannot create the database: the folder {folder} is read-only")
        return
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a database file")
    if writable and not os.access(path, os.W_OK):
        raise DatabaseRefused(
            f"{path} is read-only: wagewatch needs to write to its database (check its permissions)"
        )
    if writable and not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
        raise DatabaseRefused(
            f"{path}: its folder is read-only (SQLite keeps its -wal and -shm files beside the database)"
        )
    # The file is never opened here except through SQLite: closing any other descriptor of a database
    # file drops every POSIX lock this process holds on it, and with them the protection of the
    # connections already open (another process could then write underneath them).
    if path.stat().st_size == 0:
        return  # an empty file: SQLite treats it as a new database
    try:
        tables, applied, other_sets = _schema_of(path)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise DatabaseRefused(f"{path} is not a SQLite database ({exc}); refusing to touch it") from None
        raise DatabaseRefused(
            f"{path} cannot be read as a SQLite database ({exc}); it may be damaged"
        ) from None
    being_made = "_sqlite_migrations" in tables and not other_sets  # another wagewatch is creating it now
    if tables and not applied and not being_made:
        raise DatabaseRefused(
            f"{path} is a SQLite database of another program (tables: {', '.join(sorted(tables)[:5])}); "
            "wagewatch will not add its tables to it — give another --db path"
        )
    known = {m.name for m in migrations._migrations}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DatabaseRefused(
            f"{path} was made by a newer wagewatch (schema changes this version does not know: "
            f"{', '.join(unknown)}); upgrade wagewatch, or restore a backup made by this version"
        )


def _schema_of(path: Path) -> tuple[set[str], list[str], set[str]]:
    """The tables of the file at ``path``, the wagewatch migrations applied to it and the names of any
    other programs' migration sets in it, read without
    writing anything: first as an immutable file (no -wal/-shm files are created beside a file that
    may be refused); if that read fails, because another process is checkpointing into the file at
    that moment, once more as an ordinary read-only reader, removing the -wal/-shm files that this
    reader alone created when the file is then refused."""

    def read(uri: str) -> tuple[set[str], list[str], set[str]]:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied, other_sets = [], set()
            if "_sqlite_migrations" in tables:
                for migration_set, name in conn.execute("SELECT migration_set, name FROM _sqlite_migrations"):
                    if migration_set == migrations.name:
                        applied.append(name)
                    else:
                        other_sets.add(migration_set)
            return tables, applied, other_sets
        finally:
            conn.close()

    try:
        return read(f"file:{path}?mode=ro&immutable=1")
    except sqlite3.DatabaseError:
        sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        existed = {side: side.exists() for side in sides}
        try:
            return read(f"file:{path}?mode=ro")
        except sqlite3.DatabaseError:
            for side in sides:
                if not existed[side] and side.exists() and side.stat().st_size <= 32768:
                    side.unlink()
            raise


def open_db(path: str | os.PathLike | None = None) -> Database:
    """Open (creating if needed) the wagewatch database and bring its schema up to date.

    Raises :class:`DatabaseRefused` for a file it must not use (``check_file``).

    >>> db = open_db(tmp_path / "w.db")   # doctest: +SKIP
    >>> db["posts"].count                  # doctest: +SKIP
    0
    """
    path = resolve_db_path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    check_file(path)
    db = connect(path, CACHE_MB)
    try:
        migrate(db)
        db.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DatabaseRefused(f"{path}: cannot open the database: {exc}") from None
    return db


def memory_db() -> Database:
    """A migrated in-memory database, for stateless runs (``wagewatch analyze``) and tests."""
    return _migrated(Database(memory=True))


def scratch_db(cache_mb: int = 64) -> Database:
    """A migrated private temporary database on disk (SQLite's unnamed database, deleted when
    closed): a throwaway store that may grow past memory, holding at most ``cache_mb`` MB of
    pages in memory (``wagewatch analyze`` over millions of posts). Its posts are read back by id alone: they carry
    no index by state or content hash (one b-tree write less for each, issue 12)."""
    db = Database(sqlite3.connect("", cached_statements=STATEMENT_CACHE))
    db.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
    db.execute("PRAGMA journal_mode=MEMORY")
    db.execute("PRAGMA synchronous=OFF")
    _migrated(db)
    db.execute("DROP INDEX posts_state")
    db.execute("DROP INDEX posts_content_hash")
    return db


def _migrated(db: Database) -> Database:
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
            # the other process created the tables or columns, holds the lock, or recorded the migration first
            if not any(
                text in str(exc)
                for text in ("already exists", "duplicate column", "locked", "_sqlite_migrations")
            ):
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
        try:
            with db.atomic():
                yield db
        except BaseException:
            factscache.forget()  # what the lookups remembered of the undone writes
            raise
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        factscache.forget()
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


@contextlib.contextmanager
def journal_in_memory(db: Database) -> Iterator[Database]:
    """While the block runs, ``db``'s savepoint journal stays in memory (``PRAGMA temp_store=MEMORY``; the
    previous setting comes back after it).

    A pipeline pass opens a savepoint for every post (``step``), and SQLite keeps the original of each page a
    savepoint changes in a sub-journal that goes to a temporary file once it passes 64 KiB: about 44 writes to
    that file a post, 199,000 of the 207,000 system calls of a 4,000-post pass (#12). In memory it holds one
    post's pages at a time (it is emptied as each step is released). Safe for a store other processes share:
    the setting belongs to this connection alone and only decides where its own temporary files live (what
    it commits, and how, is unchanged; a crash loses the open transaction either way). Not for a whole
    connection's life: big sorts (an index made by a migration over millions of rows) would then sort in
    memory too. The connection must hold no temporary tables (changing the setting drops them)."""
    (before,) = db.execute("PRAGMA temp_store").fetchone()
    change = before != 2 and not db.conn.in_transaction
    if change:
        db.execute("PRAGMA temp_store=MEMORY")
    try:
        yield db
    finally:
        if change and not db.conn.in_transaction:
            db.execute(f"PRAGMA temp_store={int(before)}")


# pages the write-ahead log of a pipeline pass's connection may hold before a commit copies them into the
# database file (SQLite's default: 1,000 pages, 4 MB; ``checkpoints_apart``)
PASS_CHECKPOINT_PAGES = 10_000


@contextlib.contextmanager
def checkpoints_apart(db: Database, pages: int = PASS_CHECKPOINT_PAGES) -> Iterator[Database]:
    """While the block runs, ``db``'s commits copy the write-ahead log into the database file (a checkpoint) only
    once it holds ``pages`` pages (``PRAGMA wal_autocheckpoint``), and once more when the block ends without an
    error (a passive checkpoint: it waits for no reader); the previous setting comes back after it.

    A pipeline pass commits a batch of 200 posts at a time, and each batch writes its lead posts' ~17 bucket
    keys at random places of the duplicate index: past ~20,000 stored posts a batch changes more pages than
    SQLite's default of 1,000, so every commit copied all of them into the file again, the same index pages
    batch after batch (#12). Apart, a page changed by many batches is copied once. The log grows to about
    ``pages`` × 4 KB on disk (it keeps that size; readers find their pages in it as before). Only the
    connection's own commits are concerned: another process's commits checkpoint as they always did."""
    (before,) = db.execute("PRAGMA wal_autocheckpoint").fetchone()
    wal = db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    change = wal and before != pages and not db.conn.in_transaction
    if change:
        db.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
    ended = False
    try:
        yield db
        ended = True
    finally:
        if change and not db.conn.in_transaction:
            db.execute(f"PRAGMA wal_autocheckpoint={int(before)}")
            if ended:  # (after an error, the next commit checkpoints: a full disk is not asked for more)
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


STEP = "wagewatch_step"


@contextlib.contextmanager
def step(db: Database) -> Iterator[Database]:
    """``db.atomic()`` for one step of a transaction that an error undoes on its own (one post of a
    batch), under one savepoint name for every step: sqlite-utils names each savepoint anew, so a pass
    that stored 20,000 posts sent SQLite 40,000 statements never seen before, each compiled and each
    pushing a statement the pass asks for again out of the connection's cache of 128 (#12). Savepoints
    of one name nest: RELEASE and ROLLBACK TO act on the innermost."""
    if not db.conn.in_transaction:
        try:
            with db.atomic():
                yield db
        except BaseException:
            factscache.forget()
            raise
        return
    db.conn.execute(f"SAVEPOINT {STEP}")
    try:
        yield db
    except BaseException:
        factscache.forget()  # what the lookups remembered of the undone writes
        if db.conn.in_transaction:  # (an error such as a full disk may have ended the transaction)
            db.conn.execute(f"ROLLBACK TO SAVEPOINT {STEP}")
            db.conn.execute(f"RELEASE SAVEPOINT {STEP}")
        raise
    else:
        db.conn.execute(f"RELEASE SAVEPOINT {STEP}")
