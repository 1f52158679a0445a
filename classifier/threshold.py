"""The lead threshold chosen across labelled sets, by leave-one-set-out cross-validation.

A threshold chosen on one set of posts is tuned to that set: the hand-written dev split chose 0.5 in
round 5 where real posts wanted a lower one. Given several labelled sets (real-text files an
operator holds, optionally the dev split), ``cross_validate`` asks for each set: which threshold
would the *other* sets, pooled, have chosen (best wage_arrears F1 with the hard-negative
false-positive rate at or under a cap: ``classifier.base.choose_threshold``), and how does that
threshold do on the set left out? The mean of those held-out figures is an honest estimate of what a
threshold chosen this way does on a set nobody tuned on. The threshold to use is then the one chosen
on all the sets pooled.

Every set is scored once (``score_sets``: the model's P(wage_arrears) per post); everything after
that is counting. ``write_threshold`` stores the chosen threshold in the model directory (its
``config.json``, as training does; the model version changes with it) and notes how it was chosen in
``training.json``. ``wagewatch classifier choose-threshold FILE [FILE ...] [--write]`` is the command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classifier.base import choose_threshold, counts_at
from classifier.data import Example

# wider than training's grid (0.30-0.80): on real text the best threshold can lie far from 0.5
GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
MAX_HARD_NEGATIVE_FPR = 0.03  # the goal of issue 11


@dataclass(frozen=True)
class ScoredSet:
    """One labelled set as the model scored it: P(wage_arrears), the truth, the look-alike flag."""

    name: str
    scores: tuple[float, ...]
    gold: tuple[str, ...]
    hard_negative: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.scores)


def score_sets(model, sets: dict[str, Sequence[Example]]) -> list[ScoredSet]:
    """Each named set of examples scored once by ``model`` (``predict``, no explanations)."""
    scored = []
    for name, examples in sets.items():
        if not examples:
            raise ValueError(f"{name}: no posts to score")
        predictions = model.predict([e.text for e in examples], explain=False)
        scored.append(
            ScoredSet(
                name,
                tuple(p.score for p in predictions),
                tuple(e.label for e in examples),
                tuple(e.hard_negative for e in examples),
            )
        )
    return scored


def pooled(sets: Sequence[ScoredSet], name: str = "pooled") -> ScoredSet:
    """The posts of several sets as one set."""
    return ScoredSet(
        name,
        tuple(s for part in sets for s in part.scores),
        tuple(g for part in sets for g in part.gold),
        tuple(h for part in sets for h in part.hard_negative),
    )


def figures(scored: ScoredSet, threshold: float) -> dict[str, Any]:
    """wage_arrears precision / recall / F1 and the hard-negative false-positive rate of ``scored``
    when a post is a lead from ``threshold`` on (``classifier.base.decide``)."""
    return {"threshold": threshold, **_rates(_counts(scored, threshold))}


def _counts(scored: ScoredSet, threshold: float) -> dict[str, int]:
    return {"posts": len(scored), "hard_negatives": sum(scored.hard_negative),
            **counts_at(scored.scores, scored.gold, scored.hard_negative, threshold)}  # fmt: skip


def _rates(c: dict[str, int]) -> dict[str, Any]:
    tp, fp, fn, hard = c["tp"], c["fp"], c["fn"], c["hard_negatives"]
    return {
        "posts": c["posts"],
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
        "hard_negative_fpr": round(c["hard_negative_false_alarms"] / hard, 4) if hard else 0.0,
        "hard_negatives": hard,
        "hard_negative_false_alarms": c["hard_negative_false_alarms"],
    }


def _held_out_pooled(sets: Sequence[ScoredSet], thresholds: Sequence[float]) -> dict[str, Any]:
    """The figures of every set's posts at its own fold's threshold, counted together."""
    total: dict[str, int] = {}
    for scored, threshold in zip(sets, thresholds, strict=True):
        for key, n in _counts(scored, threshold).items():
            total[key] = total.get(key, 0) + n
    return _rates(total)


def choose(scored: ScoredSet, max_hard_negative_fpr: float = MAX_HARD_NEGATIVE_FPR) -> float:
    """The threshold ``choose_threshold`` picks on ``scored`` (over ``GRID``)."""
    return choose_threshold(
        scored.scores, scored.gold, scored.hard_negative, max_hard_negative_fpr, grid=GRID
    )["threshold"]


def cross_validate(
    sets: Sequence[ScoredSet],
    current: float | None = None,
    max_hard_negative_fpr: float = MAX_HARD_NEGATIVE_FPR,
) -> dict[str, Any]:
    """Leave-one-set-out: per set, the threshold chosen on the others pooled and its figures on the
    set left out (beside the figures at ``current``, the model's threshold now); their means; and
    the threshold chosen on all sets pooled with its figures per set. With one set there are no
    folds, only the pooled choice."""
    names = [s.name for s in sets]
    if len(set(names)) != len(names):
        raise ValueError(f"a set was given twice: {', '.join(n for n in names if names.count(n) > 1)}")
    if not sets:
        raise ValueError("no labelled sets given")
    folds = []
    if len(sets) > 1:
        for k, held_out in enumerate(sets):
            others = pooled([s for j, s in enumerate(sets) if j != k])
            threshold = choose(others, max_hard_negative_fpr)
            fold = {
                "held_out": held_out.name,
                "threshold": threshold,
                "chosen_on": figures(others, threshold),
                "held_out_figures": figures(held_out, threshold),
            }
            if current is not None:
                fold["current"] = figures(held_out, current)
            folds.append(fold)
    everything = pooled(sets)
    threshold = choose(everything, max_hard_negative_fpr)
    result: dict[str, Any] = {
        "max_hard_negative_fpr": max_hard_negative_fpr,
        "current_threshold": current,
        "sets": {s.name: len(s) for s in sets},
        "folds": folds,
        "mean": _mean([f["held_out_figures"] for f in folds]) if folds else {},
        "held_out_pooled": _held_out_pooled(sets, [f["threshold"] for f in folds]) if folds else {},
        "threshold": threshold,
        "pooled": figures(everything, threshold),
        "per_set": {s.name: figures(s, threshold) for s in sets},
    }
    if current is not None:
        result["mean_current"] = _mean([f["current"] for f in folds]) if folds else {}
        result["held_out_pooled_current"] = _held_out_pooled(sets, [current] * len(sets)) if folds else {}
        result["pooled_current"] = figures(everything, current)
        result["per_set_current"] = {s.name: figures(s, current) for s in sets}
    return result


def _mean(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    keys = ("threshold", "precision", "recall", "f1", "hard_negative_fpr")
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}


def format_cross_validation(result: dict[str, Any]) -> str:
    """The cross-validation as text for a terminal."""
    cap = result["max_hard_negative_fpr"]
    current = result["current_threshold"]
    lines = [f"== lead threshold: best wage_arrears F1 with hard-negative FPR <= {cap:.1%}"]

    def row(label: str, f: dict[str, Any], threshold: float | None = None) -> str:
        shown = f["threshold"] if threshold is None else threshold
        return (
            f"  {label:32} t {shown:4.2f}  F1 {f['f1']:.3f}  P {f['precision']:.3f}  R {f['recall']:.3f}"
            f"  FPR {f['hard_negative_fpr']:6.1%}"
        )

    if result["folds"]:
        lines.append("leave one set out (threshold chosen on the others, figures on the one left out):")
        for fold in result["folds"]:
            lines.append(row(fold["held_out"], fold["held_out_figures"]))
            if "current" in fold:
                lines.append(row("  at the current threshold", fold["current"]))
        lines.append(row("mean of the folds", result["mean"]))
        if result.get("mean_current"):
            lines.append(row("mean at the current threshold", result["mean_current"], current))
        pooled_row = row(
            "all held-out posts together", result["held_out_pooled"], result["mean"]["threshold"]
        )
        lines.append(pooled_row.replace(" t ", " ~ ", 1))
        if result.get("held_out_pooled_current"):
            lines.append(row("  at the current threshold", result["held_out_pooled_current"], current))
    else:
        lines.append("one set only: no cross-validation, the threshold is chosen on it")
    lines.append(f"chosen on all {len(result['sets'])} set(s) pooled ({sum(result['sets'].values())} posts):")
    lines.append(row("pooled", result["pooled"]))
    for name, f in result["per_set"].items():
        lines.append(row(name, f))
    if current is not None:
        lines.append(f"at the current threshold {current:g}:")
        lines.append(row("pooled", result["pooled_current"]))
    return "\n".join(lines)


def write_threshold(model, path: str | Path, result: dict[str, Any]) -> str:
    """Store ``result["threshold"]`` in the model saved at ``path`` (``model`` loaded from there):
    the config the model is loaded from, as training does, and a note in ``training.json`` of how it
    was chosen. Returns the new model version."""
    path = Path(path)
    model.set_threshold(result["threshold"])
    model.save_pretrained(path)
    report_path = path / "training.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    report["threshold_chosen_across_sets"] = {
        "threshold": result["threshold"],
        "version": model.version,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "max_hard_negative_fpr": result["max_hard_negative_fpr"],
        "sets": result["sets"],
        "pooled": result["pooled"],
        "mean_held_out": result["mean"],
        "previous_threshold": result["current_threshold"],
    }
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return model.version
