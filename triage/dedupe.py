"""Which case a post belongs to: exact duplicates, near-duplicates and the same case told again.

Three tests, cheapest first, each recorded with its reason and score on ``lead_posts``:

1. **Exact duplicate**: the same canonical text (``case_key``: reposts with added hashtags,
   @mentions, links, emoji, 转发 prefixes and traditional characters count as the same text).
2. **Near-duplicate**: MinHash-LSH over character 3-grams of the canonical text (datasketch
   ``MinHash``, 64 permutations, 16 bands of 4 rows, so pairs from Jaccard ≈ 0.5 up are found)
   plus a prefix key that finds truncated copies; a candidate counts when the shorter text's
   3-grams are ≥ 80 % inside the longer one (containment, which a truncation does not lower). The
   band keys live in storage (``dedup_buckets``), so a lookup is a few index probes whatever the
   history size. Why these choices: docs in ``bench/triage.py`` and the issue-4 report; in short,
   on posts of 30–150 characters 64-bit SimHash at Hamming ≤ 3 missed 16 % of the copies, and
   looser radii collide with the template look-alikes.
3. **Same case, other words**: a news report, a reworded post. Merged when the 镇街 agree, the
   employer/site agrees (employer name, project, 包工头, village or park, or at least the product
   when amount *and* workers agree) and the amount or worker count agrees (``agreement``).
4. **Same case, told again** (issue 11): a retelling on another platform, in Cantonese, with a short
   name for a long one (康晟 for 康晟电子科技有限公司), an estate without its phase, approximate figures
   (四十几万 for 46万), or no 镇街 at all. Found through the lead's telling words (``lead_keys``
   ``t:…``, within its 镇街 and, for the strongest, anywhere) and merged when nothing contradicts and
   the shared telling words plus the figures that agree reach a threshold (``casefacts.retold``;
   the words and their weights: ``casewords``). Round 2: with no telling word in common, the facts
   alone within one 镇街 and two weeks (amount, counts, months, trade, kind of action, phases; leads
   indexed by trade and 镇街, ``casefacts.fact_keys``), and a short post joins the one recent lead
   its facts fit (none when two do).
5. **One case found twice** (issue 11, round 2): when a post tells the case of two or more open
   leads (``Match.also``), or what a post adds makes its lead match another open lead
   (``related_leads``), the pipeline merges the younger into the older through
   ``casework.merge_same_case`` (the officers' merge, recorded by "pipeline" with the evidence), and
   ``absorb`` gives the kept lead both leads' facts and keys.

Text similarity alone never merges "false friends" (the same template about another employer,
town or amount: their 3-gram containment reaches 0.94): a near-duplicate is refused when the facts
conflict (other 镇街, amount or worker ranges that do not overlap, another named employer, another
village) or when the words that differ are numbers, places or names.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from hashlib import blake2b
from itertools import chain
from operator import itemgetter
from typing import Any

from triage import casefacts, mergesettings
from triage.casefacts import (  # noqa: F401 (re-exported: callers read them from here)
    ORG_KIND,
    STRONG_KEY_WEIGHT,
    THIN,
    CaseFacts,
    _is_village,
    _short_place,
    agreement,
    case_facts,
    conflicts,
    merge_facts,
    retold,
    unrelated,
)
from triage.casejudge import judge
from triage.districts import load_gazetteer
from triage.text import canonical_text, case_key

SHINGLE = 3
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
PREFIX_LEN = 16
# the candidates' numbers: data/merge.toml [candidates] (triage.mergesettings); a post that names no 镇街 is
# compared with NEWEST of the newest leads (of its trade, and of all); SITE_KEY_LIMIT / WORD_KEY_LIMIT newest
# leads per site key / telling-word or fact key
_M = mergesettings.load()
NEAR_DUP_CONTAINMENT, MAX_CANDIDATES = _M["near_dup_containment"], _M["max_candidates"]
NEWEST, NEAR_DUP_CHECKS = _M["newest"], _M["near_dup_checks"]
SITE_KEY_LIMIT, WORD_KEY_LIMIT = _M["site_key_limit"], _M["word_key_limit"]
RELATED_PER_KEY, THREAD_PER_KEY = _M["related_per_key"], _M["thread_per_key"]


def shingles(canonical: str, n: int = SHINGLE) -> set[str]:
    """Character n-grams of a canonical text (the whole text when shorter than n)."""
    if len(canonical) <= n:
        return {canonical} if canonical else set()
    # one slice a gram (zipping shifted copies made n one-character strings a gram, then joined them), inserted in
    # the same order: the same set
    return {canonical[i : i + n] for i in range(len(canonical) - n + 1)}


@cache
def _permutations():
    """The affine permutations of datasketch's ``MinHash(num_perm=64, seed=1)`` (scheme affine32), and the
    constants of MurmurHash3's fmix32 as numpy's uint32."""
    import numpy as np

    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b, (np.uint32(16), np.uint32(13), np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))


def signature(grams: set[str]):
    """The 64-value MinHash signature of a set of shingles: the same values as datasketch's
    ``MinHash(num_perm=64, seed=1, hashfunc=zlib.crc32).update_batch(...)`` (tests check it),
    computed here with numpy alone because importing datasketch pulls in scipy (≈0.45 s at every
    process start, which the crawler and the scheduler pay)."""
    import numpy as np

    a, b, (u16, u13, fmix1, fmix2) = _permutations()
    hv = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.uint32, count=len(grams))  # UTF-8
    # MurmurHash3 fmix32, as datasketch pre-mixes (in place: the same uint32 arithmetic, fewer arrays)
    hv ^= hv >> u16
    hv *= fmix1
    hv ^= hv >> u13
    hv *= fmix2
    hv ^= hv >> u16
    values = hv[:, None] * a  # one row of the 64 permutations' values per shingle
    values += b
    return np.minimum.reduce(values, axis=0)  # values.min(axis=0), without its Python wrapper


# grams whose signatures ``signatures`` finds in one go (its table of values: 64 uint32 a gram, 5 MB)
SIGNATURE_GRAMS = 20_000


def signatures(gram_sets: list[set[str]]):
    """``signature`` of each of ``gram_sets`` (none empty), one row each: the same values, numpy's steps taken once for
    them all (a few thousand instructions each: as many as the arithmetic of a post's 40 grams) and each set's
    values reduced to their minimum by ``minimum.reduceat`` over its rows."""
    import numpy as np

    a, b, (u16, u13, fmix1, fmix2) = _permutations()
    counts = np.fromiter(map(len, gram_sets), dtype=np.int64, count=len(gram_sets))
    hv = np.fromiter(map(zlib.crc32, map(str.encode, chain.from_iterable(gram_sets))), dtype=np.uint32,
                     count=int(counts.sum()))  # fmt: skip
    hv ^= hv >> u16
    hv *= fmix1
    hv ^= hv >> u13
    hv *= fmix2
    hv ^= hv >> u16
    values = hv[:, None] * a
    values += b
    return np.minimum.reduceat(values, np.cumsum(counts) - counts, axis=0)


def _key(*parts: bytes) -> int:
    """A signed 64-bit bucket key (fits an SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(b"\x00".join(parts), digest_size=8).digest(), "big", signed=True)


_BAND_HEADS = [b"band\x00" + bytes([band]) + b"\x00" for band in range(BANDS)]
# each band's head and where its four uint32 values lie in the signature's bytes; the 8-byte digests as signed ints
_BANDS = [(head, band * ROWS * 4, (band + 1) * ROWS * 4) for band, head in enumerate(_BAND_HEADS)]
_AS_KEYS = struct.Struct(f">{BANDS}q").unpack


def bucket_keys(canonical: str, grams: set[str] | None = None) -> list[int]:
    """The LSH band keys plus the prefix key of a canonical text: the rows of ``dedup_buckets``.
    ``grams``: its ``shingles`` when the caller has them."""
    grams = shingles(canonical) if grams is None else grams
    if not grams:
        return []
    return _band_keys(canonical, signature(grams).tobytes())


def _band_keys(canonical: str, raw: bytes) -> list[int]:
    """``bucket_keys`` of a canonical text whose signature's bytes are ``raw``."""
    # _key(b"band", bytes([band]), the band's values), its parts joined ahead, the digests read as ints at once
    digests = [blake2b(head + raw[lo:hi], digest_size=8).digest() for head, lo, hi in _BANDS]
    keys = list(_AS_KEYS(b"".join(digests)))
    if len(canonical) >= PREFIX_LEN:
        keys.append(_key(b"prefix", canonical[:PREFIX_LEN].encode("utf-8")))
    return keys


def containment(a: set[str], b: set[str]) -> float:
    """How much of the smaller shingle set lies in the other one (1.0 for a truncated copy)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


NUMERALS = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")


def distinguishing_diff(a: str, b: str) -> list[str]:
    """The pieces that differ between two canonical texts and name a number, place or employer
    ("金钟" vs "白溪", "5万4" vs "6万6"); edits at either end (truncation, a repost comment) are
    not counted."""
    return list(_diff_pieces(a, b))


def _diff_pieces(a: str, b: str) -> Iterator[str]:
    """``distinguishing_diff``'s pieces one at a time (a false friend is known at its first)."""
    if not a or not b or a in b or b in a:
        return
    gaz = load_gazetteer()
    matcher = _matcher(b)
    matcher.set_seq1(a)  # (the opcodes are a new list each time: a later post's cannot change these)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" and (i1 == 0 or j1 == 0 or i2 == len(a) or j2 == len(b)):
            continue  # added or cut at either end: a repost comment, a truncation
        for text, lo, hi in ((a, i1, i2), (b, j1, j2)):
            piece = text[lo:hi]
            if not piece:
                continue
            if NUMERALS.search(piece) or re.search(ORG_KIND, piece):
                yield piece
                continue
            wider = text[max(0, lo - 3) : hi + 3]
            local = re.search(r"[\u4e00-\u9fff]{1,3}(?:村|社区|工业区|工业园|路|街|大道)", wider)
            if (local and piece in local.group(0)) or _names_touch(gaz, text, lo, max(hi, lo + 1)):
                yield piece


@lru_cache(maxsize=1024)
def _matcher(b: str) -> difflib.SequenceMatcher:
    """A matcher against one candidate's text, kept: its index of ``b`` (a third of the work) serves every later
    post it is a candidate of (the newest post of a bucket is, of many); ``set_seq1`` gives the same opcodes.
    (1,024 kept, about 15 MB: of 7,431 matchers asked for in a 20,000-post pass, 5,685 made, 6,862 with 256 kept.)"""
    return difflib.SequenceMatcher(None, "", b, autojunk=False)


def _names_touch(gaz, text: str, lo: int, hi: int) -> bool:
    """Whether a gazetteer name overlaps text[lo:hi] (searched only around that span)."""
    for start in range(max(0, lo - gaz.max_len), hi):
        match = gaz.pattern.match(text, start)
        if match and match.start() < hi and lo < match.end():
            return True
    return False


# ---- against the stored history ----------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    lead_id: int
    kind: str  # exact | near_duplicate | same_case
    reason: str
    score: float
    # other open leads the post tells the same case of (lead id, score, why): one case found twice, to merge
    also: tuple[tuple[int, float, str], ...] = ()


@dataclass
class Fingerprint:
    """What the duplicate index needs of one post, computed once."""

    case_key: str
    canonical: str
    grams: set[str]
    buckets: list[int]
    facts: CaseFacts  # as a lead's stored facts read back (``CaseFacts.from_json`` of its ``to_json``)
    thread: str | None = None
    # what depends on the post alone, found here (in the workers) rather than by the storing half: the keys its
    # same-case candidates are looked up under (``candidate_keys``), and those a new lead of it is indexed under
    lookup: dict[str, int] | None = None
    keys: list[str] | None = None


TIEBA_THREAD = re.compile(r"tieba\.baidu\.com/p/(\d+)|/p/(\d+)\?pid=")


def thread_key(post: dict[str, Any] | None) -> str | None:
    """The forum thread a post is a floor of (Tieba: ``/p/<tid>`` in its URL, or ``tid`` in its raw
    record), so that replies such as "同厂+1" join the lead of their thread."""
    if not post:
        return None
    match = TIEBA_THREAD.search(post.get("url") or "")
    if match:
        return f"tieba:{match.group(1) or match.group(2)}"
    raw = post.get("raw")
    if isinstance(raw, str) and '"tid"' in raw:
        try:
            tid = json.loads(raw).get("tid")
        except ValueError:
            tid = None
        if tid:
            return f"{post.get('platform') or 'forum'}:{tid}"
    return None


def fingerprint(
    text: str, analysis: dict[str, Any], post: dict[str, Any] | None = None, buckets: bool = True
) -> Fingerprint:
    """What the duplicate index needs of a post; ``buckets`` False: without its bucket keys yet (``add_buckets``
    finds those of many posts at once)."""
    canonical = canonical_text(text)
    grams = shingles(canonical)
    # the facts as a new lead of this post stores them and reads them back (``remember`` keeps them so)
    facts = case_facts(text, analysis, (post or {}).get("posted_at"))
    thread = thread_key(post)
    # its keys of each kind, found once for both uses: candidate_keys and index_keys take the same four lists
    kinds = site, fact, term, trade = facts.key_kinds()
    return Fingerprint(analysis.get("case_key") or case_key(text), canonical, grams,
                       bucket_keys(canonical, grams) if buckets else [],
                       facts, thread, _limits(facts, site, term + fact, trade),
                       _with_thread([key for keys in kinds for key in keys], thread))  # fmt: skip


def add_buckets(fps: list[Fingerprint]) -> list[Exception | None]:
    """Give each of ``fps`` (made with ``buckets=False``) its bucket keys, as ``bucket_keys`` finds them, their MinHash
    signatures found together (``signatures``, up to ``SIGNATURE_GRAMS`` grams at a time); returns, for each, None or
    the error ``bucket_keys`` raised on it alone (its text cannot be encoded), its buckets then left empty."""
    errors: list[Exception | None] = [None] * len(fps)
    todo = [k for k, fp in enumerate(fps) if fp.grams]  # (an empty text has no bucket keys)
    while todo:
        size, count = 0, 0
        while count < len(todo) and (not count or size + len(fps[todo[count]].grams) <= SIGNATURE_GRAMS):
            size += len(fps[todo[count]].grams)
            count += 1
        chunk, todo = todo[:count], todo[count:]
        try:
            rows = signatures([fps[k].grams for k in chunk])
            for k, row in zip(chunk, rows, strict=True):
                fps[k].buckets = _band_keys(fps[k].canonical, row.tobytes())
        except Exception:  # noqa: BLE001 - found again post by post, each post's own error kept
            for k in chunk:
                try:
                    fps[k].buckets = bucket_keys(fps[k].canonical, fps[k].grams)
                except Exception as exc:  # noqa: BLE001
                    errors[k] = exc
    return errors


def _index_keys(facts: CaseFacts, thread: str | None) -> list[str]:
    """The keys a lead with these facts is indexed under (``lead_keys``), with its forum thread's."""
    return _with_thread(facts.index_keys(), thread)


def _with_thread(keys: list[str], thread: str | None) -> list[str]:
    return keys + ([f"thread|{thread}"] if thread else [])


def _lead_facts(lead: dict[str, Any]) -> CaseFacts:
    # (analyze's leads in memory, ``memcases.Lead``, give their facts by ``lead[...]`` with no ``get`` in between)
    raw = lead.get("match_facts") if type(lead) is dict else lead["match_facts"]
    if isinstance(raw, CaseFacts):
        return raw  # analyze's leads in memory keep their facts as read back (``keep_facts``)
    return _parsed(raw) if isinstance(raw, str) else CaseFacts.from_json(raw)


def keep_facts(cases, lead_id: int, facts: CaseFacts, read_back: bool = False) -> None:
    """Store a lead's matching facts: as JSON text (``leads.match_facts``), or, where the index keeps them as
    objects (``set_case_facts``: analyze's cases in memory), as that text reads back, without writing it.
    ``read_back``: ``facts`` already are as read back (a fingerprint's)."""
    keep = getattr(cases, "set_case_facts", None)
    if keep is not None:
        keep(lead_id, facts, read_back)
        return
    raw = _encode(facts.to_json())
    cases.set_match_facts(lead_id, raw)
    # the text as it reads back, kept: the lead is a candidate of the posts that follow (a pass's store)
    _keep_parsed(raw, facts if read_back else casefacts.read_back(facts))


# ``json.dumps(value, ensure_ascii=False)`` without making a new encoder each time (every lead post's lead)
_encode = json.JSONEncoder(ensure_ascii=False).encode
# leads' stored facts by their text, as read back: parsed, or as this process wrote them; the first kept forgotten
# first (a lead still asked for is parsed again then, once for every PARSED texts kept after it: a hit moves nothing).
# About 30 MB at most (~3.7 KB each); a 20,000-post pass parsed 212 leads' facts instead of 10,478 (198 when a hit
# made the text the most recently used, at a dict pop and insert for each of 165,000 hits)
PARSED = 8192
_by_text: dict[str, CaseFacts] = {}


def _parsed(raw: str) -> CaseFacts:
    """A lead's stored facts, parsed once (the same leads are candidates of many posts); never changed in
    place (``merge_facts`` makes new ones)."""
    facts = _by_text.get(raw)
    if facts is None:
        facts = CaseFacts.from_json(json.loads(raw))
        _keep_parsed(raw, facts)
    return facts


def _keep_parsed(raw: str, facts: CaseFacts) -> None:
    _by_text.pop(raw, None)
    _by_text[raw] = facts
    if len(_by_text) > PARSED:
        del _by_text[next(iter(_by_text))]


def _cases(db):
    """The duplicate index ``db`` stands for: a store's tables, or ``analyze``'s cases in memory."""
    import storage.dedup  # (found in sys.modules without the Python-level ``_handle_fromlist`` of a from-import)

    dedup = storage.dedup
    return db if isinstance(db, dedup.CaseIndex) else dedup.SqlCases(db, canonical_text)


@lru_cache(maxsize=4096)
def _grams(canonical: str) -> set[str]:
    """A candidate post's shingles (the same posts are candidates of many posts); never changed in place."""
    return shingles(canonical)


def find_case(
    db, text: str, analysis: dict[str, Any], label: str, fp: Fingerprint | None = None
) -> Match | None:
    """The lead an incoming lead post belongs to, or None for a new case: exact duplicate, then
    near-duplicate (LSH candidates verified by containment, refused on conflicting facts), then the
    same case in other words (site keys, then ``agreement``). ``db``: a store, or a ``CaseIndex``."""
    cases = _cases(db)
    fp = fp or fingerprint(text, analysis)
    lead_id = cases.lead_for_case_key(fp.case_key)
    if lead_id is not None:
        return Match(lead_id, "exact", "exact duplicate (same normalised text)", 1.0)

    candidates = cases.bucket_candidates(fp.buckets)[:MAX_CANDIDATES]
    texts = cases.canonical_texts([c["post_id"] for c in candidates])
    leads = cases.lead_facts([c["lead_id"] for c in candidates])
    scored = []
    for candidate in candidates:
        other = texts.get(candidate["post_id"])
        other = canonical_text("") if other is None else other
        score = containment(fp.grams, _grams(other))
        if score >= NEAR_DUP_CONTAINMENT and candidate["lead_id"] in leads:
            scored.append((score, candidate["post_id"], candidate["lead_id"], other))
    best: Match | None = None
    # most similar first: a true copy scores ≈ 1, template look-alikes below it; a few checks suffice
    for score, post_id, lead_id, other in sorted(scored, key=lambda x: (-x[0], -x[1]))[:NEAR_DUP_CHECKS]:
        if conflicts(fp.facts, _lead_facts(leads[lead_id])) or next(_diff_pieces(fp.canonical, other), None):
            continue  # a false friend: the same template about another employer, town or amount
        best = Match(lead_id, "near_duplicate", f"near-duplicate of post #{post_id} (containment {score:.2f})",
                     round(score, 3))  # fmt: skip
        break
    if best:
        return best

    if fp.thread:
        thread_leads = cases.lead_facts_for_keys([f"thread|{fp.thread}"], per_key=THREAD_PER_KEY)
        for lead in thread_leads.values():
            lead_facts = _lead_facts(lead)
            # a reply may speak for part of the group (我们拉线组8个人): only another place or employer vetoes
            if (
                lead
                and lead["label"] == label
                and not [
                    why for why in conflicts(fp.facts, lead_facts) if why.startswith(("镇街", "单位", "村居"))
                ]
            ):
                return Match(lead["id"], "same_thread", f"reply in the same thread ({fp.thread})", 0.9)

    found: list[tuple[float, int, list[str]]] = []
    lookup = fp.lookup if fp.lookup is not None else candidate_keys(fp.facts)
    for lead in cases.lead_facts_for_keys(lookup).values():
        if lead["label"] != label:
            continue
        score, why = judge(fp.facts, _lead_facts(lead), fp.canonical)  # agreement, else retold
        if score:
            found.append((score, lead["id"], why))
    # a short post with no 镇街 that fits on its facts alone joins a lead only when that lead is the only one
    thin = [f for f in found if THIN in f[2]]
    if len(thin) > 1:
        found = [f for f in found if THIN not in f[2]]
    if found:
        found.sort(key=lambda f: (-f[0], f[1]))
        score, lead_id, why = found[0]
        also = tuple((other, s, " · ".join(w)) for s, other, w in found[1:] if THIN not in w)
        return Match(lead_id, "same_case", "same case: " + " · ".join(why), score, also)
    return None


def candidate_keys(facts: CaseFacts) -> dict[str, int]:
    """The index keys a post's same-case candidates are looked up under, each with how many of its newest
    leads are taken: its site's, those its telling words and facts find, and with no 镇街 the newest of
    its trade and of all (a key of two kinds takes the larger limit)."""
    return _limits(facts, facts.site_keys(), facts.term_keys() + facts.fact_keys(), facts.trade_keys())


def _limits(facts: CaseFacts, site: list[str], words: list[str], trade: list[str]) -> dict[str, int]:
    """``candidate_keys`` of facts whose site keys, telling-word and fact keys, and trade keys are these."""
    kinds = [(site, SITE_KEY_LIMIT), (words, WORD_KEY_LIMIT)]
    if not facts.district:
        kinds.append((trade, NEWEST))
    # the keys in the order first given, each with the largest limit of the kinds that give it (the smaller set first)
    limits = dict.fromkeys(key for keys, _limit in kinds for key in keys)
    for keys, limit in sorted(kinds, key=itemgetter(1)):
        limits.update(dict.fromkeys(keys, max(limit, 0)))
    return limits


def remember(
    db, post_id: int, lead_id: int, fp: Fingerprint, match: Match | None, lead: dict[str, Any] | None = None
) -> tuple[CaseFacts, bool]:
    """Index a lead post (buckets; site keys of its lead) and fold its facts into the lead's.
    Exact duplicates add nothing to the index. Returns the lead's facts after the merge, and whether the
    post told the lead something that may match another lead (its 镇街, a figure, a name, a trade …).
    ``lead``: the matched lead's row when the caller has read it (its ``match_facts`` as stored)."""
    cases = _cases(db)
    # a new lead has no facts yet
    before = _lead_facts(lead or {"match_facts": cases.match_facts(lead_id)}) if match else None
    facts = merge_facts(before, fp.facts) if before is not None else fp.facts
    if match is None or match.kind != "exact":
        cases.add_buckets(post_id, lead_id, fp.buckets)
    # a new lead's keys and facts are the post's own, as the worker found them (``fingerprint``)
    fresh = before is None and fp.keys is not None
    _add_lead_keys(cases, lead_id, fp.keys if fresh else _index_keys(facts, fp.thread))
    keep_facts(cases, lead_id, facts, read_back=fresh)
    return facts, before is not None and _grew(before, facts)


def _add_lead_keys(cases, lead_id: int, keys: list[str]) -> None:
    """Index a lead under ``keys``: in a pass's store, only those it is not known to be under already
    (``known_keys``: most of a lead's keys come again with each of its posts)."""
    known = cases.known_keys()
    if known is None:
        cases.add_lead_keys(lead_id, keys)
        return
    have = known.get(lead_id)
    new = keys if have is None else [key for key in keys if key not in have]
    if new:
        cases.add_lead_keys(lead_id, new)
    if have is None:
        known[lead_id] = set(keys)
    else:
        have.update(new)


def _grew(before: CaseFacts, after: CaseFacts) -> bool:
    """Whether a lead's facts gained what may match another lead: a 镇街, a count or an amount where it had
    none, a new name, strong telling word, trade, phase, month or kind of action, or a later day."""
    return bool(
        (after.district and not before.district) or (after.workers and not before.workers)
        or (after.amount and not before.amount) or after.names - before.names or after.trades - before.trades
        or after.phases - before.phases or after.month_names - before.month_names or after.actions - before.actions
        or any(w >= STRONG_KEY_WEIGHT and w > before.terms.get(k, 0.0) for k, w in after.terms.items())
        or after.seen != before.seen  # a later day: leads a few days older may now lie within reach
    )  # fmt: skip


def absorb(db, keep_id: int, other_id: int) -> CaseFacts:
    """After ``other_id`` was merged into ``keep_id`` (its posts, buckets and keys moved there): the kept
    lead's matching facts are both leads' facts together, indexed under every key they give."""
    cases = _cases(db)
    facts = merge_facts(*(_lead_facts({"match_facts": cases.match_facts(i)}) for i in (keep_id, other_id)))
    _add_lead_keys(cases, keep_id, facts.index_keys())
    keep_facts(cases, keep_id, facts)
    return facts


def related_leads(db, lead_id: int, facts: CaseFacts, label: str) -> tuple[tuple[int, float, str], ...]:
    """Other leads a lead's facts, grown by a new post, now tell the same case of ((lead id, score, why)):
    found among the leads of its site, its 镇街 and trades and the newest of all, judged on both leads' facts."""
    # its site, its 镇街 and trades, and the newest leads of all (a thin first telling has no 镇街)
    keys = facts.site_keys() + facts.fact_keys() + ["*"]
    found = []
    for lead in _cases(db).lead_facts_for_keys(keys, per_key=RELATED_PER_KEY).values():
        if lead["id"] == lead_id or lead["label"] != label:
            continue
        score, why = judge(facts, _lead_facts(lead))
        if score and THIN not in why:
            found.append((lead["id"], score, " · ".join(why)))
    return tuple(sorted(found, key=lambda f: (-f[1], f[0])))


def lead_case_facts(lead: dict[str, Any]) -> CaseFacts:
    """A lead's matching facts as stored (``match_facts``)."""
    return _lead_facts(lead)
