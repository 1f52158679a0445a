"""``wagewatch db restore`` (#13): a backup taken while another process writes restores to exactly
that snapshot; a live database is replaced only with --force and is saved first; a bad backup is
refused by name."""

from __future__ import annotations

import subprocess
import sys

import cli
import storage
from tests.test_concurrency import WRITER


def test_round_trip_of_a_backup_taken_while_a_writer_runs(runner, db_path, tmp_path, fault_report):
    storage.open_db(db_path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "crawler", str(db_path), "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    db = storage.open_db(db_path)
    backup = None
    while writer.poll() is None and backup is None:
        if db["posts"].count >= 40:
            backup = storage.backup(db, tmp_path / "nightly.db")
    _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert backup is not None, "the writer finished before the backup"
    snapshot = storage.open_db(backup)
    posts = {r["post_id"]: r["text"] for r in snapshot.query("SELECT post_id, text FROM posts")}
    leads = snapshot["leads"].count
    snapshot.close()

    restored = tmp_path / "restored.db"
    result = runner.invoke(cli.main, ["--db", str(restored), "db", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert f"{len(posts)} posts, {leads} leads" in result.output
    again = storage.open_db(restored)
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {r["post_id"]: r["text"] for r in again.query("SELECT post_id, text FROM posts")} == posts
    assert len(storage.search_posts(again, "拖欠工资", limit=1000)) == len(posts)  # the search index came too
    assert again["leads"].count == leads
    fault_report("restore of a backup taken while a writer runs", 1, 0, 0, result.output.strip())


def test_a_live_database_is_replaced_only_with_force_and_saved_first(runner, db_path, tmp_path):
    db = storage.open_db(db_path)
    storage.upsert_posts(db, [{"platform": "weibo", "post_id": "1", "text": "备份里的帖子"}])
    backup = storage.backup(db, tmp_path / "b.db")
    storage.upsert_posts(db, [{"platform": "weibo", "post_id": "2", "text": "备份之后的帖子"}])
    db.close()

    refused = runner.invoke(cli.main, ["--db", str(db_path), "db", "restore", str(backup)])
    assert refused.exit_code == 1
    assert "--force" in refused.output
    assert storage.open_db(db_path)["posts"].count == 2

    forced = runner.invoke(cli.main, ["--db", str(db_path), "db", "restore", str(backup), "--force"])
    assert forced.exit_code == 0, forced.output
    assert [r["post_id"] for r in storage.open_db(db_path).query("SELECT post_id FROM posts")] == ["1"]
    saved = db_path.with_name(f"{db_path.name}.before-restore-1")
    assert sorted(r["post_id"] for r in storage.open_db(saved).query("SELECT post_id FROM posts")) == [
        "1",
        "2",
    ]


def test_a_bad_backup_is_refused_and_nothing_changes(runner, db_path, tmp_path, fault_report):
    db = storage.open_db(db_path)
    storage.upsert_posts(db, [{"platform": "weibo", "post_id": "1", "text": "原来的帖子"}])
    db.close()
    before = db_path.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00" * 100)
    cut = tmp_path / "cut.db"
    cut.write_bytes(db_path.read_bytes()[:2048])
    for bad, words in ((junk, "not a SQLite database"), (cut, "damaged"), (tmp_path / "none.db", "no such")):
        result = runner.invoke(cli.main, ["--db", str(db_path), "db", "restore", str(bad), "--force"])
        assert result.exit_code == 1, result.output
        assert str(bad) in result.output
        assert words in result.output
        assert "Traceback" not in result.output
    assert db_path.read_bytes() == before
    fault_report("restore from a bad backup", 3, 0, 0, result.output.strip())
