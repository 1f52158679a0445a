"""Backups and restores of the live database while other processes keep using it.

Both go through SQLite's online backup API, which copies one consistent snapshot page by page: a
backup taken while the crawler and the pipeline write is complete and passes ``integrity_check``;
a restore replaces the live file's content in place, so processes that hold it open see the
restored data at their next transaction.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from storage.db import DatabaseRefused, check_file, connect


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
        # one self-contained file: no -wal/-shm beside a backup, whoever reads it later
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    return dest


def verify(path: str | os.PathLike) -> dict[str, int]:
    """Check that ``path`` is a sound wagewatch database this version can use: raises
    :class:`DatabaseRefused` naming the problem, else returns its row counts of posts and leads."""
    path = Path(path)
    if not path.exists():
        raise DatabaseRefused(f"{path}: no such backup file")
    check_file(path, writable=False)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise DatabaseRefused(f"{path} fails SQLite's integrity check: {'; '.join(problems[:3])}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"posts", "leads"} <= tables:
            raise DatabaseRefused(f"{path} is not a wagewatch database (no posts or leads table)")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("posts", "leads")}
    finally:
        conn.close()


def restore(source: str | os.PathLike, dest: str | os.PathLike, force: bool = False) -> dict[str, int]:
    """Copy the backup ``source`` over the database at ``dest`` (which other processes may have open).

    The backup is verified first (``verify``). An existing ``dest`` with any post or lead in it is
    only overwritten with ``force``; before it is, its current content is saved beside it as
    ``<dest>.before-restore-<n>`` so a mistaken restore can be undone. Returns the restored counts.
    """
    source, dest = Path(source), Path(dest)
    counts = verify(source)
    if source.resolve() == dest.resolve():
        raise DatabaseRefused(f"{source} is the live database itself")
    if dest.exists() and dest.stat().st_size:
        check_file(dest)
        live = connect(dest)
        try:
            has_data = any(
                live.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                for t in ("posts", "leads")
                if live[t].exists()
            )
            if has_data and not force:
                raise FileExistsError(
                    f"{dest} holds a live database with data; add --force to replace it with {source} "
                    "(its current content is saved beside it first)"
                )
            if has_data:
                n = 1
                while dest.with_name(f"{dest.name}.before-restore-{n}").exists():
                    n += 1
                backup(live, dest.with_name(f"{dest.name}.before-restore-{n}"))
        finally:
            live.close()
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(str(dest), timeout=30)
    try:
        src.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # the live file shares WAL with the other processes
    finally:
        src.close()
        target.close()
    return counts
