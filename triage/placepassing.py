"""Places elsewhere named only in passing (issue 11, round 12): the district convention (``evaluation/labelled.py``)
makes a post ``out_of_area`` when its story happens at a place elsewhere, and null when that place is only mentioned:

- a comparison (比深圳, 羡慕深圳, 佛山也差不多, 珠海同岗位): every mention of a place compared with is in passing;
- a medium or a dateline (广州日报报道, 新华社北京电, 据深圳新闻网): where the news comes from, not where it happened;
- a head office (总部在上海, 深圳总部): where the company sits, not where the work is;
- a title (《深圳市员工工资支付条例》: a law, a paper or a book);
- a dish or a restaurant brand (兰州拉面, 沙县小吃, 重庆火锅, 广州酒家), a dialect (广州话), a product's origin (佛山产),
  a household register (深圳户口), a licence plate or the time zone (北京时间);
- a round-up: places in ``ROUNDUP_PLACES`` or more cities that do not meet (a legal explainer's cases in 惠阳, 成都双流
  and 平湖; a list of cities) name no one place (``triage.districts._roundup``; a province meets the cities in it).
- a denial (不是中山沙溪, 唔系中山黄圃; round 15): the Zhongshan place denied and that 中山 are no cue
  (``denials``, read in ``triage.districts``).

Where someone comes from (湖南人, 来自四川、山西、湖北等地) is read in ``triage.districts``. The words of each kind are
data an operator edits: ``triage/data/passing_words.toml``.
"""

from __future__ import annotations

import re

from triage.wordfile import alternation, load_words

WORDS = load_words("passing_words")


def _words(key: str) -> str:
    return alternation(WORDS[key])


COMPARE_BEFORE = re.compile(rf"(?:{_words('compare_before')})(?:在|喺|去)?$")
LIKE_BEFORE = re.compile(rf"(?:{_words('like_before')})$")
LIKE_AFTER = re.compile(rf"^(?:{_words('like_after')})")
COMPARE_AFTER = re.compile(rf"^(?:{_words('compare_after')})")
MEDIA_AFTER = re.compile(rf"^(?:市|省)?(?:{_words('media_after')})")
DATELINE_BEFORE = re.compile(rf"(?:{_words('dateline_before')})$")
DATELINE_AFTER = re.compile(r"^(?:\d{1,2}月\d{1,2}日电|讯|电[（(])")
HEAD_BEFORE = re.compile(rf"(?:{_words('head_before')})$")
HEAD_AFTER = re.compile(rf"^(?:{_words('head_after')})")
# a dish, a cuisine or a restaurant brand (triage/data/passing_words.toml), or 菜 alone but not a market (菜市, 菜场)
CUISINE_AFTER = re.compile(rf"^(?:菜(?!市|场)|{_words('cuisine_after')})")
# a dialect, a product's origin, a household register, a licence plate (广州话, 佛山产, 深圳户口)
ATTRIBUTE_AFTER = re.compile(rf"^(?:{_words('attribute_after')})")
# 不是中山沙溪, 唔系中山黄圃: a Zhongshan place denied (with the 中山 that denies it)
DENIED = re.compile(rf"(?:{_words('denied_before')})(?:在|喺)?中山市?(?:的|嘅)?")
# the "provinces" whose places meet as the places of one city do (旺角 and 中环 are both 香港's)
CITY_LIKE = frozenset({"香港", "澳门", "台湾"})
ROUNDUP_PLACES = 3  # places elsewhere in this many cities that do not meet: a round-up


def compared(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] is compared with (比深圳, 羡慕深圳, 佛山也差不多, 跟上海一样)."""
    before, after = text[max(0, start - 5) : start], text[end : end + 8]
    return bool(
        COMPARE_BEFORE.search(before)
        or (LIKE_BEFORE.search(before) and LIKE_AFTER.match(after))
        or COMPARE_AFTER.match(after)
    )


def passing(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] is named in passing: a medium, a dateline, a head office, a dish, a
    dialect, a register …"""
    before, after = text[max(0, start - 5) : start], text[end : end + 8]
    return bool(
        MEDIA_AFTER.match(after)
        or DATELINE_BEFORE.search(before)
        or DATELINE_AFTER.match(after)
        or HEAD_BEFORE.search(before)
        or HEAD_AFTER.match(after)
        or CUISINE_AFTER.match(after)
        or ATTRIBUTE_AFTER.match(after)
        or (text[start:end] == "北京" and after.startswith("时间"))  # the time zone
        or _titled(text, start, end)
    )


def _titled(text: str, start: int, end: int) -> bool:
    """Whether the place stands in the title of a law, a paper or a book (《深圳市员工工资支付条例》, 《广州日报》)."""
    return (
        "《" in text
        and text.rfind("《", 0, start) > text.rfind("》", 0, start)
        and "》" in text[end : end + 40]
    )


def drop_passing(text: str, outside: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
    """The mentions left when those in passing go, and every mention of a place compared with (别羡慕深圳，深圳房租…)."""
    gone = {name for name, (start, end) in outside if compared(text, start, end)}
    return [(n, (s, e)) for n, (s, e) in outside if n not in gone and not passing(text, s, e)]


def denials(text: str) -> list[tuple[int, int]]:
    """Where the text may deny that a place is Zhongshan's (不是中山沙溪, 唔系中山黄圃): the spans of the denying words;
    a Zhongshan name right after one, and then the 中山 in it, are no cue (``triage.districts`` checks the name)."""
    return [m.span() for m in DENIED.finditer(text)] if "中山" in text else []
