"""The fast model's explanations found the quick way (#12: ``classifier/fastexplain.py``) are the words the plain
way names: every feature's share added to its characters one by one in Python, from the feature strings."""

from __future__ import annotations

import json
from pathlib import Path

from classifier import fast
from classifier.base import runner_up
from classifier.text import prepare, top_words

ROOT = Path(__file__).resolve().parent.parent


def _plain_explanation(model, text, label, rival, window=None):
    # the explanation as it was computed before #12's quick one (fast.py, round 11)
    def norm(spans):
        return float(len(model._ids(f for f, _, _ in spans)))

    spans = fast.features(text, model.config, spans=True)
    views = [(0, spans, 1.0)]
    if window is not None:
        weight = model.config.window_weight
        window_spans = fast.features(window[1], model.config, spans=True)
        views = [
            (0, spans, (1 - weight) / norm(spans)),
            (window[0], window_spans, weight / norm(window_spans)),
        ]
    margins = model._margins(label, rival)
    char_score = [0.0] * (len(text) + 1)
    words = [(text[s:e], s, e) for f, s, e in spans if f.startswith("w:")]
    for offset, view, scale in views:
        for feature, start, end in view:
            i = model.index.get(feature)
            if i is None or end <= start:
                continue
            share = scale * margins[i] / (end - start)
            for c in range(offset + start, offset + end):
                char_score[c] += share
    return top_words(text, char_score, 5, words)


def test_quick_explanations_name_the_same_words_as_the_plain_ones():
    model = fast.FastClassifier.from_pretrained(ROOT / "classifier" / "models" / "fast")
    lines = (
        (ROOT / "classifier" / "data" / "holdout" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    )
    texts = [prepare(json.loads(line)["text"]) for line in lines]
    texts += [
        "",
        "欠",
        "老板拖欠工资3个月|||共12000元",
        "工资" * 120 + "。" + "老板跑路了。" * 30,
    ]  # windows too
    logits, chosen = model._post_logits(texts, None)
    probabilities = fast.softmax(logits).tolist()
    windows = 0
    for text, window, row in zip(texts, chosen, probabilities, strict=True):
        p = dict(zip(model.config.labels, row, strict=True))
        label = max(p, key=p.get)
        for rival in {runner_up(p, label), *(other for other in model.config.labels if other != label)}:
            expected = _plain_explanation(model, text, label, rival, window)
            assert model.explain(text, label, rival, window=window) == expected, text
            spans = fast.features(text, model.config, spans=True)
            assert model.explain(text, label, rival, spans=spans, window=window) == expected, text
        windows += window is not None
    assert windows >= 3  # long posts, read in windows, were explained


def test_predict_explains_each_lead_as_the_plain_way_does():
    # predict looks the n-grams of a batch's explained posts up at once (``GramIds.found_in``)
    model = fast.FastClassifier.from_pretrained(ROOT / "classifier" / "models" / "fast")
    lines = (ROOT / "demo" / "data" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    raw = [json.loads(line)["text"] for line in lines] + [
        "工资" * 120 + "。" + "老板跑路了，欠薪三个月。" * 20
    ]
    prepared = [prepare(text) for text in raw]
    _logits, chosen = model._post_logits(prepared, None)
    explained = 0
    for mode in (True, "leads"):
        for text, window, prediction in zip(prepared, chosen, model.predict(raw, explain=mode), strict=True):
            if mode is True or prediction.label != "irrelevant":
                rival = runner_up(prediction.probabilities, prediction.label)
                assert prediction.explanation == _plain_explanation(
                    model, text, prediction.label, rival, window
                )
                explained += 1
            else:
                assert prediction.explanation == []
    assert explained > len(raw)
