"""`python -m evaluation.readfolds`: other ways of reading a post, scored on kept fold models (issue 11)."""

from __future__ import annotations

import dataclasses

import pytest

from classifier.data import Example
from classifier.fast import FastClassifier
from classifier.train import TrainingArguments, train_fast
from evaluation.readfolds import choose_split, count, score_readings, summary

TEXTS = [
    ("工地老板拖欠我们三个月工资", "wage_arrears"),
    ("老细走佬冇出粮两个月", "wage_arrears"),
    ("包工头跑路工钱没结", "wage_arrears"),
    ("公司不给我们交社保", "other_labor"),
    ("被公司违法辞退没有补偿", "other_labor"),
    ("今天天气很好去公园散步", "irrelevant"),
    ("这家餐厅的菜很好吃服务也好", "irrelevant"),
    ("周末带孩子去看电影", "irrelevant"),
]


@pytest.fixture(scope="module")
def model():
    examples = [Example(id=f"t{i}", text=t, label=label, story=f"s{i}") for i, (t, label) in enumerate(TEXTS)]
    args = TrainingArguments(
        fast_dim=8,
        fast_epochs=30,
        fast_lr=0.1,
        fast_min_count=1,
        fast_ensemble=1,
        fast_patience=30,
        fast_feature_dropout=0.0,
        label_smoothing=0.0,
        fast_window_chars=20,
        fast_window_min=40,
    )
    return train_fast(examples, examples, args, progress=lambda _: None)[0]


def test_the_shipped_reading_gives_the_model_s_own_scores_and_max_finds_a_buried_complaint(model):
    chatter = "今天天气很好去公园散步。这家餐厅的菜很好吃服务也好。周末带孩子去看电影。"
    buried = chatter * 2 + "包工头跑路工钱没结。"
    texts = [buried, chatter, "老细走佬冇出粮两个月"]
    c = model.config
    own = f"mix:{c.window_chars}:{c.window_min}:{c.window_weight}"
    read = score_readings(model, texts, ["whole", own, f"max:{c.window_chars}:{c.window_min}"])
    assert read[own] == pytest.approx([p.score for p in model.predict(texts, explain=False)], abs=5e-5)
    whole_only = FastClassifier(dataclasses.replace(c, window_chars=0), model.vocab)
    whole_only.net.load_state_dict(model.net.state_dict())
    assert read["whole"] == pytest.approx(
        [p.score for p in whole_only.predict(texts, explain=False)], abs=5e-5
    )
    maxed = read[f"max:{c.window_chars}:{c.window_min}"]
    assert maxed[0] > read["whole"][0] + 0.1  # the complaint at the end is not averaged away
    assert maxed[2] == read["whole"][2]  # a short post is read whole


# P(wage_arrears), gold, look-alike, characters
SHORT_LEADS = [(0.4, "wage_arrears", False, 12)] * 4
LONGER = [(0.8, "wage_arrears", False, 120)] * 4 + [(0.45, "irrelevant", True, 80)] * 10
LOOK_ALIKE_SHORT = [(0.2, "irrelevant", True, 15)] * 10


def test_a_threshold_for_short_posts_is_lower_only_when_the_cap_allows_it():
    rows = SHORT_LEADS + LONGER + LOOK_ALIKE_SHORT
    short, rest = choose_split(rows, 30)
    assert short <= 0.4 < 0.45 < rest  # the short leads pass, the long look-alikes do not
    c = count(rows, lambda r: r[0] >= (short if r[3] < 30 else rest))
    assert (c["tp"], c["fp"], c["hard_fp"]) == (8, 0, 0)
    assert (c["short"], c["short_found"], c["medium"], c["medium_found"]) == (4, 4, 4, 4)


def test_summary_counts_each_set_at_the_threshold_the_other_sets_chose():
    scores = {"a": SHORT_LEADS + LONGER, "b": LONGER + LOOK_ALIKE_SHORT}
    one = summary(scores)
    assert 0.45 < one["threshold"] <= 0.8  # one threshold: the short leads of set a are lost
    assert one["pooled"]["short_found"] == 0
    split = summary(scores, split=30)
    assert split["pooled"]["short_found"] == 4
    # nested, set a is read at the thresholds set b chose: b has no short leads, so nothing pulls its short
    # threshold down from 0.5 and a's short leads stay lost (the pooled figure above has seen them)
    assert split["nested"]["short_found"] == 0
    assert split["nested"]["hard_fp"] == 0
