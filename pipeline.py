"""One pass over unprocessed posts: storage → classifier → triage → storage.

The one place where the stages meet; ``wagewatch demo``, ``ingest``, ``analyze`` and the
scheduler all call ``run_pass``. Work goes in batches, each committed in one transaction together
with the posts' "processed" mark, so a crash loses at most the batch in flight and the next pass
finishes the job without duplicates.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import sqlite3
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlite_utils import Database

import config as config_module
import storage
from classifier import load_classifier
from preparing import Prepared, Preparer, analysis_row, default_workers
from records import post_from_record
from triage import casework, dedupe, followup, memcases
from triage.analyze import LEAD_LABELS, lead_fields
from triage.text import canonical_text, post_text

log = logging.getLogger("wagewatch.pipeline")
_classifiers: dict[str, Any] = {}


def configured_classifier(config: dict[str, Any] | None = None):
    """The model named by ``[pipeline] classifier`` with the ``[classifier]`` settings of ``config``
    (default: ``config.load()``, i.e. $WAGEWATCH_CONFIG or the built-in defaults), loaded once per
    process; restart long-running processes after retraining."""
    config = config or config_module.load()
    kind, settings = config["pipeline"]["classifier"], config.get("classifier", {})
    key = json.dumps([kind, settings], sort_keys=True)
    if key not in _classifiers:
        _classifiers[key] = load_classifier(kind, settings)
    return _classifiers[key]


# facts a later post may fill in on its lead when the first post did not give them
FILLABLE = ("district", "district_reason", "workers", "amount_yuan", "months_unpaid", "employer", "sector",
            "project", "foreman")  # fmt: skip


def _analysis_columns(prepared: Prepared) -> tuple[Any, ...]:
    """A post's ``post_analysis`` columns: as the worker found them, else (a preparer not asked for them) here."""
    if prepared.columns is not None:
        return prepared.columns
    return storage.analysis_columns(analysis_row(prepared.prediction, prepared.analysis))


def _store_one(db: Database, post: dict[str, Any], prepared: Prepared, stats: Counter) -> None:
    prediction, analysis = prepared.prediction, prepared.analysis
    storage.save_analysis_rows(db, [(post["id"], _analysis_columns(prepared))])
    stats[prediction.label] += 1
    if prediction.label not in LEAD_LABELS:
        return
    text = post_text(post)
    fp = prepared.fingerprint or dedupe.fingerprint(text, analysis, post)
    match = dedupe.find_case(db, text, analysis, prediction.label, fp)
    also: tuple = ()
    open_lead, lead = False, None
    if match is None:
        lead_id = storage.create_lead(db, lead_fields(post, prediction.label, analysis))
        stats["new_leads"] += 1
        if analysis["priority"] == "P1":
            reasons = "；".join(analysis["priority_reasons"])
            storage.add_event(db, lead_id, "pipeline", "alert", None, None, f"P1 立即预警：{reasons}")
        reason, score = "first post", 1.0
        writes = storage.LeadWrites(lead_id)
    else:
        lead_id, reason, score = match.lead_id, match.reason, match.score
        writes = storage.LeadWrites(lead_id)
        stats[f"merged_{match.kind}"] += 1
        lead = storage.get_lead(db, lead_id)
        # whether the lead may be merged with others is judged before this post reopens it (a closure stands)
        open_lead = lead["status"] in casework.AUTO_MERGE_STATES
        also = match.also if open_lead else ()
        actions = followup.on_new_post(db, lead_id, post, analysis, lead)
        for action in actions:
            stats[action] += 1
        if actions:
            lead = storage.get_lead(db, lead_id)
        fill = {
            k: analysis[k] for k in FILLABLE if lead[k] in (None, "") and analysis.get(k) not in (None, "")
        }
        if fill.get("district") is None:
            fill.pop("district_reason", None)
        else:  # a later post named the 镇街: its reason too, and out of the duty officer's queue
            fill.update(
                district_reason=analysis["district_reason"],
                district_confidence=analysis["district_confidence"],
            )
            if lead["queue"] == "unassigned":
                fill["queue"] = "wage"
        writes.update(fill)  # (nothing reads the lead's row until ``writes.write``)
    if storage.attach_post(db, lead_id, post, reason, score, writes):
        stats["posts_linked"] += 1
    facts, grew = dedupe.remember(storage.dedup.SqlCases(db, canonical_text, writes), post["id"], lead_id, fp,
                                  match, lead)  # fmt: skip
    writes.write(db)  # the facts filled in, the post counted, the matching facts: one UPDATE of the lead
    stored = storage.dedup.stored_text(post)
    if stored == text:  # (a title with spaces around it reads otherwise from the store)
        storage.dedup.note_canonical(post["id"], stored, fp.canonical)
    if grew and open_lead and not also:
        # what the post added may show the lead to be another open lead's case (the thin first telling)
        also = dedupe.related_leads(db, lead_id, facts, prediction.label)
    if match is not None and also:
        # the post tells the case of two or more leads: one case found twice, merged into the oldest
        merged = casework.merge_same_case(
            db, lead_id, also, f"帖子 {post['platform']}:{post['post_id']} 与多条线索讲的是同一件事"
        )
        stats["leads_merged"] += len(merged)


