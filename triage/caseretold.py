"""Whether a post tells a lead's case again in other words (``retold``), and the numbers it decides with: moved out
of ``casefacts`` (issue 12, round 15: it was at 600 lines), which re-exports every name; the descriptions are its
``CaseFacts``.

``retold`` is how the same case is recognised when it is told again in other words, on another
platform or in Cantonese: nothing may contradict (another 镇街, worker or amount ranges that do not
meet, another named employer or village, weeks apart), and the telling words the two share (names
count most, ``triage.casewords``) plus the figures that agree must reach a threshold, higher when
only one side names the 镇街, and higher again when both tellings are long (they share ordinary words by
chance). ``_unfit`` tells before the figures are weighed that a pair sharing no word cannot pass."""

from __future__ import annotations

from typing import Any

from triage import mergesettings
from triage.caseclash import _days_apart, conflicts
from triage.casedetails import EVENTS
from triage.casefigures import _case_figures, _crew_of, _figures_agree, _workers_near
from triage.caseplaces import _same_place
from triage.casesides import LeadSide, _agreeing_at_most, _lead_side, _may_share, _post_order
from triage.casewords import shared
from triage.wordkinds import branded, names_one, placed, worth

CaseFacts = Any  # ``casefacts.CaseFacts`` (which imports this module)
# the merge decision's numbers: data/merge.toml says what each does (triage.mergesettings reads it)
_M = mergesettings.load()
RETOLD_DAYS = _M["retold_days"]  # a retelling more than this many days from a lead's posts is another story …
# … unless both name one business (a brand of both, an employer's name that meets): a 12345 reply, a court or news
# follow-up, a 留言板 answer may come this many days after the first telling (round 12)
NAMED_DAYS = _M["named_days"]
# a teller and at most HOUSEHOLD_MAX of his own beside a group of at least GROUP_MIN: no count clash (casejudge)
HOUSEHOLD_MAX, GROUP_MIN = _M["household_max"], _M["group_min"]
# shared words + agreeing figures needed when both name the same 镇街; when one names none or both are elsewhere
RETOLD_SAME_TOWN, RETOLD_LOOSE = _M["retold_same_town"], _M["retold_loose"]
LONG_TERMS, LONG_EXTRA = _M["long_terms"], _M["long_extra"]  # both this many telling words: this much more
SAME_DAYS_BONUS = _M["same_days_bonus"]  # told within a day of the lead's posts
# worker counts near each other or a crew's (casefigures) are no veto with a brand shared or COUNT_MARGIN × the need
COUNT_MARGIN = _M["count_margin"]
# a shared name by its form (an employer, estate, road), at least NAME_WEIGHT rare: NAME_BONUS more
NAME_BONUS, NAME_WEIGHT = _M["name_bonus"], _M["name_weight"]
# with no telling word shared, the facts alone may merge within one 镇街 and FACTS_DAYS, when at least
# FACTS_AGREE of amount, a count of ten or more (or an exact one), the months, the trade, the kind of action
# and the phases agree and are worth FACTS_ONLY (FACTS_ONLY_THREE when three or more agree)
FACTS_DAYS, FACTS_AGREE = _M["facts_days"], _M["facts_agree"]
FACTS_ONLY, FACTS_ONLY_THREE = _M["facts_only"], _M["facts_only_three"]
# a short post naming no 镇街 (物流公司老板失联，十月工资泡汤了), or the lead's but no head count or amount, joins
# the one lead of the last THIN_DAYS whose facts agree with it on THIN_AGREE points (one 镇街 counts as one);
# when two leads fit it joins neither (dedupe.find_case); or of the last THIN_WORD_DAYS, sharing words worth THIN_WORD
THIN_DAYS, THIN_AGREE = _M["thin_days"], _M["thin_agree"]
THIN_WORD, THIN_WORD_DAYS = _M["thin_word"], _M["thin_word_days"]
# … or of the last THIN_FACTS_DAYS when the case's own figures (amount, head count, months), the 镇街 and a word agree
THIN_FACTS_DAYS = _M["thin_facts_days"]
THIN = "短帖，仅此一条相符"


