"""First triage: 镇街 assignment with the traps of DOMAIN.md, facts, priority, exact-duplicate keys."""

from __future__ import annotations

import pytest

from triage.dedupe import case_key
from triage.districts import OUT_OF_AREA, assign_district
from triage.extract import extract_facts, mask_phone
from triage.numbers import chinese_number
from triage.priority import prioritize


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("坦洲镇界狮南路一工地欠薪", "坦洲镇"),
        ("火炬开发区某电子厂拖欠工资", "中山港街道"),
        ("张家边一家餐厅老板跑路", "中山港街道"),
        ("东升镇的厂两个月冇出粮", "小榄镇"),  # 东升 merged into 小榄 in 2021
        ("民众镇某工地欠薪", "民众街道"),
        ("我在中山东区打工，老板欠薪", "东区街道"),
        ("古镇灯饰厂拖欠工资", "古镇镇"),
        ("我们在中山港口镇做游戏机，厂里欠工资", "港口镇"),
        ("广州南区一工地欠薪", OUT_OF_AREA),  # 南区 of another city
        ("佛山顺德某家具厂欠薪", OUT_OF_AREA),
        ("港口的货船今天没出海", None),  # a harbour, not 港口镇
        ("这个古镇的老街很好逛", None),  # an old town
        ("三角形的面积怎么算", None),
        ("民众的眼睛是雪亮的", None),
        ("老板欠了我们三个月工资", None),
    ],
)
def test_district_assignment(text, district):
    assert assign_district(text).name == district


def test_assignment_carries_a_readable_reason():
    result = assign_district("坦洲界狮南路一工地欠薪")
    assert result.reason.endswith("→ 坦洲镇")
    assert "坦洲" in result.reason
    assert 0 < result.confidence <= 1


@pytest.mark.parametrize(
    ("token", "value"),
    [("十二", 12), ("二十", 20), ("两千", 2000), ("一百零五", 105), ("3.5", 3.5), ("十", 10)],
)
def test_chinese_numbers(token, value):
    assert chinese_number(token) == value


@pytest.mark.parametrize(
    ("text", "workers", "amount"),
    [
        ("我们班组12人，老板欠了三万多", 12, 30000),
        ("二十多个工友被拖欠3万5工资", 20, 35000),
        ("3.5w的人工冇出粮", None, 35000),
        ("十几万工资没发", None, 100000),
        ("人均四千×20人", 20, 80000),
        ("欠35000元，电话13800001234", None, 35000),
    ],
)
def test_workers_and_amounts(text, workers, amount):
    facts = extract_facts(text)
    assert (facts.workers, facts.amount_yuan) == (workers, amount)


def test_months_relative_to_the_post_date_and_signals():
    facts = extract_facts("从去年十月到现在没发工资，再不给就去市政府拉横幅", "2026-11-20T10:00:00+08:00")
    assert facts.months_unpaid == 13
    assert facts.group_incident
    assert "拉横幅" in facts.group_signals
    assert extract_facts("拖了三个月工资").months_unpaid == 3


def test_phones_are_kept_and_masked_for_display():
    assert extract_facts("联系我13800001234").phones == ["13800001234"]
    assert mask_phone("13800001234") == "138****1234"


@pytest.mark.parametrize(
    ("label", "facts", "priority"),
    [
        ("wage_arrears", {"group_incident": True}, "P1"),
        ("wage_arrears", {"workers": 30}, "P1"),
        ("wage_arrears", {"amount_yuan": 1_000_000}, "P1"),
        ("wage_arrears", {"sector": "construction"}, "P2"),
        ("wage_arrears", {"gov_project": True}, "P2"),
        ("wage_arrears", {"workers": 10}, "P2"),
        ("wage_arrears", {"amount_yuan": 100_000}, "P2"),
        ("wage_arrears", {"workers": 3, "amount_yuan": 9000}, "P3"),
        ("other_labor", {"workers": 100}, "P3"),
        ("irrelevant", {"workers": 100}, None),
    ],
)
def test_priority_rules(label, facts, priority):
    assert prioritize(label, facts)[0] == priority


def test_reposts_share_a_case_key_and_different_cases_do_not():
    original = "坦洲镇某工地拖欠我们二十多个工友三个月工资，求助！"
    assert case_key(original) == case_key(f"#中山欠薪# {original}[怒]😡 @中山人社")
    assert case_key(original) == case_key(f"转发微博：{original} http://t.cn/A6x")
    assert case_key(original) != case_key(original.replace("坦洲镇", "三乡镇"))


