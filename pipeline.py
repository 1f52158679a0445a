"""One pass over unprocessed posts: storage → classifier → triage → storage.

The one place where the stages meet; ``wagewatch demo``, ``ingest``, ``analyze`` and the
scheduler all call ``run_pass``. Work goes in batches, each committed in one transaction together
with the posts' "processed" mark, so a crash loses at most the batch in flight and the next pass
finishes the job without duplicates.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from sqlite_utils import Database

import storage
from classifier import load_classifier
from triage.analyze import LEAD_LABELS, post_text, triage_post

log = logging.getLogger("wagewatch.pipeline")


def _lead_fields(post: dict[str, Any], label: str, analysis: dict[str, Any]) -> dict[str, Any]:
    summary = post_text(post).replace("\n", " ")
    return {
        "case_key": analysis["case_key"],
        "label": label,
        "status": "new",
        "priority": analysis["priority"],
        "queue": analysis["queue"],
        "district": analysis["district"],
        "district_reason": analysis["district_reason"],
        "summary": summary[:140],
        **{k: analysis[k] for k in ("workers", "amount_yuan", "months_unpaid", "employer", "sector")},
        "group_incident": analysis["group_incident"],
        "gov_project": analysis["gov_project"],
        "regulators": analysis["regulators"],
    }


def _store_one(db: Database, post: dict[str, Any], prediction, analysis: dict[str, Any], stats: Counter) -> None:
    row = {**analysis, "label": prediction.label, "score": prediction.score,
           "model_version": prediction.model_version, "explanation": prediction.explanation}  # fmt: skip
    storage.save_analysis(db, post["id"], row)
    stats[prediction.label] += 1
    if prediction.label not in LEAD_LABELS:
        return
    lead = storage.lead_by_case_key(db, analysis["case_key"])
    if lead is None:
        lead_id = storage.create_lead(db, _lead_fields(post, prediction.label, analysis))
        stats["new_leads"] += 1
        if analysis["priority"] == "P1":
            reasons = "；".join(analysis["priority_reasons"])
            storage.add_event(db, lead_id, "pipeline", "alert", None, None, f"P1 立即预警：{reasons}")
        reason, score = "first post", 1.0
    else:
        lead_id, reason, score = lead["id"], "exact duplicate (same normalised text)", 1.0
    if storage.attach_post(db, lead_id, post, reason, score):
        stats["posts_linked"] += 1


def run_pass(
    db: Database,
    classifier=None,
    batch_size: int = 200,
    max_batches: int | None = None,
) -> dict[str, int]:
    """Process every post not processed yet; returns counts (posts, labels, new leads, failures)."""
    classifier = classifier or load_classifier()
    stats: Counter = Counter()
    batches = 0
    while max_batches is None or batches < max_batches:
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
                        _store_one(db, post, prediction, triage_post(post, prediction.label), stats)
                    done.append(post["id"])
                except Exception as exc:  # noqa: BLE001 - recorded on the post, never lost
                    log.exception("post %s (%s/%s) failed", post["id"], post["platform"], post["post_id"])
                    storage.mark_failed(db, post["id"], f"{type(exc).__name__}: {exc}")
                    stats["failed"] += 1
            storage.mark_processed(db, done)
            stats["posts"] += len(done)
        batches += 1
    return dict(stats)
