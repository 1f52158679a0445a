"""Whether a post (or a lead's facts) tells a lead's case (``judge``): ``agreement`` (one site and one figure), else
``casefacts.retold`` (shared telling words and agreeing facts), with two ways round a veto that may be a misreading
(issue 11, round 12):

- a head count told of a teller and one of his own (``_uncounted``: 我同老公两个, 父子俩) beside the group's count
  (二十几个), in one 镇街 within ``facts_days``, is judged as if the smaller count had not been told, when an amount,
  the calendar months, four or more months, the village, the phases or a brand both name agrees besides;
- a 镇街 found on a weak cue (``CaseFacts.weak``: a bare 西区 or 三角) that disagrees with the other telling's
  (``_weak_town``) is judged as if that telling named no 镇街, when both name one business.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from triage.caseclash import _ordinals
from triage.casefacts import (
    FACTS_DAYS,
    GROUP_MIN,
    HOUSEHOLD_MAX,
    NAME_WEIGHT,
    NAMED_DAYS,
    THIN,
    CaseFacts,
    _unfit,
    agreement,
    conflicts,
    retold,
)
from triage.casefigures import _case_figures, villages_meet
from triage.casesides import _lead_side, _may_share, _post_order
from triage.casewords import shared
from triage.wordkinds import branded, names_one


def judge(post: CaseFacts, lead: CaseFacts, text: str = "") -> tuple[float, list[str]]:
    """How strongly a post (or a lead's facts) tells a lead's case, and why: ``agreement``, else ``retold``; 0 at
    once when they are unrelated (another 镇街 on strong cues, more than ``named_days`` apart). What both ask (the
    veto, the days apart) is found once."""
    if post.district and lead.district and post.district != lead.district:
        if not (post.weak or lead.weak):
            return 0.0, []  # another 镇街 (the most frequent answer)
        return _weak_town(post, lead, text)
    if post.seen and lead.seen:  # ``_days_apart``, asked of most pairs
        # the post's days, found once for all its candidates (read once: two threads cannot mix theirs)
        posted = _post_days[0]
        if posted[0] is not post.seen:
            posted = _post_days[0] = post.seen, _ordinals(post.seen)
        days = lead.__dict__.get("_days")  # the lead's, kept on its facts (``_lead_side`` keeps its side so)
        if days is None or days[0] is not lead.seen:
            days = lead.__dict__["_days"] = lead.seen, _ordinals(lead.seen)
        (lo_a, hi_a), (lo_b, hi_b) = posted[1], days[1]
        gap = max(0, lo_b - hi_a, lo_a - hi_b)
        if gap > NAMED_DAYS:
            return 0.0, []
    else:
        gap = None
    side = _lead_side(lead, NAME_WEIGHT)
    may = _may_share(post.terms, lead.terms, side)
    unshared = not may and not any(map(text.__contains__, side.strong))
    if unshared and _uncounted_unfit(post, lead, gap):
        return 0.0, []  # no word shared, no rule below can hold: the veto need not be asked (most pairs)
    veto = conflicts(post, lead)
    counted = veto and all(v.startswith("工人") for v in veto)
    if veto and not counted:
        return 0.0, []  # another employer, village, amount …: no rule below sets that aside
    # ``agreement`` needs one 镇街 and an amount or a head count of both (and no veto)
    if not veto and post.district and post.district == lead.district and _counted(post, lead):
        score, why = agreement(post, lead, veto, gap)
        if score:
            return score, why
    if counted and _counts_of_one_group(post, lead):
        score, why = _uncounted(post, lead, text, gap)
        if score:
            return score, why
    return retold(post, lead, text, veto=veto, gap=gap, unshared=unshared, side=side, may=may)


_post_days: list[Any] = [(None, None)]  # the last post's ``seen`` and its first and last day as day numbers


def _uncounted_unfit(post: CaseFacts, lead: CaseFacts, gap: int | None) -> bool:
    """Whether a pair that shares no telling word (nor a name of the lead's in the post's text) cannot pass whatever
    its veto: neither ``agreement`` (one 镇街 and an amount or counts of both) nor a count left out (``_uncounted``:
    counts of both) may hold, nor ``retold``'s rules without words (``casefacts._unfit``; a place elsewhere of both
    is left to ``retold``)."""
    if (post.workers and lead.workers) or (post.amount and lead.amount and post.district == lead.district):
        return False
    return not post.district == lead.district == "out_of_area" and _unfit(post, lead, gap, False)


def _counted(post: CaseFacts, lead: CaseFacts) -> bool:
    """Whether both name an amount or both a head count (else ``agreement`` finds no figure that agrees)."""
    return bool((post.amount and lead.amount) or (post.workers and lead.workers))


def _counts_of_one_group(post: CaseFacts, lead: CaseFacts) -> bool:
    """Two head counts that clash but may tell one group: a teller and one or two of his own (at most
    ``HOUSEHOLD_MAX``: 我同老公两个, 父子俩) beside a group of at least ``GROUP_MIN`` (二十几个). Two crews (五个店员 and
    三个人), a crew of eight beside a group, or two guesses at one crowd keep their veto (``retold`` lets those join on
    a brand both name or twice the evidence): on 20,000 bench posts those readings joined cases of other shops."""
    low, high = sorted((post.workers, lead.workers))
    return low[1] <= HOUSEHOLD_MAX and high[0] >= GROUP_MIN and not (post.subset or lead.subset)


def _uncounted(post: CaseFacts, lead: CaseFacts, text: str, gap: int | None) -> tuple[float, list[str]]:
    """``retold`` of two tellings whose head counts clash as a household's and a group's (``_counts_of_one_group``)
    with the smaller count left out, when both name one 镇街 of Zhongshan and lie at most ``FACTS_DAYS`` apart; as a retelling or on
    the facts alone, not by the short post's rule. 0 when they do not fit so (``retold`` then asks for a brand)."""
    same_town = bool(post.district) and post.district == lead.district and post.district != "out_of_area"
    if not same_town or gap is None or gap > FACTS_DAYS:
        return 0.0, []
    if post.workers[1] < lead.workers[0]:
        post = replace(post, workers=None, subset=False)
    else:
        lead = replace(lead, workers=None, subset=False)
    detail: dict[str, Any] = {}
    score, why = retold(post, lead, text, detail)
    # a short post's rule (one lead that fits on a few points) asks too little of a post whose count disagrees, and
    # words of the trade and the story (劳务公司, 瓦工) are what another crew of the 镇街 says too: besides them one of
    # the case's own facts must agree (an amount or the months, the village, the phases) or a brand both name
    own = (
        _rare_figures(post, lead)
        or villages_meet(post.villages, lead.villages)
        or bool(post.phases and post.phases == lead.phases)
        or branded(detail.get("shared") or [], post.brands, lead.brands)
    )
    return (score, [*why, "人数说法不一"]) if score and own and THIN not in why else (0.0, [])


