"""What the figures and details two descriptions of a case share are worth (``casefacts.retold``): the amount,
the worker count, the months, the village, the phases, the kind of collective action and the trade. Moved out
of ``casefacts`` (issue 11, round 7), with the numbers of ``data/merge.toml`` [figures] it reads; and (round 10)
when two head counts clash, lie near each other or are a crew's beside its group's (``casefacts.conflicts``)."""

from __future__ import annotations

from typing import Any

from triage import mergesettings
from triage.casedetails import EVENTS

_M = mergesettings.load()
TIGHT = _M["tight"]  # amount ranges this narrow (of their value) agree closely
# what agreeing figures are worth (_figures_agree)
AMOUNT_CLOSE, AMOUNT_LOOSE = _M["amount_close"], _M["amount_loose"]
WORKERS_MANY, WORKERS_FEW, WORKERS_ONE = _M["workers_many"], _M["workers_few"], _M["workers_one"]
MONTHS_SAME, MONTHS_COMMON, SECTOR_BONUS = _M["months_same"], _M["months_common"], _M["sector_bonus"]
TRADE_BONUS = _M["trade_bonus"]  # one trade told (傢俬厂 and 家具厂 alike)
ACTION_BONUS = _M["action_bonus"]  # one kind of collective action told (a rooftop: 天台 and 楼顶 alike)
PHASE_BONUS = _M["phase_bonus"]  # the same phases of an estate named by both
EXACT_COUNT_MIN = _M[
    "exact_count_min"
]  # an exact head count this large, not a round one, told alike: two facts
VILLAGE_BONUS = _M["village_bonus"]
SPECIFIC_AMOUNT = _M["specific_amount"]  # a sum told this finely (of its size) agrees as two facts
COUNT_SLACK = _M["count_slack"]
# worker counts within WORKERS_RATIO of each other are near (十几 and 23); a count of at most CREW_MAX may be a crew
WORKERS_RATIO, CREW_MAX = (
    _M["workers_ratio"],
    _M["crew_max"],
)  # head counts this close meet (a teller counts himself or not)


def _overlap(a, b) -> bool | None:
    """Whether two [low, high] ranges share a value (None when either is unknown)."""
    if not a or not b:
        return None
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


def _counts_meet(a, b) -> bool:
    """Whether two head counts meet: their ranges share a value, or both are exact and lie within ``COUNT_SLACK``
    (带着65位 and 66人: a teller counts himself or not; not 七十几 and 八十多)."""
    if not (a and b):
        return False
    return bool(_overlap(a, b) or (a[0] == a[1] and b[0] == b[1] and abs(a[0] - b[0]) <= COUNT_SLACK))


def _figures_agree(
    post: Any, lead: Any, trade_counts: bool = True, said: bool = False
) -> tuple[float, int, list[str]]:
    """What the figures and the trade two descriptions share are worth, how many of them agree (an
    amount, a count of ten or more, the months, the trade) and the reasons officers read. The trade
    and the kind of action count beyond the sector only where no telling word is shared (the word often is
    the trade: 游戏机) or within a few days (a week later, 又有人上楼顶 is another crew's protest)."""
    score, agreeing, why = _case_figures(post, lead)
    action = post.actions & lead.actions
    # many businesses close: a closing is worth its bonus, but agrees as a fact only within one trade
    loose = action & set(EVENTS) if not post.trades & lead.trades else set()
    if said:
        action -= loose  # … and nothing more when the shared word already is the closing (执笠)
    village = (
        post.villages
        and lead.villages
        and {v for v in post.villages if any(v in w or w in v for w in lead.villages)}
    )
    if village and post.district and post.district == lead.district:
        score += VILLAGE_BONUS  # one village of the 镇街 named by both (沙心村 and 沙心)
        agreeing += 1
        why.append("同一村居 " + "/".join(sorted(village)))
    phase = post.phases & lead.phases
    if phase and post.phases == lead.phases:
        score += PHASE_BONUS  # the same phases of an estate (四期、五期 and 四五期)
        agreeing += 1
        why.append("同一期数 " + "/".join(str(p) for p in sorted(phase)))
    if action and trade_counts:
        score += ACTION_BONUS * len(action)
        agreeing += min(2, len(action - loose))  # two kinds told alike (举牌 and 跪) are two facts
        why.append("同样的行动 " + "/".join(sorted(action)))
    trade = post.trades & lead.trades
    if trade and trade_counts:
        score += TRADE_BONUS
        agreeing += 1
        why.append("行业 " + "/".join(sorted(trade)))
    elif post.sector and post.sector == lead.sector and not (post.trades and lead.trades and not trade):
        score += SECTOR_BONUS  # one sector, unless each names its trade and they differ (帽厂 and 五金厂)
    return score, agreeing, why