# ---- issue 4: the forms officers meet ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers", "amount"),
    [
        ("我们班组12人，一共18万6千块", 12, 186000),
        ("二十五个工人三个月工资三十七万五千元没发", 25, 375000),
        ("一百二十多个工人三个月300多万工钱没发", 120, 3000000),
        ("50余名工人讨薪，合计约150万元", 50, 1500000),
        ("欠泥水工钱：我们9个人做了两个月，7万2，包工头说等验收", 9, 72000),
        ("20名季节工的工钱人均约5000元", 20, 100000),
        ("11个车位，每个人6000，老板说冬装订单没结款", 11, 66000),
        ("6个货车司机三个月工资5万4没发", 6, 54000),
        ("我和另外两个服务员的工资26000元老板一直拖", 3, 26000),
        ("我同老公两个人两个月人工一万四未出", 2, 14000),
        ("我妈在制衣厂剪线头，三个月工资一万二没拿到", 1, 12000),
        ("我们十几个都是一个村出来的老乡", 10, None),
        ("53个兄弟5个月的工钱64万一分没拿到", 53, 640000),
        ("月薪6000，老板拖了我三个月", None, None),  # a rate, not the amount owed
        ("总包欠分包工程款500万，我们30个工人的工资80万也没发", 30, 800000),
        ("lb拖gz两个月了，我们8个车位48000", 8, 48000),
        ("黃圃鎮一間家電配件廠，欠我哋11個工人七萬多人工", 11, 70000),
    ],
)
def test_workers_and_amounts_as_officers_read_them(text, workers, amount):
    facts = extract_facts(text)
    assert (facts.workers, facts.amount_yuan) == (workers, amount)


def test_a_truncated_figure_is_not_shown_but_its_range_is_kept():
    facts = extract_facts("大涌安堂村一家牛仔裤厂，我们9个车工三个月工资8万…")
    assert facts.amount_yuan is None
    assert facts.amount_range == (80000, 89999)


@pytest.mark.parametrize(
    ("text", "posted_at", "months"),
    [
        ("六七八三个月的人工一分没结", None, 3),
        ("企业拖欠其7、8月工资共约120万元", None, 2),
        ("6到8月的工资33万都没拿到", None, 3),
        ("从七月到现在一分钱没拿到", "2026-11-15T09:00:00+08:00", 4),
        ("自今年5月起未领到工资", "2026-09-15T09:00:00+08:00", 4),
        ("老细冇出粮成个半月", None, 1.5),
        ("拖了半年了", None, 6),
        ("上个月的工资90万没发", None, 1),
        ("两个月24000块工资没发", None, 2),
    ],
)
def test_months_unpaid(text, posted_at, months):
    assert extract_facts(text, posted_at).months_unpaid == months


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("今天我们去总包项目部拉横幅了", "拉横幅"),
        ("大家把厂门堵了", "堵了"),
        ("工人爬上塔吊讨薪", "爬上塔吊"),
        ("再不给钱我就从楼顶跳下去", "跳下去"),
        ("准备下周一集体到市政府反映", "集体到"),
        ("大家去105国道上拦车", "拦车"),
        ("今天全厂罢工", "罢工"),
        ("翠亨新区那个产业园工地三百多人讨薪", "300人讨薪"),
    ],
)
def test_collective_action_and_escalation_signals(text, signal):
    facts = extract_facts(text)
    assert facts.group_incident
    assert signal in facts.group_signals


def test_a_hashtag_is_not_a_collective_action():
    assert not extract_facts("#农民工讨薪# 我们班组14个人三个月人工没结").group_incident


def test_employer_project_foreman_and_regulators_as_written():
    facts = extract_facts(
        "南朗横门一个海堤加固工程，是水务的项目，包工头黄某拖欠我们40个工人60万，项目部说财政款没下来"
    )
    assert facts.project
    assert "海堤加固工程" in facts.project
    assert facts.foreman == "包工头黄某"
    assert facts.gov_project
    assert facts.regulators == ["住建", "水务"]
    assert extract_facts("三乡镇鸿达电子厂拖欠我们17个员工").employer == "鸿达电子厂"
    assert extract_facts("石岐一家国企下属的酒店欠薪").regulators == ["国资"]


