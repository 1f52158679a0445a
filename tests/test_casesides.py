"""The cheap tests run before a full judgement (``triage.casesides``, ``casefacts._unfit``) set aside only pairs the
full judgement would not merge: checked on many invented pairs whose facts often meet."""

from __future__ import annotations

import random

from triage.casefacts import CaseFacts, _days_apart, _unfit, retold
from triage.casefigures import _case_figures, _figures_agree
from triage.casejudge import judge
from triage.casesides import _agreeing_at_most, _lead_side

TOWNS = [None, "小榄镇", "古镇镇", "out_of_area"]


def _invented(rng: random.Random) -> CaseFacts:
    pick = rng.choice
    low = pick([3, 5, 12, 23, 40])
    amount = pick([None, (30000.0, 30000.0), (280000.0, 290000.0), (11300.0, 11300.0)])
    return CaseFacts(
        district=pick(TOWNS),
        workers=pick([None, (low, low), (low, low + 9)]),
        amount=amount,
        villages=set(rng.sample(["裕洲", "沙心", "永宁"], rng.randint(0, 1))),
        seen=(f"2026-10-{pick([1, 2, 4, 9, 20]):02d}",) * 2,
        months=pick([None, 2.0, 4.0]),
        subset=rng.random() < 0.2,
        sector=pick([None, "manufacturing", "construction"]),
        trades=set(rng.sample(["家具", "灯饰", "五金"], rng.randint(0, 1))),
        figures=[pick([(11300.0, 11300.0), (5000.0, 5000.0)])] if rng.random() < 0.3 else [],
        amount_part=rng.random() < 0.2 and amount is not None,
        elsewhere={"攀枝花东区"} if rng.random() < 0.5 else set(),
        actions=set(rng.sample(["楼顶", "横幅", "执笠"], rng.randint(0, 2))),
        phases=set(rng.sample([4, 5], rng.randint(0, 1))),
        month_names=set(rng.sample([9, 10], rng.randint(0, 1))),
    )


def test_no_more_facts_agree_than_the_bound_allows():
    rng = random.Random(13)
    for _ in range(3000):
        post, lead = _invented(rng), _invented(rng)
        case, most = _agreeing_at_most(post, lead)
        assert _case_figures(post, lead)[1] <= case
        assert _figures_agree(post, lead, trade_counts=True)[1] <= most
        assert _figures_agree(post, lead, trade_counts=True, said=True)[1] <= most


def test_a_pair_set_aside_without_words_is_never_merged():
    rng = random.Random(12)
    set_aside = 0
    for _ in range(3000):
        post, lead = _invented(rng), _invented(rng)
        gap = _days_apart(post, lead)
        if _unfit(post, lead, gap, False) and not (post.district == lead.district == "out_of_area"):
            set_aside += 1
            assert retold(post, lead, "", {}) == (0.0, []), (post, lead)  # (a detail: the full judgement)
    assert set_aside > 500


def test_a_leads_side_follows_its_words():
    lead = CaseFacts(district="小榄镇", terms={"康晟": 1.0, "工资": 0.1}, names={"康晟"})
    post = CaseFacts(district="小榄镇", terms={"康晟电子": 0.9})
    assert _lead_side(lead, 0.9)[3] == ["康晟"]
    assert judge(post, lead, "康晟电子三个月冇出粮")[0] > 0
    other = CaseFacts(district="小榄镇", terms={"工资": 0.1})
    assert judge(post, other, "康晟电子三个月冇出粮") == (0.0, [])


def test_the_words_found_with_the_kept_sides_are_those_found_afresh():
    from triage import mergesettings
    from triage.casesides import _may_share, _post_order
    from triage.casewords import shared

    rng = random.Random(15)
    vocabulary = [
        "康晟",
        "康晟电子",
        "电子",
        "沙涌村",
        "涌村",
        "工资",
        "名匠轩",
        "名匠",
        "老板",
        "老板跑路",
        "厂",
        "五金",
    ]
    for _ in range(400):
        post = {w: rng.choice([0.1, 0.3, 0.6, 0.9, 1.0]) for w in rng.sample(vocabulary, rng.randint(1, 5))}
        lead = CaseFacts(
            terms={w: rng.choice([0.1, 0.3, 0.6, 1.0]) for w in rng.sample(vocabulary, rng.randint(1, 5))}
        )
        side = _lead_side(lead, 0.9)
        afresh = shared(post, lead.terms)
        assert shared(post, lead.terms, _post_order(post), side.weighed) == afresh
        assert _may_share(post, lead.terms, side) == bool(afresh)
    # a post judged again after partial_min changed: its kept words follow the new value
    post, lead = {"康晟电子": 0.4}, CaseFacts(terms={"康晟": 1.0})  # (partial_min 0.35)
    assert shared(post, lead.terms, _post_order(post), _lead_side(lead, 0.9).weighed)
    before = mergesettings.apply({"partial_min": 0.5})
    try:
        assert not shared(post, lead.terms, _post_order(post), _lead_side(lead, 0.9).weighed)
        assert not _may_share(post, lead.terms, _lead_side(lead, 0.9))
    finally:
        mergesettings.apply(before)
    assert shared(post, lead.terms, _post_order(post), _lead_side(lead, 0.9).weighed)
