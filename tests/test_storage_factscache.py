"""A pass keeps the candidate leads' facts it read (storage.factscache, #12): what it sees must stay what
the store holds — after another process wrote, after its own writes, and after a step it undid."""

from __future__ import annotations

import sqlite3

import pytest

import storage
from storage import dedup, factscache


def _lead(db, key: str, facts: str) -> int:
    with storage.transaction(db):
        lead_id = storage.create_lead(
            db, {"case_key": key, "label": "wage_arrears", "queue": "wage", "match_facts": facts}
        )
        dedup.add_lead_keys(db, lead_id, [f"t:{key}"])
    return lead_id


def _facts_seen(db, key: str) -> list[str]:
    """What the pass's lookup gives in a batch's transaction, as ``pipeline._store_batch`` opens one."""
    with storage.transaction(db):
        factscache.check(db)
        try:
            return [row["match_facts"] for row in dedup.lead_facts_for_keys(db, [f"t:{key}"]).values()]
        finally:
            factscache.close()


def test_a_lead_another_process_changed_between_batches_is_read_again(db, db_path):
    lead_id = _lead(db, "瑞祺", '{"v": 1}')
    with factscache.kept(db):
        assert _facts_seen(db, "瑞祺") == ['{"v": 1}']
        other = sqlite3.connect(db_path)  # another process: an officer's merge in the web app, say
        with other:
            other.execute("UPDATE leads SET match_facts = ? WHERE id = ?", ['{"v": 2}', lead_id])
        other.close()
        assert _facts_seen(db, "瑞祺") == ['{"v": 2}']


def _failing_post(db, lead_id: int) -> None:
    """One post of a batch that failed after writing its lead (and reading it back)."""
    with storage.step(db):
        storage.update_lead(db, lead_id, {"match_facts": '{"v": 3}', "label": "other_labor"})
        assert dedup.lead_facts(db, [lead_id])[lead_id]["label"] == "other_labor"
        raise RuntimeError("triage broke on this post")


def test_the_pass_sees_its_own_writes_and_not_what_it_undid(db):
    lead_id = _lead(db, "华耀", '{"v": 1}')
    with factscache.kept(db), storage.transaction(db):
        factscache.check(db)
        assert dedup.lead_facts(db, [lead_id])[lead_id]["match_facts"] == '{"v": 1}'
        storage.update_lead(db, lead_id, {"match_facts": '{"v": 2}'})
        assert dedup.lead_facts(db, [lead_id])[lead_id]["match_facts"] == '{"v": 2}'
        with pytest.raises(RuntimeError):
            _failing_post(db, lead_id)
        row = dedup.lead_facts(db, [lead_id])[lead_id]
        assert (row["label"], row["match_facts"]) == ("wage_arrears", '{"v": 2}')
        factscache.close()


def test_lookups_outside_a_checked_transaction_read_the_store(db, db_path):
    lead_id = _lead(db, "裕洲", '{"v": 1}')
    with factscache.kept(db):
        assert _facts_seen(db, "裕洲") == ['{"v": 1}']
        db.execute("UPDATE leads SET match_facts = ? WHERE id = ?", ['{"v": 9}', lead_id])  # not in a batch
        assert dedup.lead_facts_for_keys(db, ["t:裕洲"])[lead_id]["match_facts"] == '{"v": 9}'
