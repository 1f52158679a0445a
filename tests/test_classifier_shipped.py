"""The models shipped in classifier/models/ (#3): they load like hub models, classify clear cases,
and the pipeline, `wagewatch analyze` and `wagewatch classifier` use the configured one."""

from __future__ import annotations

import json

import pytest

import cli
import config
import pipeline
import storage
from classifier import load_classifier
from classifier.base import LABELS, MODELS
from classifier.loader import DEFAULT_KIND, DEFAULT_SETTINGS
from tests.conftest import make_post

CLEAR = [
    ("坦洲镇某工地包工头拖欠我们二十多个工友三个月工资，电话打不通，求助！", "wage_arrears"),
    ("老细走佬，成个厂冇出粮两个月", "wage_arrears"),
    ("裝修老闆欠我們三個月工錢，一直拖著不給", "wage_arrears"),
    ("公司两年没给我们交社保，去问人事就说自己去买", "other_labor"),
    ("在厂里被机器压伤了手，老板不给报工伤", "other_labor"),
    ("中山市人社局召开根治欠薪冬季专项行动部署会", "irrelevant"),
    ("急招普工，包吃住，工资月结不拖欠", "irrelevant"),
    ("小榄的鸡仔饼又香又脆", "irrelevant"),
]


@pytest.fixture(scope="module", params=["fast", "transformer", "cascade"])
def shipped(request):
    return load_classifier(request.param)


def test_the_defaults_agree():
    assert config.defaults()["pipeline"]["classifier"] == DEFAULT_KIND
    assert config.defaults()["classifier"] == DEFAULT_SETTINGS


def test_shipped_models_classify_clear_cases(shipped):
    predictions = shipped.predict([text for text, _ in CLEAR])
    assert [p.label for p in predictions] == [label for _, label in CLEAR]
    for p in predictions:
        assert abs(sum(p.probabilities.values()) - 1) < 1e-3
        assert p.model_version
    lead = predictions[1]
    assert lead.explanation
    assert all(isinstance(w, str) for w in lead.explanation)


def test_the_shipped_transformer_loads_like_a_hub_checkpoint():
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    for name in ("transformer", "zh-char-bert"):
        tokenizer = AutoTokenizer.from_pretrained(MODELS / name)
        assert tokenizer.unk_token_id not in tokenizer("老细冇出粮拖欠工资")["input_ids"]
    model = AutoModelForSequenceClassification.from_pretrained(MODELS / "transformer")
    assert [model.config.id2label[i] for i in range(3)] == list(LABELS)


def test_the_pipeline_stores_the_configured_models_version(db, tmp_path, monkeypatch):
    storage.upsert_posts(db, [make_post(1, CLEAR[1][0])])
    pipeline.run_pass(db)
    version = db.execute("SELECT model_version FROM post_analysis").fetchone()[0]
    assert version == load_classifier(DEFAULT_KIND).version
    path = tmp_path / "w.toml"
    path.write_text('[pipeline]\nclassifier = "transformer"\n', encoding="utf-8")
    monkeypatch.setenv("WAGEWATCH_CONFIG", str(path))
    storage.upsert_posts(db, [make_post(2, CLEAR[0][0])])
    pipeline.run_pass(db)
    versions = {row[0] for row in db.execute("SELECT model_version FROM post_analysis").fetchall()}
    assert any(v.startswith("transformer-") for v in versions)


@pytest.mark.parametrize("kind", ["fast", "transformer"])
def test_analyze_uses_the_configured_model(kind, tmp_path, runner, monkeypatch):
    path = tmp_path / "w.toml"
    path.write_text(f'[pipeline]\nclassifier = "{kind}"\n', encoding="utf-8")
    monkeypatch.setenv("WAGEWATCH_CONFIG", str(path))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, (t, _) in enumerate(CLEAR)
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli.main, ["analyze", str(src)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    expected = load_classifier(kind).predict([t for t, _ in CLEAR])
    assert [r["label"] for r in rows] == [p.label for p in expected]
    assert [r["score"] for r in rows] == [p.score for p in expected]


def test_classifier_predict_prints_label_explanation_and_version(runner):
    result = runner.invoke(cli.main, ["classifier", "predict", "--model", "fast", CLEAR[1][0]])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["label"] == "wage_arrears"
    assert row["model_version"].startswith("fast-")
    assert row["explanation"]


def test_classifier_evaluate_reports_every_figure(runner):
    result = runner.invoke(
        cli.main, ["classifier", "evaluate", "--model", "fast", "--split", "dev", "--worst", "3"]
    )
    assert result.exit_code == 0, result.output
    for needle in (
        "precision",
        "confusion",
        "cantonese",
        "traditional",
        "short",
        "long",
        "hard negatives",
        "worst errors",
    ):
        assert needle in result.output
    result = runner.invoke(
        cli.main, ["classifier", "evaluate", "--model", "fast", "--split", "dev", "--json"]
    )
    figures = json.loads(result.output)
    assert figures["per_label"]["wage_arrears"]["f1"] > 0.9
    result = runner.invoke(
        cli.main, ["classifier", "evaluate", "--model", "fast", "--split", "holdout", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["examples"] >= 300


def test_a_missing_model_directory_is_a_one_line_error(tmp_path, runner, monkeypatch):
    path = tmp_path / "w.toml"
    path.write_text(f'[classifier]\nfast_path = "{tmp_path / "nothing"}"\n', encoding="utf-8")
    result = runner.invoke(cli.main, ["--config", str(path), "classifier", "predict", "--model", "fast", "x"])
    assert result.exit_code == 1
    assert "no fast model in" in result.output


def test_the_fast_model_scores_a_post_alike_with_and_without_explanations():
    # analyze asks for no explanation (the quick path, #12): the scores must not move by a bit
    fast = load_classifier("fast")
    long_letter = (
        "尊敬的领导：您好！我们是一家家具厂的工人。" * 6
        + "老板拖欠我们十二个人四个月工资共二十三万元，至今不给。"
    )
    texts = [text for text, _ in CLEAR] + [long_letter, "", "   ", "3.5w 100% ok"]
    assert len(long_letter) > fast.config.window_min  # read in windows too
    with_words = fast.predict(texts, explain=True)
    without = fast.predict(texts, explain=False)
    assert [p.probabilities for p in without] == [p.probabilities for p in with_words]
    assert [p.label for p in without] == [p.label for p in with_words]
    assert all(p.explanation == [] for p in without)


def test_the_fast_models_quick_logits_are_the_explained_ones_to_the_bit():
    # every corpus, holdout and demo text (#12): the quick path (ids found without feature strings, n-grams
    # of a whole batch looked up at once) sums the same features in the same order as the explaining path
    from classifier.fast import features
    from classifier.text import prepare
    from tests.test_classifier_text import _every_text

    fast = load_classifier("fast")
    texts = [prepare(text, fast.config.mask_places) for text in _every_text()[::2]]
    for i in range(0, len(texts), 500):
        batch = texts[i : i + 500]
        quick = fast._post_logits(batch, None)[0]
        spans = [features(text, fast.config, spans=True) for text in batch]
        explained = fast._post_logits(batch, spans, spans=True)[0]
        assert quick.tobytes() == explained.tobytes()