def retold(
    post: CaseFacts,
    lead: CaseFacts,
    text: str = "",
    detail: dict[str, Any] | None = None,
    veto: list[str] | None = None,
    gap: int | None = -1,
    unshared: bool = False,
    side: LeadSide | None = None,
    may: bool | None = None,
) -> tuple[float, list[str]]:
    """How strongly a post tells a lead's case again in other words (0 when it may not be merged),
    and why: the telling words shared, the figures that agree. ``text``: the post's canonical text,
    where a lead's name is looked for as written (名匠轩 in 大涌名匠轩三个月冇出粮, whatever jieba made of it).
    ``detail``: filled with how the decision went (the veto, the days apart, the score and what it needed),
    for ``evaluation.mergewhy``. ``veto``: ``conflicts(post, lead)`` when the caller has it; ``gap``:
    ``_days_apart(post, lead)`` (-1: not known yet); ``unshared``: the caller found no word of both (nor a name of
    the lead's in ``text``); ``side``: ``_lead_side(lead, NAME_WEIGHT)`` and ``may``: ``_may_share`` of the pair, when
    the caller found them."""
    keep, detail = detail is not None, {} if detail is None else detail
    detail["veto"] = conflicts(post, lead) if veto is None else veto
    # retellings disagree on a head count (十几个 and 23人, 50 and 90多): counts within WORKERS_RATIO of each
    # other are no veto when a brand both name says which business it is (checked below)
    # (or a few workers of a larger group: a couple, a crew, when a brand both name is shared)
    soft = (
        bool(detail["veto"])
        and all(v.startswith("工人") for v in detail["veto"])
        and (_workers_near(post, lead) or _crew_of(post, lead))
    )
    if detail["veto"] and not soft:
        return 0.0, []
    gap = detail["gap"] = _days_apart(post, lead) if gap == -1 else gap
    if gap is not None and gap > NAMED_DAYS:
        return 0.0, []
    if side is None:
        side = _lead_side(lead, NAME_WEIGHT)
    if may is None:
        may = _may_share(post.terms, lead.terms, side)
    words = (
        shared(post.terms, lead.terms, _post_order(post.terms), side.weighed) if may and not unshared else []
    )
    found = {w for w, _ in words}
    # the lead's names at least NAME_WEIGHT telling (in the order of its names), as written in the post's text
    for name in () if unshared else side.strong:
        if name in text and not any(name in w for w in found):
            words = [(w, v) for w, v in words if w not in name] + [(name, lead.terms[name])]
            found.add(name)
    elsewhere = post.district == lead.district == "out_of_area" and _same_place(post, lead)
    if elsewhere and words:
        # the place elsewhere both name plays the 镇街's part (below) and, like a 镇街's name, is no shared word
        # (南山南头街道 holds the place 南头 both name: the place again, not a word of the case)
        both = post.elsewhere & lead.elsewhere
        words = [(w, v) for w, v in words if not any(w in p or p in w for p in both)]
    if soft and not words:
        return 0.0, []  # a count read differently needs shared words (below)
    if not (words or keep) and _unfit(post, lead, gap, elsewhere):
        return 0.0, []  # no word shared and neither the facts alone nor a short post's rule can hold (below)
    # beyond retold_days only a name of one business both tellings share says it is one case (a reply months later)
    if gap is not None and gap > RETOLD_DAYS and not names_one(words, post.brands, lead.brands):
        return 0.0, []
    worded, score, why = False, 0.0, []  # no word shared (most pairs judged): the figures alone, below
    if words:
        # a short post's words, weighed before their kinds (find_case: one lead)
        worded = sum(w for _, w in words) >= THIN_WORD
        words = worth(words, post.brands, lead.brands)  # a brand counts more, a trade or story word less
        # a village both name counts once, as the village; a road or village shared weeks apart is another case
        village = (
            post.villages
            and lead.villages
            and {v for v in post.villages if any(v in w or w in v for w in lead.villages)}
        )
        words = placed(words, village if post.district and post.district == lead.district else set(), gap)
        score = sum(w for _, w in words)
        formed = post.names | lead.names
        if any(w >= NAME_WEIGHT and any(word in n or n in word for n in formed) for word, w in words):
            score += NAME_BONUS
        why = ["共同字词 " + "/".join(w for w, _ in sorted(words, key=lambda x: -x[1])[:4])] if words else []
    figures, agreeing, told = _figures_agree(
        post, lead, trade_counts=not words or (gap is not None and gap <= 3),
        said=bool(found) and any(p.search(w) for w in found for p in EVENTS.values()),
    )  # fmt: skip
    score += figures
    why += told
    if gap is not None and gap <= 1:
        score += SAME_DAYS_BONUS  # two different cases told in one 镇街 within a day are rare
    same_town = bool(post.district) and post.district == lead.district and post.district != "out_of_area"
    at_home = same_town  # one 镇街 of Zhongshan (a place elsewhere in common counts among the facts below)
    if elsewhere:
        # one place elsewhere (攀枝花东区 and 攀枝花, not 龙华 and 公明 of one 深圳) is as one 镇街 at home; a
        # province or a whole city (香港, 深圳, 湖南 and 永州) is not
        agreeing += 1
        why.append(
            "同一市外地点 " + "/".join(sorted(post.elsewhere & lead.elsewhere) or sorted(post.elsewhere))
        )
        same_town = True
    # two long tellings (a 留言板 letter and a lead of several posts) share a few of their many words by chance
    chance = LONG_EXTRA if min(len(post.terms), len(lead.terms)) >= LONG_TERMS else 0.0
    need = (RETOLD_SAME_TOWN if same_town else RETOLD_LOOSE) + chance
    told = bool(words) and score >= need
    # a count read differently (counts within WORKERS_RATIO, or a crew of a larger group): only a brand of both, or
    # COUNT_MARGIN times the evidence needed, in one 镇街 (of Zhongshan, or one place elsewhere), within facts_days
    if soft:
        told = (
            told
            and same_town
            and gap is not None
            and gap <= FACTS_DAYS
            and (branded(words, post.brands, lead.brands) or score >= COUNT_MARGIN * need)
        )
        detail["veto"] = [] if told else detail["veto"]
        return (
            (round(min(0.9, 0.5 + score / 10), 2), [post.district, *why, "人数说法不一"])
            if told
            else (0.0, [])
        )
    detail.update(
        score=score, need=need, words=len(words), agreeing=agreeing, same_town=same_town, shared=words
    )
    # no telling word shared (or too few): the facts alone, within one 镇街 and a few weeks, several agreeing
    alone = (
        same_town
        and gap is not None
        and gap <= FACTS_DAYS
        and agreeing >= FACTS_AGREE
        and score >= (FACTS_ONLY_THREE if agreeing >= 3 else FACTS_ONLY)
    )
    if not (told or alone):
        # a short post naming no 镇街, or the lead's but no head count or amount, within days, agreeing on a few
        # facts (one 镇街 is one): only if it is the one lead that fits (find_case checks)
        # (one worker named, or one worker's own share, is no head count or amount of the case: 其妻, 还欠我两千多)
        lone = not (post.workers and not post.subset) and not (post.amount and not post.amount_part)
        # … or the lead was the short telling (沙溪制衣厂一夜搬空 first, the long account after it)
        first = not (lead.workers and not lead.subset) and not (lead.amount and not lead.amount_part)
        short = post.district is None or (same_town and (lone or first))
        # a telling word in common (压铸) is one more point and lets a lone worker's post come a week later
        if not (short and lead.district and gap is not None):
            return 0.0, []
        # a post naming no 镇街 whose shared words and figures reach what a retelling in the lead's 镇街 needs: told
        # as if there, within THIN_FACTS_DAYS (差十八万，劳务老板就是不签字 a week after the 12345 ticket), when no
        # other lead fits it; its unknown 镇街 asks for no more than that (find_case keeps only a lone fit)
        as_if_there = post.district is None and words and score >= RETOLD_SAME_TOWN + chance
        if as_if_there and gap <= THIN_FACTS_DAYS:
            pass
        elif gap <= (THIN_WORD_DAYS if worded else THIN_DAYS):
            if agreeing + (same_town and at_home) + worded < THIN_AGREE:
                return 0.0, []
        # a follow-up a week or more later (七层转包，二十个兄弟白干四个月): at least one of the case's own figures
        # (amount, head count, months) must agree, and besides them only its 镇街 and a word count, not a village,
        # trade or kind of action, which another case there shares weeks apart
        else:
            figures = _case_figures(post, lead)[1]
            if (
                gap > THIN_FACTS_DAYS
                or not figures
                or figures + (same_town and at_home) + worded < THIN_AGREE
            ):
                return 0.0, []
        why.append(THIN)
    return round(min(0.9, 0.5 + score / 10), 2), [post.district or lead.district or "未定镇街", *why]


