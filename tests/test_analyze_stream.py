"""``wagewatch analyze`` streams (#12): the same output whatever the chunk size (a case told again
many chunks later still joins its lead), results come out before the input ends (a 1 GB file is never
loaded whole), and the throwaway database keeps only what later posts are compared with."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import config
import pipeline
from tests.test_dedupe import Stub

DEMO = Path(__file__).parent.parent / "demo" / "data" / "posts.jsonl"


def demo_lines() -> list[tuple[int, dict]]:
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    return [(n, {"id": r["post_id"], "text": r["text"], "platform": r["platform"], "posted_at": r["posted_at"]})
            for n, r in enumerate(rows, start=1)]  # fmt: skip


def test_chunks_do_not_change_the_output():
    lines, cfg = demo_lines(), config.defaults()
    whole = list(pipeline.analyze_stream(lines, cfg, chunk_size=10**9))
    assert len(whole) == len(lines)
    assert sum(1 for r in whole if r["lead_id"]) > 50
    for size in (1, 7, 100):
        assert list(pipeline.analyze_stream(lines, cfg, chunk_size=size)) == whole, size


def test_a_retelling_far_behind_joins_its_lead():
    text = "坦洲镇金斗湾工地包工头刘某拖欠我们14个泥水工三个月工资一共16万8"
    noise = [(n, {"id": f"n{n}", "text": f"今天天气不错 第{n}条"}) for n in range(2, 3001)]
    lines = [(1, {"id": "first", "text": text}), *noise, (3001, {"id": "again", "text": "转发微博：" + text})]
    results = {r["id"]: r for r in pipeline.analyze_stream(lines, config.defaults(), Stub({"天气": "irrelevant"}),
                                                           chunk_size=250)}  # fmt: skip
    assert results["first"]["lead_id"] is not None
    assert results["again"]["lead_id"] == results["first"]["lead_id"]


def test_results_come_out_before_the_input_ends():
    def endless():
        for n in itertools.count(1):
            yield n, {"id": n, "text": f"第{n}条：小榄一间五金厂拖欠工人工资"}

    first = list(
        itertools.islice(pipeline.analyze_stream(endless(), config.defaults(), Stub(), chunk_size=50), 60)
    )
    assert [r["id"] for r in first] == list(range(1, 61))


def test_worker_processes_do_not_change_the_output():
    """The same lines in the same order with the pure half of the work on two forked workers (#12)."""
    lines = demo_lines()
    one = list(
        pipeline.analyze_stream(
            lines,
            {**config.defaults(), "pipeline": {**config.defaults()["pipeline"], "workers": 1}},
            chunk_size=100,
        )
    )
    two = list(
        pipeline.analyze_stream(
            lines,
            {**config.defaults(), "pipeline": {**config.defaults()["pipeline"], "workers": 2}},
            chunk_size=100,
        )
    )
    assert two == one


def test_a_process_pass_on_workers_stores_what_one_process_stores(tmp_path):
    import storage
    from records import post_from_record

    def stored(workers: int) -> set[tuple]:
        db = storage.open_db(tmp_path / f"w{workers}.db")
        storage.upsert_posts(db, [post_from_record(r, str(r["id"]), "demo") for _, r in demo_lines()])
        pipeline.run_pass(db, batch_size=40, config=config.defaults(), workers=workers)
        rows = set(db.execute(
            """SELECT posts.post_id, a.label, a.score, a.district, a.workers, a.amount_yuan, leads.case_key,
            a.explanation FROM posts JOIN post_analysis a ON a.post_id = posts.id
            LEFT JOIN lead_posts lp ON lp.post_id = posts.id LEFT JOIN leads ON leads.id = lp.lead_id"""
        ).fetchall())  # fmt: skip
        db.close()
        return rows

    assert stored(2) == stored(1)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_collector_setting_of_a_preparer_is_undone_when_it_closes(workers):
    """While posts are prepared and stored, the collector looks at new objects less often (#12); closing the
    preparer puts back the setting the caller had, so a long-running process that makes passes keeps its own."""
    import gc

    import preparing

    before = gc.get_threshold()
    lines = demo_lines()[:30]
    cfg = {**config.defaults(), "pipeline": {**config.defaults()["pipeline"], "workers": workers}}
    stream = pipeline.analyze_stream(lines, cfg, Stub(), chunk_size=10)
    first = next(stream)
    assert gc.get_threshold()[0] == preparing.YOUNG_THRESHOLD
    rest = list(stream)
    assert [first["id"], *(r["id"] for r in rest)] == [r["id"] for _, r in lines]
    assert gc.get_threshold() == before


def test_what_a_pool_run_keeps_is_kept_from_the_collector_batch_by_batch_and_given_back_at_the_end():
    """With workers, what the caller keeps of each batch it has stored (analyze's leads) is frozen out of the
    collector's walks while the pool runs (#12), and nothing stays frozen once the run ends."""
    import gc

    lines = demo_lines()[:30]
    cfg = {**config.defaults(), "pipeline": {**config.defaults()["pipeline"], "workers": 2}}
    stream = pipeline.analyze_stream(lines, cfg, Stub(), chunk_size=10)
    ids = [next(stream)["id"]]
    at_start = gc.get_freeze_count()  # what was loaded before the pool started (model, dictionaries)
    ids += [next(stream)["id"] for _ in range(10)]  # the first batch stored, the second asked for
    frozen = gc.get_freeze_count()
    ids += [r["id"] for r in stream]
    assert ids == [r["id"] for _, r in lines]
    assert frozen > at_start > 0
    assert gc.get_freeze_count() == 0
