"""Where a case happens is not which case it is (issue 11, round 8b): a road, a village or a place elsewhere that
two tellings share weeks apart is another case there; a village both name counts once; an employer vetoes
another only by a name; a teller counting himself or not is one crew; Cantonese words of time tell nothing."""

from __future__ import annotations

from triage.casefacts import CaseFacts, agreement, case_facts, conflicts, retold
from triage.casewords import case_terms, weight


def _facts(text: str, day: str, district: str | None, **analysis) -> CaseFacts:
    return case_facts(text, {"district": district, **analysis}, f"2026-{day}T10:00:00+08:00")


def test_a_road_shared_weeks_apart_is_another_case_on_that_road():
    def facts(text: str, day: str) -> CaseFacts:
        return _facts(text, day, "东凤镇", sector="construction")

    lead = facts("东凤同富公路边上那个老楼翻新工程早就做完，建筑公司推说还没结算，工钱拖到现在", "09-03")
    days_later = facts("东凤同富公路上午有一群铺沥青的工人拦在路中间要工钱", "09-05")
    weeks_later = facts("东凤同富公路上午有一群铺沥青的工人拦在路中间要工钱", "10-28")
    assert retold(days_later, lead)[0] > 0
    assert retold(weeks_later, lead)[0] == 0


def test_a_village_both_name_counts_once():
    lead = _facts("民众沙仔村那个厂房工地，我们十二个人跟着包工头做水暖，还剩两万块工钱没拿到", "11-04", "民众街道",
                  district_places=["沙仔村"], workers_range=(12, 12), amount_range=(20000, 20000))  # fmt: skip
    # another site of the village, a crew on a crane eleven days later: the village alone is no case
    crane = _facts(
        "民众沙仔村那个楼盘工地，几个工人爬上塔吊讨工资", "11-15", "民众街道", district_places=["沙仔村"]
    )
    assert retold(crane, lead)[0] == 0
    # the village and the trade of the crew: the same case
    plumbers = _facts(
        "民众沙仔村那班做水暖的工人，工钱还是没拿到", "11-15", "民众街道", district_places=["沙仔村"]
    )
    assert retold(plumbers, lead)[0] > 0


def test_a_place_elsewhere_inside_a_shared_word_is_the_place_again():
    where = {"district_elsewhere": ["深圳", "南山", "南头"]}
    lead = _facts("南山南头街道楼盘工人拉横幅上街讨工钱", "01-10", "out_of_area", **where)
    text = "深圳南山南头街道一家服装加工厂老板跑了，工人工钱没着落"
    post = _facts(text, "01-12", "out_of_area", **where)
    assert (
        retold(post, lead, text)[0] == 0
    )  # the lead's name 南山南头街道 is looked for in the post as written


def test_an_employer_and_a_count_months_apart_are_another_case():
    first = _facts("黄圃新沙村一家服装厂五十多个工人被欠工资", "01-25", "黄圃镇", district_places=["新沙村"],
                   employer_names=["服装厂"], workers_range=(50, 59))  # fmt: skip
    again = _facts("黄圃新沙村服装厂几十个工人堵路讨薪", "02-05", "黄圃镇", district_places=["新沙村"],
                   employer_names=["服装厂"], workers_range=(20, 99))  # fmt: skip
    later = _facts("黄圃新沙村服装厂几十个工人堵路讨薪", "11-14", "黄圃镇", district_places=["新沙村"],
                   employer_names=["服装厂"], workers_range=(20, 99))  # fmt: skip
    assert agreement(again, first)[0] > 0
    assert agreement(later, first)[0] == 0


def test_only_a_name_vetoes_another_employer():
    def facts(*names: str) -> CaseFacts:
        return _facts("拖欠工资", "03-01", "坦洲镇", employer_names=list(names))

    # a trade, or words of the sentence cut before 公司, say what kind of business, not which one
    assert conflicts(facts("工程公司"), facts("钢结构厂")) == []
    assert conflicts(facts("中山三乡一酒店"), facts("国际酒店")) == []
    assert conflicts(facts("多次找公司"), facts("康晟电子厂")) == []
    assert any(why.startswith("单位") for why in conflicts(facts("康晟电子厂"), facts("宏达五金厂")))


def test_a_teller_counted_or_not_is_one_crew():
    def crew(low: int, high: int) -> CaseFacts:
        return _facts("拖欠工资", "03-01", "坦洲镇", workers_range=(low, high))

    assert conflicts(crew(8, 8), crew(9, 9)) == []  # 他和8个工友 / 我哋九个人
    assert conflicts(crew(65, 65), crew(66, 66)) == []
    assert any(why.startswith("工人") for why in conflicts(crew(8, 8), crew(10, 10)))
    assert any(why.startswith("工人") for why in conflicts(crew(4, 4), crew(20, 29)))


def test_an_exact_count_off_by_the_teller_agrees():
    lead = _facts("五桂山一处度假山庄，我带着本乡65位农民工做客房工程，完工后还剩48万多元工钱", "01-08", "五桂山街道",
                  workers_range=(66, 66), amount_range=(480000, 489999))  # fmt: skip
    text = "带着65个老乡干完度假村客房，48万尾款拖到现在"
    post = _facts(text, "01-20", None, workers_range=(65, 65), amount_range=(475200, 489999))
    assert retold(post, lead, text)[0] > 0
    # sixty is another crew's count
    other = _facts(text, "01-20", None, workers_range=(60, 60), amount_range=(475200, 489999))
    assert retold(other, lead, text)[0] == 0


def test_a_crew_of_a_larger_group_joins_when_the_words_say_twice_enough():
    lead = _facts("民众一在建产业园项目百余名工人讨薪，劳务公司负责人失联。分包单位要求他签字确认工作量才结算，"
                  "工人手里有现场签证单，跟班人员确认过，涉及电焊、瓦工等多个工种", "01-16", "民众街道",
                  workers_range=(100, 199))  # fmt: skip
    crew = _facts("帮工友发：民众街道一个工地拖欠多个工种工资，瓦工黄师傅和另外5个工友被欠5万多。分包单位要劳务公司"
                  "负责人签字才付，现场签证单上的工作量都是跟班的人确认过的", "01-18", "民众街道",
                  workers_range=(6, 6))  # fmt: skip
    assert retold(crew, lead)[0] > 0
    # six workers of one trade with little else in common are a crew of their own
    alone = _facts(
        "民众一个工地我们6个瓦工被拖欠工资，劳务公司不理", "01-18", "民众街道", workers_range=(6, 6)
    )
    assert retold(alone, lead)[0] == 0


def test_a_small_sum_beside_a_large_one_is_a_share_not_another_case():
    def owed(low: float, high: float) -> CaseFacts:
        return _facts("拖欠工资", "03-01", "坦洲镇", amount_range=(low, high))

    def clash(a: CaseFacts, b: CaseFacts) -> bool:
        return any(why.startswith("金额") for why in conflicts(a, b))

    assert not clash(owed(19800, 19800), owed(900000, 900000))  # one worker's 19800 of the crew's 90万
    assert clash(owed(500000, 500000), owed(900000, 900000))
    assert clash(owed(54000, 54000), owed(66000, 66000))  # one template told of two crews (5万4, 6万6)


def test_cantonese_words_of_time_tell_nothing():
    for word in ("琴晚", "琴日", "今朝", "听日"):
        assert weight(word) == 0.0
    terms, _names = case_terms("横栏嗰间公司琴晚又话工程质量有问题，三十几个装喉工人一蚊都冇收过")
    assert "琴晚" not in terms
    assert "工程质量" in terms
