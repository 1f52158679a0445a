"""Storage: idempotent writes, search that works for Chinese, migrations of older files,
the append-only ledger and consistent backups."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

import storage
from storage.migrations import migrations
from tests.conftest import make_post


def test_new_database_uses_wal_and_has_every_table(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for table in ("sources", "crawl_runs", "posts", "leads", "lead_posts", "lead_events", "users", "digests"):
        assert db[table].exists(), table


def test_same_posts_twice_change_nothing(db):
    posts = [make_post(i) for i in range(5)]
    assert storage.upsert_posts(db, posts) == {"new": 5, "updated": 0, "unchanged": 0}
    before = list(db.query("SELECT * FROM posts ORDER BY id"))
    assert storage.upsert_posts(db, posts) == {"new": 0, "updated": 0, "unchanged": 5}
    assert list(db.query("SELECT * FROM posts ORDER BY id")) == before


def test_a_post_seen_again_updates_engagement_not_a_second_row(db):
    storage.upsert_posts(db, [make_post(1, reposts=1)])
    counts = storage.upsert_posts(db, [make_post(1, reposts=40, text="edited text is ignored")])
    assert counts == {"new": 0, "updated": 1, "unchanged": 0}
    rows = list(db.query("SELECT reposts, text FROM posts"))
    assert len(rows) == 1
    assert rows[0]["reposts"] == 40
    assert "拖欠工资" in rows[0]["text"]


def test_post_without_id_is_refused_with_a_clear_error(db):
    with pytest.raises(storage.InvalidPost, match="post_id"):
        storage.upsert_posts(db, [make_post(1, post_id="")])
    assert db["posts"].count == 0


def test_huge_post_is_capped_and_raw_keeps_the_original(db):
    huge = "欠薪" * 50_000
    storage.upsert_posts(db, [make_post(1, text=huge, raw={"text": huge})])
    row = next(db.query("SELECT text, raw FROM posts"))
    assert len(row["text"]) == storage.posts.MAX_TEXT
    assert len(row["raw"]) > 100_000


def test_search_finds_two_character_words(db):
    storage.upsert_posts(
        db,
        [
            make_post(1, "坦洲镇一工地老板拖欠工资三个月"),
            make_post(2, "今天天气很好，去岐江公园散步"),
            make_post(3, "小榄五金厂冇出粮，人工拖咗两个月"),
        ],
    )
    assert [p["post_id"] for p in storage.search_posts(db, "工资")] == ["1"]
    assert [p["post_id"] for p in storage.search_posts(db, "拖欠 工资")] == ["1"]
    assert [p["post_id"] for p in storage.search_posts(db, "五金厂")] == ["3"]
    assert storage.search_posts(db, '"') == []


def test_old_database_upgrades_with_its_data_intact(db_path):
    old = Database(sqlite3.connect(db_path))
    migrations.apply(old, stop_before="003_posts_fts")  # a file made before search existed
    old.execute(
        """INSERT INTO posts (platform, post_id, text, fetched_at, content_hash)
        VALUES ('tieba', '77', '三乡镇某酒楼欠我们厨师工资', '2026-10-01T00:00:00+08:00', 'x')"""
    )
    old.conn.commit()
    assert not old["posts_fts"].exists()
    old.close()

    db = storage.open_db(db_path)
    assert not migrations.pending(db)
    assert db["post_analysis"].exists()
    row = next(db.query("SELECT platform, post_id, text, state FROM posts"))
    assert row == {"platform": "tieba", "post_id": "77", "text": "三乡镇某酒楼欠我们厨师工资", "state": "new"}
    assert [p["post_id"] for p in storage.search_posts(db, "工资")] == ["77"]


def test_lead_ledger_is_append_only(db):
    with storage.transaction(db):
        lead_id = storage.create_lead(db, {"case_key": "k1", "label": "wage_arrears", "queue": "wage"})
        storage.add_event(db, lead_id, "officer-li", "note", note="已电话联系")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE lead_events SET note = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM lead_events")
    # the one change allowed (retention, #13): a note replaced by the marker, nothing else with it
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE lead_events SET note = '〔已按保留期限删除〕', who = 'someone else'")
    db.execute("UPDATE lead_events SET note = '〔已按保留期限删除〕' WHERE action = 'note'")
    assert [(e["action"], e["who"]) for e in storage.lead_events(db, lead_id)] == [
        ("created", "pipeline"), ("note", "officer-li")]  # fmt: skip


def test_backup_is_a_consistent_readable_copy(db, tmp_path):
    storage.upsert_posts(db, [make_post(i) for i in range(50)])
    dest = storage.backup(db, tmp_path / "copy.db")
    copy = storage.open_db(dest)
    assert copy["posts"].count == 50
    assert len(storage.search_posts(copy, "工资", limit=100)) == 50
    with pytest.raises(FileExistsError):
        storage.backup(db, dest)


def test_crawl_runs_record_status_and_refuse_unknown_ones(db):
    run_id = storage.start_run(db, "weibo")
    storage.finish_run(db, run_id, status="blocked", pages=1, message="安全验证 page")
    assert storage.recent_runs(db, "weibo")[0]["status"] == "blocked"
    with pytest.raises(ValueError, match="unknown crawl status"):
        storage.finish_run(db, run_id, status="fine")


def test_a_post_stored_cut_short_is_completed_and_searchable(db):
    storage.upsert_posts(db, [make_post(1, "坦洲一工地老板拖欠我们三个月工资，我们…")])
    counts = storage.upsert_posts(
        db, [make_post(1, "坦洲一工地老板拖欠我们三个月工资，我们二十个人今天去了劳动所")]
    )
    assert counts["updated"] == 1
    assert next(db.query("SELECT text FROM posts"))["text"].endswith("劳动所")
    assert [p["post_id"] for p in storage.search_posts(db, "劳动所")] == ["1"]


def test_a_new_official_reply_in_raw_is_kept_but_other_text_is_not_rewritten(db):
    storage.upsert_posts(db, [make_post(1, "三乡某酒楼欠薪", raw={"status": "未回复"})])
    counts = storage.upsert_posts(
        db, [make_post(1, "完全不同的文字", raw={"status": "已办理", "reply": "已责令企业支付"})]
    )
    assert counts["updated"] == 1
    row = next(db.query("SELECT text, raw FROM posts"))
    assert row["text"] == "三乡某酒楼欠薪"
    assert "已办理" in row["raw"]


def test_merging_leads_finds_their_index_rows_by_lead_not_by_reading_them_all(db):
    """A merge (the pipeline's one case found twice, an officer's merge) and a purge move or delete a
    lead's duplicate-index rows; at a million posts a scan of those tables took a third of a second per
    merge and ``analyze`` crawled (#12). Each statement must look the lead up in an index."""
    import re

    from storage.leads import move_lead_posts

    statements = []
    db.conn.set_trace_callback(statements.append)
    move_lead_posts(db, 1, 2)
    db.conn.set_trace_callback(None)
    touching = [s for s in statements if re.search(r"\b(dedup_buckets|lead_keys|lead_posts)\b", s)]
    assert len(touching) >= 4
    for statement in touching:
        plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + statement).fetchall())
        assert "SCAN dedup_buckets" not in plan, (statement, plan)
        assert "SCAN lead_keys" not in plan, (statement, plan)


