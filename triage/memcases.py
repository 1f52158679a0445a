"""``wagewatch analyze``'s cases in memory: the leads its lead posts make, and the index that finds them.

``analyze`` is stateless: its store is thrown away at the end, and what it prints of a lead post is the
case key of the lead it joined. A pipeline pass stores every lead post in the store's tables (its
analysis row, the lead's row and ledger, the link, the duplicate index) and reads the candidates back
with SQL; ``analyze`` did the same in a throwaway database, and that storing was the serial part that
set its pace (issue 12). Here the same decisions are made with the same functions (``dedupe.find_case``,
``remember``, ``related_leads``, ``absorb``) against ``MemoryCases``, which keeps what they read (the
leads' labels, states and matching facts, the lead keys, which lead each post is in, the first post of
each case key) in dicts, the bucket keys in sorted arrays (``Buckets``), and only the lead posts' texts in
the throwaway database (the newest ones' canonical texts in memory too). About 1 KB a lead and 12 bytes a
bucket row, older leads' facts compressed (``KEEP_LEADS``). Nothing else is written: no analysis rows, no lead
rows or ledger, no follow-up (a lead ``analyze`` makes is never closed, so a later post never reopens
it; what a pass fills in on a lead's row is never compared). A post that fails is undone in memory as
its savepoint undoes it in the database, so the leads after it are found as a pass would find them.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import logging
import sqlite3
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

import numpy as np

import storage
from storage import dedup
from triage import casefacts, dedupe
from triage.casefacts import CaseFacts, contradictions
from triage.casework import AUTO_MERGE_STATES
from triage.text import canonical_text, post_text

log = logging.getLogger("wagewatch.pipeline")
KEEP_TEXTS = 100_000  # the newest lead posts whose canonical text is kept (older ones are read back)
KEEP_LEADS = 50_000  # the newest leads whose matching facts are kept as text (older ones compressed)
KEEP_FACTS = 20_000  # … of them the newest kept as objects (~3.7 KB each, ~1 KB as text)
FOLD_ROWS = 50_000  # bucket rows kept in a dict before they are folded into the sorted arrays
# (post id, hits) pairs by hits, then post id (no two alike): reversed, most hits first, then the newest
_HITS_THEN_ID = itemgetter(1, 0)


class Buckets:
    """The bucket keys of every lead post (``dedup_buckets``) in little memory: most in two sorted numpy arrays
    (key, post id; 12 bytes a row: 9 million rows at a million posts is about 110 MB), the newest in a dict
    folded into them now and then (a fold copies the arrays once: the rows of one key stay in post order,
    because later posts have higher ids)."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.posts = np.empty(0, dtype=np.int32)
        self.recent: dict[int, list[int]] = {}
        self.rows = 0

    def add(self, post_id: int, buckets: list[int]) -> Callable[[], None]:
        """Index a post under its keys (each once, as INSERT OR IGNORE); returns how to undo it."""
        added = list(dict.fromkeys(buckets))
        for bucket in added:
            self.recent.setdefault(bucket, []).append(post_id)
        self.rows += len(added)

        def undo() -> None:
            for bucket in added:
                posts = self.recent[bucket]
                posts.pop()
                if not posts:
                    del self.recent[bucket]
            self.rows -= len(added)

        return undo

    def fold(self) -> None:
        """Move the dict's rows into the sorted arrays (between posts: nothing to undo then)."""
        if self.rows < FOLD_ROWS:
            return
        sizes = np.fromiter(map(len, self.recent.values()), dtype=np.int64, count=len(self.recent))
        keys = np.repeat(np.fromiter(self.recent, dtype=np.int64, count=len(self.recent)), sizes)
        posts = np.fromiter(
            itertools.chain.from_iterable(self.recent.values()), dtype=np.int32, count=len(keys)
        )
        order = np.lexsort((posts, keys))  # by key, then post (as the (key, post) pairs sort)
        keys, posts = keys[order], posts[order]
        at = np.searchsorted(self.keys, keys, side="right")  # after the older posts of the same key
        self.keys, self.posts = np.insert(self.keys, at, keys), np.insert(self.posts, at, posts)
        self.recent, self.rows = {}, 0

    def hits(self, buckets: list[int]) -> Counter[int]:
        """How many of ``buckets`` hold each post among their newest ``dedup.PER_BUCKET`` posts (a key given twice
        counts twice): post id -> that count."""
        found, per, recent = [], dedup.PER_BUCKET, self.recent
        # each key's first row and the first row past it (the arrays' own method: not numpy's Python wrappers)
        wanted = np.fromiter(buckets, dtype=np.int64, count=len(buckets))
        lows = self.keys.searchsorted(wanted).tolist()
        highs = self.keys.searchsorted(wanted, "right").tolist()
        for bucket, low, high in zip(buckets, lows, highs, strict=True):
            posts = recent.get(bucket, ())[-per:]
            found += posts
            if len(posts) < per and high > low:
                found += self.posts[max(low, high - per + len(posts)) : high].tolist()
        return Counter(found)


