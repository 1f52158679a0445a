"""Would a learned gate over the rules' amounts and counts win on a set it never saw? (issue 11, xg12)

    python -m evaluation.extractgate folds [--field amount|workers] [--l2 X] [--show]   leave one set out
    python -m evaluation.extractgate train [--l2 X]                                   write triage/data/extractgate.json

The sets: the lead posts of eval/realworld, -b … -f (never the blind -g, -h) and the phrasings of eval/extraction.
For each post where the rules name a figure, the gate (``triage.extractgate``) is trained to say whether the truth
has one at all. Leave one set out: train on the others, choose the threshold inside them (a second leave-one-set-out
among the training sets: the threshold that gains the most exact posts there), then score the set left out. A gate
is switched on by ``train`` only where every set left out gains or loses at most one post and the sum gains.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

from evaluation import logistic
from triage import extractgate
from triage.extract import extract_facts, prepared
from triage.money import _money_mentions

REAL = ["realworld", "realworld-b", "realworld-c", "realworld-d", "realworld-e", "realworld-f"]
PHRASINGS = ["phrasings", "phrasings-b", "phrasings-c", "phrasings-d"]
FIELDS = {"amount": "amount", "workers": "workers"}  # each gate, and the figure it is scored on


@dataclass
class Row:
    set: str
    id: str
    text: str
    truth: dict
    rules: dict
    features: dict  # field -> feature row, where the rules name that figure


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def records() -> list[tuple[str, str, str, str | None, dict]]:
    """(set, id, text, posted_at, truth) of every scored post of the development sets."""
    from evaluation.extraction import load
    from evaluation.labelled import eval_posts, read_labelled

    out = []
    for name in REAL:
        for p in eval_posts(read_labelled(f"eval/{name}/posts.jsonl")):
            if p.label != "irrelevant":
                out.append((name, p.id, p.text, p.posted_at, {"amount": p.amount_yuan, "workers": p.workers}))
    for name in PHRASINGS:
        for r in load(f"eval/extraction/{name}.jsonl"):
            truth = {"amount": r.get("amount_yuan"), "workers": r.get("workers")}
            out.append((name, str(r["id"]), r["text"], r.get("posted_at"), truth))
    return out


def checks() -> list[tuple[str, str, str, str | None, dict]]:
    """The hand-written held-out set and the demo: never trained on, each must not lose a post."""
    from evaluation.leads import load_demo, load_posts

    return [
        (name, p.id, p.text, p.posted_at, {"amount": p.amount_yuan, "workers": p.workers})
        for name, posts in (("held-out", load_posts()), ("demo", load_demo()))
        for p in posts
        if p.label != "irrelevant"
    ]


def rows(items: list | None = None) -> list[Row]:
    found = []
    for name, pid, text, posted_at, truth in records() if items is None else items:
        facts = extract_facts(text, posted_at, gate=False)
        simple = prepared(text)
        mentions = _money_mentions(simple)
        features = {}
        if facts.amount_yuan is not None:
            features["amount"] = extractgate.amount_features(
                simple, mentions, facts.amount_yuan, facts.workers, facts.amount_part
            )
        if facts.workers is not None:
            approx = bool(facts.workers_range and facts.workers_range[0] != facts.workers_range[1])
            features["workers"] = extractgate.worker_features(
                simple, facts.workers, facts.workers_subset, approx, facts.amount_yuan, len(mentions)
            )
        rules = {"amount": facts.amount_yuan, "workers": facts.workers}
        found.append(Row(name, pid, text, truth, rules, features))
    return found


def fit(x: list[list[float]], y: list[int], names, l2: float) -> extractgate.Gate:
    """Logistic regression by Newton's method, L2 penalty ``l2`` on standardised inputs (bias unpenalised)."""
    mean, scale, weights = logistic.fit(x, y, l2, iterations=60)
    return extractgate.Gate(names, mean, scale, weights, 0.5, True)


def _gain(row: Row, field: str, cost: float = 1.0) -> float:
    """Exact posts gained by dropping the rules' figure: +1 where the truth has none, -1 where it was right
    (``cost``: what a right figure dropped weighs when the threshold is chosen; above 1, the gate is warier)."""
    if row.truth[field] is None:
        return 1
    return -cost if _same(row.rules[field], row.truth[field]) else 0


