"""The persistent duplicate index: MinHash-LSH bucket keys of lead posts and the site keys of leads.

Every lookup is a handful of primary-key probes with a per-key limit, so it costs the same with
ten thousand or a million posts of history (``bench/triage.py`` measures it). The keys themselves
are computed by ``triage.dedupe``; this module only stores and finds them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from storage import factscache
from storage.leads import LeadWrites, get_lead, update_lead

PER_BUCKET = 20  # a bucket key's newest posts that are near-duplicate candidates
# the canonical texts of the lead posts this process stored last (post id -> (text, canonical)): they are the
# near-duplicate candidates of the posts that follow, and the workers already made them (#12)
KNOWN_CANONICAL = 20_000
_known: OrderedDict[int, tuple[str, str]] = OrderedDict()


def note_canonical(post_id: int, text: str, canonical: str) -> None:
    """Remember a stored post's canonical text (``text``: its title and text as ``post_texts`` gives them)."""
    _known[post_id] = (text, canonical)
    if len(_known) > KNOWN_CANONICAL:
        _known.popitem(last=False)
    factscache.note_text(post_id, canonical)  # (in a pass: used without reading the text back)


def stored_text(post: dict[str, Any]) -> str:
    """A post's title and text as ``post_texts`` reads them from the store."""
    title, text = post.get("title") or "", post.get("text") or ""
    return f"{title}\n{text}" if title and title not in text else text


def add_buckets(db: Database, post_id: int, lead_id: int, buckets: list[int]) -> None:
    """Index one post under its bucket keys (in one statement: SQLite runs it a good deal faster than the same
    rows one at a time; a post has ~17).

    >>> add_buckets(db, 7, 3, [123, -456])      # doctest: +SKIP
    """
    for start in range(0, len(buckets), 300):
        chunk = buckets[start : start + 300]
        db.conn.execute(_rows_insert("dedup_buckets (bucket, post_id, lead_id)", 3, len(chunk)),
                        [value for bucket in chunk for value in (bucket, post_id, lead_id)])  # fmt: skip


@lru_cache(maxsize=128)
def _rows_insert(table: str, width: int, rows: int) -> str:
    """``INSERT OR IGNORE INTO table VALUES (?, …), (?, …) …``: ``rows`` rows of ``width`` values (at most 999
    values in all, SQLite's oldest limit)."""
    if width * rows > 999:
        raise ValueError(f"{rows} rows of {width} values in one statement")
    row = f"({', '.join('?' * width)})"
    return f"INSERT OR IGNORE INTO {table} VALUES {', '.join([row] * rows)}"


def bucket_candidates(db: Database, buckets: list[int], per_bucket: int = PER_BUCKET) -> list[dict[str, Any]]:
    """Posts sharing a bucket key with ``buckets``: ``[{"post_id", "lead_id", "hits"}]``, most
    shared keys first, then newest. Each key contributes at most ``per_bucket`` of its newest posts,
    so a crowded bucket (a template posted a thousand times) cannot slow the lookup down."""
    if not buckets:
        return []
    union = " UNION ALL ".join(
        "SELECT * FROM (SELECT post_id, lead_id FROM dedup_buckets WHERE bucket = ? ORDER BY post_id DESC LIMIT ?)"
        for _ in buckets
    )
    params: list[Any] = []
    for bucket in buckets:
        params += [bucket, per_bucket]
    # counted and ordered by SQLite (a post's rows all name its lead: ``add_buckets``, ``move_lead_posts``)
    sql = f"SELECT post_id, lead_id, count(*) AS hits FROM ({union}) GROUP BY post_id ORDER BY hits DESC, post_id DESC"
    return [
        {"post_id": p, "lead_id": lead, "hits": hits} for p, lead, hits in db.execute(sql, params).fetchall()
    ]


def add_lead_keys(db: Database, lead_id: int, keys: list[str]) -> None:
    """Index a lead under its keys: site keys (``坦洲镇|e:华耀``, ``坦洲镇|p:裕洲``) and telling words,
    within its 镇街 (``坦洲镇|t:瑞祺``) and anywhere (``t:瑞祺``)."""
    for start in range(0, len(keys), 400):  # (one statement for each 400: an absorbed lead may bring many)
        chunk = keys[start : start + 400]
        db.conn.execute(_rows_insert("lead_keys (key, lead_id)", 2, len(chunk)),
                        [value for key in chunk for value in (key, lead_id)])  # fmt: skip


