"""Posts: idempotent writes, the processing queue and full-text search."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from storage.db import now, transaction
from storage.fts import match_expression, segment

POST_FIELDS = (
    "platform", "post_id", "url", "author", "title", "text", "posted_at",
    "reposts", "comments", "likes", "region", "raw",
)  # fmt: skip
ENGAGEMENT = ("reposts", "comments", "likes")
MAX_TEXT = 20_000  # characters kept of one post; the untouched original stays in ``raw``


class InvalidPost(ValueError):
    """A post that cannot be stored (no platform or id); the message says which field."""


def content_hash(title: str | None, text: str) -> str:
    """sha1 of the whitespace-collapsed title and text: equal for posts with identical content."""
    # re.sub(r"\s+", " ", body).strip(): str.split() cuts at exactly the characters \s matches (str.isspace)
    body = " ".join(f"{title or ''}\n{text}".split())
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: str) -> str:
    """``value`` with each lone surrogate made U+FFFD; looked for only where UTF-8 cannot encode the text (a
    surrogate is the one code point it cannot), which most texts can (issue 12)."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", value)
    return value


def clean_post(post: dict[str, Any], source: str | None = None) -> dict[str, Any]:
    """A post as ``upsert_posts`` would store it (fields tidied, text cut to ``MAX_TEXT``), without
    storing it: what the pipeline would read back."""
    return _clean(post, source)


def _clean(post: dict[str, Any], source: str | None) -> dict[str, Any]:
    row = {field: post.get(field) for field in POST_FIELDS}
    for field, value in row.items():  # a lone surrogate cannot be stored as UTF-8: it becomes U+FFFD
        if isinstance(value, str):
            row[field] = _without_lone_surrogates(value)
    for field in ("platform", "post_id"):
        if row[field] is None or str(row[field]).strip() == "":
            raise InvalidPost(f"post has no {field}: {str(post)[:120]}")
        row[field] = str(row[field]).strip()
    row["text"] = str(row["text"] or "")[:MAX_TEXT]
    for field in ENGAGEMENT:
        value = row[field]
        row[field] = int(value) if value not in (None, "") else None
    if row["raw"] is not None and not isinstance(row["raw"], str):
        row["raw"] = json.dumps(row["raw"], ensure_ascii=False)
    row["content_hash"] = content_hash(row["title"], row["text"])
    row["source"] = source or post.get("source") or row["platform"]
    row["fetched_at"] = post.get("fetched_at") or now()
    return row


# the columns of ``posts`` whose default is not NULL: a None given for one is written as given (and refused)
_NOT_NULL_DEFAULTS = frozenset({"text", "state"})


def _columns(row: dict[str, Any]) -> tuple[str, ...]:
    # a None is left out where the column's default is NULL anyway, the same row: sqlite3 binds None only after
    # looking for an adapter (an AttributeError raised and cleared each time, ~8 a post: ~2 % of the instructions of
    # analyze's storing half, issue 12, sp17)
    return tuple(column for column, value in row.items() if value is not None or column in _NOT_NULL_DEFAULTS)


