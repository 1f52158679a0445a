"""Several processes write one database at once (crawler, scheduler, web UI): no "database is
locked" escapes and nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import storage

WRITER = textwrap.dedent(
    """
    import sys, time
    import storage, pipeline
    name, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    db = storage.open_db(path)
    pipeline.run_pass(db)  # load the classifier before the clock starts
    written, batch, deadline = 0, 0, time.monotonic() + seconds
    while time.monotonic() < deadline or batch < 3:
        posts = [{"platform": "weibo", "post_id": f"{name}-{batch}-{i}",
                  "text": f"{name} 第{batch}批 坦洲工地拖欠工资 {i}"} for i in range(20)]
        storage.upsert_posts(db, posts)
        storage.upsert_posts(db, posts)  # and again: idempotent under contention too
        pipeline.run_pass(db, batch_size=15)
        run = storage.start_run(db, name)
        storage.finish_run(db, run, status="ok", items=20)
        written += len(posts)
        batch += 1
    print(written)
    """
)


def test_two_processes_writing_at_once_lose_nothing(db_path):
    storage.open_db(db_path).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name, str(db_path), "4"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("crawler", "scheduler")
    ]
    written = 0
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err
        written += int(out.strip())
    db = storage.open_db(db_path)
    assert written > 40
    assert db["posts"].count == written
    assert storage.count_posts(db) == {"done": written}
    assert db.execute("SELECT count(*) FROM post_analysis").fetchone()[0] == written
    assert (
        db.execute("SELECT count(*) FROM lead_posts").fetchone()[0]
        == db.execute(
            "SELECT count(*) FROM post_analysis WHERE label IN ('wage_arrears', 'other_labor')"
        ).fetchone()[0]
    )
    assert db["crawl_runs"].count == written // 20


def test_backup_while_another_process_writes_is_consistent(db_path, tmp_path):
    storage.open_db(db_path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, "crawler", str(db_path), "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = storage.open_db(db_path)
    copies = []
    while writer.poll() is None and len(copies) < 5:
        if db["posts"].count:
            copies.append(storage.backup(db, tmp_path / f"copy{len(copies)}.db"))
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert copies, "the writer finished before any backup was taken"
    for path in copies:
        copy = storage.open_db(path)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        posts = copy["posts"].count
        # a snapshot: every post it holds is complete (indexed for search, analysed if marked done)
        assert copy.execute("SELECT count(*) FROM posts_fts").fetchone()[0] == posts
        done = copy.execute("SELECT count(*) FROM posts WHERE state = 'done'").fetchone()[0]
        assert copy.execute("SELECT count(*) FROM post_analysis").fetchone()[0] == done
    assert storage.open_db(db_path)["posts"].count == int(out.strip())
