"""Does a small learned pair scorer beat the merge rules on sets it never saw? Leave one set out (issue 11, pm10).

    OMP_NUM_THREADS=1 nice python -m evaluation.pairfolds eval/realworld/posts.jsonl eval/realworld-b/posts.jsonl \
        ... [--mode replace|second|both] [--l2 1.0] [--min-precision 0.99] [--guards] [--out DIR]

1. Each set's storing half is replayed under the rules as they are (``evaluation.replay``), watching every
   lead post's same-case lookup (``dedupe.find_case``): for each candidate lead the lookup meets (the leads of
   ``candidate_keys``, of the post's label) the pair's features are recorded (``evaluation.pairmodel.features``)
   with its truth (the lead holds an earlier post of the post's case) and whether it is veto-free.
2. For each set S: a logistic regression is fitted on the pairs of the five others; its threshold is chosen
   on those five alone, by an inner leave-one-set-out (fit on four, replay the fifth with the model deciding,
   at each threshold of ``GRID``): the lowest threshold whose pooled inner pair precision is at least
   ``--min-precision`` with no false-friend merge in any inner set. Then S is replayed with the model (fitted
   on all five) at that threshold, and scored as ``wagewatch leads evaluate`` scores it.
3. Modes: ``replace``: the model decides every same-case lookup (exact, near-duplicate and thread matches
   stay as they are; the rules' later lead-to-lead merges too); ``second``: the rules decide, and only when
   they find no lead does the model get a second chance, among the veto-free candidates (fitted on
   veto-free pairs only).
4. The rules' figures on the same set are printed beside it. They are flattered: merge.toml was fitted on
   all six sets (``wagewatch leads tune``), the held-out one included.

``--curve`` adds hindsight: the held-out figures pooled over the folds at every threshold (not a result: the
threshold is read off the held-out sets). ``--guards`` also fits on all six and replays the hand-written held-out set and the demo with that model
(the threshold chosen by the leave-one-set-out over the six), beside the rules' figures. ``--out`` writes
the per-fold figures and, per mode, the model fitted on all six as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from classifier.realtext import blind_setting
from evaluation import leads, pairmodel
from evaluation.replay import LabelledSet, demo_set, held_out_set, load_set, replay

GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999)
OBJECTIVE = {"f1": False}  # --objective f1: the best inner F1 among the allowed thresholds, not the lowest
OFF = 1.01  # the threshold when none of GRID meets the bar: the model merges nothing
Pair = dict[str, Any]  # post, lead, row (features), label, veto_free, rules (the rules accept it), ff


def _lead_cases(db, labelled: LabelledSet, earlier: list[str]) -> dict[int, set[str]]:
    """Which cases each lead holds now, from the earlier lead posts' leads."""
    import storage

    case = {p.id: None if "case" in p.unlabelled else p.case for p in labelled.posts}  # None: not labelled
    rowids = storage.row_ids(db)
    now = storage.analysis_for_posts(db, [rowids[q] for q in earlier])
    held: dict[int, set[str]] = {}
    for q in earlier:
        lead = now.get(rowids[q], {}).get("lead_id")
        if lead is not None and case[q]:
            held.setdefault(lead, set()).add(case[q])
    return held


def candidates(db, fp, label: str) -> list[tuple[int, Any]]:
    """The leads ``find_case`` compares a post with on its same-case path (lead id, its facts)."""
    from triage import dedupe

    cases = dedupe._cases(db)
    found = cases.lead_facts_for_keys(dedupe.candidate_keys(fp.facts)).values()
    return [(lead["id"], dedupe.lead_case_facts(lead)) for lead in found if lead["label"] == label]


@contextmanager
def watching(find):
    """``find(real, db, text, analysis, label, fp)`` stands in for ``dedupe.find_case`` inside the block."""
    from triage import dedupe

    real = dedupe.find_case

    def find_case(db, text, analysis, label, fp=None):
        return find(real, db, text, analysis, label, fp)

    dedupe.find_case = find_case
    try:
        yield
    finally:
        dedupe.find_case = real


def collect(labelled: LabelledSet) -> list[Pair]:
    """Every (post, candidate lead) pair the rules' replay meets, with its features and truth."""
    owner = {id(p.fingerprint): pid for pid, p in labelled.prepared.items() if p.fingerprint is not None}
    case = {p.id: None if "case" in p.unlabelled else p.case for p in labelled.posts}  # None: not labelled
    friends = {frozenset((a, b)) for a, b, _ in labelled.false_friends}
    order = [row["post_id"] for row in leads.post_rows(labelled.posts)]
    rank = {pid: i for i, pid in enumerate(order)}
    pairs: list[Pair] = []

    def find(real, db, text, analysis, label, fp):
        pid = owner.get(id(fp))
        if pid is not None and case[pid]:
            held = _lead_cases(db, labelled, [q for q in order[: rank[pid]] if case[q]])
            for lead_id, facts in candidates(db, fp, label):
                row = pairmodel.features(fp.facts, facts, fp.canonical)
                cases = held.get(lead_id, set())
                pairs.append({"post": pid, "lead": lead_id, "row": row, "label": int(case[pid] in cases),
                              "veto_free": pairmodel.veto_free(fp.facts, facts), "rules": row[1] > 0 or row[2] > 0,
                              "ff": any(frozenset((case[pid], c)) in friends for c in cases)})  # fmt: skip
        return real(db, text, analysis, label, fp)

    with watching(find):
        replay(labelled)
    return pairs


