"""The learned pair scorer's pieces (issue 11, pm10 experiment): its features tell a retelling from another
case on invented facts, the regression learns a plain rule, and a stored model refuses other features."""

from __future__ import annotations

import pytest

from evaluation.pairmodel import NAMES, PairModel, features, fit, veto_free
from triage.casefacts import CaseFacts


def _facts(**kw) -> CaseFacts:
    base = {"district": "小榄镇", "seen": ("2026-03-02", "2026-03-02")}
    return CaseFacts(**{**base, **kw})


def _f(row: list[float], name: str) -> float:
    return row[NAMES.index(name)]


def test_a_retelling_and_another_case_read_differently():
    lead = _facts(
        workers=(40, 40), amount=(300000, 300000), terms={"宏达": 1.0, "五金": 0.5}, brands={"宏达"}
    )
    again = _facts(workers=(40, 45), terms={"宏达": 1.0}, brands={"宏达"}, seen=("2026-03-03", "2026-03-03"))
    other = _facts(district="古镇镇", workers=(200, 200), terms={"灯饰": 0.5})
    same, apart = features(again, lead), features(other, lead)
    assert len(same) == len(NAMES)
    assert [_f(same, k) for k in ("town_same", "brand_shared", "workers_meet", "veto_any")] == [1, 1, 1, 0]
    assert _f(same, "retold") > 0
    assert veto_free(again, lead)
    assert [_f(apart, k) for k in ("veto_镇街", "words_raw")] == [1, 0]
    assert not veto_free(other, lead)
    # months later: another story
    far = _facts(terms={"宏达": 1.0}, seen=("2026-08-01", "2026-08-01"))
    assert _f(features(far, lead), "gap_gt60") == 1
    assert not veto_free(far, lead)


def test_the_regression_learns_a_plain_rule_and_round_trips():
    rows, labels = [], []
    for i in range(200):
        shared_brand = i % 2
        row = [0.0] * len(NAMES)
        row[0], row[NAMES.index("brand_shared")], row[NAMES.index("gap_log")] = 1.0, shared_brand, (i % 7) / 3
        rows.append(row)
        labels.append(shared_brand)
    model = fit(rows, labels, l2=0.1)
    yes, no = list(rows[1]), list(rows[0])
    assert model.probability(yes) > 0.9 > 0.1 > model.probability(no)
    again = PairModel.from_json(model.to_json())
    assert again.probability(yes) == pytest.approx(model.probability(yes))
    stale = {**model.to_json(), "features": ["bias", "something else"]}
    with pytest.raises(ValueError, match="rebuild"):
        PairModel.from_json(stale)
