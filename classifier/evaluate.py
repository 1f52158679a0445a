"""Evaluation: per-label precision/recall/F1, the confusion matrix, recall on the slices officers
worry about (Cantonese, traditional characters, under 30 characters, over 300), the false-positive
rate on hard negatives, and the worst errors. ``evaluate()`` returns a plain dict (JSON-ready);
``format_report()`` turns it into the text ``wagewatch classifier evaluate`` prints.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from classifier.base import LABELS, Prediction
from classifier.data import SLICES, Example

TARGETS = {"wage_arrears_f1": 0.95, "hard_negative_fpr": 0.03, "slice_recall": 0.90}


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def metrics(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Per-label precision/recall/F1/support, accuracy, macro F1 and the confusion matrix
    (``confusion[gold][predicted]``)."""
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_label = {}
    for label in labels:
        tp = confusion[label][label]
        predicted_n = sum(confusion[g][label] for g in labels)
        support = sum(confusion[label].values())
        precision, recall = _ratio(tp, predicted_n), _ratio(tp, support)
        f1 = _ratio(2 * precision * recall, precision + recall)
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    return {
        "per_label": per_label,
        "accuracy": _ratio(sum(confusion[label][label] for label in labels), len(gold)),
        "macro_f1": sum(m["f1"] for m in per_label.values()) / len(labels),
        "confusion": confusion,
    }


def evaluate(model, examples: Sequence[Example], worst: int = 10) -> dict[str, Any]:
    """Run ``model.predict`` over ``examples`` and measure everything listed in the module doc."""
    started = time.perf_counter()
    predictions: list[Prediction] = model.predict([e.text for e in examples])
    seconds = time.perf_counter() - started
    gold = [e.label for e in examples]
    result = metrics(gold, [p.label for p in predictions])
    slices = {}
    for name in SLICES:
        members = [(e, p) for e, p in zip(examples, predictions, strict=True) if name in e.slices()]
        leads = [(e, p) for e, p in members if e.label == "wage_arrears"]
        slices[name] = {
            "examples": len(members),
            "wage_arrears": len(leads),
            "wage_arrears_recall": _ratio(sum(p.label == "wage_arrears" for _, p in leads), len(leads)),
            "accuracy": _ratio(sum(p.label == e.label for e, p in members), len(members)),
        }
    hard = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.hard_negative]
    by_type: dict[str, dict[str, int]] = {}
    for e, p in hard:
        row = by_type.setdefault(e.neg_type or "other", {"examples": 0, "false_alarms": 0})
        row["examples"] += 1
        row["false_alarms"] += p.label == "wage_arrears"
    non_leads = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.label != "wage_arrears"]
    errors = [
        {
            "id": e.id,
            "gold": e.label,
            "predicted": p.label,
            "confidence": p.probabilities[p.label],
            "text": e.text,
            "explanation": p.explanation,
        }
        for e, p in zip(examples, predictions, strict=True)
        if p.label != e.label
    ]
    errors.sort(key=lambda row: -row["confidence"])
    result.update(
        {
            "examples": len(examples),
            "model_version": predictions[0].model_version if predictions else "",
            "slices": slices,
            "hard_negatives": len(hard),
            "hard_negative_fpr": _ratio(sum(p.label == "wage_arrears" for _, p in hard), len(hard)),
            "hard_negatives_by_type": dict(sorted(by_type.items())),
            "non_lead_fpr": _ratio(sum(p.label == "wage_arrears" for _, p in non_leads), len(non_leads)),
            "errors": len(errors),
            "worst_errors": errors[:worst],
            "posts_per_second": _ratio(len(examples), seconds),
        }
    )
    result["targets_met"] = {
        "wage_arrears_f1": result["per_label"]["wage_arrears"]["f1"] >= TARGETS["wage_arrears_f1"],
        "hard_negative_fpr": result["hard_negative_fpr"] <= TARGETS["hard_negative_fpr"],
        "slice_recall": all(
            s["wage_arrears_recall"] >= TARGETS["slice_recall"] for s in slices.values() if s["wage_arrears"]
        ),
    }
    return result


def format_report(result: dict[str, Any], title: str = "") -> str:
    """The evaluation as text for a terminal."""
    lines = [f"== {title} ({result['examples']} examples, model {result['model_version']})"]
    lines.append(f"{'label':14} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
    for label, m in result["per_label"].items():
        lines.append(f"{label:14} {m['precision']:9.3f} {m['recall']:7.3f} {m['f1']:7.3f} {m['support']:8d}")
    lines.append(f"accuracy {result['accuracy']:.3f} · macro F1 {result['macro_f1']:.3f}")
    lines.append("confusion (rows = gold, columns = predicted):")
    lines.append(" " * 14 + "".join(f"{p[:12]:>13}" for p in LABELS))
    for g in LABELS:
        lines.append(f"{g:14}" + "".join(f"{result['confusion'][g][p]:13d}" for p in LABELS))
    lines.append("slices (wage_arrears recall · accuracy over all labels):")
    for name, s in result["slices"].items():
        lines.append(
            f"  {name:12} recall {s['wage_arrears_recall']:.3f} of {s['wage_arrears']:3d} leads"
            f" · accuracy {s['accuracy']:.3f} of {s['examples']}"
        )
    lines.append(
        f"false-positive rate on hard negatives: {result['hard_negative_fpr']:.3f} "
        f"({result['hard_negatives']} hard negatives); on all non-leads {result['non_lead_fpr']:.3f}"
    )
    kinds = result.get("hard_negatives_by_type") or {}
    if kinds:
        lines.append(
            "  false alarms by kind: "
            + ", ".join(f"{kind} {row['false_alarms']}/{row['examples']}" for kind, row in kinds.items())
        )
    met = result["targets_met"]
    lines.append("targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in met.items()))
    if not result["worst_errors"]:
        lines.append(f"errors: {result['errors']} in all (--worst N lists the worst with their text)")
        return "\n".join(lines)
    lines.append(f"worst errors ({result['errors']} in all):")
    for row in result["worst_errors"]:
        text = row["text"].replace("\n", " ")
        text = text if len(text) <= 90 else text[:87] + "..."
        lines.append(
            f"  {row['id']}: {row['gold']} → {row['predicted']} ({row['confidence']:.2f}) "
            f"[{', '.join(row['explanation'][:4])}] {text}"
        )
    return "\n".join(lines)