def _keys_union(keys: list[str] | dict[str, int], per_key: int) -> tuple[str, list[Any]]:
    """The statement selecting the newest lead ids under each key (each key its own limit) and its parameters;
    an empty statement when there is no key."""
    limits = keys if isinstance(keys, dict) else dict.fromkeys(keys, per_key)
    union = " UNION ALL ".join(
        "SELECT * FROM (SELECT lead_id FROM lead_keys WHERE key = ? ORDER BY lead_id DESC LIMIT ?)"
        for _ in limits
    )
    return union, [value for key, limit in limits.items() for value in (key, limit)]


def _facts_rows(rows: list[Any]) -> dict[int, dict[str, Any]]:
    return {r[0]: {"id": r[0], "label": r[1], "status": r[2], "match_facts": r[3]} for r in rows}


def leads_for_keys(db: Database, keys: list[str] | dict[str, int], per_key: int = 10) -> list[int]:
    """Ids of the newest leads indexed under any of ``keys`` (at most ``per_key`` per key; a dict of
    key -> its own limit asks for several kinds of key in one statement)."""
    union, params = _keys_union(keys, per_key)
    if not union:
        return []
    return sorted({row[0] for row in db.execute(union, params).fetchall()}, reverse=True)


def lead_facts_for_keys(
    db: Database, keys: list[str] | dict[str, int], per_key: int = 10
) -> dict[int, dict[str, Any]]:
    """``lead_facts`` of ``leads_for_keys``, in one statement (asked for every lead post, up to three times):
    lead id -> ``{"id", "label", "status", "match_facts"}``, lowest id first."""
    union, params = _keys_union(keys, per_key)
    if not union:
        return {}
    kept = factscache.rows_for(db)
    # a pass: the lead ids alone (each once, lowest first), and the facts of those not read before
    if kept is not None:
        return _kept_facts(db, kept, sorted({row[0] for row in db.conn.execute(union, params)}))
    sql = f"SELECT id, label, status, match_facts FROM leads WHERE id IN ({union}) ORDER BY id"
    return _facts_rows(db.execute(sql, params).fetchall())


_FACTS = "SELECT id, label, status, match_facts FROM leads WHERE id IN "


def lead_facts(db: Database, lead_ids: list[int]) -> dict[int, dict[str, Any]]:
    """lead id -> ``{"id", "label", "status", "match_facts"}`` for candidate leads, in one query."""
    ids = sorted(set(lead_ids))
    if not ids:
        return {}
    kept = factscache.rows_for(db)
    if kept is not None:
        return _kept_facts(db, kept, ids)
    return _facts_rows(db.execute(f"{_FACTS}({', '.join('?' * len(ids))})", ids).fetchall())


def _kept_facts(db: Database, kept: dict[int, tuple], ids: list[int]) -> dict[int, dict[str, Any]]:
    """``lead_facts`` of ``ids`` (each once, lowest first) through the pass's kept rows (``factscache``), in that
    order: only the leads not kept yet are read (and kept)."""
    missing = [i for i in ids if i not in kept]
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        for lead_id, label, status, facts in db.execute(f"{_FACTS}({', '.join('?' * len(chunk))})", chunk):
            kept[lead_id] = {"id": lead_id, "label": label, "status": status, "match_facts": facts}
    # the kept rows themselves (read-only to every caller; a write replaces a lead's row, ``factscache.written``)
    # (a key of a lead that is gone finds nothing, as the join would)
    return {lead_id: row for lead_id in ids if (row := kept.get(lead_id)) is not None}


def lead_for_case_key(db: Database, case_key: str) -> int | None:
    """The lead holding a post with this exact-duplicate key, if any."""
    # one statement (asked for every lead post): a post's lead first, else a lead made from this text
    return db.execute(
        """SELECT coalesce((SELECT lead_posts.lead_id FROM post_analysis
        JOIN lead_posts ON lead_posts.post_id = post_analysis.post_id
        WHERE post_analysis.case_key = :key LIMIT 1), (SELECT id FROM leads WHERE case_key = :key))""",
        {"key": case_key},
    ).fetchone()[0]