def _train(rows_: list[Row], field: str, l2: float) -> extractgate.Gate:
    names = extractgate.NAMES[field]
    use = [r for r in rows_ if field in r.features]
    return fit([r.features[field] for r in use], [int(r.truth[field] is not None) for r in use], names, l2)


def _threshold(scored: list[tuple[float, int]]) -> float:
    """The threshold (drop below it) that gains the most; 0 (drop nothing) on a tie with it."""
    best, best_gain = 0.0, 0
    for cut in sorted({p for p, _ in scored}):
        t = cut + 1e-9
        gain = sum(g for p, g in scored if p < t)
        if gain > best_gain:
            best, best_gain = t, gain
    return best


def choose(rows_: list[Row], field: str, l2: float, cost: float) -> extractgate.Gate:
    """A gate trained on ``rows_``, its threshold chosen by leave-one-set-out among their sets."""
    sets = sorted({r.set for r in rows_})
    scored = []
    for held in sets:
        gate = _train([r for r in rows_ if r.set != held], field, l2)
        scored += [
            (gate.probability(r.features[field]), _gain(r, field, cost))
            for r in rows_
            if r.set == held and field in r.features
        ]
    gate = _train(rows_, field, l2)
    gate.threshold = _threshold(scored)
    gate.on = gate.threshold > 0
    return gate


def folds(
    rows_: list[Row], field: str, l2: float, cost: float, show: bool = False
) -> dict[str, tuple[int, int, int]]:
    """Per set left out: (posts, exact before, exact after)."""
    out = {}
    for held in REAL + PHRASINGS:
        gate = choose([r for r in rows_ if r.set != held], field, l2, cost)
        test = [r for r in rows_ if r.set == held]
        before = sum(_same(r.rules[FIELDS[field]], r.truth[FIELDS[field]]) for r in test)
        after = before
        for r in test:
            if field in r.features and not gate.keeps(r.features[field]):
                after += round(_gain(r, field))
                if show:
                    p = gate.probability(r.features[field])
                    print(
                        f"  {held} {r.id} {field}: {r.rules[FIELDS[field]]} (truth {r.truth[FIELDS[field]]}, p {p:.2f}) | {r.text[:70]}"
                    )
        out[held] = (len(test), before, after)
        print(
            f"{held:12} {len(test):4}  exact {before:4} → {after:4}  ({after - before:+d})  threshold {gate.threshold:.3f}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.extractgate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=("folds", "train"))
    parser.add_argument("--field", choices=tuple(FIELDS), default="amount")
    parser.add_argument("--l2", type=float, default=30.0)
    parser.add_argument(
        "--cost", type=float, default=2.0, help="weight of a right figure dropped (threshold)"
    )
    parser.add_argument("--show", action="store_true", help="list every figure dropped")
    args = parser.parse_args(argv)
    data = rows()
    if args.command == "folds":
        result = folds(data, args.field, args.l2, args.cost, args.show)
        total = sum(a - b for _, b, a in result.values())
        worst = min(a - b for _, b, a in result.values())
        print(f"all sets: {total:+d} exact posts; worst set {worst:+d}")
        return 0
    written = {}
    held_out = rows(checks())
    for field in FIELDS:
        result = folds(data, field, args.l2, args.cost)
        total = sum(a - b for _, b, a in result.values())
        worst = min(a - b for _, b, a in result.values())
        gate = choose(data, field, args.l2, args.cost)
        for name in ("held-out", "demo"):
            test = [r for r in held_out if r.set == name]
            before = sum(_same(r.rules[FIELDS[field]], r.truth[FIELDS[field]]) for r in test)
            after = before + sum(
                round(_gain(r, field))
                for r in test
                if field in r.features and not gate.keeps(r.features[field])
            )
            print(f"{name:12} {len(test):4}  exact {before:4} → {after:4}  (the gate trained on every set)")
            gate.on = gate.on and after >= before
        gate.on = gate.on and total > 0 and worst >= -1
        print(
            f"{field}: leave-one-set-out {total:+d}, worst set {worst:+d} → gate {'on' if gate.on else 'off'}"
        )
        written[field] = gate.to_json() | {
            "l2": args.l2,
            "cost": args.cost,
            "folds_gain": total,
            "worst_set": worst,
        }
    extractgate.WEIGHTS.write_text(json.dumps(written, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {extractgate.WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
