"""Issue 11 (am11): how posts state how much is owed, and what is not the arrears, as triage/data/money_words.toml
describes them; invented sentences (no sentence, name or figure of an evaluation or phrasings set)."""

from __future__ import annotations

import pytest

from tests.extractkit import facts

# ---- the forms of a sum owed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("老板跑了，欠我们二十几个工人四十几万工资", 400_000),  # a vague written numeral: its lower bound
        ("包工头拖了我们十个人万把块工钱", 10_000),  # 万把块: about ten thousand
        ("老板欠我们五个工友两千大几的人工没给", 2_000),  # 两千大几: two thousand and a good few hundred
        ("厂里拖欠30多名工人工资十来万", 100_000),  # 十来万
        ("老板跑路，欠了工人工资过万", 10_000),  # 过万: over ten thousand
        ("老板欠我哋十几个人三四万人工", 30_000),  # a range of two numerals: its low end
        ("厂里拖欠工人工资30万元整", 300_000),  # 元整
        ("工厂老板拖欠25名员工工资共計30萬元", 300_000),  # traditional script 萬
        ("老板走佬，欠我哋八个人千五蚊人工", 1_500),  # Cantonese 蚊, 千五
        ("工地拖欠28名工人工资，每人3000元", 84_000),  # each one's share times the count
        ("工地拖欠工人工资，每人3000元×28人", 84_000),  # … the count told by ×
        ("厂里欠20个人人均四千", 80_000),  # 人均
        ("一共欠了我们15个工友8万多，其中老陈3万", 80_000),  # the total, not one part
        ("老板拖欠我们10个人工资5万，已经结了2万，余下3万没给", 30_000),  # what is left
        ("老板拖欠我们10个人工资，总共12万元，尚欠7万元", 70_000),  # 尚欠 wins over the total
        ("欠薪六位数，老板失联", None),  # 六位数 is no figure
    ],
)
def test_forms_of_a_sum_owed(text, amount):
    assert facts(text)[1] == amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("公司倒闭，积欠员工薪资及资遣费约3200万元", 32_000_000),  # wages lumped with severance count (q. 8)
        ("酒楼执笠，我哋连欠薪带遣散费差唔多八万", 80_000),  # 连…带…
        ("站点拖欠我们十几个骑手三个月配送费共九万多", 90_000),  # a courier's pay by the piece
        ("包工头拖欠我们6个人劳务费4万元", 40_000),  # 劳务费 is pay
        ("网传某工厂欠薪千万，几百名工人围厂", 10_000_000),  # 欠薪千万: a figure, not an adverb
    ],
)
def test_pay_named_as_a_fee_is_wages(text, amount):
    assert facts(text)[1] == amount


# ---- what is not the arrears ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # fees: any word ending in 费, before or after the figure
        "中介让每个新来的工人交350元报名费，工资倒是按月发",
        "培训机构跑路了，我交的两万多课程费用打了水漂",
        "人力公司向移工收取介绍费逾60万元，被劳工局罚款",
        "货车师傅说车一年维修费2万多元，油钱另算",
        # a fine, told as a range: both ends are the fine
        "劳工局表示，雇主未按时发薪可处3万至150万元罚锾",
        # a court case's object sum, rent, money spent
        "这家公司刚因为七百多万的标的被法院立案执行",
        "我系业主，个老细仲欠我四十几万租，厂入面啲机唔知点算",
        "屋企带落嚟嗰两千几蚊都使晒，老细仲未出粮",
    ],
)
def test_fees_fines_and_other_money_are_not_wages(text):
    assert facts(text)[1] is None


@pytest.mark.parametrize(
    "text",
    [
        "市劳动监察支队今年受理欠薪投诉352件，为1860名农民工追回工资2140万元。",
        "某区通报：截至月底共掌握欠薪案件63起，已化解51起，追回欠薪280余万元，惠及农民工97人。",
        "工会今年接获地盘欠薪求助四十多宗，涉款约900万元。",
        "法律援助站共接待咨询820人次，为工人讨回工资款3,215,600元。",
    ],
)
def test_a_reports_statistics_are_no_cases_arrears(text):
    assert facts(text)[1] is None


def test_a_single_case_recovered_keeps_its_sum():
    # one case told, no tally of cases: what was recovered is what was owed
    assert facts("劳动监察大队帮37名农民工讨回了被拖欠的46万元工资")[1] == 460_000


