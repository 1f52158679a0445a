"""What contradicts between two descriptions of a case (``conflicts``: another 镇街, worker or amount ranges that
cannot meet, another named employer, village, 包工头 or city elsewhere), how far apart in days they were told, and
(``agreement``, moved here in round 12) when one site and one figure agree.
Moved out of ``casefacts`` (issue 12, round 11), which re-exports every name; the descriptions are its ``CaseFacts``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from triage import mergesettings
from triage.casefigures import _overlap, _workers_clash
from triage.caseplaces import _names_meet
from triage.districts import province_fits
from triage.wordkinds import name_like

_M = mergesettings.load()
RETOLD_DAYS = _M["retold_days"]  # a retelling more than this many days from a lead's posts is another story
# an amount at most this share of another is one worker's own or a pay level, no clash with the group's sum
SHARE_MAX = _M["share_max"]
CaseFacts = Any  # ``casefacts.CaseFacts`` (imported there, so not here)


def conflicts(a: CaseFacts, b: CaseFacts) -> list[str]:
    """Why two descriptions cannot be the same case (empty when nothing contradicts)."""
    why = []
    if a.district and b.district and a.district != b.district:
        why.append(f"镇街 {a.district} ≠ {b.district}")
    if a.workers and b.workers and _workers_clash(a, b):
        why.append(f"工人 {a.workers[0]} ≠ {b.workers[0]}")
    if a.amount and b.amount and _amount_clash(a, b):
        why.append(f"金额 {a.amount[0]:.0f} ≠ {b.amount[0]:.0f}")
    # (the names of one side looked at only when both name an employer: asked for every post and lead compared)
    named_a = _named(a.employers) if a.employers and b.employers else None
    if named_a and (named_b := _named(b.employers)) and not _names_meet(named_a, named_b):
        why.append(f"单位 {'/'.join(sorted(a.employers))} ≠ {'/'.join(sorted(b.employers))}")
    if a.villages and b.villages and not _names_meet(a.villages, b.villages):
        why.append(f"村居 {'/'.join(sorted(a.villages))} ≠ {'/'.join(sorted(b.villages))}")
    if a.foremen and b.foremen and not a.foremen & b.foremen:
        why.append("包工头不同")
    apart = a.cities and b.cities and not _names_meet(a.cities, b.cities)
    if apart and not province_fits(a.elsewhere, b.elsewhere):  # 湖南 and 永州 meet
        why.append(f"市外 {'/'.join(sorted(a.elsewhere))} ≠ {'/'.join(sorted(b.elsewhere))}")
    return why


def _named(employers: set[str]) -> set[str]:
    """The employers' names that name one business (``wordkinds.name_like``): only those veto another name."""
    return {e for e in employers if name_like(e)}


def _amount_clash(a: CaseFacts, b: CaseFacts) -> bool:
    """Amounts that cannot be of one case: their ranges do not meet, neither names the other's figure
    (a share 11300 beside the total 60多万 in the first telling), and neither is one worker's own part of
    the other's whole (欠我4800 of 30多万), said or by its size (at most SHARE_MAX of the other)."""
    if _overlap(a.amount, b.amount) is not False:
        return False
    # (each test below says no clash on its own: the cheaper first)
    if a.amount_part and b.amount_part:
        return False  # two workers' own shares (我这三千多块, 我自己都俾佢拖咗成万二)
    low, high = sorted((a.amount, b.amount))
    if low[1] <= SHARE_MAX * high[0]:
        return False  # 19800 beside 90万, 1000 beside 160万: one worker's own or a pay level, told without saying so
    (lo_a, hi_a), (lo_b, hi_b) = a.amount, b.amount  # a figure the other names (``_overlap`` of each)
    if any(lo <= hi_a + 1e-9 and lo_a <= hi + 1e-9 for lo, hi in b.figures):
        return False
    if any(lo <= hi_b + 1e-9 and lo_b <= hi + 1e-9 for lo, hi in a.figures):
        return False
    part, whole = (a, b) if a.amount_part else (b, a) if b.amount_part else (None, None)
    return not (part and part.amount[0] <= whole.amount[1])


def contradictions(a: CaseFacts, b: CaseFacts) -> list[str]:
    """Why two leads may not be merged automatically: the facts that contradict, or weeks apart."""
    why = conflicts(a, b)
    gap = _days_apart(a, b)
    if gap is not None and gap > RETOLD_DAYS:
        why.append(f"相隔 {gap} 天")
    return why


def unrelated(a: CaseFacts, b: CaseFacts) -> bool:
    """Whether two descriptions cannot be one case whatever else they say, cheap to ask before the rest: each
    names its 镇街 and they differ, or they lie more than ``RETOLD_DAYS`` apart (``agreement`` and ``retold`` are 0)."""
    if a.district and b.district and a.district != b.district:
        return True
    gap = _days_apart(a, b)
    return gap is not None and gap > RETOLD_DAYS


def _days_apart(a: CaseFacts, b: CaseFacts) -> int | None:
    """Days between two sets of posts (0 when their spans overlap; None when either is undated)."""
    if not a.seen or not b.seen:
        return None
    (lo_a, hi_a), (lo_b, hi_b) = _ordinals(a.seen), _ordinals(b.seen)
    return max(0, lo_b - hi_a, lo_a - hi_b)


@lru_cache(maxsize=1 << 14)
def _ordinals(seen: tuple[str, str]) -> tuple[int, int]:
    """The first and last day of a span as day numbers (asked for every pair of post and lead compared)."""
    from datetime import date

    return date.fromisoformat(seen[0]).toordinal(), date.fromisoformat(seen[1]).toordinal()


def agreement(
    a: CaseFacts, b: CaseFacts, veto: list[str] | None = None, gap: int | None = -1
) -> tuple[float, list[str]]:
    """How strongly two descriptions point at one case, and the facts that agree; 0 when they may
    not be merged (issue 4: 镇街, employer/site, and amount or workers must agree). ``veto``: ``conflicts(a, b)``
    and ``gap``: ``_days_apart(a, b)`` when the caller has them."""
    if not a.district or a.district != b.district or (conflicts(a, b) if veto is None else veto):
        return 0.0, []
    gap = _days_apart(a, b) if gap == -1 else gap
    if gap is not None and gap > RETOLD_DAYS:
        return 0.0, []  # one village's employer and count months apart: another case there (round 8b)
    site = []
    if _names_meet(a.employers, b.employers):
        site.append("单位 " + "/".join(sorted(a.employers & b.employers or a.employers)))
    if a.projects & b.projects:
        site.append("项目 " + "/".join(sorted(a.projects & b.projects)))
    if _names_meet(a.places, b.places):
        site.append("地点 " + "/".join(sorted(a.places & b.places or a.places)))
    if a.foremen & b.foremen:
        site.append("包工头 " + "/".join(sorted(a.foremen & b.foremen)))
    counts = []
    if _overlap(a.amount, b.amount):
        counts.append(f"金额 {b.amount[0]:,.0f}")
    if _overlap(a.workers, b.workers):
        counts.append(f"工人 {b.workers[0]}")
    product = a.products & b.products
    if not site and product and len(counts) == 2:
        site.append("行业 " + "/".join(sorted(product)))
    if not site or not counts:
        return 0.0, []
    score = min(0.95, 0.55 + 0.1 * (len(site) + len(counts)))
    return round(score, 2), [a.district, *site, *counts]
