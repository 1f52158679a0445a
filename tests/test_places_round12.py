"""Round 12 of issue 11 (ds12): places elsewhere we did not know, and places elsewhere named only in passing.
Invented sentences."""

from triage.districts import OUT_OF_AREA, assign_district, load_gazetteer


def district(text, region=None):
    return assign_district(text, region).name


def test_a_town_far_away_by_its_full_name_is_elsewhere():
    # towns of other provinces, named without their county or city
    assert district("去年在黄花镇一个工地做了三个月，包工头跑了") == OUT_OF_AREA
    assert district("三河镇那边的砖厂老板欠我们两个月工钱") == OUT_OF_AREA


def test_zhongshan_towns_and_their_old_names_are_not_taken_for_towns_elsewhere():
    assert district("东升镇一家五金厂拖欠工资") == "小榄镇"
    assert district("黄圃镇一家腊味厂拖欠工资") == "黄圃镇"
    assert "东升镇" not in load_gazetteer().outside_names
    assert not any(n.startswith("中山") for n in load_gazetteer().outside_names if n.endswith("街道"))


def test_a_short_name_at_the_suffix_of_a_town_elsewhere_is_no_zhongshan_village():
    # 镇一 is a 黄圃 village; in 清溪镇一个 it is the 镇 of 清溪镇 and the 一 of 一个
    assert district("清溪镇一个工地欠薪，老板电话打不通") == OUT_OF_AREA
    assert district("黄圃镇一个工地欠薪") == "黄圃镇"


def test_a_town_name_that_is_a_phrase_is_no_place():
    assert district("我们在小城镇打工，老板欠了三个月工资") is None


def test_a_place_abroad_counts_where_the_story_happens_there():
    assert district("在大马一间海鲜楼做了五年收银，结业了老板一分补偿都不给") == OUT_OF_AREA
    assert district("去年去迪拜打工，中介扣了我半年工资") == OUT_OF_AREA
    assert district("塞尔维亚的工地干了八个月，项目部一直拖着工钱") == OUT_OF_AREA


def test_a_place_abroad_named_in_passing_is_no_place():
    assert district("美国加关税以后订单少了一半，老板说工资要拖到年底") is None
    assert district("老板说发不出工资，自己却在马尔代夫住一晚三万的酒店") is None
    assert district("厂里的机器都是德国进口的，工资却三个月没发") is None
    assert district("在大马路边等了老板一个下午，工钱还是没结") is None


def test_the_towns_elsewhere_cost_a_post_without_a_town_suffix_nothing():
    gaz = load_gazetteer()
    assert "黄花镇" in gaz.far_towns
    assert "黄花镇" in gaz.outside_names
    assert not any(n in gaz.far_towns for n in ("坦洲镇", "小榄镇", "东区街道"))


def test_a_place_compared_with_is_no_place_of_the_story():
    assert district("别羡慕东莞，东莞同岗位也就多几百块，我们这里工资又拖了一个月") is None
    assert district("工资比在深圳少一半，还要拖两个月才发") is None


def test_a_medium_a_dateline_or_a_head_office_is_no_place_of_the_story():
    assert district("广州日报报道，一家工厂老板失联，三百多名工人工资没着落") is None
    assert district("公司总部在上海，我们门店的工资已经两个月没发") is None


def test_a_dish_a_dialect_or_a_register_is_no_place():
    assert district("我在一家兰州拉面店做了半年，老板欠我三个月工资") is None
    assert district("沙县小吃的老板跑了，欠我们两个人的工钱") is None
    assert district("老板说着一口潮州话，拖欠我们工资不给") is None
    # the place of the story still counts beside a dish of another place
    assert district("在东莞一家重庆火锅店做服务员，老板欠了两个月工资") == OUT_OF_AREA


def test_places_of_three_provinces_side_by_side_name_no_one_place():
    text = "几个判例：惠阳一名包工头拖欠工人工资后被抓；成都一名老板携款潜逃；嘉兴一家箱包厂业主欠薪出逃"
    assert district(text) is None
    # one place told with its city and province is one place
    assert district("陕西渭南富平县一个广场外，民工讨薪") == OUT_OF_AREA
    # workers' origins listed after 来自 are no places of the story
    assert district("合肥郊区一处工地，四十多名来自安徽六安、河南信阳的农民工讨薪") == OUT_OF_AREA


def test_a_town_name_after_going_or_being_there_is_used_as_a_place():
    assert district("在古镇买了一批吊灯，一个月了还没发货") == "古镇镇"
    assert district("家政公司派我去南区一户人家做月嫂，工资到现在没结") == "南区街道"
    # not a home, nor the public, nor a name a town elsewhere bears
    assert district("我住东区，在西区一个工地做杂工，包工头拖了一个月工钱") == "西区街道"
    assert district("这种老板在民众中口碑很差，工资总是拖") is None
    assert district("老板说下个月去南头收账，工资再等等") is None


def test_a_place_elsewhere_whose_name_is_a_word_counts_only_as_a_place():
    # 天台 is a county of 台州 and a roof; 火炭 a Hong Kong neighbourhood and charcoal
    assert district("天台县法院判了，包工头要付清工人工资") == OUT_OF_AREA
    assert district("地盘啲兄弟爬上咗天台，话唔找数就唔落嚟") is None
    assert district("火炭穗禾路个地盘今朝有人拉横额，三个月冇出粮") == OUT_OF_AREA
    assert district("冬天烧火炭取暖，老板连炭钱都要扣工资") is None


def test_a_mall_called_shangdu_is_no_county_elsewhere():
    assert district("华发商都负一楼一家奶茶店关门，几个兼职学生两个月工资没拿到") != OUT_OF_AREA
    assert district("商都县人民法院判决包工头支付工资") == OUT_OF_AREA


def test_an_office_or_a_stay_elsewhere_is_no_passing_mention():
    assert district("据东莞市人社局消息，一家鞋厂老板跑路，三百工人被欠薪") == OUT_OF_AREA
    assert district("在东莞时间久了，老板还是拖工资") == OUT_OF_AREA
    assert district("北京时间昨晚，老板又发消息说工资下周发") is None


def test_a_place_in_the_title_of_a_law_or_a_paper_is_no_place_of_the_story():
    assert district("按照《深圳市员工工资支付条例》，工资最迟要在下个月发放，我们老板已经拖了两个月") is None
    assert district("深圳一家工厂拖欠工资，按《劳动法》应该赔偿") == OUT_OF_AREA
