"""Choosing the lead threshold across labelled sets (#11): leave-one-set-out cross-validation,
`wagewatch classifier choose-threshold FILE ... [--write]`, and the training settings file."""

from __future__ import annotations

import json
import shutil

import pytest

import cli
from classifier import load_classifier
from classifier.base import MODELS, threshold_suffix
from classifier.threshold import ScoredSet, cross_validate, figures
from classifier.train import TRAINING_FILE, TrainingArguments, corpus_setting

# a lead the shipped fast model scores under its threshold (this month's pay overdue, said tersely)
WEAK_LEAD = "这个月的钱又不知道什么时候到"
SETS = {
    "one": [
        ("装修老板欠我们三个月工钱，一直拖着不给", "wage_arrears", False),
        ("老细走佬，成个厂冇出粮两个月", "wage_arrears", False),
        (WEAK_LEAD, "wage_arrears", False),
        ("小榄的鸡仔饼又香又脆", "irrelevant", False),
        ("急招普工，包吃住，工资月结不拖欠", "irrelevant", True),
    ],
    "two": [
        ("坦洲镇某工地包工头拖欠我们二十多个工友三个月工资，电话打不通，求助！", "wage_arrears", False),
        ("做了两个月，一分钱都没拿到", "wage_arrears", False),
        ("今天天气很好，去公园散步", "irrelevant", False),
        ("工资发了，不过比上个月少了两百", "irrelevant", True),
    ],
    "three": [
        ("包工头说甲方没给钱，我们十几个人的人工都压着", "wage_arrears", False),
        ("周末去看电影了，很好看", "irrelevant", False),
        ("在大家的帮助下，拖欠的工资已经全部追回了", "irrelevant", True),
    ],
}


def scored(name, rows):
    return ScoredSet(name, *map(tuple, zip(*rows, strict=True)))


def test_each_fold_is_chosen_on_the_other_sets_and_scored_on_the_one_left_out():
    # set a: a lead at 0.40 and a look-alike at 0.60; b and c: leads from 0.70, look-alikes under 0.30
    a = scored(
        "a", [(0.40, "wage_arrears", False), (0.60, "irrelevant", True), (0.90, "wage_arrears", False)]
    )
    b = scored(
        "b", [(0.70, "wage_arrears", False), (0.20, "irrelevant", True), (0.95, "wage_arrears", False)]
    )
    c = scored("c", [(0.80, "wage_arrears", False), (0.25, "irrelevant", True), (0.10, "other_labor", False)])
    result = cross_validate([a, b, c], current=0.5, max_hard_negative_fpr=0.0)
    folds = {f["held_out"]: f for f in result["folds"]}
    assert set(folds) == {"a", "b", "c"}
    # left out, a meets thresholds that b and c allow (0.30 ... 0.70, nearest 0.5 wins): the look-alike
    # at 0.60 is let through and the lead at 0.40 missed
    assert folds["a"]["threshold"] == 0.5
    assert folds["a"]["held_out_figures"]["hard_negative_fpr"] == 1.0
    assert folds["a"]["held_out_figures"]["recall"] == 0.5
    # with a among the sets a threshold above its look-alike (0.61 ... 0.70) is chosen
    assert 0.6 < folds["b"]["threshold"] <= 0.7
    assert 0.6 < result["threshold"] <= 0.7
    assert result["pooled"]["hard_negative_fpr"] == 0.0
    assert result["per_set"]["a"]["recall"] == 0.5
    assert result["per_set"]["b"]["recall"] == 1.0
    # the held-out posts counted together: each at its own fold's threshold
    together = result["held_out_pooled"]
    assert together["hard_negative_false_alarms"] == 1
    assert together["hard_negatives"] == 3
    assert figures(a, 0.5)["f1"] == result["folds"][0]["current"]["f1"]


def test_a_set_given_twice_or_none_is_refused():
    a = scored("a", [(0.9, "wage_arrears", False)])
    with pytest.raises(ValueError, match="given twice: a"):
        cross_validate([a, a])
    with pytest.raises(ValueError, match="no labelled sets"):
        cross_validate([])


@pytest.fixture
def model_copy(tmp_path):
    """The shipped fast model copied aside, and a config that points [classifier] fast_path at it."""
    path = tmp_path / "fast"
    shutil.copytree(MODELS / "fast", path)
    conf = tmp_path / "wagewatch.toml"
    conf.write_text(f'[classifier]\nfast_path = "{path.as_posix()}"\n', encoding="utf-8")
    return path, conf


