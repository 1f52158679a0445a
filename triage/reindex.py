"""Rebuild the duplicate index from the stored lead posts (``wagewatch leads reindex``): after an
upgrade that changes how posts are fingerprinted, or if the index was lost."""

from __future__ import annotations

import json

from storage import dedup, update_lead
from triage import dedupe
from triage.analyze import triage_post
from triage.text import post_text


def rebuild_index(db) -> dict[str, int]:
    """Rebuild the duplicate index of a database from its lead posts (after an upgrade, or if the
    index was lost): buckets of every lead post and site keys of every lead. Lead assignments stay."""
    dedup.clear_index(db)
    counts = {"posts": 0, "leads": 0}
    facts_by_lead: dict[int, dedupe.CaseFacts] = {}
    rows = db.execute(
        """SELECT posts.*, lead_posts.lead_id AS _lead_id, leads.label AS _label FROM lead_posts
        JOIN posts ON posts.id = lead_posts.post_id JOIN leads ON leads.id = lead_posts.lead_id
        ORDER BY posts.id"""
    )
    columns = [c[0] for c in rows.description]
    for values in rows.fetchall():
        post = dict(zip(columns, values, strict=True))
        analysis = triage_post(post, post["_label"])
        fp = dedupe.fingerprint(post_text(post), analysis, post)
        dedup.add_buckets(db, post["id"], post["_lead_id"], fp.buckets)
        if fp.thread:
            dedup.add_lead_keys(db, post["_lead_id"], [f"thread|{fp.thread}"])
        lead_facts = facts_by_lead.get(post["_lead_id"])
        facts_by_lead[post["_lead_id"]] = dedupe.merge_facts(lead_facts, fp.facts) if lead_facts else fp.facts
        counts["posts"] += 1
    for lead_id, facts in facts_by_lead.items():
        dedup.add_lead_keys(db, lead_id, facts.index_keys())
        update_lead(db, lead_id, {"match_facts": json.dumps(facts.to_json(), ensure_ascii=False)})
        counts["leads"] += 1
    return counts
