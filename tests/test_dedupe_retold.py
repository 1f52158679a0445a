"""The same case told again in other words (issue 11): short names for long ones, estates without
their phase, approximate figures, a retelling without a 镇街; and what keeps other cases apart."""

from __future__ import annotations

import pipeline
import storage
from tests.conftest import make_post
from tests.test_dedupe import Stub
from triage.casefacts import CaseFacts, case_facts, retold
from triage.casewords import case_terms, shared, weight
from triage.text import canonical_text


def _run(db, posts):
    storage.upsert_posts(db, posts)
    return pipeline.run_pass(db, classifier=Stub())


def _lead(db, post_id: str) -> int:
    return db.execute(
        "SELECT lead_id FROM lead_posts JOIN posts ON posts.id = lead_posts.post_id WHERE posts.post_id = ?",
        [post_id],
    ).fetchone()[0]


def _at(n: int, text: str, day: str) -> dict:
    return make_post(n, text, posted_at=f"2026-{day}T10:00:00+08:00")


def test_rare_words_tell_and_common_ones_do_not():
    assert weight("讨薪") == 0.0  # every complaint says it (case_common.txt)
    assert weight("工地") < 0.3  # common in the background of complaints
    assert weight("瑞祺昌") == 1.0  # a name nobody else writes
    assert 0.3 < weight("轮毂") < 1.0


def test_names_are_found_by_their_form():
    terms, names = case_terms("神湾镇翠湖湾花园三期的工友，宏炜劳务欠我们工钱，在乐群二路那边", {"宏炜劳务"})
    assert {"翠湖湾", "乐群二路", "宏炜劳务"} <= names  # an estate without its phase, a road, an employer
    assert "神湾" not in " ".join(terms)  # the 镇街 is compared on its own
    short, _ = case_terms("翠湖湾三期的工钱几年了还没给")
    assert "翠湖湾" in short


def test_a_short_name_meets_the_long_one():
    assert shared({"瑞祺": 1.0}, {"瑞祺电子科技": 1.0}) == [("瑞祺", 1.0)]
    # a place's tail is not another place (沙涌村 and 树涌村 share 涌村)
    assert shared({"涌村": 0.8}, {"沙涌村": 1.0}) == []


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"2026-{day}T10:00:00+08:00")


def test_a_retelling_needs_evidence_and_nothing_against_it():
    lead = _facts("瑞祺电子科技有限公司宣布停产，九月工资没发", "10-08", "中山港街道",
                  employer_names=["瑞祺电子科技有限公司"], workers_range=(4000, 4000))  # fmt: skip
    post = _facts("瑞祺说不干就不干了，我们几千人站在门口", "10-08", "中山港街道", workers_range=(2000, 9999))
    assert retold(post, lead)[0] > 0
    elsewhere = _facts("瑞祺说不干就不干了，我们几千人站在门口", "10-08", "坦洲镇")
    assert retold(elsewhere, lead)[0] == 0  # another 镇街
    too_few = _facts("瑞祺说不干就不干了，我们八十个人", "10-08", "中山港街道", workers_range=(80, 80))
    assert (
        retold(too_few, lead)[0] == 0
    )  # a head count far outside the lead's (a crew of eight may be part of
    # the whole: tests/test_dedupe_counts.py)
    months_later = case_facts(
        "瑞祺说不干就不干了，我们几千人站在门口", {"district": "中山港街道"}, "2027-05-20T10:00:00+08:00"
    )
    assert retold(months_later, lead)[0] == 0  # months apart, beyond named_days: another story
    generic = _facts("一家电子厂停产，工资没发", "10-08", "中山港街道")
    assert retold(generic, lead)[0] == 0  # nothing telling in common