def _insert(db: Database, row: dict[str, Any]) -> int:
    columns = _columns(row)
    cursor = db.execute(
        f"INSERT INTO posts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )
    return cursor.lastrowid


_LAST_ID = 2**63 - 1  # the largest rowid: past it SQLite picks free ids at random


def insert_new_posts(db: Database, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert posts that ``clean_post`` made and that the caller knows are not stored yet (``wagewatch analyze``'s
    throwaway store: every input line is a new post), in one transaction, with no search index: what
    ``upsert_posts(..., search_index=False)`` would write of them, without cleaning or looking each up again.
    Returns post_id -> its row id.

    The rows go in one ``executemany`` for each run of rows with the same columns, each with the id SQLite would
    give it (one past the largest id stored: the write lock is held from the transaction's start), in order: a
    statement for each post was most of what analyze's storing half spent in SQLite (issue 12)."""
    with transaction(db):
        last = db.execute("SELECT max(id) FROM posts").fetchone()[0] or 0
        if last > _LAST_ID - len(rows):  # (never in a throwaway store) as SQLite picks them
            return {row["post_id"]: _insert(db, row) for row in rows}
        ids: dict[str, int] = {}
        for columns, run in itertools.groupby(rows, key=_columns):
            values = []
            for row in run:
                last += 1
                ids[row["post_id"]] = last
                values.append((last, *[row[c] for c in columns]))
            db.conn.executemany(
                f"INSERT INTO posts (id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})", values
            )
        return ids


def upsert_posts(
    db: Database, posts: Iterable[dict[str, Any]], source: str | None = None, search_index: bool = True
) -> dict[str, int]:
    """Store posts, keyed by (platform, post_id), in one transaction.

    A new post is inserted and indexed for search. A post seen before is updated only where the
    platform says something new: changed engagement counts, a changed ``raw`` record (a 留言板
    message that got its official reply or a new status), and a text that was stored cut short
    and now comes whole (the stored text without its trailing ellipsis begins the new one; the
    search index follows). The text of a post is otherwise never rewritten, and its analysis
    stands. An identical post changes nothing, and a post purged under the retention rules is never
    stored again. Returns the counts
    ``{"new": n, "updated": n, "unchanged": n}``. ``search_index=False`` leaves the full-text index
    out (``wagewatch analyze``'s throwaway database never searches).

    >>> upsert_posts(db, [{"platform": "weibo", "post_id": "1", "text": "老板欠薪"}])  # doctest: +SKIP
    {'new': 1, 'updated': 0, 'unchanged': 0}
    """
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    rows = [_clean(p, source) for p in posts]
    with transaction(db):
        for row in rows:
            existing = db.execute(
                "SELECT id, reposts, comments, likes, raw, title, text, purged_at FROM posts WHERE platform = ? AND post_id = ?",
                [row["platform"], row["post_id"]],
            ).fetchone()
            if existing is None:
                new_id = _insert(db, row)
                if search_index:
                    db.execute(
                        "INSERT INTO posts_fts(rowid, words) VALUES (?, ?)",
                        [new_id, segment(f"{row['title'] or ''} {row['text']}")],
                    )
                counts["new"] += 1
                continue
            post_id, *engagement, old_raw, old_title, old_text, purged_at = existing
            if purged_at:  # erased under the retention rules: never stored again
                counts["unchanged"] += 1
                continue
            changed = {
                f: row[f]
                for f, old in zip(ENGAGEMENT, engagement, strict=True)
                if row[f] is not None and row[f] != old
            }
            if row["raw"] is not None and row["raw"] != old_raw:
                changed["raw"] = row["raw"]
            if _completes(old_text, row["text"]):
                changed.update(text=row["text"], content_hash=content_hash(old_title, row["text"]))
                if search_index:
                    db.execute(
                        "UPDATE posts_fts SET words = ? WHERE rowid = ?",
                        [segment(f"{old_title or ''} {row['text']}"), post_id],
                    )
            if changed:
                sets = ", ".join(f"{f} = ?" for f in changed)
                db.execute(f"UPDATE posts SET {sets} WHERE id = ?", [*changed.values(), post_id])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def _completes(stored: str, incoming: str) -> bool:
    """True when ``incoming`` is the whole of a text that was stored cut short.

    >>> _completes("老板拖欠我们三个月工资，我们…", "老板拖欠我们三个月工资，我们二十人去了劳动所")
    True
    """
    head = re.sub(r"(\.{3}|…|全文|展开)+\s*$", "", stored or "").rstrip()
    return bool(head) and len(incoming) > len(stored) and incoming.startswith(head)


def pending_posts(db: Database, limit: int, after: int = 0) -> list[dict[str, Any]]:
    """The oldest ``limit`` posts the pipeline has not processed yet (with an id above ``after``)."""
    return list(
        db.query("SELECT * FROM posts WHERE state = 'new' AND id > ? ORDER BY id LIMIT ?", [after, limit])
    )


def row_ids(db: Database) -> dict[str, int]:
    """Every stored post's ``post_id`` (as its platform gave it) -> its row id (a throwaway evaluation
    database holds one platform's ids; on a live database post ids of two platforms may collide)."""
    return {post_id: rowid for rowid, post_id in db.execute("SELECT id, post_id FROM posts").fetchall()}


def pending_beyond(db: Database, count: int) -> bool:
    """Whether more than ``count`` posts wait for the pipeline."""
    return (
        db.execute("SELECT 1 FROM posts WHERE state = 'new' ORDER BY id LIMIT 1 OFFSET ?", [count]).fetchone()
        is not None
    )


def mark_processed(db: Database, post_ids: Iterable[int]) -> None:
    stamp = now()
    db.conn.executemany(
        "UPDATE posts SET state = 'done', processed_at = ?, error = NULL WHERE id = ?",
        [(stamp, pid) for pid in post_ids],
    )


def mark_failed(db: Database, post_id: int, error: str) -> None:
    """Set a post aside with the reason; it is not retried until ``requeue_failed``."""
    db.execute(
        "UPDATE posts SET state = 'error', processed_at = ?, error = ? WHERE id = ?",
        [now(), error[:2000], post_id],
    )


def requeue_failed(db: Database) -> int:
    with transaction(db):
        return db.execute("UPDATE posts SET state = 'new', error = NULL WHERE state = 'error'").rowcount


def search_posts(db: Database, query: str, limit: int = 50, order: str = "recent") -> list[dict[str, Any]]:
    """Posts whose text contains every word of ``query``: most recently stored first (``order="recent"``, which
    FTS5 answers by walking its index backwards and stopping at ``limit``) or best matches first
    (``order="relevance"``, bm25, which must score every match).

    >>> [p["post_id"] for p in search_posts(db, "拖欠工资")]  # doctest: +SKIP
    ['5104318812345678']
    """
    expression = match_expression(query)
    if not expression:
        return []
    if order not in ("recent", "relevance"):
        raise ValueError(f"order must be 'recent' or 'relevance', not {order!r}")
    ranking = "bm25(posts_fts)" if order == "relevance" else "posts_fts.rowid DESC"
    return list(
        db.query(
            f"""SELECT posts.* FROM posts_fts JOIN posts ON posts.id = posts_fts.rowid
            WHERE posts_fts MATCH ? ORDER BY {ranking} LIMIT ?""",
            [expression, limit],
        )
    )


def forget_posts_outside_leads(db: Database, post_ids: list[int]) -> int:
    """Delete the posts among ``post_ids`` that belong to no lead, with their analysis (for the
    throwaway database of ``wagewatch analyze``, which keeps only what later posts are compared
    with); returns how many went."""
    if not post_ids:
        return 0
    with transaction(db):
        gone = 0
        for start in range(0, len(post_ids), 900):
            chunk = post_ids[start : start + 900]
            marks = ", ".join("?" * len(chunk))
            outside = f"id IN ({marks}) AND id NOT IN (SELECT post_id FROM lead_posts)"
            db.execute(
                f"DELETE FROM post_analysis WHERE post_id IN (SELECT id FROM posts WHERE {outside})", chunk
            )
            gone += db.execute(f"DELETE FROM posts WHERE {outside}", chunk).rowcount
    return gone


def count_matches(db: Database, query: str) -> int:
    """How many posts ``search_posts`` would find without a limit."""
    expression = match_expression(query)
    if not expression:
        return 0
    return db.execute("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", [expression]).fetchone()[0]


def count_posts(db: Database) -> dict[str, int]:
    """Number of posts per processing state."""
    return {
        row["state"]: row["n"] for row in db.query("SELECT state, count(*) AS n FROM posts GROUP BY state")
    }