class BadPost(Exception):
    pass


def _write_in_step(db, n: int, fail: bool = False, inner: tuple[int, bool] | None = None) -> None:
    """Insert ``n`` in a step (and, inside it, another step), then fail when asked."""
    try:
        with storage.step(db):
            db.execute("INSERT INTO notes VALUES (?)", [n])
            if inner:
                _write_in_step(db, *inner)
            if fail:
                raise BadPost(n)
    except BadPost:
        pass


def test_a_failed_step_undoes_only_its_own_writes_and_steps_nest(db):
    db.execute("CREATE TABLE notes (n INTEGER)")
    with storage.transaction(db):
        _write_in_step(db, 1)
        _write_in_step(db, 2, fail=True)
        _write_in_step(db, 3, inner=(4, True))  # the inner step fails alone
        _write_in_step(db, 5, fail=True, inner=(6, False))  # the outer one takes its inner step with it
    assert [r[0] for r in db.execute("SELECT n FROM notes ORDER BY n").fetchall()] == [1, 3]
    # outside a transaction a step is a transaction of its own
    _write_in_step(db, 7, fail=True)
    _write_in_step(db, 8)
    assert [r[0] for r in db.execute("SELECT n FROM notes ORDER BY n").fetchall()] == [1, 3, 8]


def test_a_noted_canonical_text_is_used_only_while_the_stored_text_is_the_same(db):
    # the storing half remembers the canonical texts the workers made; a post whose text another process
    # completed since (stored cut short, now whole) is read and made canonical anew
    storage.upsert_posts(db, [make_post(1, "坦洲一工地老板拖欠我们三个月工资，我们…")])
    row_id = db.execute("SELECT id FROM posts").fetchone()[0]
    post = next(db.query("SELECT * FROM posts"))
    storage.dedup.note_canonical(row_id, storage.dedup.stored_text(post), "noted")
    cases = storage.dedup.SqlCases(db, lambda text: f"made:{text[-3:]}")
    assert cases.canonical_texts([row_id]) == {row_id: "noted"}
    storage.upsert_posts(db, [make_post(1, "坦洲一工地老板拖欠我们三个月工资，我们二十个人今天去了劳动所")])
    assert cases.canonical_texts([row_id]) == {row_id: "made:劳动所"}