def run_pass(
    db: Database,
    classifier=None,
    batch_size: int = 200,
    max_batches: int | None = None,
    config: dict[str, Any] | None = None,
    stop: Callable[[], bool] | None = None,
    workers: int | None = 1,
    preparer: Preparer | None = None,
    explain: str | bool = "leads",
) -> dict[str, int]:
    """Process every post not processed yet; returns counts (posts, labels, new leads, failures).
    Without a ``classifier``, the configured one classifies (``configured_classifier(config)``).
    In surge mode (``[schedule] surge``) the P1 thresholds are the surge ones. ``stop`` is asked
    before each batch: a shutting-down scheduler ends the pass between two committed batches.

    The pure half of the work (classify, triage, fingerprint, the analysis rows: ``preparing``) runs on ``workers``
    forked processes (``None``: one per processor when there is more than a batch to do) while this
    process stores each batch in order, in one transaction with the posts' "processed" mark; the
    result is the same with any number of workers. A caller that makes many passes hands in one
    ``preparer``. ``explain``: which predictions carry the words that drove them (analyze needs none)."""
    config = config or config_module.load()
    classifier = classifier or configured_classifier(config)
    rules = config_module.priority_rules(config)
    stats: Counter = Counter()
    own = preparer is None
    if own:
        many = storage.pending_beyond(db, batch_size)  # more than one batch: worth a pool
        # the workers find each post's analysis columns too: the storing half writes them as they come
        preparer = Preparer(
            classifier, rules, workers or (default_workers() if many else 1), explain, columns=True
        )
    read = deque()

    def pending() -> Iterator[list[dict[str, Any]]]:
        # read as the workers need them, past the last post read (stored or not), until none is left
        after = 0
        while not (stop and stop()) and (posts := storage.pending_posts(db, batch_size, after)):
            after = posts[-1]["id"]
            read.append(posts)
            yield posts

    # the workers prepare batches ahead while this process stores them in order; the candidate leads' facts
    # read by one batch are kept for the next (storage.factscache: checked at each batch's start); each post's
    # savepoint journal stays in memory; the write-ahead log is copied into the file every few batches
    with storage.factscache.kept(db), storage.journal_in_memory(db), storage.checkpoints_apart(db):
        for batches, prepared in enumerate(preparer.map(pending())):
            if (max_batches is not None and batches >= max_batches) or (stop and stop()):
                break
            _store_batch(db, read.popleft(), prepared, stats)
    if own:
        preparer.close()
    return dict(stats)


def _store_batch(db: Database, posts: list[dict[str, Any]], prepared: list[Prepared], stats: Counter) -> None:
    """Store one prepared batch in one transaction, with the posts' "processed" mark.

    First straight through, no post in a savepoint of its own: a savepoint for each post cost a quarter of the
    storing half's statements and, inside the others, a copy of every page a post changed (#12). When a post
    fails, that transaction is rolled back (nothing of it stays) and the batch is stored again, each post in
    its own savepoint (``_store_step``): the bad post leaves nothing and the others land. A batch holding a post
    the workers could not prepare goes that way at once."""
    if not any(result.error for result in prepared):
        counts: Counter = Counter()
        try:
            with storage.transaction(db), _facts_kept(db):
                _store_posts(db, posts, prepared, counts, careful=False)
        except sqlite3.OperationalError:
            raise  # the database itself failed (disk full, I/O): the batch is rolled back, the pass stops
        except Exception:  # noqa: BLE001 - a post failed: all of it undone, the batch stored again post by post
            log.info("a post of the batch failed: storing each post of it in a savepoint of its own")
        else:
            stats.update(counts)
            return
    with storage.transaction(db), _facts_kept(db):
        _store_posts(db, posts, prepared, stats, careful=True)