def decide(model: pairmodel.PairModel, mode: str):
    """A ``find`` for ``watching`` that lets ``model`` decide (``mode`` replace or second)."""
    from triage.dedupe import Match

    def find(real, db, text, analysis, label, fp):
        match = real(db, text, analysis, label, fp)
        if fp is None or (match is not None and match.kind != "same_case") or (mode == "second" and match):
            return match
        scored = []
        for lead_id, facts in candidates(db, fp, label):
            if mode == "second" and not pairmodel.veto_free(fp.facts, facts):
                continue
            p = model.probability(pairmodel.features(fp.facts, facts, fp.canonical))
            if p >= model.threshold:
                scored.append((p, lead_id))
        if not scored:
            return None
        scored.sort(key=lambda s: (-s[0], s[1]))
        (p, lead_id), rest = scored[0], scored[1:]
        also = tuple((other, round(q, 3), "pair model") for q, other in rest) if mode == "replace" else ()
        return Match(lead_id, "same_case", f"same case: pair model {p:.2f}", round(p, 3), also)

    return find


def scored(labelled: LabelledSet, model: pairmodel.PairModel | None, mode: str) -> dict[str, Any]:
    """``wagewatch leads evaluate``'s figures for the set, the model deciding as ``mode`` says (None: the rules)."""
    if model is None:
        results = replay(labelled)
    else:
        with watching(decide(model, mode)):
            results = replay(labelled)
    return leads.score(labelled.posts, results, labelled.false_friends)["figures"]


# which pairs a mode's model is fitted on: every pair met; the veto-free ones; the veto-free ones the rules refuse
TRAIN = {"replace": "all", "second": "veto_free"}


def training(pairs: Sequence[Pair], mode: str) -> tuple[list[list[float]], list[int]]:
    kind = TRAIN[mode]
    chosen = [
        p for p in pairs if kind == "all" or (p["veto_free"] and (kind == "veto_free" or not p["rules"]))
    ]
    return [p["row"] for p in chosen], [p["label"] for p in chosen]


def fitted(pair_sets: Sequence[Sequence[Pair]], mode: str, l2: float) -> pairmodel.PairModel:
    rows, labels = training([p for pairs in pair_sets for p in pairs], mode)
    return pairmodel.fit(rows, labels, l2=l2)


