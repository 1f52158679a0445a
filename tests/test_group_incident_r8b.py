"""Issue 11, round 8b (gi9): collective actions (群体性事件) told in words the first rounds lacked, and the readings
that tell none, on invented sentences (no sentence, name or figure of an evaluation set)."""

from __future__ import annotations

import pytest

from triage.extract import extract_facts
from triage.priority import prioritize


def is_group(text: str) -> bool:
    return extract_facts(text).group_incident


@pytest.mark.parametrize(
    "text",
    [
        # holding the premises until paid
        "老板跑了三天，我们二十几个工友轮流守在厂里等工资",
        "间茶楼执咗，成班伙计日日喺铺头守住，惊啲嘢俾人搬走",
        "我哋廿幾個工友輪流守喺廠入面，人工兩個月冇出",  # traditional script
        "餐馆老板失联，十几个服务员干脆睡在店里等他回来",
        "物流站拖了三个月人工，我们十来个人吃住都在站点，货不给钱不走",
        "三十多个学生工滞留在电子厂等工资",
        # strikes told by who stopped
        "工资拖了两个月，今晚全车间的人集体唔返夜班",
        "定额又加了，今天工人都不干了，坐在车间里",
        "整条线停工，大家坐在车间门口",
        # a crowd at the site, the office or the government
        "三十几个师傅把项目部大门围了，要工钱",
        "成班工友行路去劳动局，求个说法",
        "明天我们五十多个人一齐上劳工处",  # planned: an escalation risk all the same
        "四十多个员工今天一起去公司总部讨工资",
        "工厂门口聚了上百个工人",
        # roads, cranes, slogans
        "十几个修渠的工人站到路中间讨工钱，车排了一公里",
        "两个工人坐在塔吊臂上不肯下来，说包工头欠钱",
        "工人在围墙上刷了“还我血汗钱”几个大字",
    ],
)
def test_collective_actions_are_caught(text):
    assert is_group(text)


@pytest.mark.parametrize(
    "text",
    [
        # negated, advised against, prevented
        "我们没有拉横幅，也没有堵路，只想老板把钱结了",
        "工友们都很克制，没有人闹，也没有人去堵路，只是在等老板回话",
        "遇到欠薪请依法维权，切勿采取堵路、爬塔吊、跳楼等过激方式",
        "镇里已派人到场，防止工人聚集",
        "工人没有停工，照常上班，只是工资晚了几天",
        # the ordinary channel: registering or asking at a labour office
        "我们十几个人一起去人社分局做了投诉登记",
        # a guard, a workplace, a reporter or an official
        "保安守在厂门口，不让外人进",
        "我们在天台做防水，老板欠了三千块",
        "四十多名工人被欠薪，记者到镇政府了解情况时，工作人员称负责人不在",
        "市委书记到信访局接待来访群众，研究拖欠农民工工资问题",
        # one worker, or a claim with nothing done
        "老板还我血汗钱！拖了半年了",
        "我不干了，明天就走，工钱还差两千",
        "三十多名工人讨薪，劳务公司负责人失联",
    ],
)
def test_no_collective_action(text):
    assert not is_group(text)


def test_a_claim_by_hundreds_is_a_collective_action_however_told():
    assert is_group("三百多名工人讨薪，总包说等开发商回款")


def test_a_negated_act_does_not_raise_p1_but_a_told_one_does():
    calm = extract_facts("我们八个人被欠了两万，没有人闹，也没有拉横幅，就等老板给个准话")
    assert prioritize("wage_arrears", calm.as_dict())[0] != "P1"
    loud = extract_facts("我们八个人被欠了两万，今天在厂门口拉了横幅")
    priority, _queue, reasons = prioritize("wage_arrears", loud.as_dict())
    assert priority == "P1"
    assert "群体性事件/升级风险" in reasons


def test_the_acts_grouped_by_first_character_find_what_the_plain_alternation_finds():
    import re

    from triage import group
    from triage.text import to_simplified

    pieces = [piece for pieces in group.WORDS["acts"].values() for piece in pieces]
    plain = re.compile(group._alternation(pieces))
    assert not group.ACTS.pattern.startswith("(?=[")  # every piece starts with one of a few plain characters
    texts = [
        "我哋成班人企喺门口，仲有人爬上天秤，“还我血汗钱”嘅横额拉咗成日",
        "工友们轮流守在厂里，有人站到路中间，大家集体唔返夜班，三十几个人一齐上劳工处",
    ]
    for text in texts:
        assert group.ACTS.findall(to_simplified(text)) == plain.findall(to_simplified(text))
        assert plain.findall(to_simplified(text))


def test_grouping_by_first_character_keeps_the_order_of_the_pieces_and_falls_back_when_it_cannot():
    import re

    from triage import group

    pieces = ["ab", "(?:x|a)", "abc", "[yz]q", "(?:c|d)[^,]{0,2}e"]
    grouped, plain = group._compile_by_first_character(pieces), re.compile(group._alternation(pieces))
    for text in ["abc", "xabcq", "yq zr", "c,e ce cxxe dze", "aab"]:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    assert grouped.pattern.startswith("a(?:b||bc)|x")
    assert grouped.findall("abc") == ["ab"]  # the first piece that matches, as the plain alternation
    # an optional first group, a class with a range, an escape, a bare |: the look-ahead form, the same matches
    for odd in ["(?:a|b)?c", "[a-c]x", "\\dx", "3x|c"]:
        fallback = group._compile_by_first_character(["ab", odd])
        assert fallback.findall("abx 3x cx") == re.compile(group._alternation(["ab", odd])).findall(
            "abx 3x cx"
        )