def _store_posts(
    db: Database, posts: list[dict[str, Any]], prepared: list[Prepared], stats: Counter, careful: bool
) -> None:
    """``_store_batch``'s work inside its transaction; ``careful``: each post in a savepoint (``_store_step``),
    else a post that fails raises."""
    # another process may have taken some of these meanwhile: only ours are still new
    still_new = {
        r[0] for r in db.execute(
            f"SELECT id FROM posts WHERE state = 'new' AND id IN ({', '.join('?' * len(posts))})",
            [p["id"] for p in posts],
        ).fetchall()
    }  # fmt: skip
    done, plain = [], []
    for post, result in zip(posts, prepared, strict=True):
        if post["id"] not in still_new:
            continue
        if not result.error and result.prediction.label not in LEAD_LABELS:
            plain.append((post, result))  # its analysis row alone: written with the others' below
        elif careful:
            _store_step(db, post, result, stats, done)
        elif result.error:
            raise PostFailed(result.error)
        else:
            _store_one(db, post, result, stats)
            done.append(post["id"])
    # the posts that are no lead add one analysis row each and nothing reads those rows during a pass: one
    # statement for all of them (carefully: in a savepoint; a row refused undoes it, and each is stored alone)
    try:
        with storage.step(db) if plain and careful else contextlib.nullcontext():
            storage.save_analysis_rows(
                db, [(post["id"], _analysis_columns(result)) for post, result in plain]
            )
    except sqlite3.OperationalError:
        raise
    except Exception:  # noqa: BLE001 - one of them is refused: each alone, as the others are stored
        if not careful:
            raise
        for post, result in plain:
            _store_step(db, post, result, stats, done)
    else:
        for post, result in plain:
            stats[result.prediction.label] += 1
            done.append(post["id"])
    storage.mark_processed(db, done)
    stats["posts"] += len(done)


def _store_step(
    db: Database, post: dict[str, Any], result: Prepared, stats: Counter, done: list[int]
) -> None:
    """Store one post in a savepoint of its own: one bad post does not sink the batch (and what it counted
    before it failed, a new lead undone with it, is not counted)."""
    counted: Counter = Counter()
    try:
        with storage.step(db):
            if result.error:
                raise PostFailed(result.error)
            _store_one(db, post, result, counted)
        done.append(post["id"])
        stats.update(counted)
    except sqlite3.OperationalError:
        raise  # the database itself failed (disk full, I/O): the batch is rolled back, not the post's fault
    except Exception as exc:  # noqa: BLE001 - recorded on the post, never lost
        log.exception("post %s (%s/%s) failed", post["id"], post["platform"], post["post_id"])
        message = str(exc) if isinstance(exc, PostFailed) else f"{type(exc).__name__}: {exc}"
        storage.mark_failed(db, post["id"], message)
        stats["failed"] += 1


@contextlib.contextmanager
def _facts_kept(db: Database) -> Iterator[None]:
    """Within a batch's transaction: the facts kept of earlier batches hold unless another process wrote."""
    storage.factscache.check(db)
    try:
        yield
    finally:
        storage.factscache.close()


class PostFailed(Exception):
    """Triage failed on this post in the pure half; its message is ``TypeName: what``."""


def analyze(
    lines: list[tuple[int, dict[str, Any]]], config: dict[str, Any] | None = None, classifier=None
) -> list[dict[str, Any]]:
    """The ``wagewatch analyze`` contract for records in memory: ``analyze_stream`` as a list."""
    return list(analyze_stream(lines, config, classifier))


