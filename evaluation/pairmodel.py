"""A learned "same case?" scorer for one post and one candidate lead (issue 11, experiment pm10).

``features`` turns what the rules already compute for a (post, lead) pair (``casefacts.conflicts``,
``agreement``, ``retold`` and the pieces they weigh: the telling words shared, a brand or name of both, the
镇街, the days apart, the counts and amounts, the employers, villages, trades, months, actions) into plain
numbers; ``PairModel`` is a logistic regression over them (numpy only; fitted by ``evaluation.pairfolds``).
Nothing here changes a merge decision: ``evaluation.pairfolds`` measures by leave-one-set-out whether such a
scorer beats the rules on sets it never saw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from evaluation import logistic
from triage import casefacts
from triage.casefigures import _counts_meet, _figures_agree, _overlap
from triage.caseplaces import _names_meet
from triage.casewords import shared
from triage.wordkinds import branded, worth

VETOES = ("镇街", "工人", "金额", "单位", "村居", "包工头", "市外")
NAMES = (
    "bias",
    # the rules' own verdicts
    "agreement", "retold", "retold_thin", "rule_margin", "rule_need",
    # what contradicts
    *(f"veto_{v}" for v in VETOES), "veto_any", "workers_near", "crew",
    # the 镇街
    "town_same", "town_other", "town_one_missing", "town_both_missing", "town_out_of_area",
    # days apart
    "gap_log", "gap_missing", "gap_le1", "gap_le3", "gap_le14", "gap_gt60",
    # the telling words shared
    "words_raw", "words_worth", "words_max", "words_n", "brand_shared", "name_shared", "brands_both",
    # figures
    "figures_score", "figures_agreeing",
    "workers_both", "workers_meet", "workers_logratio", "amount_both", "amount_meet", "amount_logratio",
    "amount_part",
    # sites
    "employers_both", "employers_meet", "employers_missing", "villages_meet", "places_meet", "projects_meet",
    "foremen_meet", "trades_meet", "trades_clash", "sector_same", "months_same", "month_names_same",
    "actions_shared", "phases_meet",
    # lengths
    "post_terms_log", "lead_terms_log", "long_both",
)  # fmt: skip


def _mid(r: tuple[float, float]) -> float:
    return max(1.0, (r[0] + r[1]) / 2)


def _logratio(a, b) -> float:
    if not a or not b:
        return 0.0
    return abs(math.log(_mid(a)) - math.log(_mid(b)))


def features(post: casefacts.CaseFacts, lead: casefacts.CaseFacts, text: str = "") -> list[float]:
    """The pair's features, in the order of ``NAMES`` (``text``: the post's canonical text, as ``retold`` reads it)."""
    agree, _ = casefacts.agreement(post, lead)
    detail: dict[str, Any] = {}
    told, why = casefacts.retold(post, lead, text, detail)
    vetoes = casefacts.conflicts(post, lead)
    kinds = {v.split()[0] for v in vetoes}
    need = detail.get("need", 0.0)
    margin = detail.get("score", 0.0) - need if "score" in detail else -1.0
    gap = casefacts._days_apart(post, lead)
    words = shared(post.terms, lead.terms)
    worthy = worth(words, post.brands, lead.brands)
    formed = post.names | lead.names
    town = post.district, lead.district
    return [
        1.0,
        agree, told, float(casefacts.THIN in why), max(-2.0, min(2.0, margin)), need,
        *(float(v in kinds) for v in VETOES), float(bool(vetoes)),
        float(casefacts._workers_near(post, lead)), float(casefacts._crew_of(post, lead)),
        float(bool(town[0]) and town[0] == town[1] and town[0] != "out_of_area"),
        float(bool(town[0] and town[1]) and town[0] != town[1]),
        float(bool(town[0]) != bool(town[1])), float(not town[0] and not town[1]),
        float(town[0] == town[1] == "out_of_area"),
        math.log1p(gap) if gap is not None else 0.0, float(gap is None),
        float(gap is not None and gap <= 1), float(gap is not None and gap <= 3),
        float(gap is not None and gap <= 14), float(gap is not None and gap > 60),
        sum(w for _, w in words), sum(w for _, w in worthy), max((w for _, w in words), default=0.0),
        float(len(words)), float(branded(words, post.brands, lead.brands)),
        float(any(w in n or n in w for w, _ in words for n in formed)), float(bool(post.brands and lead.brands)),
        *_figures(post, lead),
        float(bool(post.workers and lead.workers)), float(_counts_meet(post.workers, lead.workers)),
        min(4.0, _logratio(post.workers, lead.workers)),
        float(bool(post.amount and lead.amount)), float(bool(_overlap(post.amount, lead.amount))),
        min(6.0, _logratio(post.amount, lead.amount)), float(post.amount_part or lead.amount_part),
        float(bool(post.employers and lead.employers)), float(_names_meet(post.employers, lead.employers)),
        float(not post.employers or not lead.employers), float(_names_meet(post.villages, lead.villages)),
        float(_names_meet(post.places, lead.places)), float(bool(post.projects & lead.projects)),
        float(bool(post.foremen & lead.foremen)), float(bool(post.trades & lead.trades)),
        float(bool(post.trades and lead.trades and not post.trades & lead.trades)),
        float(bool(post.sector) and post.sector == lead.sector),
        float(bool(post.months) and post.months == lead.months),
        float(bool(post.month_names) and post.month_names == lead.month_names),
        float(len(post.actions & lead.actions)), float(bool(post.phases & lead.phases)),
        math.log1p(len(post.terms)), math.log1p(len(lead.terms)),
        float(min(len(post.terms), len(lead.terms)) >= casefacts.LONG_TERMS),
    ]  # fmt: skip


def _figures(post: casefacts.CaseFacts, lead: casefacts.CaseFacts) -> tuple[float, float]:
    score, agreeing, _ = _figures_agree(post, lead)
    return score, float(agreeing)


def veto_free(post: casefacts.CaseFacts, lead: casefacts.CaseFacts) -> bool:
    """Nothing contradicts and the tellings are within ``retold_days``: a pair a second chance may merge."""
    gap = casefacts._days_apart(post, lead)
    return not casefacts.conflicts(post, lead) and not (gap is not None and gap > casefacts.RETOLD_DAYS)


@dataclass
class PairModel:
    """A logistic regression over ``features``: standardised inputs, weights, a threshold."""

    mean: list[float]
    scale: list[float]
    weights: list[float]
    threshold: float = 0.5

    def probability(self, row: list[float]) -> float:
        z = sum(w * (x - m) / s for w, x, m, s in zip(self.weights, row, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(NAMES), "mean": self.mean, "scale": self.scale, "weights": self.weights,
                "threshold": self.threshold}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairModel:
        if list(data["features"]) != list(NAMES):
            raise ValueError("pair model: its features are not this version's (rebuild it)")
        return cls(data["mean"], data["scale"], data["weights"], data["threshold"])


def fit(rows: list[list[float]], labels: list[int], l2: float = 1.0, iterations: int = 50) -> PairModel:
    """A logistic regression by Newton's method with an L2 penalty ``l2`` (the bias is not penalised)."""
    return PairModel(*logistic.fit(rows, labels, l2, iterations))