def _unfit(post: CaseFacts, lead: CaseFacts, gap: int | None, elsewhere: bool) -> bool:
    """True when a pair that shares no telling word cannot be merged by ``retold``'s later rules, told before its
    figures are weighed (most pairs judged): neither on the facts alone (one 镇街 within ``FACTS_DAYS``, at least
    ``FACTS_AGREE`` agreeing) nor by the short post's rule (``THIN_DAYS``, or ``THIN_FACTS_DAYS`` with a figure),
    with at most as many facts agreeing as ``_agreeing_at_most`` allows; the checks are ``retold``'s own."""
    if gap is None:
        return True  # neither rule holds for an undated pair
    same_town = elsewhere or (bool(post.district) and post.district == lead.district != "out_of_area")
    alone = same_town and gap <= FACTS_DAYS  # the facts alone may hold
    lone = not (post.workers and not post.subset) and not (post.amount and not post.amount_part)
    first = not (lead.workers and not lead.subset) and not (lead.amount and not lead.amount_part)
    short = bool(
        (post.district is None or (same_town and (lone or first))) and lead.district
    )  # a short post's rule
    if not (alone or short):
        return True  # (the facts that agree need not be counted)
    case, most = _agreeing_at_most(post, lead)
    most += elsewhere  # (one place elsewhere is one agreeing fact)
    if alone and most >= FACTS_AGREE:
        return False
    if not short:
        return True
    home = same_town and bool(post.district) and post.district == lead.district != "out_of_area"
    if gap <= THIN_DAYS:
        return most + home < THIN_AGREE
    return not (gap <= THIN_FACTS_DAYS and case and case + home >= THIN_AGREE)