class Lead:
    """One lead as matching reads it (``lead["status"]``, ``lead.get("match_facts")``, as a row of ``leads``), in
    little memory; the matching facts of a lead no longer among the newest ``KEEP_LEADS`` are kept compressed
    (the same text comes back)."""

    __slots__ = ("id", "label", "status", "case_key", "created_at", "facts")

    def __init__(self, lead_id: int, label: str, case_key: str | None, created_at: str):
        self.id, self.label, self.status, self.case_key, self.created_at = (
            lead_id,
            label,
            "new",
            case_key,
            created_at,
        )
        self.facts: CaseFacts | str | bytes | None = None

    def __getitem__(self, field: str) -> Any:
        if field != "match_facts":
            return getattr(self, field)
        return zlib.decompress(self.facts).decode("utf-8") if isinstance(self.facts, bytes) else self.facts

    def get(self, field: str, default: Any = None) -> Any:
        return self[field]

    def __setitem__(self, field: str, value: Any) -> None:
        setattr(self, "facts" if field == "match_facts" else field, value)

    def flatten(self) -> None:
        if isinstance(self.facts, CaseFacts):
            self.facts = json.dumps(self.facts.to_json(), ensure_ascii=False)

    def squeeze(self) -> None:
        self.flatten()
        if isinstance(self.facts, str):
            self.facts = zlib.compress(self.facts.encode("utf-8"))


