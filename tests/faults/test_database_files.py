"""A database file wagewatch must not use (#13): not SQLite, damaged, another program's, made by a
newer wagewatch, read-only. Each is refused with one line naming the file, never a traceback, and
the file is left exactly as it was."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys

import pytest

import cli
import storage

COMMANDS = [["db", "stats"], ["process"], ["search", "欠薪"], ["leads", "list"], ["sources"]]


def sqlite_file(path, *statements):
    """A SQLite file at ``path`` made by another hand: ``statements`` run and committed."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


MIGRATIONS_TABLE = "CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)"


def fingerprint(path):
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def assert_refused(runner, path, *words) -> str:
    """Every command refuses ``path`` with one line naming it; returns that line."""
    before = fingerprint(path)
    for command in COMMANDS:
        result = runner.invoke(cli.main, ["--db", str(path), *command])
        assert result.exit_code == 1, (command, result.output)
        assert str(path) in result.output, result.output
        for word in words:
            assert word in result.output, result.output
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, storage.DatabaseRefused)  # shown as a message, not raised
    assert fingerprint(path) == before
    return result.output.strip()


def test_a_file_that_is_not_sqlite(runner, tmp_path, fault_report):
    path = tmp_path / "notes.db"
    path.write_text("会议记录：这不是数据库\n", encoding="utf-8")
    message = assert_refused(runner, path, "is not a SQLite database")
    fault_report("a database file that is not SQLite", len(COMMANDS), 0, 0, message)


def test_a_damaged_database(runner, tmp_path, fault_report):
    good = tmp_path / "good.db"
    storage.open_db(good).close()
    path = tmp_path / "cut.db"
    path.write_bytes(good.read_bytes()[:3000])
    message = assert_refused(runner, path, "may be damaged")
    fault_report("a damaged database file", len(COMMANDS), 0, 0, message)


def test_another_programs_database_gets_no_tables_added(runner, tmp_path, fault_report):
    path = sqlite_file(
        tmp_path / "crm.db",
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO customers (name) VALUES ('张三')",
    )
    message = assert_refused(runner, path, "another program", "customers")
    fault_report("another program's SQLite database", len(COMMANDS), 0, 0, message)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == [
        "customers"
    ]


def test_a_database_another_wagewatch_is_creating_right_now_is_ours(tmp_path):
    # Caught by CI: the scheduler had created the file and its migration table but not yet recorded
    # the first migration when the test (a second process) opened it, and was refused as "another
    # program's". A migration table holding no other program's set is wagewatch's own, being made.
    path = sqlite_file(tmp_path / "new.db", MIGRATIONS_TABLE)
    db = storage.open_db(path)
    assert db["posts"].exists()
    db.close()


def test_another_programs_migrated_database_is_still_refused(runner, tmp_path):
    path = sqlite_file(
        tmp_path / "other.db",
        MIGRATIONS_TABLE,
        "INSERT INTO _sqlite_migrations VALUES ('billing', '001_init', 'x')",
    )
    assert_refused(runner, path, "another program")


def test_a_database_from_a_newer_wagewatch(runner, tmp_path, fault_report):
    path = tmp_path / "future.db"
    storage.open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('wagewatch', '999_next', 'x')"
    )
    conn.commit()
    conn.close()
    message = assert_refused(runner, path, "newer wagewatch", "999_next")
    fault_report("a database from a newer wagewatch", len(COMMANDS), 0, 0, message)


def test_an_empty_file_becomes_a_new_database(runner, tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    result = runner.invoke(cli.main, ["--db", str(path), "db", "stats"])
    assert result.exit_code == 0, result.output
    assert "posts        0" in result.output


def without_root_override():
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set before exec: the child runs
    as root but, like any production user, cannot write a file its permissions forbid."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_or_folder(tmp_path, what, fault_report):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "w.db"
    storage.open_db(path).close()
    os.chmod(tmp_path, 0o755)
    before = path.read_bytes()
    if what == "file":
        path.chmod(0o444)
        folder.chmod(0o777)
    else:
        path.chmod(0o666)
        folder.chmod(0o555)
    # root may write anything: the refusal is checked without root's override, as in production
    run_as = without_root_override if os.geteuid() == 0 else None
    result = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "--db", str(path), "db", "stats"],
        capture_output=True, text=True, preexec_fn=run_as, cwd=folder, timeout=120,
        env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    folder.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "read-only" in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    fault_report(f"a read-only database {what}", 1, 0, 0, result.stderr.strip())


def test_opening_the_database_again_keeps_other_connections_safe(db_path):
    """A process that holds the database open and opens it again (the demo, the scheduler) while
    another process writes must not lose SQLite's locks: a check that opened and closed the file
    outside SQLite once did, and the next writes corrupted the file."""
    from tests.test_concurrency import WRITER

    held = storage.open_db(db_path)
    assert held["posts"].count == 0  # a read: this connection now uses the WAL index
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "crawler", str(db_path), "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    opened = 0
    while writer.poll() is None:
        storage.open_db(db_path).close()
        storage.upsert_posts(
            held, [{"platform": "tieba", "post_id": f"held-{opened}", "text": "中山工地欠薪"}]
        )
        opened += 1
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert opened > 5
    assert held.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert held["posts"].count == int(out.strip()) + opened
