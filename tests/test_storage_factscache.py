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


def _keys(db, lead_id: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT key FROM lead_keys WHERE lead_id = ? ORDER BY key", [lead_id])]


def _failing_keys(db, index) -> None:
    """One post of a batch that failed after indexing its lead."""
    with storage.step(db):
        index()
        raise RuntimeError("triage broke on this post")


def test_keys_a_pass_wrote_are_written_again_after_an_undone_step_or_a_merge(db):
    from triage import dedupe

    kept_id, other_id = _lead(db, "华耀", '{"v": 1}'), _lead(db, "瑞祺", '{"v": 1}')
    cases = dedup.SqlCases(db, str)
    with factscache.kept(db), storage.transaction(db):
        factscache.check(db)
        dedupe._add_lead_keys(cases, kept_id, ["t:华耀", "坦洲镇|t:华耀"])
        with pytest.raises(RuntimeError):
            _failing_keys(db, lambda: dedupe._add_lead_keys(cases, kept_id, ["t:华耀", "坦洲镇|e:华耀"]))
        dedupe._add_lead_keys(cases, kept_id, ["t:华耀", "坦洲镇|e:华耀"])  # the undone key is written again
        assert _keys(db, kept_id) == ["t:华耀", "坦洲镇|e:华耀", "坦洲镇|t:华耀"]
        dedupe._add_lead_keys(cases, other_id, ["t:瑞祺", "t:瑞祺电子"])
        storage.move_lead_posts(db, other_id, kept_id)  # a merge moves its keys …
        storage.update_lead(db, other_id, {"status": "merged", "merged_into": kept_id})
        dedupe._add_lead_keys(cases, other_id, ["t:瑞祺"])  # … and a key given again is there again
        assert _keys(db, other_id) == ["t:瑞祺"]
    assert "t:瑞祺电子" in _keys(db, kept_id)


def test_a_pass_uses_the_texts_it_noted_until_another_process_writes(db, db_path):
    from tests.conftest import make_post

    storage.upsert_posts(db, [make_post(1, "坦洲一工地老板拖欠我们三个月工资，我们…")])
    row_id = db.execute("SELECT id FROM posts").fetchone()[0]
    stored = dedup.stored_text(next(db.query("SELECT * FROM posts")))
    cases = dedup.SqlCases(db, lambda text: f"made:{text[-3:]}")
    with factscache.kept(db):
        with storage.transaction(db):
            factscache.check(db)
            dedup.note_canonical(row_id, stored, "noted")
            assert cases.canonical_texts([row_id]) == {row_id: "noted"}
            factscache.close()
        other = sqlite3.connect(db_path)  # another process completes the post's text between two batches
        with other:
            other.execute(
                "UPDATE posts SET text = ? WHERE id = ?",
                ["坦洲一工地老板拖欠我们工资，今天去了劳动所", row_id],
            )
        other.close()
        with storage.transaction(db):
            factscache.check(db)
            assert cases.canonical_texts([row_id]) == {row_id: "made:劳动所"}
            factscache.close()