class MemoryCases(dedup.CaseIndex):
    """The leads of one ``analyze`` run and their duplicate index, in memory (``db``: the throwaway store
    holding the lead posts and their bucket keys)."""

    def __init__(self, db):
        self.db = db
        self.leads: list[Lead | None] = [None]  # by id, as SQLite numbers them: 1, 2, …
        self.squeezed = 0  # the leads up to this id have had their facts compressed
        self.flattened = 0  # … and up to this id, written as text
        self.post_lead: dict[int, int] = {}  # post id -> its lead
        self.lead_posts: dict[int, list[int]] = {}  # lead id -> its posts
        self.first_post: dict[str, int] = {}  # case key -> the first post stored with it
        self.keys: dict[str, list[int]] = {}  # lead key -> the leads under it, lowest id first
        self.lead_keys: dict[int, dict[str, None]] = {}  # lead id -> its keys (in the order added)
        self.buckets = Buckets()
        self.canonical: dict[int, str] = {}  # post id -> canonical text, the newest KEEP_TEXTS posts
        self._undo: list[Callable[[], None]] | None = None

    # ---- one post at a time, undone if it fails -------------------------------------------------

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """One post's changes, all or none (nothing of a post is written to the database)."""
        outer, self._undo = self._undo, []
        try:
            yield
        except BaseException:
            for undo in reversed(self._undo):
                undo()
            raise
        finally:
            if outer is not None:
                outer.extend(self._undo)
            self._undo = outer

    def _did(self, undo: Callable[[], None]) -> None:
        if self._undo is not None:
            self._undo.append(undo)

    def _set(self, lead: Lead, field: str, value: Any) -> None:
        old = getattr(lead, "facts" if field == "match_facts" else field)
        lead[field] = value
        self._did(lambda: lead.__setitem__(field, old))

    # ---- what ``storage`` would write -------------------------------------------------------------

    def create_lead(self, case_key: str | None, label: str) -> int:
        """A new lead (``storage.create_lead``): status new, the next id."""
        lead_id = len(self.leads)
        self.leads.append(Lead(lead_id, label, case_key, storage.now()))
        self._did(self.leads.pop)
        return lead_id

    def squeeze(self) -> None:
        """Compress the facts of the leads no longer among the newest (between posts: nothing to undo)."""
        while self.flattened < len(self.leads) - 1 - KEEP_FACTS:
            self.flattened += 1
            self.leads[self.flattened].flatten()
        while self.squeezed < len(self.leads) - 1 - KEEP_LEADS:
            self.squeezed += 1
            self.leads[self.squeezed].squeeze()

    def attach(self, post_id: int, lead_id: int, case_key: str | None) -> None:
        """Link a new post to a lead (``storage.attach_post`` and the post's analysis row)."""
        self.post_lead[post_id] = lead_id
        self.lead_posts.setdefault(lead_id, []).append(post_id)
        self._did(lambda: (self.post_lead.pop(post_id), self.lead_posts[lead_id].pop()))
        if case_key is not None and case_key not in self.first_post:
            self.first_post[case_key] = post_id
            self._did(lambda: self.first_post.pop(case_key))

    def _add_keys(self, lead_id: int, keys: Iterable[str]) -> None:
        """Index a lead under ``keys`` (each as INSERT OR IGNORE), undone together (one undo for all of them)."""
        index, added = self.keys, []
        for key in keys:
            ids = index.get(key)
            if ids and ids[-1] >= lead_id:
                if ids[-1] == lead_id:
                    continue  # INSERT OR IGNORE (most often: a lead's keys again, at its next post)
                at = bisect.bisect_left(ids, lead_id)
                if ids[at] == lead_id:
                    continue  # INSERT OR IGNORE
            else:
                at = None  # after every lead under it (most often)
            key = sys.intern(key)  # one copy of the text for the index and the leads' own lists
            if ids is None:
                ids = index[key] = []
            if at is None:
                ids.append(lead_id)
            else:
                ids.insert(at, lead_id)
            self.lead_keys.setdefault(lead_id, {})[key] = None
            added.append((ids, key))
        if added:
            self._did(lambda: self._unindex(lead_id, added))

    def _unindex(self, lead_id: int, added: list[tuple[list[int], str]]) -> None:
        keys = self.lead_keys[lead_id]
        for ids, key in reversed(added):
            _drop(ids, lead_id)
            keys.pop(key)

    def _drop_keys(self, lead_id: int) -> None:
        keys = self.lead_keys.pop(lead_id, {})
        for key in keys:
            _drop(self.keys[key], lead_id)
        self._did(lambda: self._restore_keys(lead_id, keys))

    def _restore_keys(self, lead_id: int, keys: dict[str, None]) -> None:
        for key in keys:
            bisect.insort(self.keys[key], lead_id)
        self.lead_keys[lead_id] = keys

    def merge(self, keep_id: int, other_id: int) -> None:
        """What ``casework.merge`` changes that matching reads: the other lead's posts and keys move to
        the kept lead (``storage.move_lead_posts``), and it is merged."""
        moved = self.lead_posts.pop(other_id, [])
        kept = self.lead_posts.setdefault(keep_id, [])
        for post_id in moved:
            self.post_lead[post_id] = keep_id
        kept.extend(moved)

        def undo() -> None:
            del kept[len(kept) - len(moved) :]
            for post_id in moved:
                self.post_lead[post_id] = other_id
            self.lead_posts[other_id] = moved

        self._did(undo)
        self._add_keys(keep_id, list(self.lead_keys.get(other_id, ())))
        self._drop_keys(other_id)
        self._set(self.leads[other_id], "status", "merged")

    # ---- the duplicate index (``dedup.CaseIndex``) ------------------------------------------------

    def lead_for_case_key(self, case_key: str) -> int | None:
        post_id = self.first_post.get(case_key)
        return None if post_id is None else self.post_lead[post_id]

    def bucket_candidates(self, buckets: list[int]) -> list[dict[str, Any]]:
        """As ``dedup.bucket_candidates``: most shared keys first, then newest; each post's lead now."""
        if not buckets:
            return []
        post_lead = self.post_lead
        return [
            {"post_id": post_id, "lead_id": post_lead[post_id], "hits": hits}
            for post_id, hits in sorted(self.buckets.hits(buckets).items(), key=_HITS_THEN_ID, reverse=True)
        ]

    def store_posts(self, posts: list[dict[str, Any]]) -> dict[str, int]:
        """Write new lead posts, as ``storage.clean_post`` made them, to the throwaway store (what
        ``storage.upsert_posts`` would write of them: every input line is a new post, already cleaned, so
        neither cleaning it again nor looking for it first); returns post_id -> its id there."""
        return storage.insert_new_posts(self.db, posts)

    def canonical_texts(self, post_ids: list[int]) -> dict[int, str]:
        texts = {i: self.canonical[i] for i in post_ids if i in self.canonical}
        if len(texts) < len(post_ids):
            older = dedup.post_texts(self.db, [i for i in post_ids if i not in texts])
            texts.update((i, canonical_text(text)) for i, text in older.items())
        return texts

    def keep_text(self, post: dict[str, Any], fp: dedupe.Fingerprint, text: str) -> None:
        """Keep a new post's canonical text as ``dedup.post_texts`` would read it back (the worker made it)."""
        stored = dedup.stored_text(post)
        self.canonical[post["id"]] = fp.canonical if stored == text else canonical_text(stored)
        self._did(lambda: self.canonical.pop(post["id"], None))
        if len(self.canonical) > KEEP_TEXTS:  # (not undone: an older text is read back the same)
            del self.canonical[next(iter(self.canonical))]

    def lead_facts(self, lead_ids: list[int]) -> dict[int, dict[str, Any]]:
        return {i: self.leads[i] for i in sorted(set(lead_ids))}

    def lead_facts_for_keys(
        self, keys: list[str] | dict[str, int], per_key: int = 10
    ) -> dict[int, dict[str, Any]]:
        limits = keys.items() if isinstance(keys, dict) else [(key, per_key) for key in keys]
        found: set[int] = set()
        for key, limit in limits:
            ids = self.keys.get(key)
            if ids:  # the newest ``limit`` (SQL's LIMIT: none for 0, all for a negative limit)
                found.update(ids[-limit:] if limit > 0 else ids if limit < 0 else ())
        return {i: self.leads[i] for i in sorted(found)}

    def add_buckets(self, post_id: int, lead_id: int, buckets: list[int]) -> None:
        self._did(self.buckets.add(post_id, buckets))

    def add_lead_keys(self, lead_id: int, keys: list[str]) -> None:
        """Index a lead under ``keys``: only those it is not under yet (a lead is under a key exactly when the key
        is among its ``lead_keys``; most of them come again with each of its posts)."""
        have = self.lead_keys.get(lead_id)
        self._add_keys(lead_id, keys if have is None else [key for key in keys if key not in have])

    def match_facts(self, lead_id: int) -> Any:
        return self.leads[lead_id]["match_facts"]

    def set_match_facts(self, lead_id: int, raw: str) -> None:
        self._set(self.leads[lead_id], "match_facts", raw)

    def set_case_facts(self, lead_id: int, facts: CaseFacts, read_back: bool = False) -> None:
        """A lead's matching facts kept as an object (``dedupe.keep_facts``): the facts its JSON text would read
        back as (sets from sorted lists, tuples from lists; ``read_back``: they are), with neither the text
        written nor parsed again. Never changed in place (``merge_facts`` makes new ones)."""
        self._set(self.leads[lead_id], "match_facts", facts if read_back else casefacts.read_back(facts))