def _rare_figures(post: CaseFacts, lead: CaseFacts) -> bool:
    """Whether one of the case's own figures that few cases share agrees: the amount (closely, or a figure the other
    telling named), the calendar months owed, or months unpaid when four or more (两个月 is half the complaints')."""
    why = _case_figures(post, lead)[2]
    months = bool(post.month_names and post.month_names == lead.month_names)
    long = bool(post.months and post.months == lead.months and post.months >= 4)
    closely = any(w.startswith("金额") for w in why) and _case_figures(post, lead)[1] > (months or long)
    return months or long or closely


def _weak_town(post: CaseFacts, lead: CaseFacts, text: str) -> tuple[float, list[str]]:
    """Two tellings whose 镇街 disagree, one of them found on a weak cue: judged as if that one named no 镇街, as a
    retelling (not on the facts alone nor by the short post's rule) sharing a name of one business (康晟厂 and
    康晟电子)."""
    side = _lead_side(lead, NAME_WEIGHT)
    if not _may_share(post.terms, lead.terms, side):
        return 0.0, []  # (no word shared: no name of one business)
    if not names_one(
        shared(post.terms, lead.terms, _post_order(post.terms), side.weighed), post.brands, lead.brands
    ):
        return 0.0, []
    post, lead = (replace(post, district=None), lead) if post.weak else (post, replace(lead, district=None))
    detail: dict[str, Any] = {}
    score, why = retold(post, lead, text, detail)
    told = (
        score
        and THIN not in why
        and detail.get("words")
        and detail.get("score", 0.0) >= detail.get("need", 9.0)
    )
    return (score, [*why, "镇街线索弱"]) if told else (0.0, [])
