"""Issue 11, round 10 (ex10): forms of counts, sums and months read on phrasings-d, with invented examples
(no sentence, name or figure of the phrasings sets or of an evaluation set)."""

from __future__ import annotations

import pytest

from tests.extractkit import facts

# ---- who is owed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workers"),
    [
        ("阿芳和另外213名姐妹在鞋厂做了一年，老板卷款跑了，工资一分没拿到", 214),  # one named + 另外N
        ("求助：自己和湖北队另外27名工友在工地干完活，包工头不发工资", 28),  # 自己, a crew word between
        ("钟某和三位同事找到劳动站，说公司拖了两个月工资", 4),  # X和N位同事
        ("去年春天，李大海带着老婆、女儿和6名老乡在工地贴砖，工钱一直拖着", 9),  # a leader's family
        ("船上共有40名船员，其中31名本地船员已近五个月没领到工资", 31),  # the count told as unpaid
        ("项目经理拖欠罗某、姚某等17名工人工资9万元", 17),  # 拖欠X某等N名
    ],
)
def test_who_is_counted(text, workers):
    assert facts(text)[0] == workers


@pytest.mark.parametrize(
    "text",
    [
        "一年来法律援助站接待咨询800多件，涉及3100人次，讨回工资款几百万",  # 人次: a tally, not people
        "基金今年为3500名员工垫付欠薪6000多万元",  # a fund's advance: a statistic
    ],
)
def test_tallies_are_no_count_of_those_owed(text):
    assert facts(text)[0] is None


def test_a_vague_crew_beside_one_named_keeps_its_bound():
    # 老周和十几名工友: a vague crew stays at its lower bound, the one named not added (as the sets count it)
    assert facts("老周和十几名工友给楼盘刷完外墙，工钱一直没结")[0] == 10


# ---- how much -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "小吴在厂里做了八个月，合同写月薪4200元，不加班能到5200元，老板说没钱发",  # what one can reach
        "阿姨说家政公司写的工资是9000元/26天，中介费交了5400元",  # a pay level per 26 days
        "按每平方米38元结算，做了两千多平方，包工头一直拖着不给",  # a unit rate
        "张某在镇上的酒店当保安，每人纯收入能有两万元，老板跑路了",  # income
        "工友们说老板还欠着钱，只先讨回了三万元",  # recovered, not owed
        "讨薪的工人发现包工头花了12万元买车",  # money spent
    ],
)
def test_rates_fees_and_money_moved_are_not_the_arrears(text):
    assert facts(text)[1] is None


def test_another_workers_own_share_is_not_the_groups_total():
    # 他和七八个工友…还欠他5200元: one worker's own share, with others counted
    assert facts("韩师傅和七八个工友在医院工地做了半个月水电，公司只付了一半，还欠他5200元")[1] is None


def test_the_wages_of_those_counted_within_the_sites_total():
    text = "退场协议确认欠付工人工资总计300万余元，其中老吴等二十名工人的工资合计41.5万余元，一直没到账"
    assert facts(text)[1] == 415000


def test_still_owed_told_with_those_still_waiting():
    text = "开发商先后拖欠90余名农民工工资80余万元，到月底尚有40余名农民工30余万元工资没有到位"
    assert facts(text)[1] == 300000


def test_a_contract_debt_in_the_clause_before_does_not_hide_the_wages():
    # 收不到工程款，3万块工钱拖到现在: the wages are named in their own clause
    assert facts("我们5个人在民宿刷墙，包工头说收不到工程款，4万块工钱拖到现在")[1] == 40000


def test_court_costs_and_bonuses_are_not_wages():
    assert facts("外卖员被剔出诉讼，平台还要他付18万元讼费")[1] is None
    assert facts("招工时说一个月4000元，外加500元满勤奖，结果工钱一直拖")[1] is None