def _drop(ids: list[int], lead_id: int) -> None:
    """Take a lead out of a key's ids (sorted, each once): found by bisection, as ``list.remove`` would find it by
    reading every id before it (the keys of every lead, "*" or a 镇街's, hold hundreds of thousands at 1M posts)."""
    at = bisect.bisect_left(ids, lead_id)
    if at == len(ids) or ids[at] != lead_id:
        raise ValueError(f"lead {lead_id} not under this key")
    del ids[at]


def _eligible(lead: Lead | None) -> bool:
    """``casework._eligible``: no lead of analyze was split or closed by an officer."""
    return bool(lead) and lead["status"] in AUTO_MERGE_STATES and ":split:" not in (lead["case_key"] or "")


def merge_same_case(
    cases: MemoryCases, lead_id: int, others: tuple[tuple[int, float, str], ...]
) -> list[int]:
    """``casework.merge_same_case`` in memory: the same leads merged into the same one."""
    first = cases.leads[lead_id]
    if not _eligible(first):
        return []
    group = [(first, dedupe.lead_case_facts(first))]
    for other_id, _score, _why in others:
        other = cases.leads[other_id]
        if (
            not _eligible(other)
            or other["id"] in {g[0]["id"] for g in group}
            or other["label"] != first["label"]
        ):
            continue
        facts = dedupe.lead_case_facts(other)
        if any(contradictions(facts, kept) for _lead, kept in group):
            continue
        group.append((other, facts))
    if len(group) < 2:
        return []
    group.sort(key=lambda g: (g[0]["created_at"] or "", g[0]["id"]))  # the oldest is kept
    keep = group[0][0]["id"]
    for other, _facts in group[1:]:
        cases.merge(keep, other["id"])
        dedupe.absorb(cases, keep, other["id"])
    return [other["id"] for other, _facts in group[1:]]


