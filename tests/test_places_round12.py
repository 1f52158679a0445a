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
