"""Labelled real-text files added to the training data by `data/training.toml` (issue 11)."""

from __future__ import annotations

import json

import pytest

import cli
from classifier.data import Example
from classifier.realtext import blind_setting, load_real_text, real_text_setting

CORPUS = [
    ("坦洲工地老板拖欠我们三个月工资", "wage_arrears"),
    ("老细走佬冇出粮两个月", "wage_arrears"),
    ("公司不给我们交社保", "other_labor"),
    ("上班受了工伤老板不认", "other_labor"),
    ("急招普工包吃住工资月结不拖欠", "irrelevant"),
    ("人社局召开根治欠薪部署会议", "irrelevant"),
]
REAL = [
    {
        "id": "X-1",
        "text": "今天老板跑路了，厂里四十多人的工资都没了",
        "label": "wage_arrears",
        "hard_negative": False,
    },
    {"id": "X-2", "text": "有工友爬上塔吊讨要半年的血汗钱", "label": "wage_arrears", "hard_negative": False},
    {"id": "X-3", "text": "讨薪电影今晚首映，导演谈拍摄经过", "label": "irrelevant", "hard_negative": True},
    # the same story as a test-split post: left out
    {"id": "X-4", "text": "公司不给我们交社保", "label": "other_labor", "hard_negative": False},
]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _settings(tmp_path, monkeypatch, body: str):
    settings = tmp_path / "training.toml"
    settings.write_text("hard_negative_weight = 2.0\n" + body, encoding="utf-8")
    monkeypatch.setattr("classifier.realtext.TRAINING_FILE", settings)
    return settings


def test_train_adds_the_real_text_files_the_settings_list(runner, tmp_path, monkeypatch):
    examples = [
        Example(id=f"t{i}", text=t, label=label, story=f"s{i}") for i, (t, label) in enumerate(CORPUS)
    ]
    splits = {"train": examples[:4] + examples[5:], "dev": examples[::2], "test": examples[2:3]}
    monkeypatch.setattr("classifier.train.load_splits", lambda *a, **k: splits)
    monkeypatch.setattr("classifier.train.load_holdout", lambda *a, **k: [])
    monkeypatch.setattr("classifier.train.load_background", lambda *a, **k: [])
    real = _write(tmp_path / "real.jsonl", REAL)
    _settings(tmp_path, monkeypatch, f'real_text = [ {{ path = "{real}", weight = 1.5 }} ]\n')
    out = tmp_path / "fast"
    result = runner.invoke(cli.main, ["classifier", "train", "--model", "fast", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert report["data"]["real_text"] == 3  # X-4 repeats a test post
    assert report["data"]["train"] == 5
    assert report["training_args"]["real_text"] == [{"path": str(real), "weight": 1.5}]


def test_a_blind_set_is_refused(tmp_path, monkeypatch):
    blind = tmp_path / "blind"
    blind.mkdir()
    posts = _write(blind / "posts.jsonl", REAL)
    _settings(tmp_path, monkeypatch, f'blind = ["{blind}"]\nreal_text = [ {{ path = "{posts}" }} ]\n')
    with pytest.raises(ValueError, match="blind"):
        real_text_setting()
    with pytest.raises(ValueError, match="blind"):
        load_real_text([{"path": str(posts), "weight": 1.0}])


def test_posts_of_held_out_stories_are_left_out_and_weights_kept(tmp_path, monkeypatch):
    _settings(tmp_path, monkeypatch, "")
    posts = _write(tmp_path / "real.jsonl", REAL)
    held = [Example(id="test-1", text="公司不给我们交社保。", label="other_labor", story="s")]
    examples, weights = load_real_text([{"path": str(posts), "weight": 2.0}], held)
    assert [e.text for e in examples] == [r["text"] for r in REAL[:3]]
    assert weights == [2.0, 2.0, 2.0]
    assert [e.hard_negative for e in examples] == [False, False, True]
    assert len({e.id for e in examples}) == 3
    assert all(e.source == "real_text" for e in examples)


@pytest.mark.parametrize(
    "body",
    [
        "real_text = [ { weight = 1.0 } ]\n",
        'real_text = [ { path = "x.jsonl", weight = -1 } ]\n',
        'real_text = "x"\n',
    ],
)
def test_a_bad_real_text_entry_is_a_clear_error(body, tmp_path, monkeypatch):
    _settings(tmp_path, monkeypatch, body)
    with pytest.raises(ValueError, match="real_text"):
        real_text_setting()


def test_the_shipped_settings_never_train_on_the_blind_sets():
    assert {"eval/realworld-g", "eval/realworld-h", "eval/realworld-j"} <= set(blind_setting())
    for entry in real_text_setting():
        assert "realworld-g" not in entry["path"]
        assert "realworld-h" not in entry["path"]
        assert "realworld-j" not in entry["path"]
