"""The learned amount gate over the rules' figure (issue 11, xg12); invented sentences only."""

from __future__ import annotations

import pytest

from evaluation.extractgate import _threshold
from triage import extractgate
from triage.extract import extract_facts


def test_a_loan_between_friends_names_no_wages_owed():
    text = "朋友借了我八千，说发了工资就还，现在都半年了"
    assert extract_facts(text, gate=False).amount_yuan == 8000  # the rules alone read a figure
    assert extract_facts(text).amount_yuan is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("老板欠我们十二个工友工资共8万5，拖了三个月，电话不接", 85000),
        ("在厂里做了两年，老板跑路了，还欠我两个月工资9000块", 9000),
        ("工地包工头拖欠我们二十多个人的工钱，一共三十多万，已经去劳动站登记", 300000),
        ("老板两个月只给了几百块生活费，欠了她6000块，她才18岁", 6000),  # 生活费 is pay, not a fee
    ],
)
def test_wages_owed_keep_their_figure(text, amount):
    assert extract_facts(text).amount_yuan == amount


def test_the_shipped_gate_loads_and_is_cheap_to_call():
    gate = extractgate.gates()["amount"]
    assert gate.on
    assert 0 < gate.threshold < 1
    assert gate.names == list(extractgate.AMOUNT_NAMES)


def test_a_gate_switched_off_changes_nothing():
    names = extractgate.AMOUNT_NAMES
    off = extractgate.Gate(names, [0.0] * len(names), [1.0] * len(names), [-30.0] * len(names), 0.9, False)
    assert off.probability([1.0] * len(names)) < 0.01
    assert off.keeps([1.0] * len(names))


def test_weights_for_other_features_are_refused():
    data = extractgate.gates()["amount"].to_json() | {"features": ["bias", "something_else"]}
    with pytest.raises(ValueError, match="evaluation.extractgate train"):
        extractgate.Gate.from_json(data, extractgate.AMOUNT_NAMES)


def test_the_threshold_gains_the_most_and_drops_nothing_on_a_tie():
    # (probability, gain if dropped): two figures with no truth lowest, then a right one
    assert _threshold([(0.1, 1), (0.2, 1), (0.3, -2), (0.9, -2)]) == pytest.approx(0.2, abs=1e-6)
    assert _threshold([(0.1, 1), (0.2, -1), (0.9, -1)]) == pytest.approx(0.1, abs=1e-6)
    assert _threshold([(0.1, -1), (0.2, 1)]) == 0.0


def test_a_dropped_amount_keeps_its_range_for_merging():
    facts = extract_facts("朋友借了我八千，说发了工资就还，现在都半年了")
    assert facts.amount_yuan is None
    assert facts.amount_range == (8000, 8000)  # what merging compares, as before the gate