def _tally(figs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    tp, fp, fn = (sum(f[k] for f in figs) for k in ("pair_tp", "pair_fp", "pair_fn"))
    precision, recall, f1 = leads.pair_rates(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "ff": sum(f["false_friend_merges"] for f in figs)}  # fmt: skip


def by_threshold(
    sets: Sequence[LabelledSet], pairs: Sequence[list[Pair]], mode: str, l2: float
) -> dict[float, list[dict[str, Any]]]:
    """Each set's figures at every threshold of ``GRID``, scored by the model fitted on the other sets."""
    per: dict[float, list[dict[str, Any]]] = {t: [] for t in GRID}
    for i, held in enumerate(sets):
        model = fitted([p for j, p in enumerate(pairs) if j != i], mode, l2)
        for t in GRID:
            model.threshold = t
            per[t].append(scored(held, model, mode))
    return per


def choose_threshold(
    sets: Sequence[LabelledSet], pairs: Sequence[list[Pair]], mode: str, l2: float, min_precision: float
) -> tuple[float, dict[float, dict[str, Any]]]:
    """The lowest threshold of ``GRID`` whose inner leave-one-set-out replays over ``sets`` reach
        ``min_precision`` pooled with no false-friend merge (``OFF`` when none does); with ``--objective f1`` the one
    of those with the best pooled inner F1."""
    tallies = {t: _tally(figs) for t, figs in by_threshold(sets, pairs, mode, l2).items()}
    allowed = [t for t in GRID if tallies[t]["precision"] >= min_precision and tallies[t]["ff"] == 0]
    if not allowed:
        return OFF, tallies
    if OBJECTIVE["f1"]:  # the best pooled inner F1 among the allowed (ties: the higher threshold)
        return max(allowed, key=lambda t: (round(tallies[t]["f1"], 6), t)), tallies
    return allowed[0], tallies


def _line(name: str, f: dict[str, Any]) -> str:
    return (f"{name:>12}: F1 {f['pair_f1']:.3f} P {f['pair_precision']:.3f} R {f['pair_recall']:.3f} "
            f"(tp {f['pair_tp']} fp {f['pair_fp']} fn {f['pair_fn']}) ff {f['false_friend_merges']}")  # fmt: skip


def folds(sets: Sequence[LabelledSet], mode: str, l2: float, min_precision: float) -> dict[str, Any]:
    """The leave-one-set-out figures of one mode, with the rules' beside them."""
    pairs = [collect(s) for s in sets]
    out: dict[str, Any] = {"mode": mode, "folds": []}
    rules, model_figs = [], []
    for i, held in enumerate(sets):
        rest = [s for j, s in enumerate(sets) if j != i]
        rest_pairs = [p for j, p in enumerate(pairs) if j != i]
        threshold, inner = choose_threshold(rest, rest_pairs, mode, l2, min_precision)
        model = fitted(rest_pairs, mode, l2)
        model.threshold = threshold
        before, after = scored(held, None, mode), scored(held, model, mode)
        rules.append(before)
        model_figs.append(after)
        out["folds"].append({"set": held.name, "threshold": threshold, "rules": before, "model": after})
        print(
            f"[{mode}] held out {held.name} (threshold {threshold:g}, {len(pairs[i])} pairs met)", flush=True
        )
        if threshold in inner:
            c = inner[threshold]
            print(
                f"{'inner':>12}: F1 {c['f1']:.3f} P {c['precision']:.3f} R {c['recall']:.3f} on the five",
                flush=True,
            )
        print(_line("rules", before), flush=True)
        print(_line("model", after), flush=True)
    out["pooled"] = {"rules": _tally(rules), "model": _tally(model_figs)}
    for name in ("rules", "model"):
        t = out["pooled"][name]
        print(f"[{mode}] pooled {name}: F1 {t['f1']:.3f} P {t['precision']:.3f} R {t['recall']:.3f} "
              f"(tp {t['tp']} fp {t['fp']} fn {t['fn']}) ff {t['ff']}")  # fmt: skip
    out["pairs"] = pairs
    return out


def curve(sets: Sequence[LabelledSet], pairs: Sequence[list[Pair]], mode: str, l2: float) -> list[str]:
    """Hindsight, not a result: the held-out figures pooled over the folds at every threshold of ``GRID`` (the
    model of each fold fitted on the other sets), to see whether any single threshold would have won."""
    per = by_threshold(sets, pairs, mode, l2)
    lines = [f"[{mode}] hindsight: held-out figures pooled over the folds at each threshold"]
    for t, figs in per.items():
        c = _tally(figs)
        lines.append(f"  @{t:g}: F1 {c['f1']:.3f} P {c['precision']:.3f} R {c['recall']:.3f} (fp {c['fp']}) "
                     f"ff {c['ff']} | F1 per set " + " ".join(f"{f['pair_f1']:.3f}" for f in figs))  # fmt: skip
    return lines


def guards(
    sets: Sequence[LabelledSet], pairs: Sequence[list[Pair]], mode: str, l2: float, min_precision: float
) -> tuple[pairmodel.PairModel, list[str]]:
    """The model fitted on every set (threshold by leave-one-set-out over them) on the held-out set and the demo."""
    threshold, _ = choose_threshold(sets, pairs, mode, l2, min_precision)
    model = fitted(pairs, mode, l2)
    model.threshold = threshold
    lines = [f"[{mode}] fitted on all {len(sets)} sets, threshold {threshold:g}"]
    for extra in (held_out_set(), demo_set()):
        lines += [_line(f"{extra.name} rules", scored(extra, None, mode)),
                  _line(f"{extra.name} model", scored(extra, model, mode))]  # fmt: skip
    return model, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="labelled sets (never a blind one)")
    parser.add_argument("--mode", choices=("replace", "second", "both"), default="both")
    parser.add_argument("--l2", type=float, default=1.0, help="the L2 penalty of the regression")
    parser.add_argument("--min-precision", type=float, default=0.99)
    parser.add_argument(
        "--train",
        choices=("veto_free", "rejected"),
        default="veto_free",
        help="second mode: fit on every veto-free pair, or on those the rules refuse",
    )
    parser.add_argument(
        "--objective",
        choices=("lowest", "f1"),
        default="lowest",
        help="of the thresholds meeting the bar: the lowest, or the best inner pooled F1",
    )
    parser.add_argument("--curve", action="store_true", help="also the hindsight table over thresholds")
    parser.add_argument("--guards", action="store_true", help="also the held-out set and the demo")
    parser.add_argument("--out", type=Path, help="a folder for the figures and models (JSON)")
    args = parser.parse_args(argv)
    blind = [b for b in blind_setting() if any(b in str(f) for f in args.files)]
    if blind:
        parser.error(f"{blind[0]} is a blind set: never fitted or read here")
    if len(args.files) < 3:
        parser.error(
            "needs at least three labelled sets: one held out, and two for the inner folds that choose the threshold"
        )
    TRAIN["second"] = args.train
    OBJECTIVE["f1"] = args.objective == "f1"
    sets = [load_set(f) for f in args.files]
    for mode in ("replace", "second") if args.mode == "both" else (args.mode,):
        result = folds(sets, mode, args.l2, args.min_precision)
        pairs = result.pop("pairs")
        if args.curve:
            result["curve"] = curve(sets, pairs, mode, args.l2)
            print("\n".join(result["curve"]), flush=True)
        if args.guards:
            model, lines = guards(sets, pairs, mode, args.l2, args.min_precision)
            print("\n".join(lines), flush=True)
            result["model"] = model.to_json()
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{mode}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
