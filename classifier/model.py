"""The classifier interface, the model loader and the first model (weighted keyword rules).

Every model answers ``predict(texts) -> list[Prediction]`` (one string or a list); each prediction
carries the label, the probability of wage_arrears, the probability of every label, the words that
drove the decision (for officers) and the model version (stored with every prediction).

The models: ``rules`` (this file), ``fast`` (fast.py: jieba words + character n-grams, a
fastText-style model), ``transformer`` (transformer.py: any BERT-family checkpoint fine-tuned, by
default the compact Chinese BERT trained here) and ``cascade`` (cascade.py: fast settles the clear
cases, the transformer the uncertain band). ``load_classifier(kind, settings)`` builds one.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifier.text import normalize

LABELS = ("wage_arrears", "other_labor", "irrelevant")
RULES_FILE = Path(__file__).parent / "data" / "rules.toml"
MODELS = Path(__file__).parent / "models"
KINDS = ("rules", "fast", "transformer", "cascade")
DEFAULT_KIND = "fast"  # keep equal to config.py's [pipeline] classifier default
# the [classifier] config section; an empty path means the model shipped in classifier/models/
DEFAULT_SETTINGS: dict[str, Any] = {
    "fast_path": "",
    "transformer_path": "",
    "pretrained_path": "",
    "cascade_band": [0.4, 0.6],
}


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float  # probability of wage_arrears
    probabilities: dict[str, float]
    explanation: list[str] = field(default_factory=list)
    model_version: str = ""


@dataclass(frozen=True)
class Rule:
    label: str
    why: str
    weight: float
    pattern: re.Pattern


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class RuleClassifier:
    """Keyword evidence for wage arrears and other labour disputes, minus evidence of look-alikes."""

    def __init__(self, rules_file: Path = RULES_FILE):
        raw = rules_file.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
        self.version = f"rules-{hashlib.sha1(raw).hexdigest()[:10]}"
        model = data.get("model", {})
        self.bias = float(model.get("bias", 2.0))
        self.other_threshold = float(model.get("other_threshold", 2.0))
        self.wage_threshold = float(model.get("wage_threshold", 0.5))
        self.rules = []
        for index, rule in enumerate(data.get("rule", [])):
            if rule.get("label") not in ("wage_arrears", "other_labor", "neg"):
                raise ValueError(f"{rules_file}: rule {index + 1} has unknown label {rule.get('label')!r}")
            try:
                pattern = re.compile(rule["pattern"])
            except (KeyError, re.error) as exc:
                raise ValueError(
                    f"{rules_file}: rule {index + 1} ({rule.get('why')}) bad pattern: {exc}"
                ) from None
            self.rules.append(
                Rule(rule["label"], rule.get("why", ""), float(rule.get("weight", 1.0)), pattern)
            )

    def predict_one(self, text: str) -> Prediction:
        clean = normalize(text)
        evidence = {"wage_arrears": 0.0, "other_labor": 0.0, "neg": 0.0}
        explanation = []
        for rule in self.rules:
            match = rule.pattern.search(clean)
            if match:
                evidence[rule.label] += rule.weight
                sign = "-" if rule.label == "neg" else "+"
                explanation.append(f"{sign}{rule.why}: {match.group(0)}")
        wage = evidence["wage_arrears"] - evidence["neg"]
        other = evidence["other_labor"] - evidence["neg"]
        p_wage = _sigmoid(wage - self.bias)
        p_other = (1 - p_wage) * _sigmoid(other - self.other_threshold)
        p_irrelevant = max(0.0, 1.0 - p_wage - p_other)
        probabilities = {"wage_arrears": p_wage, "other_labor": p_other, "irrelevant": p_irrelevant}
        label = max(probabilities, key=probabilities.get)
        return Prediction(
            label,
            round(p_wage, 4),
            {k: round(v, 4) for k, v in probabilities.items()},
            explanation,
            self.version,
        )

    def predict(self, texts: str | list[str], explain: str | bool = True) -> list[Prediction]:
        """One prediction per text (rules always explain themselves; ``explain`` is accepted for a
        uniform interface)."""
        return [self.predict_one(t) for t in as_list(texts)]


WAGE_THRESHOLD = 0.5


def decide(probabilities: dict[str, float], wage_threshold: float = WAGE_THRESHOLD) -> str:
    """The label for a probability vector: wage_arrears only when its probability is at least
    ``wage_threshold`` (better than even odds, not merely the largest of three), else the more
    likely of the other two. Used by every trained model."""
    if probabilities["wage_arrears"] >= wage_threshold:
        return "wage_arrears"
    return max((label for label in probabilities if label != "wage_arrears"), key=probabilities.get)


def threshold_suffix(threshold: float) -> str:
    """The model-version suffix for a lead threshold other than the default 0.5 ("@0.62")."""
    return "" if abs(threshold - WAGE_THRESHOLD) < 1e-9 else f"@{threshold:g}"


def choose_threshold(
    scores: Sequence[float],
    gold: Sequence[str],
    hard_negative: Sequence[bool],
    max_hard_negative_fpr: float = 0.02,
    grid: Sequence[float] = tuple(round(0.3 + 0.01 * i, 2) for i in range(51)),
) -> dict[str, float]:
    """The wage_arrears threshold for these (dev) predictions: the best wage_arrears F1 among the
    thresholds whose false-positive rate on hard negatives stays at or under
    ``max_hard_negative_fpr``; ties go to the threshold nearest 0.5. When none qualifies, the
    lowest false-positive rate wins (then F1). Returns the threshold and its dev figures."""
    hard = sum(hard_negative) or 1
    best: tuple | None = None
    for t in grid:
        tp = sum(s >= t and g == "wage_arrears" for s, g in zip(scores, gold, strict=True))
        fp = sum(s >= t and g != "wage_arrears" for s, g in zip(scores, gold, strict=True))
        fn = sum(s < t and g == "wage_arrears" for s, g in zip(scores, gold, strict=True))
        fpr = sum(s >= t and h for s, h in zip(scores, hard_negative, strict=True)) / hard
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        key = (
            fpr <= max_hard_negative_fpr + 1e-12,
            -fpr if fpr > max_hard_negative_fpr else 0.0,
            f1,
            -abs(t - WAGE_THRESHOLD),
        )
        if best is None or key > best[0]:
            best = (
                key,
                {
                    "threshold": t,
                    "f1": round(f1, 4),
                    "recall": round(recall, 4),
                    "hard_negative_fpr": round(fpr, 4),
                },
            )
    return best[1] if best else {"threshold": WAGE_THRESHOLD}


def runner_up(probabilities: dict[str, float], label: str) -> str:
    """The most likely label other than ``label``: what an explanation contrasts the decision with."""
    return max((other for other in probabilities if other != label), key=probabilities.get)


def as_list(texts: str | list[str]) -> list[str]:
    return [texts] if isinstance(texts, str) else list(texts)


def model_dir(kind: str, settings: dict[str, Any] | None = None) -> Path:
    """Where the ``fast`` or ``transformer`` model lives: the configured path, else the shipped one."""
    configured = (settings or {}).get(f"{kind}_path") or ""
    return Path(configured) if configured else MODELS / kind


def load_classifier(kind: str = DEFAULT_KIND, settings: dict[str, Any] | None = None):
    """The model named by ``[pipeline] classifier``, with the ``[classifier]`` settings."""
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    if kind == "rules":
        return RuleClassifier()
    if kind == "fast":
        from classifier.fast import FastClassifier

        return FastClassifier.from_pretrained(model_dir("fast", settings))
    if kind == "transformer":
        from classifier.transformer import TransformerClassifier

        return TransformerClassifier.from_pretrained(model_dir("transformer", settings))
    if kind == "cascade":
        from classifier.cascade import CascadeClassifier

        low, high = settings["cascade_band"]
        return CascadeClassifier(
            load_classifier("fast", settings), load_classifier("transformer", settings), band=(low, high)
        )
    raise ValueError(f"unknown classifier {kind!r} (known: {', '.join(KINDS)})")