def test_goods_counted_by_the_piece_do_not_make_statistics():
    assert facts("老板连夜拉走了800多件货，欠我们42个人工资共19万，投诉也没用")[1] == 190_000


@pytest.mark.parametrize(
    "text",
    [
        "在万科广场附近的电子厂，老板跑了，工人两个月没发工资",  # 万科: a name
        "老板说能把工资要回来就算万幸了，工人们都在厂门口等",  # 万幸
        "提醒工友：老板拖工资千万别动手，找人社部门",  # 千万别: an adverb
    ],
)
def test_a_lone_scale_word_is_no_figure(text):
    assert facts(text)[1] is None


def test_each_ones_wages_with_no_count_give_no_total():
    # 每人的总工资将近两万: each one's wages; nobody is counted, so no total
    assert facts("干完活老板只给了每个人三千多块，每人的总工资将近两万，剩下的一直拖着")[1] is None


def test_one_case_told_within_a_tally_keeps_its_sum():
    # a tally of requests, then one site's case after 其中: that case's sum
    text = "工会表示近两周接获三十多宗欠薪求助，其中一个商场地盘拖欠工人两个月工资，涉款约260万元。"
    assert facts(text)[1] == 2_600_000


def test_what_each_day_takes_is_a_rate():
    # 每日被扣起的180元: a daily deduction, not the sum owed
    assert facts("工人话讲好日薪五百元，要求发还每日被扣起的一百八十元，否则唔落嚟")[1] is None


@pytest.mark.parametrize(
    "text",
    [
        "去年在工地干了五个月挣了四万多块钱，今年还没找到活",  # what was earned
        "工人说月薪飙到九千元，老板仍招不到人",  # a pay level told with a verb
        "欠薪举报电话：市劳动监察支队26681234；东区分局28893456",  # phone numbers listed
        "小李先后找老板预支了800元和3000元，工资到月底才发",  # parts of a paid sum, both paid
        "去年全省共帮助3400余名农民工讨回工资2600余万元。",  # a whole region's work summed
    ],
)
def test_earnings_rates_phones_advances_and_regions_are_not_arrears(text):
    assert facts(text)[1] is None


def test_a_case_before_a_regions_sum_keeps_its_own():
    text = "法院判决包工头支付27名农民工43万余元；去年全市累计为900多名农民工讨回工资两千多万元。"
    assert facts(text)[1] == 430_000


def test_several_ten_thousands_after_a_count_of_people_read_as_jiwan():
    # 两人数万元: 数万 read as 几万, its lower bound 20000 (as 几十 is 20 and 几百万 is 2000000)
    assert facts("镇里接到两名装修工人的投诉，两人数万元的工钱拖了三个月")[1] == 20_000


def test_the_rest_said_unpaid_after_a_part_paid():
    text = "公司欠我去年3月到6月的工资共计48,200.50元，后来只付了8,200.50元，剩下的说没钱一直没给，我每月工资是税后12,000元。"
    assert facts(text)[1] == 40_000


def test_what_a_part_of_the_group_still_lacks_is_not_the_groups_rest():
    text = (
        "40多名工人被一家装修公司拖欠11万多元工资。小周说，他和另外9人公司年底给了他们2万多元，还有3万多元没给；"
        "老杨说他们十几个人还有1万余元没拿到。"
    )
    assert facts(text)[1] == 110_000


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("工地老板跑了，拖欠我们三十几个师傅三百几万工钱", 3_000_000),  # 三百几万: its lower bound
        ("老细走佬，成千几个工人一月份人工冇出，听讲成二百五十几万", 2_500_000),
        ("46个工人83万多的工资没给", 830_000),
    ],
)
def test_vague_figures_read_at_their_lower_bound(text, amount):
    assert facts(text)[1] == amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("判头走佬，拖咗我哋六个师傅三皮人工", 30_000),  # 皮: ten thousand
        ("老细走佬，欠我哋三个人八嚿水", 800),  # 嚿水: a hundred
        ("老细话冇钱，仲拖住我哋七撇水人工", 7_000),  # 撇水: a thousand
        ("二判拖咗我哋成廿几皮嘢人工，打电话都唔听", 200_000),
        ("工厂倒闭，欠工人工资，我连两皮鞋都买唔起", None),  # 皮鞋: leather shoes, no sum
    ],
)
def test_cantonese_slang_for_sums(text, amount):
    assert facts(text)[1] == amount


def test_a_range_told_with_a_pause_mark():
    assert facts("老板跑路，欠我们十几个工友三、四万工钱")[1] == 30_000
