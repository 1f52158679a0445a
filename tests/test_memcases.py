"""``wagewatch analyze`` keeps its cases in memory (#12): every lead post joins the lead a pipeline pass
over the same posts puts it in (exact and near duplicates, retellings, one case found twice and merged),
however the in-memory index is folded, and a post that fails midway leaves nothing behind."""

from __future__ import annotations

import config
import pipeline
import storage
from records import post_from_record
from tests.test_analyze_stream import demo_lines
from tests.test_dedupe import Stub
from tests.test_dedupe_merge import FULL, THIN_PLACE, THIN_TRADE
from triage import dedupe, memcases


def _lines() -> list[tuple[int, dict]]:
    told = [(THIN_TRADE, "03-02"), (THIN_PLACE, "03-02"), (FULL, "03-03"),
            ("古镇曹一村嗰间灯饰厂，七十几个工人三个月人工五十几万冇出", "03-04"), ("转发微博：" + FULL, "03-05")]  # fmt: skip
    lines = demo_lines()
    lines += [(len(lines) + n, {"id": f"m{n}", "text": text, "platform": "weibo",
                                "posted_at": f"2026-03-{day[3:]}T10:00:00+08:00"})
              for n, (text, day) in enumerate(told, start=1)]  # fmt: skip
    return lines


def _analyzed(lines, classifier=None) -> dict[str, str | None]:
    results = pipeline.analyze_stream(lines, config.defaults(), classifier, chunk_size=40)
    return {str(r["id"]): r["lead_id"] for r in results}


def test_analyze_joins_the_leads_a_pass_would_make(tmp_path):
    lines = _lines()
    analyzed = _analyzed(lines)
    db = storage.open_db(tmp_path / "pass.db")
    storage.upsert_posts(db, [post_from_record(r, str(r["id"]), "demo") for _, r in lines])
    stats = pipeline.run_pass(db, batch_size=40, config=config.defaults(), workers=1)
    assert stats["leads_merged"] >= 1  # one case found twice is among them
    passed = dict(db.execute(
        """SELECT posts.post_id, 'L-' || leads.case_key FROM posts JOIN lead_posts lp ON lp.post_id = posts.id
        JOIN leads ON leads.id = lp.lead_id"""
    ).fetchall())  # fmt: skip
    assert {k: v for k, v in analyzed.items() if v} == passed
    assert len(set(passed.values())) < len(passed)  # copies and retellings joined leads


def test_folding_the_index_compressing_old_facts_and_reading_old_texts_back_change_nothing(monkeypatch):
    lines = _lines()
    whole = _analyzed(lines)
    monkeypatch.setattr(memcases, "FOLD_ROWS", 5)  # bucket rows folded into the sorted arrays at every batch
    monkeypatch.setattr(memcases, "KEEP_TEXTS", 3)  # nearly every candidate's text read back from the store
    monkeypatch.setattr(memcases, "KEEP_LEADS", 2)  # nearly every lead's facts kept compressed
    assert _analyzed(lines) == whole
    monkeypatch.setattr(memcases, "KEEP_LEADS", 50)
    monkeypatch.setattr(memcases, "KEEP_FACTS", 1)  # older leads' facts as text, not as objects
    assert _analyzed(lines) == whole


def test_a_merged_lead_leaves_every_key_it_was_under():
    cases = memcases.MemoryCases(storage.scratch_db())
    one, two, three, four, five, six = (cases.create_lead(f"k{n}", "wage_arrears") for n in range(6))
    for lead_id, town in ((one, "坦洲镇"), (two, "小榄镇"), (three, "坦洲镇"), (four, "小榄镇"), (five, "坦洲镇"),
                          (six, "小榄镇")):  # fmt: skip
        cases.add_lead_keys(lead_id, ["*", f"{town}|d"])
    cases.merge(two, four)  # the younger into the older: its keys go, the kept lead's stay
    assert list(cases.lead_facts_for_keys(["*"], per_key=-1)) == [one, two, three, five, six]
    assert list(cases.lead_facts_for_keys(["小榄镇|d"], per_key=-1)) == [two, six]
    assert list(cases.lead_facts_for_keys(["坦洲镇|d"], per_key=2)) == [three, five]


def test_a_post_that_fails_midway_leaves_nothing_behind(monkeypatch):
    told = "坦洲镇金斗湾工地包工头刘某拖欠我们14个泥水工三个月工资一共16万8"
    lines = [(1, {"id": "a", "text": THIN_TRADE, "posted_at": "2026-03-02T10:00:00+08:00"}),
             (2, {"id": "b", "text": told, "posted_at": "2026-03-02T11:00:00+08:00"}),
             (3, {"id": "c", "text": FULL, "posted_at": "2026-03-03T10:00:00+08:00"}),
             (4, {"id": "d", "text": told + "，我们去过劳动站了", "posted_at": "2026-03-03T11:00:00+08:00"})]  # fmt: skip
    without_b = _analyzed([line for line in lines if line[1]["id"] != "b"], Stub())
    assert without_b["d"] == "L-" + dedupe.case_key(lines[3][1]["text"])  # a lead of its own
    remember, failed_once = dedupe.remember, []

    def fails_on_b(cases, post_id, lead_id, fp, match, lead=None):
        out = remember(cases, post_id, lead_id, fp, match, lead)  # its lead, keys and buckets are made first
        if fp.case_key == dedupe.case_key(told) and not failed_once:
            failed_once.append(post_id)
            raise RuntimeError("boom")
        return out

    monkeypatch.setattr(dedupe, "remember", fails_on_b)
    failed = _analyzed(lines, Stub())
    assert failed_once
    assert failed.pop("b") is None
    assert failed == without_b  # d, a near copy of b, found no trace of b's lead, keys or buckets


def test_a_merged_leads_facts_kept_in_memory_are_as_their_text_reads_back():
    from triage.casefacts import CaseFacts, case_facts, merge_facts, read_back

    one = case_facts(
        "古镇曹一村华耀灯饰厂欠薪，七十几个工人三个月人工五十几万冇出",
        {"district": "古镇", "employer_names": ["华耀灯饰厂"]},
    )
    two = case_facts(
        "古镇曹三村金怡灯饰有限公司老板跑路，拖欠工资",
        {"district": "古镇", "employer_names": ["金怡灯饰有限公司"]},
        "2026-03-04T10:00:00+08:00",
    )
    merged = merge_facts(one, two)
    shared = {name: list(getattr(merged, name)) for name in ("employers", "places", "products")}
    kept = read_back(merged)
    stored = CaseFacts.from_json(merged.to_json())
    assert kept is not merged
    assert kept.to_json() == stored.to_json()
    for name, value in stored.__dict__.items():  # every set iterates as the read-back one does
        assert (
            list(getattr(kept, name)) == list(value)
            if isinstance(value, set)
            else getattr(kept, name) == value
        )
    assert {
        name: list(getattr(merged, name)) for name in shared
    } == shared  # what was decided on it is left alone
    assert len(kept.employers) == 2
    assert len(kept.places) >= 2
