"""Officers' decisions stored for retraining, and `train --with-feedback` (#3)."""

from __future__ import annotations

import json
import sqlite3

import pytest

import cli
import storage
from classifier.data import Example
from tests.conftest import make_post


def _post(db, n: int, text: str) -> int:
    storage.upsert_posts(db, [make_post(n, text)])
    return db.execute("SELECT id FROM posts WHERE post_id = ?", [str(n)]).fetchone()[0]


def test_feedback_round_trip_keeps_history_and_the_models_view(db):
    post = _post(db, 1, "急招普工，包吃住，工资月结不拖欠")
    storage.save_analysis(db, post, {"label": "wage_arrears", "score": 0.7, "model_version": "fast-abc"})
    first = storage.record_feedback(db, post, "other_labor", "li.wei")
    second = storage.record_feedback(db, post, "irrelevant", "chen.min", note="招聘广告")
    assert second > first
    history = storage.feedback_for_post(db, post)
    assert [row["label"] for row in history] == ["other_labor", "irrelevant"]
    assert history[0]["model_label"] == "wage_arrears"
    assert history[0]["model_version"] == "fast-abc"
    (latest,) = storage.latest_feedback(db)
    assert (latest["label"], latest["officer"], latest["note"]) == ("irrelevant", "chen.min", "招聘广告")
    assert latest["text"] == "急招普工，包吃住，工资月结不拖欠"
    assert latest["decided_at"].endswith("+08:00")


def test_feedback_refuses_unknown_labels_anonymous_decisions_and_missing_posts(db):
    post = _post(db, 2, "老细走佬")
    with pytest.raises(ValueError, match="label must be one of"):
        storage.record_feedback(db, post, "spam", "li.wei")
    with pytest.raises(ValueError, match="officer"):
        storage.record_feedback(db, post, "wage_arrears", "")
    with pytest.raises(sqlite3.IntegrityError):
        storage.record_feedback(db, 9999, "wage_arrears", "li.wei")


TINY = [
    ("坦洲工地老板拖欠我们三个月工资", "wage_arrears"),
    ("老细走佬冇出粮两个月", "wage_arrears"),
    ("公司不给我们交社保", "other_labor"),
    ("上班受了工伤老板不认", "other_labor"),
    ("急招普工包吃住工资月结不拖欠", "irrelevant"),
    ("人社局召开根治欠薪部署会议", "irrelevant"),
]


def test_train_with_feedback_adds_the_officers_decisions(db, db_path, runner, tmp_path, monkeypatch):
    examples = [Example(id=f"t{i}", text=t, label=label, story=f"s{i}") for i, (t, label) in enumerate(TINY)]
    splits = {"train": examples, "dev": examples[::2], "test": examples[1::2]}
    monkeypatch.setattr("classifier.data.load_splits", lambda *a, **k: splits)
    monkeypatch.setattr("classifier.train.load_splits", lambda *a, **k: splits)
    background = [Example(id="bg-1", text="酒店早餐不错，房间有点小", label="irrelevant", story="bg-1")]
    monkeypatch.setattr("classifier.train.load_background", lambda *a, **k: background)
    settings = tmp_path / "training.toml"
    settings.write_text("hard_negative_weight = 2.0\nreal_text = []\n", encoding="utf-8")
    monkeypatch.setattr("classifier.realtext.TRAINING_FILE", settings)
    post = _post(db, 3, "东凤小家电厂老板拖了我们两个月人工")
    storage.record_feedback(db, post, "wage_arrears", "li.wei")
    out = tmp_path / "fast"
    result = runner.invoke(
        cli.main,
        [
            "--db",
            str(db_path),
            "classifier",
            "train",
            "--model",
            "fast",
            "--with-feedback",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 officer decision(s) added" in result.output
    report = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert report["data"] == {
        "train": len(examples),
        "feedback": 1,
        "background": 1,
        "real_text": 0,
        "dev": 3,
    }
    assert 0.3 <= report["threshold"]["threshold"] <= 0.8  # chosen on dev
    assert (out / "model.safetensors").exists()