def analyze_stream(
    lines: Iterable[tuple[int, dict[str, Any]]],
    config: dict[str, Any] | None = None,
    classifier=None,
    chunk_size: int = 1000,
) -> Iterator[dict[str, Any]]:
    """The ``wagewatch analyze`` contract: ``(line number, record)`` pairs in the input schema
    (``records.iter_jsonl``) in, one result dict per record out, in the same order, as a stream.

    Stateless: a chunk at a time, in input order, every post is classified and triaged (on the
    worker processes, ``[pipeline] workers``) and every lead post is matched with the same functions
    as in a pipeline pass (``triage.memcases``: the leads and their index in memory), so each is judged
    against all the lead posts before it (a case told again in line 900,000 joins the lead of line 3)
    exactly as one pass over the whole input would. Only lead posts are kept (nothing else is ever
    compared with); their texts lie in a throwaway database, SQLite's private temporary file
    (``storage.scratch_db``): what does not fit its page cache goes to disk. In memory, about 1 KB a
    lead and 12 bytes a bucket key (older leads' facts compressed; ``memcases``)."""
    config = config or config_module.load()
    classifier = classifier or configured_classifier(config)
    workers = config["pipeline"]["workers"] or default_workers()
    # analyze's output has no explanations: none are computed
    with Preparer(classifier, config_module.priority_rules(config), workers, explain=False) as preparer:
        yield from _analyze_chunks(storage.scratch_db(), iter(lines), config, preparer, chunk_size)


def _analyze_chunks(db, lines, config, preparer, chunk_size) -> Iterator[dict[str, Any]]:
    """Read ``chunk_size`` lines at a time, cut them into batches for the workers and store and
    write each prepared batch in input order; the batches flow on across chunks, so the workers
    never wait for the storing half to finish a chunk. The workers make the records into posts and each
    post's line (``_analyze_batch``): this process only stores the lead posts and gives each its lead."""
    batch_size, read, cases = config["pipeline"]["batch_size"], deque(), memcases.MemoryCases(db)

    def batches() -> Iterator[list[tuple[int, dict[str, Any]]]]:
        while chunk := list(itertools.islice(lines, chunk_size)):
            for i in range(0, len(chunk), batch_size):
                read.append(chunk[i : i + batch_size])
                yield chunk[i : i + batch_size]

    for done in preparer.map(batches(), read=_analyze_batch):
        chunk = read.popleft()
        leads = [(post, result) for post, _line, result in done if post is not None]
        lead_keys = memcases.store_leads(cases, [p for p, _ in leads], [r for _, r in leads])
        for (_number, record), (post, line, _result) in zip(chunk, done, strict=True):
            case_key = None if post is None else lead_keys.get(post["post_id"])
            if post is not None and case_key is None:
                line = FAILED_LINE  # its lead could not be stored: as a post triage failed on
            label, score, district, workers, amount, months, employer, group, priority = line
            yield {"id": record["id"], "label": label, "score": score, "district": district,
                   "lead_id": f"L-{case_key}" if case_key else None, "workers": workers, "amount_yuan": amount,
                   "months_unpaid": months, "employer": employer, "group_incident": group,
                   "priority": priority}  # fmt: skip


# the values of an ``analyze`` line (without its id and lead) of a post that could not be analysed
FAILED_LINE = (None, None, None, None, None, None, None, False, None)


def _analyze_batch(
    lines: list[tuple[int, dict[str, Any]]], prepare: Callable[[list[dict[str, Any]]], list[Prepared]]
) -> list[tuple[dict[str, Any] | None, tuple, Prepared | None]]:
    """Where a batch of ``analyze`` is prepared (a worker): its input records made into posts, as a pass would
    read them back from the store (``storage.clean_post``), prepared, and for each post only what the storing
    half needs: a lead post and what was concluded of it (None for the others), and the values of its line
    (``FAILED_LINE`` where triage failed)."""
    posts = [storage.clean_post(post_from_record(r, f"line-{n}", "input", raw=False), "analyze")
             for n, r in lines]  # fmt: skip
    out = []
    for post, result in zip(posts, prepare(posts), strict=True):
        if result.error:
            out.append((None, FAILED_LINE, None))
            continue
        a, label = result.analysis, result.prediction.label
        line = (label, result.prediction.score, a.get("district"), a.get("workers"), a.get("amount_yuan"),
                a.get("months_unpaid"), a.get("employer"), bool(a.get("group_incident")), a.get("priority"))  # fmt: skip
        out.append((post, line, result) if label in LEAD_LABELS else (None, line, None))
    return out