@pytest.mark.parametrize(
    "where",
    ["status = 'new'", "status = 'new' AND priority = 'P1'", "district = '小榄镇'", "district IS NULL"],
)
def test_leads_found_by_state_or_town_through_an_index_after_the_short_indexes_are_dropped(db, where):
    """The queue and the 镇街 screens look leads up by state or by town; the short indexes of the first schema
    are gone (their columns lead two wider ones), and no such lookup may read the whole table."""
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()}
    assert not names & {"leads_status", "leads_district"}
    plan = " ".join(
        r[3] for r in db.execute(f"EXPLAIN QUERY PLAN SELECT id FROM leads WHERE {where}").fetchall()
    )
    assert plan.startswith("SEARCH leads USING"), plan
    assert "INDEX leads_" in plan, plan


def test_a_pass_checkpoints_its_log_every_few_batches_and_once_at_its_end(db, db_path):
    # (#12) the connection's commits leave their pages in the write-ahead log until it holds many; when the block
    # ends the log is copied into the file and the connection's own setting is back
    db.execute("CREATE TABLE notes (n INTEGER)")
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    size = db_path.stat().st_size
    with storage.checkpoints_apart(db, pages=5000):
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 5000
        for n in range(20):
            with storage.transaction(db):
                db.conn.executemany(
                    "INSERT INTO notes VALUES (?)", [(f"note {n}, " * 80,) for i in range(100)]
                )
        assert db_path.stat().st_size == size  # the file itself untouched: its pages wait in the log
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert db_path.stat().st_size > size + 1_000_000
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 2000


def test_index_rows_written_in_one_statement_keep_every_key_once_however_many(db):
    # (#12) a post's bucket keys and a lead's keys go in one statement each (in pieces past a few hundred)
    storage.upsert_posts(db, [make_post(1)])
    lead_id = storage.create_lead(db, {"case_key": "k", "label": "wage_arrears", "queue": "wage"})
    buckets = list(range(-400, 400)) + [5, 5]
    storage.dedup.add_buckets(db, 1, lead_id, buckets)
    storage.dedup.add_buckets(db, 1, lead_id, [5, 900])
    rows = db.execute("SELECT bucket FROM dedup_buckets WHERE post_id = 1 ORDER BY bucket").fetchall()
    assert [r[0] for r in rows] == [*range(-400, 400), 900]
    keys = [f"坦洲镇|t:{n}" for n in range(1000)]
    storage.dedup.add_lead_keys(db, lead_id, [*keys, keys[0]])
    assert storage.dedup.index_size(db) == {"dedup_buckets": 801, "lead_keys": 1000}
    assert storage.dedup.leads_for_keys(db, ["坦洲镇|t:999"]) == [lead_id]


def test_new_posts_inserted_together_are_the_rows_and_ids_of_an_upsert(db, tmp_path):
    # (#12) analyze inserts each batch of new posts in few statements: the same rows, ids and order as one at a time,
    # after a gap left by deleted posts too, whichever fields a post leaves empty
    posts = [
        make_post(n, **({"url": None, "reposts": None} if n % 3 else {"title": f"标题{n}"})) for n in range(9)
    ]
    other = storage.open_db(tmp_path / "other.db")
    for store in (db, other):
        storage.upsert_posts(store, [make_post(100), make_post(101)], search_index=False)
        store.execute("DELETE FROM posts WHERE post_id = '101'")
    ids = storage.insert_new_posts(db, [storage.clean_post(p) for p in posts])
    storage.upsert_posts(other, posts, search_index=False)
    assert ids == {str(n): n + 2 for n in range(9)}  # (101's id, 2, free again: as SQLite gives it)
    assert storage.row_ids(db) == {"100": 1, **ids}

    def rows(store):
        return [
            {k: v for k, v in r.items() if k != "fetched_at"}
            for r in store.query("SELECT * FROM posts ORDER BY id")
        ]

    assert rows(db) == rows(other)