def test_those_still_unpaid_do_not_contradict_the_whole_group():
    lead = _facts("翠湖湾那个楼盘，一共170多人的工钱", "01-20", "南朗街道", workers_range=(170, 179))
    text = "翠湖湾那单，还有十几个师傅没收到钱"
    rest = _facts(text, "02-03", "南朗街道", workers_range=(10, 19), workers_subset=True)
    assert retold(rest, lead, canonical_text(text))[0] > 0  # the lead's name as written in the post


def test_the_same_case_on_other_platforms_ends_in_one_lead(db):
    _run(db, [
        _at(1, "沙溪涌边村的瑞祺制衣，老板放假后就锁了厂门，我们五十多个人三个半月工资快50万 #中山沙溪#", "09-16"),
        _at(2, "湧邊村瑞祺製衣個老細走佬，五十幾個車位三個半月冇出糧", "09-17"),
        _at(3, "工单：来电人称在沙溪镇涌边村瑞祺服装有限公司工作，拖欠53名员工约三个半月工资合计约48万元。", "09-19"),
        _at(4, "沙溪涌边村一家制衣厂拖欠9个工人两个月工资5万，老板叫小陈", "09-18"),  # another case, same village
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2") == _lead(db, "3") != _lead(db, "4")


def test_a_retelling_without_a_town_joins_by_a_shared_name(db):
    _run(db, [
        _at(1, "神湾翠湖湾花园三期的工友，宏炜劳务欠我们两百多号人的工资 #中山神湾#", "12-03"),
        _at(2, "翠湖湾三期的工钱，几年了还没给", "12-20"),
        _at(3, "翠湖湾三期的工钱，几年了还没给", "12-20"),  # an exact copy: the same lead too
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2") == _lead(db, "3")
    lead = storage.get_lead(db, _lead(db, "1"))
    assert lead["district"] == "神湾镇"
    assert lead["post_count"] == 3


def test_a_short_retelling_of_a_closing_joins_by_trade_and_event(db):
    # round 3: a closing (结业, 执笠) is an event both tellings tell, 帽子 and 帽厂 one trade
    _run(db, [
        _at(1, "火炬开发区一家做出口帽子的老厂贴了结业公告，拖欠工资，工人把车间锁了不让出货", "09-02"),
        _at(2, "张家边帽厂执笠，欠薪靠卖机器还", "09-03"),
        _at(3, "张家边一间五金厂执笠，人工冇出", "09-03"),  # another trade: another case
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2") != _lead(db, "3")


def test_one_worker_told_of_twice_joins_within_days(db):
    # a husband's post and his 12345 ticket: one worker each, one 镇街, one trade (纺织, 刺绣), two days apart
    _run(db, [
        _at(1, "我老婆在板芙一家纺织厂刺绣车间做了三年，累倒住院，公司社保一分没交，医药费全自费", "11-20"),
        _at(2, "来电人反映：其妻在板芙镇某纺织企业工作，企业未为其缴纳社会保险，住院费用无法报销", "11-22"),
        _at(3, "来电人反映：其子在板芙镇某家具厂工作，工资两个月未发", "11-22"),  # another trade
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2") != _lead(db, "3")


def test_a_province_and_a_place_in_it_are_one_place_elsewhere():
    from triage.casefacts import conflicts

    def facts(*where: str) -> CaseFacts:
        return _facts("工厂关门，工资没发", "11-07", "out_of_area", district_elsewhere=list(where))

    assert conflicts(facts("湖南"), facts("永州")) == []
    assert conflicts(facts("湖南"), facts("湖南", "永州")) == []
    assert conflicts(facts("湖南"), facts("广州"))  # another province
    assert conflicts(facts("攀枝花"), facts("防城港"))  # two cities that do not meet


def test_hong_kong_words_and_hong_kong_are_one_place(db):
    # 劳工处 is an office, not a place that contradicts 香港; 强积金 points at 香港 too
    _run(db, [
        _at(1, "连锁粥店海皇结业，约百名员工被拖欠薪金约1500万，员工向劳工处求助", "06-03"),
        _at(2, "香港海皇粥店执笠，百几个伙记话俾公司欠成千五万，强积金都断咗供", "06-04"),
    ])  # fmt: skip
    assert _lead(db, "1") == _lead(db, "2")


def test_a_whole_city_elsewhere_is_not_one_site(db):
    # two Hong Kong posts about two workplaces: the city and the words every Hong Kong post uses (拖粮, 工会,
    # 代通知金) are no evidence of one case (issue 11, round 4)
    _run(db, [
        _at(1, "香港一间茶餐厅拖粮两个月，老细话下个月先出，工会已经帮手揾劳工处，连代通知金都冇", "03-02"),
        _at(2, "香港有个装修判头走佬，十几个师傅拖粮三个月，工会话会跟进，代通知金都冇人理", "03-05"),
    ])  # fmt: skip
    assert _lead(db, "1") != _lead(db, "2")
    # nor the chain of subcontractors every Hong Kong site has, nor the formal word for wages
    assert weight("二判") == weight("大判") == weight("薪金") == 0.0


def test_a_city_district_that_a_town_also_names_stays_a_finer_place():
    post = _facts("攀枝花东区一个工地拖欠工资", "03-02", "out_of_area", district_elsewhere=["攀枝花"])
    assert "攀枝花东区" in post.elsewhere  # 东区 alone is a Zhongshan name the districts leave out
    assert weight("代通知金") < weight("鼎泓") / 2  # a word only Hong Kong uses says where, little more


def test_what_a_restaurant_serves_is_no_name_and_a_crane_is_a_crane():
    from triage.casefacts import conflicts

    japanese = _facts(
        "莲峰那家日料店突然关门，十五个人的工资没发", "04-02", "石岐街道", employer_names=["日料店"]
    )
    cantonese = _facts(
        "莲峰间日本餐厅执笠，十五个伙计冇人工", "04-03", "石岐街道", employer_names=["日本餐厅"]
    )
    assert conflicts(japanese, cantonese) == []  # 日料 and 日本 are what it serves, not two names
    crane = _facts("工地有人爬上吊机讨薪", "06-01", None, group_signals=["爬上吊机"])
    tower = _facts("有个师傅爬上塔吊，话判头欠佢钱", "06-01", None, group_signals=["爬上塔吊"])
    assert crane.actions == tower.actions == {"塔吊"}


def test_two_long_tellings_need_more_than_a_few_words_in_common():
    # two long 留言板 letters of one 镇街 share a couple of ordinary words of their many by chance (钢结构, 幕墙)
    # (verbs such as 分包 or 结算 count half whatever the length: triage.wordkinds)
    def letter(own: str, n: int, day: str) -> CaseFacts:
        terms = {f"{own}{i}": 0.6 for i in range(n)} | {"钢结构": 0.45, "幕墙": 0.3}
        return CaseFacts(district="横栏镇", terms=terms, seen=(day, day), sector="construction")

    assert retold(letter("甲", 20, "2026-06-18"), letter("乙", 20, "2026-06-10"))[0] == 0.0
    # short tellings that share them still meet
    assert retold(letter("甲", 3, "2026-06-18"), letter("乙", 3, "2026-06-10"))[0] > 0


def test_an_anonymised_or_generic_party_is_no_name():
    ticket = _facts("来电人称受雇于某清洁服务公司，被派驻某小区做保洁", "05-03", "out_of_area",
                    employer_names=["受雇于某清洁服务公司", "甲方"])  # fmt: skip
    assert ticket.employers == set()


def test_one_village_and_three_facts_are_evidence():
    def facts(day: str, **kw) -> CaseFacts:
        return CaseFacts(district="坦洲镇", seen=(f"2026-{day}", f"2026-{day}"), **kw)

    # a letter and a Cantonese post days later: the village of the 镇街 both name counts besides the word
    letter = facts("06-18", villages={"沙心"}, terms={"沙心": 0.7, "钢结构": 0.8})
    short = facts("06-23", villages={"沙心"}, terms={"沙心": 0.7, "判头": 0.5})
    assert retold(short, letter)[0] > 0
    # three facts agree (the crowd's size, the months, the trade) with no word in common
    first = facts("07-01", workers=(800, 899), months=3, trades={"五金"})
    again = facts("07-03", workers=(800, 800), months=3, trades={"五金"})
    assert retold(again, first)[0] > 0
    assert (
        retold(facts("07-03", workers=(800, 800), trades={"五金"}), first)[0] == 0
    )  # two are not enough here


def test_a_lone_workers_post_joins_within_a_week_by_a_telling_word():
    from triage.casefacts import merge_facts

    def facts(day: str, **kw) -> CaseFacts:
        return CaseFacts(district="东凤镇", seen=(f"2026-{day}", f"2026-{day}"), **kw)

    group = facts("11-10", workers=(30, 39), terms={"压铸": 0.7, "停产": 0.36})
    mine = facts("11-15", amount=(3000, 3999), amount_part=True, terms={"压铸厂": 0.7, "学费": 0.3})
    assert (
        retold(mine, group)[0] > 0
    )  # 我这三千多块…: one worker's own share, a week later, the rare trade word
    assert retold(facts("11-15", amount=(3000, 3999), amount_part=True, terms={"学费": 0.3}), group)[0] == 0
    # the lead keeps knowing that its amount is one worker's share, so the group's letter still meets it
    assert merge_facts(facts("11-10"), mine).amount_part is True


def test_two_workers_own_shares_do_not_contradict():
    from triage.casefacts import conflicts

    mine = CaseFacts(district="东凤镇", amount=(3000, 3999), amount_part=True)
    his = CaseFacts(district="东凤镇", amount=(12000, 12000), amount_part=True)
    assert conflicts(mine, his) == conflicts(his, mine) == []
    assert conflicts(
        mine, CaseFacts(district="东凤镇", amount=(2000, 2999))
    )  # a whole below a share still does


def test_one_thing_said_two_ways_is_one_word():
    # the trade's jargon and Cantonese for what a letter writes out (case_synonyms.tsv): 砼 is 混凝土, 批荡 is 抹灰
    jargon, _ = case_terms("三乡那个厂房砼班组的工钱谁管")
    assert "混凝土" in jargon
    cantonese, _ = case_terms("坦洲嗰个盘啲批荡佬冇粮出")
    assert "抹灰" in cantonese
    from triage.casewords import SYNONYMS

    rows = [
        line.split("\t")
        for line in SYNONYMS.read_text(encoding="utf-8").splitlines()
        if line and line[0] != "#"
    ]
    assert all(len(row) == 3 and row[2].strip() for row in rows)  # every row says where it comes from


def test_a_place_read_back_from_its_park_loses_the_town_before_it():
    # 港口 + 群乐工业区: the park is 群乐, not 口群乐
    assert _facts("港口群乐工业区一间厂欠薪", "03-01", "港口镇").places == {"群乐"}


def test_the_quick_test_for_shared_words_misses_none():
    # retold asks casewords.shared only when a cheap test says a word may be shared: never wrongly "none"
    from triage.casefacts import _may_share
    from triage.casewords import shared

    post = {"康晟": 1.0, "电饭煲": 0.8, "沙涌村": 0.7, "工地": 0.4}
    for lead in ({"康晟电子": 0.9}, {"电饭": 0.5}, {"饭煲厂": 0.9}, {"涌村": 0.9}, {"工资": 0.4}, {}, {"沙涌村": 0.3},
                 {"晟": 0.9}, {"老板": 0.9, "工地": 0.2}):  # fmt: skip
        assert _may_share(post, lead) == bool(shared(post, lead)), lead
    assert _may_share(post, {"康晟电子": 0.9})
    assert not _may_share(post, {"工资": 0.4})
