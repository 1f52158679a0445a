"""The classifier's shared vocabulary: the labels, a prediction, how probabilities become a label.

Every model (rules.py, fast.py, transformer.py, cascade.py) answers ``predict(texts) ->
list[Prediction]`` (one string or a list); each prediction carries the label, the probability of
wage_arrears, the probability of every label, the words that drove the decision (for officers) and
the model version (stored with every prediction). This module imports no model; loader.py picks
one by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("wage_arrears", "other_labor", "irrelevant")
MODELS = Path(__file__).parent / "models"


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float  # probability of wage_arrears
    probabilities: dict[str, float]
    explanation: list[str] = field(default_factory=list)
    model_version: str = ""


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


def counts_at(
    scores: Sequence[float], gold: Sequence[str], hard_negative: Sequence[bool], threshold: float
) -> dict[str, int]:
    """wage_arrears true positives, false positives, false negatives and hard negatives let through when a
    post is a lead from ``threshold`` on (its P(wage_arrears))."""
    rows = list(zip(scores, gold, hard_negative, strict=True))
    return {
        "tp": sum(s >= threshold and g == "wage_arrears" for s, g, _ in rows),
        "fp": sum(s >= threshold and g != "wage_arrears" for s, g, _ in rows),
        "fn": sum(s < threshold and g == "wage_arrears" for s, g, _ in rows),
        "hard_negative_false_alarms": sum(s >= threshold and h for s, _, h in rows),
    }


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
        c = counts_at(scores, gold, hard_negative, t)
        tp, fp, fn, fpr = c["tp"], c["fp"], c["fn"], c["hard_negative_false_alarms"] / hard
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
