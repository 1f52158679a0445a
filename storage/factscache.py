"""The matching facts of the leads a pipeline pass has read, kept between its lookups (#12).

Every lead post looks up a few dozen candidate leads (``dedup.lead_facts_for_keys``, ``dedup.lead_facts``) and
the same leads come back post after post; reading each one's label, state and matching facts (about 1 KB of
JSON) again every time was a third of those lookups. While ``kept`` is on, a pass's connection remembers them:

- only inside a write transaction that ``check`` opened for it (a batch's), so every row read or written
  comes from the one snapshot this connection sees, changed only by its own writes;
- its own writes keep it true: ``storage.leads.update_lead`` (the one function that writes a lead's
  label, state or facts during a pass) updates or forgets the row; any rolled-back savepoint or transaction
  forgets everything (``storage.db.step`` / ``transaction``);
- between batches another process may have written: ``check`` compares SQLite's ``PRAGMA data_version``
  (which moves when another connection commits) and forgets everything when it moved.

It also keeps, under the same rules, the lead keys the pass indexed each lead under (``keys_for``): a lead post's
lead is indexed again under every key its grown facts give, most of them there already, and only the others are
written. A lead's keys are forgotten when its label or state changes (a merge moves them away) or its facts are
cleared (``storage.retention`` deletes them). And the canonical texts of the lead posts the pass stored
(``noted_texts``): the near-duplicate candidates of the posts that follow, not read back from the store.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

# leads kept at most (about 1 KB each); past it the cache starts empty again
LIMIT = 20_000
KEYS_LIMIT = 8192  # leads whose keys are kept at most (a few dozen keys each)


class _Cache:
    def __init__(self, conn: Any):
        self.conn, self.rows, self.version, self.open = conn, {}, None, False
        self.keys: dict[int, set[str]] = {}
        self.texts: dict[int, str] = {}


class _Stack(threading.local):
    # each thread its own: a pass in a scheduler thread and one in another thread never see each other's cache
    # (another thread writes through another connection, which ``check``'s data_version sees)
    def __init__(self):
        self.caches: list[_Cache] = []


_stack = _Stack()


@contextlib.contextmanager
def kept(db: Database) -> Iterator[None]:
    """Keep the facts of the leads read through ``db`` while the block runs (a pipeline pass)."""
    _stack.caches.append(_Cache(db.conn))
    try:
        yield
    finally:
        _stack.caches.pop()


def check(db: Database) -> None:
    """At the start of a write transaction on ``db``: the kept rows may be used until ``close``; forgotten if
    another connection committed since they were read."""
    cache = _stack.caches[-1] if _stack.caches else None
    if cache is None or cache.conn is not db.conn:
        return
    version = db.execute("PRAGMA data_version").fetchone()[0]
    if version != cache.version:
        cache.rows.clear()
        cache.keys.clear()
        cache.texts.clear()
        cache.version = version
    cache.open = db.conn.in_transaction


def close() -> None:
    """At the end of that transaction: nothing is used until the next ``check``."""
    if _stack.caches:
        _stack.caches[-1].open = False


def rows_for(db: Database) -> dict[int, dict[str, Any]] | None:
    """lead id -> ``{"id", "label", "status", "match_facts"}`` as read (handed to callers as they are, never
    changed in place), when ``db``'s kept rows may be used now; else None."""
    return _bounded(db, "rows", LIMIT)


def keys_for(db: Database) -> dict[int, set[str]] | None:
    """lead id -> keys it is indexed under (``lead_keys`` rows there are, not necessarily all), when ``db``'s kept
    rows may be used now; else None. The caller adds the keys it has written (and the writes stand until
    ``forget``)."""
    return _bounded(db, "keys", KEYS_LIMIT)


def _bounded(db: Database, field: str, limit: int) -> dict | None:
    """The kept mapping ``field`` when ``db``'s kept rows may be used now (emptied first past ``limit`` entries)."""
    cache = _usable(db)
    if cache is None:
        return None
    kept = getattr(cache, field)
    if len(kept) > limit:
        kept.clear()
    return kept


def note_text(post_id: int, canonical: str) -> None:
    """The pass stored a post whose title and text, as the store reads them back, make ``canonical`` (called in
    its batch's transaction; a post's text is not changed during a pass)."""
    cache = _stack.caches[-1] if _stack.caches else None
    if cache is not None and cache.open:
        if len(cache.texts) >= LIMIT:
            cache.texts.clear()
        cache.texts[post_id] = canonical


def noted_texts(db: Database) -> dict[int, str] | None:
    """post id -> canonical text of the posts ``note_text`` was told of, when ``db``'s kept rows may be used now;
    else None."""
    cache = _usable(db)
    return None if cache is None else cache.texts


def _usable(db: Database) -> _Cache | None:
    cache = _stack.caches[-1] if _stack.caches else None
    if cache is None or not cache.open or cache.conn is not db.conn or not db.conn.in_transaction:
        return None
    return cache


def written(db: Database, lead_id: int, fields: dict[str, Any]) -> None:
    """``db`` changed a lead's row (``fields``: the new values as stored): its kept facts follow, or it is
    forgotten when its label or state changed (or when another connection of this process wrote it)."""
    for cache in _stack.caches:
        if (
            "label" in fields
            or "status" in fields
            or cache.conn is not db.conn
            or fields.get("match_facts", 1) is None
        ):
            cache.keys.pop(lead_id, None)
        row = cache.rows.get(lead_id)
        if row is None:
            continue
        if "label" in fields or "status" in fields or cache.conn is not db.conn:
            del cache.rows[lead_id]
        elif "match_facts" in fields:  # a new row: a caller may still hold the old one
            cache.rows[lead_id] = {**row, "match_facts": fields["match_facts"]}


def forget() -> None:
    """Something this connection wrote was undone (a rolled-back savepoint or transaction): forget all."""
    for cache in _stack.caches:
        cache.rows.clear()
        cache.keys.clear()
        cache.texts.clear()
