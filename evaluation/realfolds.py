"""Does training on labelled real-text sets help on real text? Leave one set out (issue 11, round 8b).

    OMP_NUM_THREADS=1 nice python -m evaluation.realfolds eval/realworld/posts.jsonl eval/realworld-b/posts.jsonl ... \
        [--always classifier/data/realtext/part_s1.jsonl ...] [--seed 13] [--ensemble 1] [--weight 1.0] \
        [--set fast_ngrams=[1,2,3,4] ...] [--jobs 1] [--out DIR]

For each set S, a fast model is trained (``classifier.train.train_fast``, the shipped arguments but
``--ensemble`` members) on the corpus train split + the background reviews + every *other* set at
``--weight`` (posts that repeat a post of S, dev, test or the holdout left out) and scores S. One more model
of the same size, without any real set ("base"), scores every set: comparing the two cancels the ensemble
size. Prints wage_arrears F1 and the hard-negative FPR per set and pooled, at 0.5 and at the threshold
``classifier.threshold.choose`` picks (cap 3 %) on the pooled out-of-fold scores, and short-/long-lead
recall. With ``--out`` each model's scores are kept as JSON (``base.json``, ``fold-<n>.json``) and a rerun
reuses them (a folder kept with other ``--always`` files or ``--set`` arguments is refused); the models themselves
are saved beside them (``base/``, ``fold-<n>/``, ``save_pretrained``), so that other ways of reading the posts can be
scored on the same folds without retraining (``evaluation.readfolds``). ``--set NAME=VALUE`` changes one
``TrainingArguments`` field in every model (a JSON value, else a string). ``--always`` files (training-only
real text, round 8c) are in the training of every model, the base included, at ``--weight`` and never
scored; their posts that repeat a post of the set left out are left out of that fold. ``--jobs`` trains
that many models at once. Never pass a blind set (``training.toml``'s ``blind`` folders are refused).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from classifier.threshold import ScoredSet, choose, pooled

Row = tuple[float, str, bool, int]  # score, gold label, hard negative, characters


def counts(rows: Sequence[Row], threshold: float) -> dict[str, int]:
    """Leads found and missed, false alarms, and short (< 30) / long (> 300) leads found, at ``threshold``."""
    c = dict.fromkeys(("tp", "fp", "fn", "hard", "hard_fp", "short", "short_found", "long", "long_found"), 0)
    for score, gold, hard, chars in rows:
        lead, wage = score >= threshold, gold == "wage_arrears"
        c["tp"] += lead and wage
        c["fp"] += lead and not wage
        c["fn"] += wage and not lead
        c["hard"] += hard
        c["hard_fp"] += hard and lead
        for name, inside in (("short", chars < 30), ("long", chars > 300)):
            c[name] += wage and inside
            c[f"{name}_found"] += wage and inside and lead
    return c


def line(c: dict[str, int]) -> str:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    fpr = c["hard_fp"] / c["hard"] if c["hard"] else 0.0
    return (
        f"P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} F1 {f1:.3f}, "
        f"FPR {100 * fpr:.1f} % ({c['hard_fp']}/{c['hard']}), "
        f"short {c['short_found']}/{c['short']}, long {c['long_found']}/{c['long']}"
    )


def table(title: str, scores: dict[str, list[Row]]) -> list[str]:
    """Per-set and pooled figures at 0.5 and at the threshold chosen on the pooled scores."""
    sets = [ScoredSet(n, *(tuple(r[i] for r in rows) for i in range(3))) for n, rows in scores.items()]
    chosen = choose(pooled(sets))
    out = [f"== {title} (threshold chosen on the pooled scores, cap 3 %: {chosen:g})"]
    for threshold in (0.5, chosen):
        everything = [r for rows in scores.values() for r in rows]
        out += [f"  @{threshold:g} {name}: {line(counts(rows, threshold))}" for name, rows in scores.items()]
        out.append(f"  @{threshold:g} pooled: {line(counts(everything, threshold))}")
    return out


def training_entries(
    files: Sequence[str], always: Sequence[str], left_out: int | None, weight: float
) -> list[dict[str, Any]]:
    """The real-text files a model trains on: the ``always`` files and, for fold ``left_out``, every other
    set (for the base, ``left_out`` None, none of the sets)."""
    chosen = [f for i, f in enumerate(files) if left_out is not None and i != left_out]
    return [{"path": f, "weight": weight} for f in [*always, *chosen]]


def overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``--set`` pairs as ``TrainingArguments`` fields: ``NAME=VALUE``, the value read as JSON, else a string."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"--set {pair!r}: write NAME=VALUE")
        try:
            out[name] = json.loads(value)
        except json.JSONDecodeError:
            out[name] = value
    return out


def _train_and_score(
    files: Sequence[str], left_out: int | None, args: argparse.Namespace, save: Path | None = None
) -> dict[str, Any]:
    from classifier.data import load_background, load_holdout, load_splits
    from classifier.realtext import load_real_text
    from classifier.train import TrainingArguments, train_fast

    splits = load_splits()
    held = list(splits["dev"]) + list(splits["test"]) + load_holdout()
    entries = training_entries(files, args.always, left_out, args.weight)
    if left_out is not None:
        held += load_real_text([{"path": files[left_out], "weight": 1.0}])[0]
    changed = overrides(args.set)
    training = TrainingArguments.from_dict(
        {**TrainingArguments().to_dict(), **changed, "seed": args.seed, "fast_ensemble": args.ensemble}
    )
    training.real_text = entries
    real, real_weights = load_real_text(entries, held)
    background = load_background(training.background)
    train = list(splits["train"]) + background + real
    weights = [1.0] * len(splits["train"]) + [training.background_weight] * len(background) + real_weights
    model, _ = train_fast(train, splits["dev"], training, weights)
    if save is not None:
        model.save_pretrained(save, {"left_out": None if left_out is None else files[left_out]})
    scored = {}
    for i, name in enumerate(files):
        if left_out in (None, i):
            examples = load_real_text([{"path": name, "weight": 1.0}])[0]
            predictions = model.predict([e.text for e in examples], explain=False)
            scored[name] = [
                (p.score, e.label, e.hard_negative, len(e.text))
                for p, e in zip(predictions, examples, strict=True)
            ]
    body = {"real_text_posts": len(real), "always": list(args.always), "scores": scored}
    return body | ({"set": changed} if changed else {})


def _kept(path: Path | None, always: Sequence[str], changed: dict[str, Any]) -> dict[str, Any] | None:
    """The scores kept at ``path`` by a run with the same ``--always`` files and ``--set`` arguments; None
    when there are none."""
    if not path or not path.exists():
        return None
    body = json.loads(path.read_text(encoding="utf-8"))
    if body.get("always", []) != list(always):
        raise SystemExit(
            f"{path} was made with --always {body.get('always', [])}, not {list(always)}: use another --out"
        )
    if body.get("set", {}) != changed:
        raise SystemExit(
            f"{path} was made with --set {body.get('set', {})}, not {changed}: use another --out"
        )
    return body


def _keep(path: Path | None, body: dict[str, Any]) -> dict[str, Any]:
    if path:
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.realfolds", description=__doc__.split("\n")[0]
    )
    parser.add_argument("files", nargs="+", help="labelled real-text JSONL files (at least two)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--ensemble", type=int, default=1, help="members per model (the shipped model has 5)")
    parser.add_argument("--weight", type=float, default=1.0, help="loss weight of a real-text post")
    parser.add_argument(
        "--always",
        nargs="+",
        default=[],
        metavar="FILE",
        help="real-text files always trained on, never scored",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a TrainingArguments field for every model (JSON value), e.g. fast_feature_dropout=0.2",
    )
    parser.add_argument("--no-base", action="store_true", help="train the folds only, not the base model")
    parser.add_argument("--jobs", type=int, default=1, help="models trained at once")
    parser.add_argument("--out", type=Path, help="folder for the scores (a rerun reuses them)")
    args = parser.parse_args(argv)
    if len(args.files) < 2:
        parser.error("give at least two sets")
    if set(args.always) & set(args.files):
        parser.error("a file is either scored or --always, not both")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    where = (lambda name: args.out / name) if args.out else (lambda name: None)
    names = {} if args.no_base else {None: "base.json"}
    names |= {i: f"fold-{i}.json" for i in range(len(args.files))}
    changed = overrides(args.set)
    kept = {i: _kept(where(name), args.always, changed) for i, name in names.items()}
    missing = [i for i, body in kept.items() if body is None]
    saves = [where(names[i].removesuffix(".json")) for i in missing]
    with ProcessPoolExecutor(max(1, args.jobs)) as pool:
        n = len(missing)
        made = pool.map(_train_and_score, [args.files] * n, missing, [args] * n, saves)
        for i, body in zip(missing, made, strict=True):
            kept[i] = _keep(where(names[i]), body)
    folds: dict[str, list[Row]] = {name: kept[i]["scores"][name] for i, name in enumerate(args.files)}
    title = "without real text" + (f" but the --always files ({len(args.always)})" if args.always else "")
    if not args.no_base:
        print("\n".join(table(title, kept[None]["scores"])))
    print("\n".join(table("trained on the other sets (out of fold)", folds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