# ---- how long -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("餐厅个多月冇出粮，老细电话都唔听", 1.0),  # 个多月 alone
        ("学校的老师半年没领到工资了", 6.0),  # 半年没领到
        ("她们来这里一年多了没领过工资", 12.0),
        ("公司从5月起就拖欠我们的工资，到现在三个多月了", 3.0),  # the length told past a comma
        ("4年过去了，还欠着工人十几万", 48.0),
        ("四名员工说由去年10月至今年1月被欠薪", 4.0),  # a span across the year's end
    ],
)
def test_months_unpaid(text, months):
    assert facts(text)[2] == months


def test_waiting_is_not_months_unpaid():
    assert facts("十个民工在工棚里等了一个月工钱，包工头还是没来")[2] is None


@pytest.mark.parametrize(
    "text",
    [
        "刘某和十个工人签了合同，日工资450元，干完活后老板跑了",  # a day's pay
        "车队说好每车每趟900元，跑了三个礼拜，按700余元/趟算都不够油钱",  # a rate per trip
        "老板说资金紧张，只能先给两万元，剩下的打欠条，工人不干",  # an offer, not the arrears
        "非法聘用外劳可罚10万元以上",  # a fine
        "工人们说给劳务中介付给了3万元介绍费，工资却一分没见",  # paid out by the workers
    ],
)
def test_more_rates_and_money_that_is_not_arrears(text):
    assert facts(text)[1] is None


def test_film_extras_are_people_owed():
    assert facts("剧组拍完戏跑了，近两百名群众演员的工钱一直没结")[0] == 200


def test_a_range_of_one_or_two_read_at_its_low_end():
    # 一两万: one or two (ten thousand), each of three or four hundred
    assert facts("物流公司老板消失了，三四百号人，每人一两万的工资拿不到")[:2] == (300, 3_000_000)


def test_claimants_at_a_tribunal_are_people_owed():
    assert facts("两名申索人分别追讨6200元及3万1千余元欠薪")[:2] == (2, 37200)


def test_a_crew_of_fellow_villagers_keeps_a_sum_beside_a_contract_debt():
    # 手下…老乡: the workers are named, so 工程款 elsewhere does not make the sum a debt between firms
    text = "我手下四十多个老乡，上面三家施工单位一共欠我们八十多万，说是没拿到工程款"
    assert facts(text)[1] == 800_000


def test_a_sum_in_a_post_whose_boss_cannot_be_found():
    assert facts("老板到现在都没露面。我们二十来个人守着仓库，四十多万不能就这么算了")[1] == 400_000


def test_a_foreman_told_of_is_not_counted_with_his_crew():
    text = "45岁的许某是一名小包工头。许某带着老家的三十多名工友在几个工地干活，工钱被拖了大半年"
    assert facts(text)[0] == 30


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("东区那个项目完工两个月了，十几个工人的工资三家互相推", 2.0),  # since the work ended
        ("九层转包，十几个兄弟白干三个月，没人管", 3.0),  # worked for nothing
        ("阿姨由旧年十一月开工做到二月都冇粮出", 4.0),  # Cantonese 旧年, into this year
        ("在工地干了半年，还差两万工钱，包工头一直拖着", 6.0),  # half a year worked, still owed
        ("表哥刚来那家厂三个月，一分钱没拿到老板就跑了", 3.0),  # a length, then nothing paid
        ("送货的师傅做咗成个月冇人工收", 1.0),  # a whole month
        ("厂里发完五月工资就再没发过，我们做到七月底，足足两个月", 2.0),  # the whole length
    ],
)
def test_more_months_unpaid(text, months):
    assert facts(text)[2] == months


@pytest.mark.parametrize(
    "text",
    [
        "说说我的情况：前年入职讲好不拖工资，干了半年就开始不稳定，后来改成计件",  # not the arrears
        "几十名工人讨薪的路走了整整四个月，老板还是不见人",  # how long the claim ran
    ],
)
def test_lengths_that_are_not_months_unpaid(text):
    assert facts(text)[2] is None
