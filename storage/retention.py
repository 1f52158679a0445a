"""Retention of personal data (PIPL: keep it no longer than needed).

What falls due, by the ``[retention]`` rules (days; 0 switches a rule off):

- ``irrelevant_post_days``: posts the classifier called irrelevant and no lead holds, counted from
  when they were processed;
- ``dismissed_lead_days``: the posts of leads officers dismissed, counted from the dismissal;
- ``closed_lead_days``: the posts of closed leads, counted from the closure — set it to the
  statutory record period.

The leads themselves stay on record, without their copies of personal details (summary, phones,
包工头, the matching facts) and with the copy of the first post that the ledger's 'created' entry
holds replaced by a marker.

A purged post keeps its platform, its id and its analysis (label, 镇街, figures), so a later crawl
recognises it and never stores it again; its text, title, author, link and raw record are erased,
and it leaves the search index and the duplicate index. The ledger (台账) is the official record
and keeps every entry (officers' notes included); each affected lead gets one ledger line saying how many posts were purged (counts,
never content), and the ``purges`` table logs every run. SQLite's ``secure_delete`` overwrites the
freed pages, the search index is optimised and the WAL truncated, so the erased text is not left in
the file; the next backup generation is therefore clean, and older generations age out as the backup
rotation replaces them.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage import factscache
from storage.db import BEIJING, now, transaction
from storage.leads import add_event
from storage.migrations import REDACTED

DEFAULT_RULES = {"irrelevant_post_days": 30, "dismissed_lead_days": 90, "closed_lead_days": 1095}


def _cutoff(days: int, at: str | None) -> str | None:
    if not days:
        return None
    moment = datetime.fromisoformat(at) if at else datetime.now(BEIJING)
    return (moment - timedelta(days=days)).replace(microsecond=0).isoformat()


def due(db: Database, rules: dict[str, int] | None = None, at: str | None = None) -> dict[str, Any]:
    """What the rules make due as of ``at`` (default now): post ids by rule and the dismissed or
    closed leads whose personal details go. Reads only."""
    rules = {**DEFAULT_RULES, **(rules or {})}
    out: dict[str, Any] = {
        "irrelevant_posts": [],
        "dismissed_posts": [],
        "closed_posts": [],
        "leads": [],
    }
    if cutoff := _cutoff(rules["irrelevant_post_days"], at):
        out["irrelevant_posts"] = [r[0] for r in db.execute(
            """SELECT p.id FROM posts p JOIN post_analysis a ON a.post_id = p.id
            WHERE p.purged_at IS NULL AND a.label = 'irrelevant' AND p.processed_at < ?
            AND NOT EXISTS (SELECT 1 FROM lead_posts lp WHERE lp.post_id = p.id) ORDER BY p.id""", [cutoff],
        ).fetchall()]  # fmt: skip
    for rule, status, since, key in (
        ("dismissed_lead_days", "dismissed",
         "(SELECT max(e.at) FROM lead_events e WHERE e.lead_id = l.id AND e.action = 'dismissed')", "dismissed_posts"),
        ("closed_lead_days", "closed", "l.closed_at", "closed_posts"),
    ):  # fmt: skip
        if not (cutoff := _cutoff(rules[rule], at)):
            continue
        leads = [r[0] for r in db.execute(
            f"SELECT l.id FROM leads l WHERE l.status = ? AND {since} < ? AND l.summary IS NOT NULL ORDER BY l.id",
            [status, cutoff],
        ).fetchall()]  # fmt: skip
        out["leads"] += leads
        if leads:
            marks = ", ".join("?" * len(leads))
            out[key] = [r[0] for r in db.execute(
                f"""SELECT lp.post_id FROM lead_posts lp JOIN posts p ON p.id = lp.post_id
                WHERE lp.lead_id IN ({marks}) AND p.purged_at IS NULL ORDER BY lp.post_id""", leads,
            ).fetchall()]  # fmt: skip
    return out


def counts(found: dict[str, Any]) -> dict[str, int]:
    return {key: len(value) for key, value in found.items()}


def purge(
    db: Database, rules: dict[str, int] | None = None, who: str = "retention", at: str | None = None
) -> dict[str, int]:
    """Erase what is due (``due``) in one transaction and log it; returns the counts. Run it again
    and it finds nothing more."""
    found = due(db, rules, at)
    post_ids = sorted(
        set(found["irrelevant_posts"]) | set(found["dismissed_posts"]) | set(found["closed_posts"])
    )
    stamp = now()
    db.execute("PRAGMA secure_delete=ON")
    with transaction(db):
        per_lead: dict[int, int] = {}
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            by_lead: dict[int, list[int]] = {}
            for lead_id, post_id in db.execute(
                f"SELECT lead_id, post_id FROM lead_posts WHERE post_id IN ({marks})", chunk
            ).fetchall():
                by_lead.setdefault(lead_id, []).append(post_id)
            for lead_id, ids in by_lead.items():
                per_lead[lead_id] = per_lead.get(lead_id, 0) + len(ids)
                # only a lead's posts have duplicate-index rows, and they carry its id (moved with the posts by
                # merges and splits): found through the index by lead, not by reading every row (#12)
                db.execute(
                    f"DELETE FROM dedup_buckets WHERE lead_id = ? AND post_id IN ({', '.join('?' * len(ids))})",
                    [lead_id, *ids],
                )
            db.execute(
                f"""UPDATE posts SET text = '', title = NULL, author = NULL, url = NULL, raw = NULL,
                region = NULL, purged_at = ? WHERE id IN ({marks})""",
                [stamp, *chunk],
            )
            db.execute(f"DELETE FROM posts_fts WHERE rowid IN ({marks})", chunk)
            db.execute(f"UPDATE post_analysis SET explanation = NULL WHERE post_id IN ({marks})", chunk)
        for lead_id in found["leads"]:
            db.execute(
                """UPDATE leads SET summary = NULL, phones = NULL, foreman = NULL, match_facts = NULL,
                version = version + 1 WHERE id = ?""",
                [lead_id],
            )
            factscache.written(db, lead_id, {"match_facts": None})
            db.execute("DELETE FROM lead_keys WHERE lead_id = ?", [lead_id])
            db.execute(
                "UPDATE lead_events SET note = ? WHERE lead_id = ? AND action = 'created' AND note IS NOT NULL",
                [REDACTED, lead_id],
            )
        for lead_id, n in sorted(per_lead.items()):
            add_event(db, lead_id, who, "purged", note=f"按保留期限删除 {n} 条帖子的个人信息", at=stamp)
        result = counts(found)
        result["posts"] = len(post_ids)
        db.execute(
            "INSERT INTO purges (at, who, rules, counts) VALUES (?, ?, ?, ?)",
            [stamp, who, json.dumps({**DEFAULT_RULES, **(rules or {})}), json.dumps(result)],
        )
    if post_ids:
        db.execute("INSERT INTO posts_fts(posts_fts) VALUES ('optimize')")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return result
