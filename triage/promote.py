"""A post the classifier scored just under its lead threshold becomes a wage-arrears lead when triage finds a wage
figure in it (issue 11, round 16).

The model reads words; triage reads figures. A post the model calls irrelevant with a wage-arrears probability of at
least ``[promote] min_score`` (triage/data/priority.toml; the shipped fast model's own threshold is 0.63) that names
a number of workers, an amount or a number of months owed is made a wage_arrears lead, and says so in its
explanation (the officers see why). Chosen on development set K (wage_arrears F1 0.875 → 0.902, look-alike false
alarms 4.0 % → 4.0 %) and measured once on the blind sets (README, "Quality on real text"). ``min_score = 1`` turns it
off. Round 17 reads whether the story's pay is still owed (``triage.storystate``): a post that says the pay was handed
over or a court closed the case (已结清, 终于拿到, 获刑 …) is never promoted; with ``[promote] owed_min_score`` set (off
as shipped: it did not carry from K to the blind sets), one that says the pay is still owed (逾期未支付, 下落不明 …) is
promoted from that score. A pipeline pass (``preparing.prepare``) applies it to every post; ``Promoting`` wraps a model so that
``wagewatch classifier evaluate --pipeline`` measures the decision a pass makes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from triage import storystate
from triage.analyze import triage_post
from triage.priority import load_rules

# what counts as a wage figure: the facts of ``triage.extract`` that only a complaint of money owed tends to state
FIGURES = ("workers", "amount_yuan", "months_unpaid")


def min_score(rules: dict[str, Any] | None = None) -> float | None:
    """The lowest wage-arrears probability a promoted post may have (None: promotion off)."""
    value = (rules or load_rules()).get("promote", {}).get("min_score")
    return None if value is None or value >= 1 else float(value)


def lowest_score(rules: dict[str, Any] | None = None) -> float | None:
    """The lowest score any post may be promoted from: ``owed_min_score`` for a story still owed (None: off)."""
    low = min_score(rules)
    if low is None:
        return None
    owed = (rules or load_rules()).get("promote", {}).get("owed_min_score")
    return low if owed is None else min(low, float(owed))


def promoted(prediction, analysis: dict[str, Any], text: str, rules: dict[str, Any] | None = None) -> bool:
    """Whether a post of ``text`` the model labelled ``prediction`` and triage analysed as ``analysis`` is made a
    lead: an irrelevant post that names a wage figure, scored at least ``min_score``, or at least ``owed_min_score``
    when it says the pay is still owed, and never one that says the pay was handed over or a court closed the case."""
    lowest = lowest_score(rules)
    if (
        lowest is None
        or prediction.label != "irrelevant"
        or prediction.score is None
        or prediction.score < lowest
        or not any(analysis.get(field) for field in FIGURES)
    ):
        return False
    story = storystate.state(text)  # settled or closed by a court: a look-alike, never promoted
    return story not in ("paid", "closed") and (story == "owed" or prediction.score >= min_score(rules))


def as_lead(prediction, analysis: dict[str, Any], text: str = ""):
    """The prediction as a wage_arrears lead, its explanation saying why (the score, the figures found, the words
    that say the pay is still owed)."""
    figures = []
    if analysis.get("workers"):
        figures.append(f"{analysis['workers']}人")
    if analysis.get("amount_yuan"):
        figures.append(f"{analysis['amount_yuan']:,.0f}元")
    if analysis.get("months_unpaid"):
        figures.append(f"{analysis['months_unpaid']:g}个月")
    why = f"模型分数{prediction.score:.2f}略低于线索阈值，但写明欠薪数字（{'、'.join(figures)}）"
    if storystate.state(text) == "owed":
        why += f"，且写明仍未支付（{'、'.join(dict.fromkeys(storystate.words(text)))}）"
    return replace(prediction, label="wage_arrears", explanation=[why, *prediction.explanation])


class Promoting:
    """A model whose predictions are promoted as a pipeline pass promotes them (each text read as a post of unknown
    date): what ``classifier evaluate --pipeline`` measures."""

    def __init__(self, model, rules: dict[str, Any] | None = None):
        self.model, self.rules = model, rules

    def predict(self, texts, **how):
        texts = [texts] if isinstance(texts, str) else list(texts)
        low, out = lowest_score(self.rules), []
        for text, prediction in zip(texts, self.model.predict(texts, **how), strict=True):
            # triage only the posts the score leaves in question (a pass triages every post anyway)
            if low is not None and prediction.label == "irrelevant" and (prediction.score or 0) >= low:
                analysis = triage_post({"text": text}, prediction.label, self.rules)
                if promoted(prediction, analysis, text, self.rules):
                    prediction = as_lead(prediction, analysis, text)
            out.append(prediction)
        return out
