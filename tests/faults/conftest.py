"""The fault suite's shared harness: a file of 5,000 varied posts, the state of a database reduced to
what a user would compare (posts, leads with their posts, ledger entries; no ids or times), and the
``fault_report`` fixture (tests/conftest.py) feeds the table ``bench/faults.py`` prints.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import storage

ROOT = Path(__file__).resolve().parents[2]
CLI = ["-c", "import cli; cli.main()"]


def corpus_posts(n: int = 5000) -> list[dict]:
    """``n`` posts in the ingest schema from the classifier's corpus and holdout and the demo posts
    (hand-written, varied: leads, look-alikes, Cantonese, traditional, long and short)."""
    posts = []
    data = ROOT / "classifier" / "data"
    demo = ROOT / "demo" / "data" / "posts.jsonl"
    for path in [*sorted((data / "corpus").glob("part_*.jsonl")), data / "holdout" / "posts.jsonl", demo]:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            posts.append({"id": record.get("id") or record["post_id"], "text": record["text"],
                          "platform": record.get("kind") or record.get("platform") or "weibo",
                          "posted_at": f"2026-10-{1 + len(posts) % 28:02d}T{len(posts) % 24:02d}:00:00+08:00"})  # fmt: skip
            if len(posts) == n:
                return posts
    raise AssertionError(f"the corpus holds fewer than {n} posts")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def state_of(path: Path) -> dict[str, Counter]:
    """What a user would compare between two databases, free of row ids and clock times."""
    db = storage.open_db(path)
    try:
        posts = Counter(db.execute("SELECT platform, post_id, text, state FROM posts").fetchall())
        members: dict[str, list[str]] = {}
        for case_key, post_id in db.execute(
            """SELECT leads.case_key, posts.post_id FROM lead_posts JOIN leads ON leads.id = lead_posts.lead_id
            JOIN posts ON posts.id = lead_posts.post_id"""
        ).fetchall():
            members.setdefault(case_key, []).append(post_id)
        leads = Counter(
            (row[0], row[1], row[2], row[3], tuple(sorted(members.get(row[0], []))))
            for row in db.execute("SELECT case_key, label, priority, district FROM leads").fetchall()
        )
        events = Counter(
            db.execute(
                """SELECT leads.case_key, e.who, e.action, e.from_state, e.to_state, e.note FROM lead_events e
                JOIN leads ON leads.id = e.lead_id"""
            ).fetchall()
        )
        analysis = Counter(db.execute("SELECT post_id, label, district FROM post_analysis").fetchall())
        return {"posts": posts, "leads": leads, "events": events, "analysis": analysis}
    finally:
        db.close()


def compare(got: dict[str, Counter], want: dict[str, Counter]) -> tuple[int, int]:
    """(lost, doubled): rows the reference has that ``got`` lacks, and rows ``got`` has in excess."""
    lost = sum(sum((want[k] - got[k]).values()) for k in want)
    doubled = sum(sum((got[k] - want[k]).values()) for k in want)
    return lost, doubled


def seed_web_db(db_path: Path, posts: list[dict]) -> list[int]:
    """A database holding ``posts`` triaged (every one a lead, the classifier stubbed) and a duty
    officer ``duty`` (password ``tests.conftest.PASSWORD``); returns the lead ids."""
    import pipeline
    from tests.conftest import password_hash
    from tests.test_dedupe import Stub

    db = storage.open_db(db_path)
    try:
        storage.upsert_posts(db, posts)
        pipeline.run_pass(db, classifier=Stub())
        with storage.transaction(db):
            storage.create_user(db, {"username": "duty", "display_name": "duty", "role": "duty", "district": None,
                                     "password_hash": password_hash(), "active": 1})  # fmt: skip
        return [r[0] for r in db.execute("SELECT id FROM leads ORDER BY id").fetchall()]
    finally:
        db.close()


@pytest.fixture(scope="module")
def posts_file(tmp_path_factory) -> Path:
    """5,000 varied posts (``corpus_posts``) in a JSONL file in the ingest schema."""
    return write_jsonl(tmp_path_factory.mktemp("input") / "posts.jsonl", corpus_posts(5000))