def post_texts(db: Database, post_ids: list[int]) -> dict[int, str]:
    """post id -> title and text (as triage reads them)."""
    if not post_ids:
        return {}
    rows = db.execute(
        f"SELECT id, coalesce(title, ''), text FROM posts WHERE id IN ({', '.join('?' * len(post_ids))})",
        post_ids,
    ).fetchall()
    return {pid: (f"{title}\n{text}" if title and title not in text else text) for pid, title, text in rows}


def index_size(db: Database) -> dict[str, int]:
    """Row counts of the duplicate index (for ``wagewatch db stats`` and the benchmark)."""
    return {
        "dedup_buckets": db.execute("SELECT count(*) FROM dedup_buckets").fetchone()[0],
        "lead_keys": db.execute("SELECT count(*) FROM lead_keys").fetchone()[0],
    }


def clear_index(db: Database) -> None:
    """Empty the duplicate index (before ``wagewatch leads reindex`` rebuilds it)."""
    db.execute("DELETE FROM dedup_buckets")
    db.execute("DELETE FROM lead_keys")


class CaseIndex:
    """What matching a lead post reads and writes (``triage.dedupe``): the case-key, bucket and lead-key
    lookups, the candidates' texts and facts, and a lead's matching facts. ``SqlCases`` keeps them in the
    store's tables; ``wagewatch analyze`` keeps them in memory (``triage.memcases``)."""

    def known_keys(self) -> dict[int, set[str]] | None:
        """lead id -> keys it is known to be indexed under, which need not be written again; None: not known."""
        return None


class SqlCases(CaseIndex):
    """The duplicate index of a store: each call one of this module's functions on ``db``. ``writes``: the
    matching facts of its lead are set there, written with the post's other changes to it (a pipeline pass)."""

    def __init__(self, db: Database, canonical: Callable[[str], str], writes: LeadWrites | None = None):
        self.db, self.canonical, self.writes = db, canonical, writes

    def lead_for_case_key(self, case_key: str) -> int | None:
        return lead_for_case_key(self.db, case_key)

    def known_keys(self) -> dict[int, set[str]] | None:
        return factscache.keys_for(self.db)  # kept for the pass, forgotten with an undone step

    def bucket_candidates(self, buckets: list[int]) -> list[dict[str, Any]]:
        return bucket_candidates(self.db, buckets)

    def canonical_texts(self, post_ids: list[int]) -> dict[int, str]:
        """post id -> its title and text as triage reads them, through ``canonical`` (or as noted, for the same
        text: ``note_canonical``)."""
        noted = factscache.noted_texts(self.db)  # a pass's own lead posts, as the store holds them
        out = {} if noted is None else {i: noted[i] for i in post_ids if i in noted}
        for post_id, text in post_texts(
            self.db, [i for i in post_ids if i not in out] if out else post_ids
        ).items():
            known = _known.get(post_id)
            out[post_id] = known[1] if known is not None and known[0] == text else self.canonical(text)
        return out

    def lead_facts(self, lead_ids: list[int]) -> dict[int, dict[str, Any]]:
        return lead_facts(self.db, lead_ids)

    def lead_facts_for_keys(
        self, keys: list[str] | dict[str, int], per_key: int = 10
    ) -> dict[int, dict[str, Any]]:
        return lead_facts_for_keys(self.db, keys, per_key)

    def add_buckets(self, post_id: int, lead_id: int, buckets: list[int]) -> None:
        add_buckets(self.db, post_id, lead_id, buckets)

    def add_lead_keys(self, lead_id: int, keys: list[str]) -> None:
        add_lead_keys(self.db, lead_id, keys)

    def match_facts(self, lead_id: int) -> Any:
        """A lead's matching facts as stored (``leads.match_facts``), or as set and not written yet."""
        if self.writes is not None and lead_id == self.writes.lead_id and "match_facts" in self.writes.fields:
            return self.writes.fields["match_facts"]
        return get_lead(self.db, lead_id)["match_facts"]

    def set_match_facts(self, lead_id: int, raw: str) -> None:
        if self.writes is not None and lead_id == self.writes.lead_id:
            self.writes.update({"match_facts": raw})
        else:
            update_lead(self.db, lead_id, {"match_facts": raw})
