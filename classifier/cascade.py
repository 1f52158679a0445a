"""The ``cascade``: the fast model settles the clear cases, the transformer decides the uncertain band.

A post is uncertain when the fast model's probability of wage_arrears lies inside ``band``
(``[classifier] cascade_band``, e.g. ``[0.05, 0.95]``): the lead decision is the one that costs
(a miss leaves workers unpaid, a false alarm buries officers). Those posts, and only those, go to
the transformer, whose prediction (label, probabilities, explanation) replaces the fast one.
``tune_band`` picks the band on the dev split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from classifier.base import Prediction, as_list


class CascadeClassifier:
    def __init__(self, fast, transformer, band: tuple[float, float] = (0.05, 0.95)):
        low, high = band
        if not 0 <= low <= high <= 1:
            raise ValueError(f"cascade band must be 0 <= low <= high <= 1, got {band}")
        self.fast, self.transformer, self.band = fast, transformer, (low, high)
        self.version = f"cascade-{fast.version}+{transformer.version}@{low:g}-{high:g}"
        self.last_routed = 0

    def uncertain(self, prediction: Prediction) -> bool:
        low, high = self.band
        return low <= prediction.score <= high

    def predict(self, texts: str | list[str], explain: str | bool = "leads") -> list[Prediction]:
        """Fast predictions, with the uncertain ones replaced by the transformer's."""
        texts = as_list(texts)
        out = self.fast.predict(texts, explain=explain)
        routed = [i for i, p in enumerate(out) if self.uncertain(p)]
        self.last_routed = len(routed)
        if routed:
            for i, p in zip(
                routed, self.transformer.predict([texts[i] for i in routed], explain=explain), strict=True
            ):
                out[i] = p
        return [replace(p, model_version=self.version) for p in out]


def tune_band(
    fast_scores: Sequence[float],
    fast_labels: Sequence[str],
    transformer_labels: Sequence[str],
    gold: Sequence[str],
    max_routed: float = 0.35,
) -> tuple[tuple[float, float], float, float]:
    """The band (low, high) on the fast wage_arrears probability that gives the best wage_arrears
    F1 on these (dev) examples while sending at most ``max_routed`` of them to the transformer.
    Returns (band, F1, share routed); ties go to the narrower band (fewer slow calls)."""
    candidates = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5]
    best = ((0.5, 0.5), -1.0, 0.0)
    for low in candidates:
        for high in [1 - c for c in candidates]:
            if high < low:
                continue
            routed = [low <= s <= high for s in fast_scores]
            share = sum(routed) / max(1, len(routed))
            if share > max_routed:
                continue
            labels = [t if r else f for f, t, r in zip(fast_labels, transformer_labels, routed, strict=True)]
            f1 = _wage_f1(gold, labels)
            if f1 > best[1] + 1e-9 or (abs(f1 - best[1]) <= 1e-9 and share < best[2]):
                best = ((low, high), f1, share)
    return best


def _wage_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    tp = sum(g == p == "wage_arrears" for g, p in zip(gold, predicted, strict=True))
    fp = sum(p == "wage_arrears" != g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == "wage_arrears" != p for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
