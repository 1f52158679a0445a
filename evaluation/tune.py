"""Fit the merge decision's main numbers (``triage/data/merge.toml``) on labelled sets, and say by
leave-one-set-out cross-validation whether the fitted values can be trusted on a set they never saw
(issue 11).

    wagewatch leads tune A.jsonl B.jsonl C.jsonl D.jsonl [--write]

Each set's pure half runs once (``evaluation.replay``); each candidate setting replays only the storing
half. The search is coordinate descent over a few numbers (``SEARCH``: the retelling thresholds and
bonuses, the facts-only thresholds, the short-post windows; ``evaluation.mergewhy`` shows these decide
most missed pairs), starting from the values in force and moving only on a strict gain. Objective: the
pooled duplicate-pair F1 of the sets fitted on; ruled out: any false-friend merge in any of them, and a
pooled pair precision below ``MIN_PRECISION``. Guards (on by default): the hand-written held-out set and
the demo may lose at most one post's worth of pairs (their largest case's size less one, as missed or
wrong pairs), and gain no wrong pair and no false-friend merge.

Then, for each set, the values fitted on the others are scored on it (before: the values in force;
after: the fitted ones), and finally the values fitted on all sets are printed (``--write`` stores them).
The verdict says whether the cross-validated figures favour them: better held-out pair F1 on average,
and no fold with a false-friend merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evaluation.leads import pair_rates
from evaluation.replay import LabelledSet, demo_set, figures, held_out_set
from triage import mergesettings

MIN_PRECISION = 0.95
# the numbers searched and the values tried for each (today's value is always tried too)
SEARCH: dict[str, tuple[float, ...]] = {
    "retold_same_town": (0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2),
    "retold_loose": (1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6),
    "long_extra": (0.0, 0.2, 0.3, 0.4, 0.5, 0.6),
    "name_bonus": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "same_days_bonus": (0.1, 0.2, 0.3, 0.4, 0.5),
    "facts_only": (1.0, 1.1, 1.2, 1.3, 1.5, 1.7),
    "facts_only_three": (0.9, 1.0, 1.1, 1.2, 1.4),
    "thin_days": (1, 2, 3, 5),
    "thin_word_days": (3, 5, 7, 10, 14),
    "thin_facts_days": (3, 5, 7, 10, 14),
    # what a shared word is worth by its kind (round 7, triage.wordkinds)
    "trade_word_share": (0.5, 0.6, 0.7, 0.8, 1.0),
    "story_word_share": (0.4, 0.5, 0.6, 0.7, 0.8, 1.0),
}


@dataclass
class Tally:
    """Pair counts pooled over sets, and the false-friend merges."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_friends: int = 0
    per_set: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return pair_rates(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return pair_rates(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return pair_rates(self.tp, self.fp, self.fn)[2]

    def summary(self) -> dict[str, Any]:
        return {"pair_f1": round(self.f1, 6), "precision": round(self.precision, 6),
                "recall": round(self.recall, 6), "false_friend_merges": self.false_friends,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


class Tuner:
    """Scores settings on sets, remembering every score (folds share most of their candidates)."""

    def __init__(self, sets: list[LabelledSet], guards: list[LabelledSet] | None = None):
        self.sets, self.guards = sets, guards or []
        self.today = {k: v for k, v in mergesettings.in_force().items()}
        self._scores: dict[tuple, dict[str, Any]] = {}
        self.evaluations = 0

    def score(self, labelled: LabelledSet, values: dict[str, Any]) -> dict[str, Any]:
        key = (labelled.name, tuple(sorted(values.items())))
        if key not in self._scores:
            self.evaluations += 1
            self._scores[key] = figures(labelled, values)
        return self._scores[key]

    def tally(self, sets: list[LabelledSet], values: dict[str, Any]) -> Tally:
        out = Tally()
        for labelled in sets:
            f = self.score(labelled, values)
            out.tp, out.fp, out.fn = out.tp + f["pair_tp"], out.fp + f["pair_fp"], out.fn + f["pair_fn"]
            out.false_friends += f["false_friend_merges"]
            out.per_set[labelled.name] = f
        return out

    def allowed(self, tally: Tally) -> bool:
        return tally.false_friends == 0 and tally.precision >= MIN_PRECISION

    def guarded(self, values: dict[str, Any]) -> bool:
        """The held-out set and the demo lose at most one post's worth of pairs, merge no false friends and gain
        no wrong pair (round 7: a lower threshold merged two shops of one trade in one 镇街 there, the kind of
        wrong merge the sets fitted on may happen to lack)."""
        for labelled in self.guards:
            before, after = self.score(labelled, self.today), self.score(labelled, values)
            lost = (after["pair_fn"] + after["pair_fp"]) - (before["pair_fn"] + before["pair_fp"])
            wrong = after["pair_fp"] > before["pair_fp"]
            if after["false_friend_merges"] or wrong or lost > labelled.largest_case - 1:
                return False
        return True

    def fit(self, sets: list[LabelledSet], rounds: int = 2, search: dict | None = None) -> dict[str, Any]:
        """Coordinate descent from today's values over ``search`` on ``sets``; the values that scored best.
        Each number's values are tried nearest today's first and a value is taken only on a strict gain, so
        of equally good values the one nearest today's is kept (not the loosest)."""
        search = search or SEARCH
        best = dict(self.today)
        best_tally = self.tally(sets, best)
        for _ in range(rounds):
            moved = False
            for key, grid in search.items():
                for value in sorted(
                    set(grid) | {self.today[key]}, key=lambda v: (abs(v - self.today[key]), v)
                ):
                    if value == best[key]:
                        continue
                    trial = {**best, key: mergesettings.check(key, value)}
                    tally = self.tally(sets, trial)
                    if self.allowed(tally) and tally.f1 > best_tally.f1 + 1e-9 and self.guarded(trial):
                        best, best_tally, moved = trial, tally, True
            if not moved:
                break
        return best

    def cross_validate(self, rounds: int = 2, search: dict | None = None) -> list[dict[str, Any]]:
        """For each set: fit on the others, score it before (today's values) and after (the fitted ones)."""
        folds = []
        for held in self.sets:
            rest = [s for s in self.sets if s is not held]
            fitted = self.fit(rest, rounds, search)
            folds.append({
                "held_out": held.name, "fitted": changed(self.today, fitted),
                "before": self.tally([held], self.today).summary(), "after": self.tally([held], fitted).summary(),
            })  # fmt: skip
        return folds


def changed(today: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from today's."""
    return {k: v for k, v in values.items() if today.get(k) != v}


def tune(
    sets: list[LabelledSet], guard: bool = True, rounds: int = 2, only: list[str] | None = None
) -> dict[str, Any]:
    """The whole run: cross-validation folds (two or more sets), the values fitted on all, the verdict.
    ``only``: search these of ``SEARCH`` alone."""
    unknown = sorted(set(only or ()) - set(SEARCH))
    if unknown:
        raise ValueError(f"not searched: {', '.join(unknown)} (searched: {', '.join(SEARCH)})")
    search = {k: v for k, v in SEARCH.items() if not only or k in only}
    tuner = Tuner(sets, [held_out_set(), demo_set()] if guard else [])
    folds = tuner.cross_validate(rounds, search) if len(sets) >= 2 else []
    chosen = tuner.fit(sets, rounds, search)
    mean = {
        when: sum(f[when]["pair_f1"] for f in folds) / len(folds) if folds else None for when in ("before", "after")
    }  # fmt: skip
    better = bool(folds) and mean["after"] > mean["before"] + 1e-9
    clean = all(f["after"]["false_friend_merges"] == 0 for f in folds)
    sets_figures = {
        s.name: {
            "before": tuner.tally([s], tuner.today).summary(),
            "after": tuner.tally([s], chosen).summary(),
        }
        for s in [*sets, *tuner.guards]
    }
    return {
        "folds": folds,
        "mean_held_out_f1": mean,
        "today": {k: tuner.today[k] for k in SEARCH},
        "chosen": changed(tuner.today, chosen),
        "values": chosen,
        "sets": sets_figures,
        "adopt": better and clean and bool(changed(tuner.today, chosen)),
        "verdict": _verdict(folds, mean, better, clean, changed(tuner.today, chosen)),
        "evaluations": tuner.evaluations,
    }


def _verdict(folds, mean, better: bool, clean: bool, chosen: dict[str, Any]) -> str:
    if not folds:
        return "one set: no cross-validation, so nothing says the fitted values hold on other posts"
    said = f"held-out pair F1 {mean['before']:.3f} → {mean['after']:.3f} on average over {len(folds)} folds"
    if not chosen:
        return f"keep today's values: fitting on all sets moved nothing ({said})"
    if not clean:
        return f"keep today's values: a fold merged false friends with its fitted values ({said})"
    if not better:
        return f"keep today's values: the fitted values do not do better on sets they did not see ({said})"
    return f"the fitted values do better on sets they did not see ({said})"


def report(result: dict[str, Any]) -> str:
    """The folds, the fitted values, the figures before and after, and the verdict, as text."""
    lines = ["leave-one-set-out cross-validation (held-out set: pair F1 / P / R / false-friend merges)"]
    for f in result["folds"]:
        b, a = f["before"], f["after"]
        lines.append(
            f"  {f['held_out']:16} before {b['pair_f1']:.3f} / {b['precision']:.3f} / {b['recall']:.3f} / "
            f"{b['false_friend_merges']}   after {a['pair_f1']:.3f} / {a['precision']:.3f} / {a['recall']:.3f} / "
            f"{a['false_friend_merges']}   fitted on the others: {_values(f['fitted'])}"
        )
    if result["folds"]:
        m = result["mean_held_out_f1"]
        lines.append(f"  {'mean':16} before {m['before']:.3f}   after {m['after']:.3f}")
    lines.append(f"fitted on all: {_values(result['chosen'])}")
    lines.append(
        "figures on each set (pair F1 / P / R / false-friend merges), today's values → fitted on all:"
    )
    for name, f in result["sets"].items():
        b, a = f["before"], f["after"]
        lines.append(
            f"  {name:16} {b['pair_f1']:.3f} / {b['precision']:.3f} / {b['recall']:.3f} / {b['false_friend_merges']}"
            f" → {a['pair_f1']:.3f} / {a['precision']:.3f} / {a['recall']:.3f} / {a['false_friend_merges']}"
        )
    lines.append(f"verdict: {result['verdict']} ({result['evaluations']} replays)")
    return "\n".join(lines)


def _values(values: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {v:g}" for k, v in values.items()) or "today's values"
