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

Where someone comes from (湖南人, 来自四川、山西、湖北等地) is read in ``triage.districts``.
"""

from __future__ import annotations

import re

COMPARE_BEFORE = re.compile(r"(?:比|比起|不如|羡慕|好过|胜过|相比|对比|相较)(?:在|喺|去)?$")
LIKE_BEFORE = re.compile(r"(?:像|跟|和|同|与)$")
LIKE_AFTER = re.compile(r"^(?:一样|差不多|比|相比|那样|咁)")
COMPARE_AFTER = re.compile(
    r"^(?:也差不多|也一样|都差不多|都一样|一样|差不多|同岗位|同样岗位|同行|那边同|都(?:是)?这样|也(?:是)?这样|也好不到)"
)
MEDIA_AFTER = re.compile(
    r"^(?:市|省)?(?:日报|晚报|早报|商报|都市报|特区报|青年报|法治报|晨报|电视台|卫视|新闻)"
)
DATELINE_BEFORE = re.compile(r"(?:新华社|中新社|中新网|人民网|央视网)$")
DATELINE_AFTER = re.compile(r"^(?:\d{1,2}月\d{1,2}日电|讯|电[（(])")
HEAD_BEFORE = re.compile(r"(?:总部在|总部位于|总部设在|注册在|注册地在|总公司在)$")
HEAD_AFTER = re.compile(r"^(?:总部|总公司)")
# a dish, a cuisine or a restaurant brand (兰州拉面, 沙县小吃, 重庆火锅, 广州酒家, 澳门豆捞): a restaurant of any city
CUISINE_AFTER = re.compile(
    r"^(?:菜(?!市|场)|菜馆|拉面|米粉|米线|小吃|火锅|烤鸭|小笼包?|炒饭|螺蛳粉|臭豆腐|牛肉(?:火锅|丸|面|粉)|烧鹅|烧腊|烧鸭"
    r"|黄焖鸡|大盘鸡|鱼生|酒家|奶茶|茶餐厅|豆捞|冒菜|串串|麻辣烫|烤鱼|肠粉|早茶|手抓饭|肉夹馍|凉皮|煎饼|卤味|鸭脖|风味"
    r"|口味|特产|手信|饺子|灌汤包|凉茶|腊味|腊肠|烧烤|料理|菜系)"
)
# a dialect, a product's origin, a household register, a licence plate (广州话, 佛山产, 深圳户口)
ATTRIBUTE_AFTER = re.compile(r"^(?:话|方言|腔|产的|出产|制造|户口|户籍|身份证|车牌|牌照)")
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
