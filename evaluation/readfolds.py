"""Other ways of reading a post, scored on realfolds' kept fold models without retraining (issue 11, round 11).

    python -m evaluation.readfolds DIR [DIR ...] [--reading NAME ...] [--json FILE]

Each DIR is an ``evaluation.realfolds --out`` folder: one model per set left out (``fold-<n>/``) and the file it
left out (``fold-<n>.json``). Every fold model scores the posts of its own set (out of fold) under each
*reading*: how the whole text and its windows of whole sentences (``classifier.fast.windows``) become one
P(wage_arrears). A reading is written ``mix:SIZE:MIN:WEIGHT`` (the shipped rule, ``FastConfig.window_*``: a post
over MIN characters gets WEIGHT times the logits of its most lead-like window of at least SIZE characters plus the
rest times the whole text's), ``max:SIZE:MIN`` (the larger of the whole text's P and its best window's), or
``whole`` (no windows) or ``sure:SIZE:MIN:P`` (the whole text's P unless its best window's reaches P). ``mix:100:150:0.75`` is what the shipped model does, and gives realfolds' kept scores.

For each reading, per DIR (a seed): pooled wage_arrears P / R / F1 and the hard-negative FPR at the threshold the
cap-3 % rule picks on the pooled out-of-fold scores (``classifier.threshold.choose``), the same with the threshold
chosen on the other sets for each set left out ("nested"), recall by length (< 30, 30-300, > 300 characters) and
F1 per set. ``--split-length N`` also chooses a second threshold for posts under N characters (both by the cap
rule, jointly). Never pass a folder trained or scored on a blind set.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classifier.threshold import GRID, ScoredSet, choose, pooled

READINGS = (
    "whole",
    "mix:100:150:0.75",
    "mix:100:150:1.0",
    "max:100:150",
    "mix:60:80:0.75",
    "max:60:80",
    "max:40:60",
    "max:30:40",
    "mix:40:60:0.5",
    "mix:40:60:0.75",
    "max:20:30",
)
LENGTHS = (("short", 0, 30), ("medium", 30, 301), ("long", 301, 10**9))
Row = tuple[float, str, bool, int]  # P(wage_arrears), gold label, hard negative, characters


def _margins(logits: np.ndarray, wage: int) -> np.ndarray:
    """log P(wage_arrears) - log P(not): the logit of P(wage_arrears), larger = more lead-like."""
    wide = logits.astype(np.float64)
    return wide[:, wage] - np.logaddexp.reduce(np.delete(wide, wage, axis=1), axis=1)


def _softmax_wage(logits: np.ndarray, wage: int) -> np.ndarray:
    from classifier.floats import softmax

    return softmax(logits.astype(np.float32))[:, wage]


def score_readings(model, texts: Sequence[str], readings: Sequence[str]) -> dict[str, list[float]]:
    """P(wage_arrears) of each raw text under each reading, by ``model`` (a ``FastClassifier``)."""
    from classifier.fast import windows
    from classifier.text import prepare

    prepared = [prepare(t, model.config.mask_places) for t in texts]
    wage = model.config.labels.index("wage_arrears")
    whole = model._forward(*model._plain_bags(prepared))
    cache: dict[tuple[int, int], tuple[list[int], np.ndarray]] = {}

    def pieces(size: int, least: int) -> tuple[list[int], np.ndarray]:
        """The post of each window (posts over ``least`` characters) and the windows' logits."""
        if (size, least) not in cache:
            owners, bits = [], []
            for k, text in enumerate(prepared):
                if len(text) > least:
                    for _, window in windows(text, size):
                        owners.append(k)
                        bits.append(window)
            logits = model._forward(*model._plain_bags(bits)) if bits else np.zeros((0, whole.shape[1]))
            cache[size, least] = owners, logits
        return cache[size, least]

    out = {}
    for reading in readings:
        kind, *numbers = reading.split(":")
        post = whole.copy()
        if kind != "whole":
            size, least = int(numbers[0]), int(numbers[1])
            owners, logits = pieces(size, least)
            margin = _margins(logits, wage) if len(owners) else np.zeros(0)
            best: dict[int, int] = {}
            for j, k in enumerate(owners):
                if k not in best or margin[j] > margin[best[k]]:
                    best[k] = j
            for k, j in best.items():
                if kind == "mix":
                    weight = float(numbers[2])
                    post[k] = weight * logits[j] + (1 - weight) * whole[k]
                elif kind == "max":
                    if margin[j] > _margins(whole[k : k + 1], wage)[0]:
                        post[k] = logits[j]
                elif kind == "sure":  # the whole text's P unless the best window's reaches the given P
                    sure = float(numbers[2])
                    if (
                        margin[j] >= np.log(sure / (1 - sure))
                        and margin[j] > _margins(whole[k : k + 1], wage)[0]
                    ):
                        post[k] = logits[j]
                else:
                    raise ValueError(f"unknown reading {reading!r}")
        out[reading] = _softmax_wage(post, wage).tolist()
    return out


