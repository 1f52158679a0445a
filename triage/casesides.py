"""What ``casefacts.retold`` reads of each side of a pair before it judges it, found once rather than at every
judgement (issue 12, round 13): the post's words, joined (once for all of a post's candidates), a lead's
names and words (once for each lead's facts, kept on them), and the cheap tests that tell most pairs apart before
the full judgement (``_may_share``: no word can be shared; ``_can_agree``: no figure or detail can agree).
Every test here is exact: it says no only where the full judgement would find nothing."""

from __future__ import annotations

from typing import Any, NamedTuple

from triage import casewords
from triage.casefigures import _counts_meet, _overlap

CaseFacts = Any  # ``casefacts.CaseFacts`` (which imports this module)


class LeadSide(NamedTuple):
    """A lead's side of its judgements (``_side_of``)."""

    weights: tuple[float, float]  # the name weight and ``PARTIAL_MIN`` it was found with
    names: set[str]
    terms: dict[str, float]
    strong: list[str]  # the names at least the name weight telling, in the order of ``names``
    partial: list[str]  # the words at least ``PARTIAL_MIN`` telling
    joined: str  # those joined by NUL
    # those with their weights (``casewords.shared``'s ``partial``; None in a side pickled before round 15, as a
    # recording of ``bench/process_storing.py`` may hold: ``shared`` then finds them)
    weighed: list[tuple[str, float]] | None = None


def _agreeing_at_most(post: CaseFacts, lead: CaseFacts) -> tuple[int, int]:
    """At most how many facts ``casefigures._case_figures`` and ``casefigures._figures_agree`` find agreeing (no
    fewer than they find, without their scores and reasons): an amount that meets (2) or a figure of the other's
    (1), head counts that meet (2), the months, and besides those a village both name in one 镇街, the phases, each
    kind of action (2 at most) and a trade of both."""
    case = (
        (2 if _overlap(post.amount, lead.amount) else 1 if post.amount and lead.figures else 0)
        + (2 if _counts_meet(post.workers, lead.workers) and not (post.subset or lead.subset) else 0)
        + bool(
            (post.month_names and post.month_names == lead.month_names)
            or (post.months and lead.months and post.months == lead.months)
        )
    )
    village = bool(post.villages and lead.villages and post.district and post.district == lead.district)
    phases = bool(post.phases and post.phases == lead.phases)
    actions = min(2, len(post.actions & lead.actions)) if post.actions and lead.actions else 0
    return case, case + village + phases + actions + bool(post.trades & lead.trades)


def _may_share(post: dict[str, float], lead: dict[str, float], side: LeadSide | None = None) -> bool:
    """False when ``casewords.shared(post, lead)`` finds no word, told cheaply (most pairs judged share none): no
    word of both, no lead word inside a post word, no post word inside a lead word (those ``shared`` looks at).
    ``side``: ``_lead_side`` of the lead whose terms ``lead`` are, when the caller has it."""
    if not post or not lead:
        return False
    if not lead.keys().isdisjoint(post):
        return True
    # the post's side, found once for all its candidates, read once (two threads cannot mix two posts' parts)
    cached = _post_side[0]
    if cached[0] is not post or cached[3] != casewords.PARTIAL_MIN:
        cached = _post_side[0] = (post, *_pieces(post), casewords.PARTIAL_MIN)
    words, joined = cached[1], cached[2]
    if not words:
        return False
    if side is None or side.terms is not lead:
        side = _side_of(lead, set(), 1.0)
    if any(map(joined.__contains__, side.partial)):
        return True  # a lead word inside a post word
    return any(map(side.joined.__contains__, words))  # a post word inside a lead word


def _post_order(post: dict[str, float]) -> list[tuple[str, float, bool]]:
    """``casewords.by_weight(post)``, found once for all of a post's candidates (the last post's kept)."""
    cached = _ordered[0]  # (read once, as in ``_may_share``)
    if cached[0] is not post or cached[2] != casewords.PARTIAL_MIN:
        cached = _ordered[0] = (post, casewords.by_weight(post), casewords.PARTIAL_MIN)
    return cached[1]


def _lead_side(lead: CaseFacts, name_weight: float) -> LeadSide:
    """A lead's side (``_side_of``), found once for each lead's facts and kept on them (they are never changed in
    place: ``merge_facts`` makes new ones); found again when the weights it was found with changed
    (``mergesettings.apply``)."""
    side = lead.__dict__.get("_side")
    if (
        side is None
        or side.weights != (name_weight, casewords.PARTIAL_MIN)
        or side.names is not lead.names
        or side.terms is not lead.terms
    ):
        side = lead.__dict__["_side"] = _side_of(lead.terms, lead.names, name_weight)
    return side


def _side_of(terms: dict[str, float], names: set[str], name_weight: float) -> LeadSide:
    """The side of a lead with these ``terms`` and ``names``, its strong names those at least ``name_weight`` telling."""
    weighed = [(other, v) for other, v in terms.items() if v >= casewords.PARTIAL_MIN]
    partial = [other for other, _v in weighed]
    strong = [name for name in names if terms.get(name, 0.0) >= name_weight]
    return LeadSide(
        (name_weight, casewords.PARTIAL_MIN), names, terms, strong, partial, "\0".join(partial), weighed
    )


# one slot each, holding (the last post's terms, _pieces of them, PARTIAL_MIN then) and (its terms, by_weight of
# them, PARTIAL_MIN then): a tuple replaced whole, so a thread never reads one post's terms with another's parts
_post_side: list[Any] = [(None, (), "", None)]
_ordered: list[Any] = [(None, [], None)]


def _pieces(terms: dict[str, float]) -> tuple[list[str], str]:
    """The words of a post ``shared`` may find inside or around a lead's word, and those joined by NUL: a lead word
    is a piece of one of them exactly when it lies in the joined text (no word holds a NUL, as ``LeadSide.joined``
    takes; every piece of every word was made into a set before, issue 12)."""
    words = [
        w
        for w, v in terms.items()
        if not (len(w) < casewords.NAME_MIN or v < casewords.PARTIAL_MIN or casewords.PLACE_TAIL.search(w))
    ]
    return words, "\0".join(words)
