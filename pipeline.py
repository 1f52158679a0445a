"""One pass over unprocessed posts: storage → classifier → triage → storage.

The one place where the stages meet; ``wagewatch demo``, ``ingest``, ``analyze`` and the
scheduler all call ``run_pass``. Work goes in batches, each committed in one transaction together
with the posts' "processed" mark, so a crash loses at most the batch in flight and the next pass
finishes the job without duplicates.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlite_utils import Database

import config as config_module
import storage
from classifier import load_classifier
from records import post_from_record
from triage import casework, dedupe, followup
from triage.analyze import LEAD_LABELS, lead_fields, triage_post
from triage.text import post_text

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


def _store_one(
    db: Database, post: dict[str, Any], prediction, analysis: dict[str, Any], stats: Counter
) -> None:
    row = {**analysis, "label": prediction.label, "score": prediction.score,
           "model_version": prediction.model_version, "explanation": prediction.explanation}  # fmt: skip
    storage.save_analysis(db, post["id"], row)
    stats[prediction.label] += 1
    if prediction.label not in LEAD_LABELS:
        return
    text = post_text(post)
    fp = dedupe.fingerprint(text, analysis, post)
    match = dedupe.find_case(db, text, analysis, prediction.label, fp)
    also: tuple = ()
    open_lead = False
    if match is None:
        lead_id = storage.create_lead(db, lead_fields(post, prediction.label, analysis))
        stats["new_leads"] += 1
        if analysis["priority"] == "P1":
            reasons = "；".join(analysis["priority_reasons"])
            storage.add_event(db, lead_id, "pipeline", "alert", None, None, f"P1 立即预警：{reasons}")
        reason, score = "first post", 1.0
    else:
        lead_id, reason, score = match.lead_id, match.reason, match.score
        stats[f"merged_{match.kind}"] += 1
        lead = storage.get_lead(db, lead_id)
        # whether the lead may be merged with others is judged before this post reopens it (a closure stands)
        open_lead = lead["status"] in casework.AUTO_MERGE_STATES
        also = match.also if open_lead else ()
        actions = followup.on_new_post(db, lead_id, post, analysis)
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
        if fill:
            storage.update_lead(db, lead_id, fill)
    if storage.attach_post(db, lead_id, post, reason, score):
        stats["posts_linked"] += 1
    facts, grew = dedupe.remember(db, post["id"], lead_id, fp, match)
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
) -> dict[str, int]:
    """Process every post not processed yet; returns counts (posts, labels, new leads, failures).
    Without a ``classifier``, the configured one classifies (``configured_classifier(config)``).
    In surge mode (``[schedule] surge``) the P1 thresholds are the surge ones. ``stop`` is asked
    before each batch: a shutting-down scheduler ends the pass between two committed batches."""
    config = config or config_module.load()
    classifier = classifier or configured_classifier(config)
    rules = config_module.priority_rules(config)
    stats: Counter = Counter()
    batches = 0
    while (max_batches is None or batches < max_batches) and not (stop and stop()):
        posts = storage.pending_posts(db, batch_size)
        if not posts:
            break
        predictions = classifier.predict([post_text(p) for p in posts])
        with storage.transaction(db):
            # another process may have taken some of these meanwhile: only ours are still new
            still_new = {
                r[0] for r in db.execute(
                    f"SELECT id FROM posts WHERE state = 'new' AND id IN ({', '.join('?' * len(posts))})",
                    [p["id"] for p in posts],
                ).fetchall()
            }  # fmt: skip
            done = []
            for post, prediction in zip(posts, predictions, strict=True):
                if post["id"] not in still_new:
                    continue
                try:
                    with db.atomic():  # a savepoint: one bad post does not sink the batch
                        _store_one(db, post, prediction, triage_post(post, prediction.label, rules), stats)
                    done.append(post["id"])
                except sqlite3.OperationalError:
                    raise  # the database itself failed (disk full, I/O): the batch is rolled back, not the post's fault
                except Exception as exc:  # noqa: BLE001 - recorded on the post, never lost
                    log.exception("post %s (%s/%s) failed", post["id"], post["platform"], post["post_id"])
                    storage.mark_failed(db, post["id"], f"{type(exc).__name__}: {exc}")
                    stats["failed"] += 1
            storage.mark_processed(db, done)
            stats["posts"] += len(done)
        batches += 1
    return dict(stats)


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

    Stateless: the posts go through the pipeline in a throwaway memory database, a chunk at a time,
    in input order, so every post is judged against all the posts before it (a case told again in
    line 900,000 joins the lead of line 3) exactly as one pass over the whole input would. Memory
    stays flat: no search index, no raw records, and once a chunk's results are out its posts that
    joined no lead are dropped (the duplicate index needs only lead posts)."""
    config = config or config_module.load()
    classifier = classifier or configured_classifier(config)
    db = storage.memory_db()
    batch_size = config["pipeline"]["batch_size"]
    lines = iter(lines)
    while chunk := list(itertools.islice(lines, chunk_size)):
        posts = [{**post_from_record(r, f"line-{n}", "input"), "raw": None} for n, r in chunk]
        storage.upsert_posts(db, posts, source="analyze", search_index=False)
        run_pass(db, classifier=classifier, batch_size=batch_size, config=config)
        ids = dict(db.execute(
            f"SELECT post_id, id FROM posts WHERE post_id IN ({', '.join('?' * len(posts))})",
            [p["post_id"] for p in posts],
        ).fetchall())  # fmt: skip
        analysis = storage.analysis_for_posts(db, list(ids.values()))
        lead_ids = sorted({a["lead_id"] for a in analysis.values() if a.get("lead_id")})
        lead_keys = dict(db.execute(
            f"SELECT id, case_key FROM leads WHERE id IN ({', '.join('?' * len(lead_ids))})", lead_ids
        ).fetchall()) if lead_ids else {}  # fmt: skip
        for number, record in chunk:
            a = analysis.get(ids[f"line-{number}"], {})
            lead_id = a.get("lead_id")
            yield {
                "id": record["id"],
                "label": a.get("label"),
                "score": a.get("score"),
                "district": a.get("district"),
                "lead_id": f"L-{lead_keys[lead_id]}" if lead_id else None,
                "workers": a.get("workers"),
                "amount_yuan": a.get("amount_yuan"),
                "months_unpaid": a.get("months_unpaid"),
                "employer": a.get("employer"),
                "group_incident": bool(a.get("group_incident")),
                "priority": a.get("priority"),
            }
        storage.forget_posts_outside_leads(db, list(ids.values()))