def _match_one(cases: MemoryCases, post: dict[str, Any], prepared) -> None:
    """``pipeline._store_one`` of a lead post, as far as it decides which lead the post joins."""
    analysis, label = prepared.analysis, prepared.prediction.label
    text = post_text(post)
    fp = prepared.fingerprint or dedupe.fingerprint(text, analysis, post)
    match = dedupe.find_case(cases, text, analysis, label, fp)
    also: tuple = ()
    open_lead, lead = False, None
    if match is None:
        lead_id = cases.create_lead(analysis["case_key"], label)
    else:
        lead_id = match.lead_id
        lead = cases.leads[lead_id]
        open_lead = lead["status"] in AUTO_MERGE_STATES
        also = match.also if open_lead else ()
    cases.attach(post["id"], lead_id, analysis["case_key"])
    cases.keep_text(post, fp, text)
    facts, grew = dedupe.remember(cases, post["id"], lead_id, fp, match, lead)
    if grew and open_lead and not also:
        also = dedupe.related_leads(cases, lead_id, facts, label)
    if match is not None and also:
        merge_same_case(cases, lead_id, also)


def store_leads(cases: MemoryCases, posts: list[dict[str, Any]], prepared: list) -> dict[str, str | None]:
    """Store the lead posts of one ``analyze`` batch (``posts``, as ``storage.clean_post`` made them, and what the
    pure half ``prepared`` of each, lead posts only) as a pass would; returns post id -> the case key of its lead (None for a post that
    could not be stored)."""
    if not posts:
        return {}
    ids = cases.store_posts(posts)
    keys: dict[str, str | None] = {}
    cases.buckets.fold()
    cases.squeeze()
    for post, result in zip(posts, prepared, strict=True):
        try:
            with cases.step():
                _match_one(cases, {**post, "id": ids[post["post_id"]]}, result)
        except sqlite3.OperationalError:
            raise  # reading an old post's text failed (disk, I/O): not the post's fault
        except Exception:  # noqa: BLE001 - as in a pass: the post is set aside, its line says nothing
            log.exception("post %s failed", post["post_id"])
            keys[post["post_id"]] = None
    for post in posts:
        if post["post_id"] not in keys:
            keys[post["post_id"]] = cases.leads[cases.post_lead[ids[post["post_id"]]]]["case_key"]
    return keys
