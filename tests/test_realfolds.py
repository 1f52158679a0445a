"""`python -m evaluation.realfolds`: leave-one-set-out figures of training on real text (issue 11)."""

from __future__ import annotations

import json

import pytest

from evaluation.realfolds import counts, main, training_entries

# score, label, hard negative, characters
A = [(0.9, "wage_arrears", False, 20), (0.55, "wage_arrears", False, 400), (0.6, "irrelevant", True, 50)]
B = [(0.8, "wage_arrears", False, 25), (0.1, "irrelevant", True, 40), (0.4, "wage_arrears", False, 60)]


def test_counts_say_which_leads_and_look_alikes_pass():
    c = counts(A + B, 0.5)
    assert (c["tp"], c["fp"], c["fn"]) == (3, 1, 1)
    assert (c["hard"], c["hard_fp"]) == (2, 1)
    assert (c["short"], c["short_found"], c["long"], c["long_found"]) == (2, 2, 1, 1)
    assert counts(A, 0.7)["hard_fp"] == 0


def test_the_table_is_printed_from_kept_scores_without_training(tmp_path, capsys):
    files = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    (tmp_path / "base.json").write_text(json.dumps({"scores": {files[0]: A, files[1]: B}}), encoding="utf-8")
    for i, rows in enumerate((A, B)):
        (tmp_path / f"fold-{i}.json").write_text(json.dumps({"scores": {files[i]: rows}}), encoding="utf-8")
    assert main([*files, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "== without real text" in out
    assert "trained on the other sets (out of fold)" in out
    assert "@0.5 pooled: P 0.750 R 0.750 F1 0.750, FPR 50.0 % (1/2), short 2/2, long 1/1" in out


def test_always_files_are_trained_on_in_every_model_and_never_left_out():
    sets, always = ["a.jsonl", "b.jsonl", "c.jsonl"], ["s1.jsonl", "s2.jsonl"]
    assert [e["path"] for e in training_entries(sets, always, None, 1.0)] == always
    fold = training_entries(sets, always, 1, 2.0)
    assert [e["path"] for e in fold] == ["s1.jsonl", "s2.jsonl", "a.jsonl", "c.jsonl"]
    assert {e["weight"] for e in fold} == {2.0}
    assert training_entries(sets, [], None, 1.0) == []


def test_scores_kept_without_the_always_files_are_not_reused_with_them(tmp_path, capsys):
    files = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    (tmp_path / "base.json").write_text(json.dumps({"scores": {files[0]: A, files[1]: B}}), encoding="utf-8")
    for i, rows in enumerate((A, B)):
        (tmp_path / f"fold-{i}.json").write_text(json.dumps({"scores": {files[i]: rows}}), encoding="utf-8")
    with pytest.raises(SystemExit, match="another --out"):
        main([*files, "--always", "s.jsonl", "--out", str(tmp_path)])
    for name in ("base.json", "fold-0.json", "fold-1.json"):
        body = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        (tmp_path / name).write_text(json.dumps({**body, "always": ["s.jsonl"]}), encoding="utf-8")
    assert main([*files, "--always", "s.jsonl", "--out", str(tmp_path)]) == 0
    assert "== without real text but the --always files (1)" in capsys.readouterr().out


def test_a_file_cannot_be_both_scored_and_always_trained_on(tmp_path):
    with pytest.raises(SystemExit):
        main(["a.jsonl", "b.jsonl", "--always", "b.jsonl", "--out", str(tmp_path)])


def test_set_changes_a_training_field_and_kept_scores_of_other_settings_are_refused(tmp_path, capsys):
    from evaluation.realfolds import overrides

    assert overrides(["fast_ngrams=[1,2,3,4]", "fast_feature_dropout=0.2", "fast_pooling=idf"]) == {
        "fast_ngrams": [1, 2, 3, 4],
        "fast_feature_dropout": 0.2,
        "fast_pooling": "idf",
    }
    with pytest.raises(SystemExit, match="NAME=VALUE"):
        overrides(["fast_ngrams"])
    files = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    for i, rows in enumerate((A, B)):
        (tmp_path / f"fold-{i}.json").write_text(json.dumps({"scores": {files[i]: rows}}), encoding="utf-8")
    with pytest.raises(SystemExit, match="another --out"):
        main([*files, "--no-base", "--set", "fast_feature_dropout=0.2", "--out", str(tmp_path)])
    assert main([*files, "--no-base", "--out", str(tmp_path)]) == 0  # no base model: the folds only
    out = capsys.readouterr().out
    assert "without real text" not in out
    assert "@0.5 pooled: P 0.750 R 0.750 F1 0.750" in out