@pytest.mark.parametrize(
    ("text", "region", "district"),
    [
        ("黃圃鎮一間家電配件廠，欠我哋11個工人七萬多人工", None, "黄圃镇"),  # traditional characters
        ("黄圃腊味厂做季节工，人均四千×20人", None, "黄圃镇"),  # 黄圃 inside 黄圃腊味
        ("民众一个物流园开叉车的，被辞退了", None, "民众街道"),  # 民众 used as a place
        ("古镇这边灯饰厂计件单价又降了", None, "古镇镇"),  # 古镇 + its lighting industry
        ("五桂山长命水村附近一度假村改造工程欠薪", None, "五桂山街道"),
        ("东升同茂工业区办公家具厂三个月没发工资", None, "小榄镇"),
        ("裕洲那边的工地拖欠工资", "广东", "坦洲镇"),  # a village short form, the Weibo region as a weak hint
        ("裕洲那边的工地拖欠工资", "湖南", None),
        ("丽江古镇的客栈老板拖了我们三个义工的工资", None, "out_of_area"),
        ("江门蓬江区一个工业园西区的五金厂欠薪", None, "out_of_area"),
        ("珠海斗门白蕉那边一家海鲜厂欠薪，我们都是从中山过来打工的", None, "out_of_area"),
        ("深圳龙华那家电子厂欠我们工资，中山这边人社管得好，可惜我们在深圳", None, "out_of_area"),
        ("我是广州人，在中山打工，老板欠薪三个月", None, None),
        ("中山的三角梅开得正好", None, None),
        ("港口的货轮今天排到了外海", "广东", None),
    ],
)
def test_more_district_cases(text, region, district):
    assert assign_district(text, region).name == district


def test_an_unassigned_post_says_why_and_places_are_listed():
    result = assign_district("老板欠了我们三个月工资", "湖南")
    assert result.name is None
    assert "湖南" in result.reason
    placed = assign_district("坦洲界狮南路裕洲村一个工地欠薪")
    assert placed.name == "坦洲镇"
    assert set(placed.places) == {"界狮南路", "裕洲村"}


def test_every_town_has_gazetteer_rows_with_a_source():
    from triage.districts import load_gazetteer

    gazetteer = load_gazetteer()
    assert len(gazetteer.towns) == 23
    import csv
    from pathlib import Path

    path = Path(__file__).parents[1] / "triage" / "data" / "gazetteer.tsv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    assert all(row["source"].strip() for row in rows)
    by_town = {town: {r["kind"] for r in rows if r["town"] == town} for town in gazetteer.towns}
    assert all(len(kinds) >= 2 for kinds in by_town.values()), by_town


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("马安村一个工地拖欠工资", None),  # 马安村 of 黄圃 and the one of 南朗 (moved from 中山港 in 2021)
        ("黄圃马安村一个工地拖欠工资", "黄圃镇"),
        ("南朗马安村那边一个厂房欠薪", "南朗街道"),
        ("马安社区一个工地拖欠工资", "南朗街道"),  # NBS 2023: 马安社区 is 南朗's alone
        ("濠涌村一间厂欠了我们两个月人工", None),  # 濠涌村 of 沙溪 and of 南朗
        ("沙溪濠涌村一间制衣厂欠了我们两个月人工", "沙溪镇"),
    ],
)
def test_a_village_name_of_two_towns_names_neither_alone(text, district):
    assert assign_district(text).name == district


def test_a_name_in_two_towns_is_ambiguous_not_the_first_row(tmp_path):
    from triage.districts import DATA, load_gazetteer

    gazetteer_file = tmp_path / "gazetteer.tsv"
    gazetteer_file.write_text(
        "name\ttown\tkind\tcontext\tsource\n"
        "黄圃\t黄圃镇\t别名\tno\ttest\n"
        "南朗\t南朗街道\t别名\tno\ttest\n"
        "马安村\t黄圃镇\t村\tno\ttest\n"
        "马安村\t南朗街道\t村\tno\ttest\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(gazetteer_file, DATA / "out_of_area.txt", DATA / "traps.tsv")
    alone = assign_district("马安村一个工地拖欠工资", gazetteer=gazetteer)
    assert alone.name is None
    assert "黄圃镇" in alone.reason
    assert "南朗街道" in alone.reason
    assert assign_district("南朗马安村一个工地拖欠工资", gazetteer=gazetteer).name == "南朗街道"
    placed = assign_district("黄圃马安村一个工地拖欠工资", gazetteer=gazetteer)
    assert placed.name == "黄圃镇"
    assert placed.places == ("马安村",)


def test_triage_reads_zhe_as_the_classifier_does():
    # issue 11, round 4: Hong Kong and Taiwan write the particle 着 as 著; 著名 stays
    from triage.text import to_simplified

    assert to_simplified("工頭拖著工錢不發，那間著名酒樓") == "工头拖着工钱不发,那间著名酒楼"