@pytest.fixture
def labelled_files(tmp_path):
    files = []
    for name, rows in SETS.items():
        path = tmp_path / f"{name}.jsonl"
        lines = [
            {"id": f"{name}-{i}", "text": text, "label": label, "hard_negative": hard}
            for i, (text, label, hard) in enumerate(rows)
        ]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
        files.append(str(path))
    return files


def test_choose_threshold_reports_every_fold_and_the_pooled_choice(runner, model_copy, labelled_files):
    _, conf = model_copy
    result = runner.invoke(
        cli.main, ["--config", str(conf), "classifier", "choose-threshold", *labelled_files]
    )
    assert result.exit_code == 0, result.output
    assert "leave one set out" in result.output
    for path in labelled_files:
        assert result.output.count(path) == 2  # its fold and its row under the pooled choice
    assert "chosen on all 3 set(s) pooled (12 posts)" in result.output
    assert "at the current threshold" in result.output


def test_write_stores_the_threshold_and_a_post_near_it_flips(runner, model_copy, labelled_files):
    path, conf = model_copy
    settings = {"fast_path": str(path)}
    before = load_classifier("fast", settings)
    weak = before.predict([WEAK_LEAD], explain=False)[0]
    # the files are built so that only a threshold under this lead's score finds every lead
    assert 0.1 < weak.score < before.config.wage_threshold, "the shipped model moved: pick another WEAK_LEAD"
    assert weak.label != "wage_arrears"
    shipped_config = (MODELS / "fast" / "config.json").read_bytes()

    args = ["--config", str(conf), "classifier", "choose-threshold", *labelled_files, "--write", "--json"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["folds"]) == 3
    chosen = report["threshold"]
    assert chosen <= weak.score
    assert report["pooled"]["f1"] == 1.0

    after = load_classifier("fast", settings)
    assert after.config.wage_threshold == chosen
    weights = before.version.split("@")[0]  # the hash of the weights; the threshold follows it
    assert after.version == report["written"]["version"] == weights + threshold_suffix(chosen)
    assert after.predict([WEAK_LEAD], explain=False)[0].label == "wage_arrears"
    note = json.loads((path / "training.json").read_text(encoding="utf-8"))["threshold_chosen_across_sets"]
    assert note["threshold"] == chosen
    assert note["previous_threshold"] == before.config.wage_threshold
    assert (MODELS / "fast" / "config.json").read_bytes() == shipped_config  # only the configured copy


def test_a_bad_file_is_refused_clearly_and_nothing_is_written(runner, model_copy, labelled_files, tmp_path):
    path, conf = model_copy
    untouched = (path / "config.json").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "x1", "text": "老细走佬，冇出粮", "label": "wage_arrears"}\n'
        '{"id": "x2", "text": "欠薪", "label": "lead"}\n'
        "not json\n",
        encoding="utf-8",
    )
    args = ["--config", str(conf), "classifier", "choose-threshold", *labelled_files, str(bad), "--write"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code != 0
    assert f"{bad}:2: label must be one of" in result.output
    assert f"{bad}:3" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli.main, [*args[:4], str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
    assert "does not exist" in result.output
    result = runner.invoke(cli.main, [*args[:4], labelled_files[0], labelled_files[0]])
    assert result.exit_code != 0
    assert "given twice" in result.output
    assert (path / "config.json").read_bytes() == untouched


def test_the_hard_negative_weight_is_read_from_the_training_settings_file(tmp_path):
    assert TrainingArguments().hard_negative_weight == corpus_setting("hard_negative_weight", TRAINING_FILE)
    assert TrainingArguments(hard_negative_weight=1.0).hard_negative_weight == 1.0
    settings = tmp_path / "training.toml"
    settings.write_text("hard_negative_weight = 2\n", encoding="utf-8")
    assert corpus_setting("hard_negative_weight", settings) == 2.0
    for text, message in (
        ('hard_negative_weight = "three"\n', "must be a number"),
        ("hard_negative_weight = -1\n", "must be a number"),
        ("hard_negative_weight = \n", "not valid TOML"),
        ("other = 1\n", "hard_negative_weight is not set"),
    ):
        settings.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            corpus_setting("hard_negative_weight", settings)