def _case_figures(post: Any, lead: Any) -> tuple[float, int, list[str]]:
    """What the case's own figures two descriptions share are worth: the amount, the head count and the months
    (not where it happened nor the trade, which other cases of one place share), how many agree, and why."""
    score, agreeing, why = 0.0, 0, []
    if _overlap(post.amount, lead.amount):
        wide = max(post.amount[1] - post.amount[0], lead.amount[1] - lead.amount[0])
        tight = wide <= TIGHT * min(post.amount[0], lead.amount[0])  # 三百几万 and 3028321 alike, not 十几万
        score += AMOUNT_CLOSE if tight else AMOUNT_LOOSE
        # a sum both tell to within a few per cent (280多万 and 2,853,000; 11300 and 一万一千三), not rounded (5万, 30多万,
        # 150万): rarely two cases', so a second fact, as an exact head count is (exact_count_min)
        agreeing += tight + (_precise(post.amount) and _precise(lead.amount))
        why.append(f"金额 {lead.amount[0]:,.0f}")
    elif post.amount and any(_overlap(post.amount, f) for f in lead.figures if f[1] - f[0] <= TIGHT * f[0]):
        score += AMOUNT_CLOSE  # a figure the first telling also named (尾款11300 of one crew, beside the 60多万 of all)
        agreeing += 1
        why.append(f"金额 {post.amount[0]:,.0f}")
    if _counts_meet(post.workers, lead.workers) and not (post.subset or lead.subset):
        low = min(post.workers[0], lead.workers[0])
        score += WORKERS_MANY if low >= 10 else WORKERS_FEW if low >= 3 else WORKERS_ONE
        exact = post.workers == lead.workers and post.workers[0] == post.workers[1]
        agreeing += low >= 10 or (exact and low >= 3)  # 五个 and 5名 alike
        # one exact count that nobody rounds (11个人 and 十一个工人, 46人): rarely two cases', so a second fact
        agreeing += exact and low >= EXACT_COUNT_MIN and low % 5 != 0
        why.append(f"工人 {lead.workers[0]}")
    if post.month_names and post.month_names == lead.month_names:
        score += MONTHS_SAME  # the same calendar months (十月份人工 and 10月份的工资)
        agreeing += 1
        why.append("月份 " + "/".join(str(m) for m in sorted(post.month_names)))
    elif post.months and lead.months and post.months == lead.months:
        # four months or a half month: rarer
        score += MONTHS_SAME if post.months >= 4 or post.months % 1 else MONTHS_COMMON
        agreeing += 1
        why.append(f"{post.months:g}个月")
    return score, agreeing, why


def villages_meet(a: set[str], b: set[str]) -> bool:
    """Whether two tellings name one village of the 镇街 (沙心村 and 沙心), as ``_figures_agree`` counts it."""
    return any(v in w or w in v for v in a for w in b)


def _precise(amount: tuple[float, float]) -> bool:
    """Whether a sum is told to within ``SPECIFIC_AMOUNT`` of its size: a range that narrow (280多万: 2.8 to 2.9
    million), or one figure whose last digit that is not 0 is that fine (297000, 11300, 135万; not 5万, 150万)."""
    low, high = amount
    if low < 1000:
        return False
    if high > low:
        return (high - low) / 2 <= SPECIFIC_AMOUNT * (high + low) / 2
    unit = 1
    while low % (unit * 10) == 0:
        unit *= 10
    return unit / 2 <= SPECIFIC_AMOUNT * low


def _workers_clash(a: Any, b: Any) -> bool:
    """Worker counts that cannot be of one case; a count of those still unpaid only clashes with a
    smaller whole (还有十几个 fits 170多人, not 8个人)."""
    if not a.workers or not b.workers:
        return False
    if a.subset != b.subset:
        part, whole = (a, b) if a.subset else (b, a)
        return part.workers[0] > whole.workers[1]
    # a teller counts himself or not (他和8个工友 and 我哋九个, 十个左右 and 11人): COUNT_SLACK either way
    return _overlap((a.workers[0] - COUNT_SLACK, a.workers[1] + COUNT_SLACK), b.workers) is False


def _workers_near(a: Any, b: Any) -> bool:
    """Worker counts that do not meet but lie within WORKERS_RATIO of each other (十几 and 23, 50 and 90):
    two tellings guessing one crowd, not two crowds (2 and 200)."""
    if not a.workers or not b.workers:
        return False
    low, high = sorted((a.workers, b.workers))
    return high[0] <= WORKERS_RATIO * max(low[1], 1)


def _crew_of(a: Any, b: Any) -> bool:
    """Whether the smaller of two clashing worker counts is a few workers (at most CREW_MAX: 我同老公两个人,
    我们拉线组8个人) who may be part of the larger group."""
    if not a.workers or not b.workers:
        return False
    low, high = sorted((a.workers, b.workers))
    return low[1] <= CREW_MAX and low[1] < high[0]
