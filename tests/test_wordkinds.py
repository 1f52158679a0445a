"""What kind of word two tellings share (issue 11, round 7): a brand (the name of one business or site)
counts for more than its rarity says, a word naming only a trade or telling only what happened for less,
and two tellings that guess one crowd differently (十几个 and 23人) are no contradiction when a brand both
name says which business it is."""

from __future__ import annotations

from triage.casefacts import CaseFacts, case_facts, retold
from triage.text import canonical_text
from triage.wordkinds import brands, story_word, trade_word, worth


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"2026-{day}T10:00:00+08:00")


def test_a_trade_word_names_a_trade_and_a_brand_its_business():
    assert trade_word("电镀厂")
    assert trade_word("小家电")
    assert trade_word("抹灰")
    assert trade_word("装修队")
    assert not trade_word("宏达五金")  # a brand that carries its trade
    assert not trade_word("翠湖湾")
    assert story_word("停产")
    assert story_word("付给")
    assert story_word("执笠")  # a closing, however said
    assert not story_word("翠湖湾")


def test_brands_are_businesses_and_sites_not_parks_or_trades():
    found = brands("宏达五金厂的工人在翠湖湾花园三期干活，住在三洲工业园", {"宏达"})
    assert {"宏达", "翠湖湾"} <= found
    assert "三洲" not in found  # an industrial park holds many businesses
    assert brands("那间电镀厂", {"电镀"}) == set()  # a trade is no brand


def test_what_a_shared_word_is_worth_depends_on_its_kind():
    words = [("华美", 0.5), ("电镀厂", 0.6), ("停产", 0.6), ("榄边", 0.6)]
    worth_of = dict(worth(words, {"华美"}, {"华美"}))
    assert worth_of["华美"] >= 0.9  # a brand both name, however common the word
    assert worth_of["电镀厂"] < 0.6
    assert worth_of["停产"] < 0.6
    assert worth_of["榄边"] == 0.6  # any other word: its rarity
    # one telling names it as a brand, the other writes the same proper noun without its kind (华美嗰间)
    assert dict(worth([("华美", 0.5)], {"华美"}, set()))["华美"] >= 0.9
    # … but an everyday word is no brand because one telling put it before 厂
    assert dict(worth([("门窗", 0.5)], {"门窗"}, set()))["门窗"] == 0.5


def test_an_everyday_word_as_a_brand_tells_the_case():
    # 华美 is a common word (jieba knows it well), so its rarity alone says little; as the name of the
    # factory in both tellings it says which business
    lead = _facts("华美家具厂老板三天没来了，六十多个工人两个月工资没发", "03-02", "大涌镇",
                  employer_names=["华美家具厂"], workers_range=(60, 69))  # fmt: skip
    text = "华美厂的工友，今天去镇里问了工资的事没有"
    post = _facts(text, "03-04", "大涌镇", employer_names=["华美厂"])
    assert retold(post, lead, canonical_text(text))[0] > 0


def test_a_shared_trade_and_a_happening_do_not_make_one_case():
    lead = _facts("东凤一间电镀厂突然停产，老板不见了，三十多个工人工资没发", "05-10", "东凤镇",
                  workers_range=(30, 39))  # fmt: skip
    # a week later in one 镇街: the trade and what happened fit many shops (the rarity of 电镀厂, 停产 and 不见
    # together reached the threshold before round 7)
    post = _facts("东凤又一间电镀厂停产，老板不见了，欠了工人二十多万", "05-16", "东凤镇",
                  amount_range=(200000, 299999))  # fmt: skip
    assert retold(post, lead)[0] == 0


def test_a_brand_shared_outweighs_a_head_count_told_differently():
    lead = _facts("坦洲宏达五金厂十几个工人在厂门口讨薪，拖了三个月", "04-01", "坦洲镇",
                  employer_names=["宏达五金厂"], workers_range=(10, 19))  # fmt: skip
    post = _facts("宏达五金厂23名工人被拖欠三个月工资，工人到镇政府反映", "04-03", "坦洲镇",
                  employer_names=["宏达五金厂"], workers_range=(23, 23))  # fmt: skip
    assert retold(post, lead)[0] > 0
    crowd = _facts("宏达五金厂200多名工人被拖欠工资", "04-03", "坦洲镇",
                   employer_names=["宏达五金厂"], workers_range=(200, 209))  # fmt: skip
    assert retold(crowd, lead)[0] == 0  # ten times the crowd: another group, or another case
    no_brand = _facts("坦洲一家五金厂23名工人被拖欠三个月工资", "04-03", "坦洲镇", workers_range=(23, 23))
    assert retold(no_brand, lead)[0] == 0  # only the trade in common: the count still vetoes
    weeks = _facts("宏达五金厂23名工人被拖欠三个月工资", "05-20", "坦洲镇",
                   employer_names=["宏达五金厂"], workers_range=(23, 23))  # fmt: skip
    assert retold(weeks, lead)[0] == 0  # weeks later a count told differently may be another crew's


def test_a_place_elsewhere_both_name_is_the_place_not_a_shared_word():
    # 石岩 plays the 镇街's part for two posts of 深圳 (same place elsewhere), so, like a 镇街's name, it is no
    # shared word besides
    lead = _facts("深圳石岩一间模具厂老板跑路，几十个工人讨薪", "08-01", "out_of_area",
                  district_elsewhere=["石岩", "深圳"])  # fmt: skip
    post = _facts(
        "石岩那边的厂老板跑了，工资冇得拿", "08-03", "out_of_area", district_elsewhere=["石岩", "深圳"]
    )
    lead.terms["石岩"] = post.terms["石岩"] = 0.5  # as a rarer place's name would be
    detail: dict = {}
    retold(post, lead, "", detail)
    assert detail["same_town"]
    assert not [w for w, _ in detail["shared"] if "石岩" in w]
