"""Learned gates over the rules' own figures (issue 11, xg12): does the truth have an amount at all, or a count?

The rules of ``triage.money`` and ``triage.workers`` name a figure; a gate reads plain features of it and of the
post (the words around it, what kind of sum it is, how many sums the post names; for a count, the post's register
too: news, a ruling, a 12345 reply, Cantonese, a place elsewhere) and gives P(the truth has one). Below the gate's
threshold the figure is dropped (``None``; an amount's range stays, for merging only). The weights are data:
``triage/data/extractgate.json``, written by ``python -m evaluation.extractgate train`` (leave one set out decides
whether a gate is switched on; a gate written with ``"on": false`` changes nothing). The words are in
``triage/data/gate_words.toml``.

Cost: nothing for a post without a figure; a dozen short searches and one dot product for a post with one (about
19 µs of CPU).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from triage.wordfile import alternation, load_words

WEIGHTS = Path(__file__).parent / "data" / "extractgate.json"
WORDS = load_words("gate_words")
NEAR = {name: tuple(words) for name, words in WORDS["near"].items()}
EXCEPT = {name: tuple(words) for name, words in WORDS.get("near_except", {}).items()}
POST = {name: tuple(words) for name, words in WORDS["post"].items()}
BEFORE, AFTER = 16, 20
# (one regular expression a list, compiled once: a post with a figure pays a dozen short searches, issue 12)
NEAR_RE = {name: re.compile(alternation(list(words))) for name, words in NEAR.items()}
EXCEPT_RE = {name: re.compile(alternation(list(words))) for name, words in EXCEPT.items()}

# (the post's register words are left out of the amount gate: with them it gained less on the sets left out)
AMOUNT_NAMES = (
    "bias",
    *(f"before_{k}" for k in NEAR), *(f"after_{k}" for k in NEAR),
    "mentions_log", "values_distinct", "chosen_is_max", "chosen_log10", "chosen_absent",
    "approx", "per_head", "total", "still_owed", "own_share", "wage_part", "any_paid", "own_shares",
    "length_log", "workers_none", "workers_one", "workers_many", "amount_part",
)  # fmt: skip
COUNT_WORDS = {name: tuple(words) for name, words in WORDS["count"].items()}
WORKER_NAMES = (
    "bias",
    *(f"before_{k}" for k in COUNT_WORDS), *(f"after_{k}" for k in COUNT_WORDS),
    "sentence_owed", *(f"post_{k}" for k in POST),
    "count_log", "count_one", "count_absent", "count_largest", "counts_log", "subset", "approx", "length_log",
    "amount_none", "mentions_log",
)  # fmt: skip
# a head count as written, to find where the rules' count is (the rules do not say): 二十多个工友, 163名, 廿几个人
COUNT_MENTION = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十廿卅卌百千几]+)(?:多|余|来|几)?(?:个|名|位|号|班)?"
    r"(?=人|工人|工友|员工|师傅|农民工|民工|老师|司机|伙计|女工|男工|保安|保洁|骑手|护工|职工|兄弟|同事)"
)
SENTENCE_END = re.compile(r"[。！!？?；;\n]")


def _has(text: str, words: tuple[str, ...]) -> float:
    return 1.0 if any(w in text for w in words) else 0.0


def _around(text: str, at: int) -> list[float]:
    """The words in the 16 characters before the figure and the 20 from it on (across clauses: kept to the
    figure's own clause, the gate gained less on the sets left out)."""
    before, after = text[max(0, at - BEFORE) : at], text[at : at + AFTER]
    return [_near(before, k) for k in NEAR] + [_near(after, k) for k in NEAR]


def _near(window: str, name: str) -> float:
    if name in EXCEPT_RE:
        window = EXCEPT_RE[name].sub("\0", window)
    return 1.0 if NEAR_RE[name].search(window) else 0.0


def _register(text: str) -> list[float]:
    return [_has(text, w) for w in POST.values()]


def amount_features(text: str, mentions: list, amount: float, workers: int | None, part: bool) -> list[float]:
    """The features of a post whose rules gave ``amount`` (``mentions``: ``triage.money._money_mentions``)."""
    chosen = min(
        mentions or [None],
        key=lambda m: abs(m.value - amount) if m is not None else 0.0,
    )
    at = chosen.at if chosen is not None else 0
    exact = chosen is not None and abs(chosen.value - amount) < 1e-6
    values = {m.value for m in mentions}
    row = [1.0, *_around(text, at)]
    row += [
        math.log1p(len(mentions)), float(len(values) > 1),
        float(not values or amount >= max(values)), math.log10(max(amount, 1.0)), float(not exact),
    ]  # fmt: skip
    if chosen is None:
        row += [0.0] * 6
    else:
        row += [float(chosen.approx), float(chosen.per_head), float(chosen.total), float(chosen.still_owed),
                float(chosen.own_share), float(chosen.wage_part)]  # fmt: skip
    row += [float(any(m.paid for m in mentions)), float(sum(m.own_share for m in mentions))]
    row += [math.log(1 + len(text)), float(workers is None), float(workers == 1), float((workers or 0) > 1)]
    row += [float(part)]
    return row


def worker_features(text: str, workers: int, subset: bool, approx: bool, amount: float | None, mentions: int):
    """The features of a post whose rules gave a count of ``workers`` (where it is written: the head count whose
    value is it, or one less, the leader added; else none found)."""
    from triage.workers import _count

    counts = [(m.start(), _count(m.group("n"))) for m in COUNT_MENTION.finditer(text)]
    counts = [(at, value) for at, value in counts if value]
    at = next((a for a, v in counts if v == workers), None)
    if at is None:
        at = next((a for a, v in counts if v + 1 == workers), None)
    if at is None:
        row = [1.0] + [0.0] * (2 * len(COUNT_WORDS) + 1)
    else:
        before, after = text[max(0, at - BEFORE) : at], text[at : at + 12]
        left = max((m.end() for m in SENTENCE_END.finditer(text, 0, at)), default=0)
        right = SENTENCE_END.search(text, at)
        sentence = text[left : right.start() if right else len(text)]
        row = [
            1.0,
            *(_has(before, w) for w in COUNT_WORDS.values()),
            *(_has(after, w) for w in COUNT_WORDS.values()),
        ]
        row.append(_has(sentence, COUNT_WORDS["owed"]))
    row += _register(text)
    largest = max((v for _, v in counts), default=0)
    row += [math.log1p(workers), float(workers == 1), float(at is None), float(workers >= largest),
            math.log1p(len(counts)), float(subset), float(approx), math.log(1 + len(text)), float(amount is None),
            math.log1p(mentions)]  # fmt: skip
    return row


class Gate:
    """A logistic regression over standardised features, with the threshold below which a figure is dropped."""

    def __init__(self, names, mean, scale, weights, threshold, on):
        self.names, self.mean, self.scale, self.weights = list(names), mean, scale, weights
        self.threshold, self.on = threshold, on
        # (w · (x - m) / s folded into one weight a feature and a constant, computed once)
        self.slopes = [w / s for w, s in zip(weights, scale, strict=True)]
        self.offset = -sum(w * m / s for w, m, s in zip(weights, mean, scale, strict=True))

    def probability(self, row: list[float]) -> float:
        z = self.offset + sum(a * x for a, x in zip(self.slopes, row, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, row: list[float]) -> bool:
        return not self.on or self.probability(row) >= self.threshold

    def to_json(self) -> dict:
        return {"features": self.names, "mean": self.mean, "scale": self.scale, "weights": self.weights,
                "threshold": self.threshold, "on": self.on}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict, names: tuple[str, ...]) -> Gate:
        if list(data["features"]) != list(names):
            raise ValueError(
                "extract gate: its features are not this version's (run python -m evaluation.extractgate train)"
            )
        return cls(names, data["mean"], data["scale"], data["weights"], data["threshold"], bool(data["on"]))


NAMES = {"amount": AMOUNT_NAMES, "workers": WORKER_NAMES}


@lru_cache(maxsize=1)
def gates() -> dict[str, Gate]:
    """The gates written by ``python -m evaluation.extractgate train`` (none when the file is absent)."""
    if not WEIGHTS.exists():
        return {}
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return {kind: Gate.from_json(data[kind], NAMES[kind]) for kind in NAMES if kind in data}


def apply_gates(text: str, facts, mentions: list) -> None:
    """Drop the rules' amount or count where its gate says the truth has none (``facts`` is changed in place;
    both gates read the rules' figures as they were, before either dropped one)."""
    found = gates()
    amount, workers = found.get("amount"), found.get("workers")
    drop_amount = bool(
        amount
        and amount.on
        and facts.amount_yuan is not None
        and not amount.keeps(
            amount_features(text, mentions, facts.amount_yuan, facts.workers, facts.amount_part)
        )
    )
    drop_workers = False
    if workers and workers.on and facts.workers is not None:
        approx = bool(facts.workers_range and facts.workers_range[0] != facts.workers_range[1])
        row = worker_features(
            text, facts.workers, facts.workers_subset, approx, facts.amount_yuan, len(mentions)
        )
        drop_workers = not workers.keeps(row)
    if drop_amount:
        # (only the figure reported: its range and amount_part stay for merging, as a figure cut off (8万…) gives
        # no amount but its range, so that the gate changes no merge)
        facts.amount_yuan = None
    if drop_workers:
        facts.workers, facts.workers_range, facts.workers_subset = None, None, False