def score_folder(folder: Path, readings: Sequence[str]) -> dict[str, dict[str, list[Row]]]:
    """{reading: {set file: rows}} for the fold models kept in ``folder``."""
    from classifier.fast import FastClassifier
    from classifier.realtext import load_real_text

    out: dict[str, dict[str, list[Row]]] = {r: {} for r in readings}
    for kept in sorted(folder.glob("fold-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        name = next(iter(json.loads(kept.read_text(encoding="utf-8"))["scores"]))
        model = FastClassifier.from_pretrained(folder / kept.stem)
        examples = load_real_text([{"path": name, "weight": 1.0}])[0]
        scores = score_readings(model, [e.text for e in examples], readings)
        for reading, values in scores.items():
            out[reading][name] = [
                (p, e.label, e.hard_negative, len(e.text)) for p, e in zip(values, examples, strict=True)
            ]
    return out


def _scored(name: str, rows: Sequence[Row]) -> ScoredSet:
    return ScoredSet(name, *(tuple(r[i] for r in rows) for i in range(3)))


def count(rows: Sequence[Row], decide: Callable[[Row], bool]) -> dict[str, int]:
    """Leads found / missed, false alarms, look-alikes let through, and leads found by length."""
    c: dict[str, int] = dict.fromkeys(("tp", "fp", "fn", "hard", "hard_fp"), 0)
    for name, *_ in LENGTHS:
        c[name] = c[f"{name}_found"] = 0
    for row in rows:
        lead, wage, hard = decide(row), row[1] == "wage_arrears", row[2]
        c["tp"] += lead and wage
        c["fp"] += lead and not wage
        c["fn"] += wage and not lead
        c["hard"] += hard
        c["hard_fp"] += hard and lead
        for name, low, high in LENGTHS:
            if wage and low <= row[3] < high:
                c[name] += 1
                c[f"{name}_found"] += lead
    return c


def f1(c: dict[str, int]) -> float:
    return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0


def fpr(c: dict[str, int]) -> float:
    return c["hard_fp"] / c["hard"] if c["hard"] else 0.0


def choose_split(rows: Sequence[Row], split: int, cap: float = 0.03) -> tuple[float, float]:
    """(threshold under ``split`` characters, threshold from it on): the pair with the best F1 whose
    hard-negative FPR is at most ``cap`` (else the lowest FPR), ties nearest (0.5, 0.5)."""
    grid = np.array(GRID)
    parts = []  # per length side: leads found, false alarms, look-alikes let through at each threshold
    for side in (True, False):
        mine = [r for r in rows if (r[3] < split) == side]
        score = np.array([r[0] for r in mine]).reshape(-1, 1)
        wage = np.array([r[1] == "wage_arrears" for r in mine]).reshape(-1, 1)
        hard = np.array([r[2] for r in mine]).reshape(-1, 1)
        lead = score >= grid
        parts.append(((lead & wage).sum(0), (lead & ~wage).sum(0), (lead & hard).sum(0)))
    leads = sum(r[1] == "wage_arrears" for r in rows)
    hard_all = max(1, sum(r[2] for r in rows))
    tp = parts[0][0][:, None] + parts[1][0][None, :]
    fp = parts[0][1][:, None] + parts[1][1][None, :]
    rate = (parts[0][2][:, None] + parts[1][2][None, :]) / hard_all
    f1s = np.where(tp > 0, 2 * tp / np.maximum(1, tp + fp + leads), 0.0)
    near = -np.abs(grid - 0.5)[:, None] - np.abs(grid - 0.5)[None, :]
    best: tuple | None = None
    for i in range(len(grid)):
        for j in range(len(grid)):
            ok = rate[i, j] <= cap + 1e-12
            key = (ok, 0.0 if ok else -rate[i, j], round(float(f1s[i, j]), 12), near[i, j])
            if best is None or key > best[0]:
                best = (key, (float(grid[i]), float(grid[j])))
    assert best is not None
    return best[1]


def summary(scores: dict[str, list[Row]], split: int = 0) -> dict[str, Any]:
    """Pooled figures at the threshold chosen on all sets, nested (chosen on the others), per set."""
    names = list(scores)
    everything = [r for rows in scores.values() for r in rows]

    def rule(rows: Sequence[Row]) -> Callable[[Row], bool]:
        if split:
            short, rest = choose_split(rows, split)
            return lambda r: r[0] >= (short if r[3] < split else rest)
        t = choose(_scored("pool", rows))
        return lambda r: r[0] >= t

    if split:
        chosen: Any = choose_split(everything, split)
    else:
        chosen = choose(pooled([_scored(n, rows) for n, rows in scores.items()]))
    decide = rule(everything)
    at_chosen = count(everything, decide)
    nested: dict[str, int] = {}
    for name in names:
        others = [r for n in names if n != name for r in scores[n]]
        for key, value in count(scores[name], rule(others)).items():
            nested[key] = nested.get(key, 0) + value
    return {
        "threshold": chosen,
        "pooled": at_chosen,
        "nested": nested,
        "sets": {n: count(rows, decide) for n, rows in scores.items()},
    }


def line(c: dict[str, int]) -> str:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    lengths = " ".join(f"{c[f'{n}_found']}/{c[n]}" for n, *_ in LENGTHS)
    return (
        f"P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} F1 {f1(c):.3f} "
        f"FPR {100 * fpr(c):.1f} % ({c['hard_fp']}/{c['hard']}) by length {lengths}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.readfolds", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folders", nargs="+", type=Path, help="realfolds --out folders (one per seed)")
    parser.add_argument("--reading", nargs="+", default=list(READINGS), help="readings to score")
    parser.add_argument(
        "--split-length", type=int, default=0, help="also a threshold for posts under N chars"
    )
    parser.add_argument("--json", type=Path, help="write every reading's rows here")
    args = parser.parse_args(argv)
    kept: dict[str, dict[str, dict[str, list[Row]]]] = {}
    for folder in args.folders:
        kept[str(folder)] = score_folder(folder, args.reading)
    if args.json:
        args.json.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    for reading in args.reading:
        print(f"== {reading}")
        for folder, by_reading in kept.items():
            result = summary(by_reading[reading], args.split_length)
            sets = " ".join(f"{f1(c):.3f}" for c in result["sets"].values())
            print(f"  {folder} @{result['threshold']}: {line(result['pooled'])}")
            print(f"  {'':{len(folder)}} nested: {line(result['nested'])}")
            print(f"  {'':{len(folder)}} F1 per set: {sets}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
