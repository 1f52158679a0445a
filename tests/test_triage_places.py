"""镇街 assignment on real-world shapes (issue 11): places elsewhere, the workplace not the home,
village names used as places, round-ups of several towns."""

from __future__ import annotations

import pytest

from triage.districts import OUT_OF_AREA, assign_district, load_gazetteer


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # any city or county of China, by its full or its short name, is elsewhere
        ("湖州一家纺织厂拖了我们三个月工资", OUT_OF_AREA),
        ("在宜宾市一个工地做了半年，包工头跑了", OUT_OF_AREA),
        ("绵竹那边的酒厂欠薪，找谁", OUT_OF_AREA),
        # a word that only looks like a county across a word boundary is not one (天全 in 今天全车间)
        ("今天全车间都停了，老板欠薪", None),
        # the place named right before a Zhongshan name owns it: another 沙溪镇
        ("南平沙溪镇一个竹木加工厂欠工人工资", OUT_OF_AREA),
        ("沙溪镇一个制衣厂欠工人工资", "沙溪镇"),
        # moving to or going back to a city is not where the story happens
        ("横栏那间灯饰厂话要搬去佛山，唔跟去就当自己走", "横栏镇"),
        ("三乡一间厂嘅老细跑咗回台湾，人工冇人出", "三乡镇"),
        # the workplace decides, not the home
        ("我住三乡，每天过去珠海拱北那边的厂上班，工资拖了两个月", OUT_OF_AREA),
        ("我住三乡，在一家餐厅做服务员，工资拖了两个月", "三乡镇"),
        # where the workers come from is not the place either
        ("烟洲那边一个工地，几个广西师傅的工钱没结", "西区街道"),
        # a village's short name used as a place
        ("裕洲嗰间五金厂冇出粮", "坦洲镇"),
        ("民众的村保洁员三个月没工资", "民众街道"),
        # three or more 镇街 side by side: a round-up, not one place
        ("东区、南区、石岐三个街道今年工业投资都在增长", None),
        # a national road through several 镇街 names none; another cue does
        ("105国道那边又堵车了", None),
        ("沙溪105国道边一间制衣厂欠薪", "沙溪镇"),
        # traps
        ("开发区东区一个厂欠薪", None),
        ("珠三角的工厂都难做", None),
        ("石歧一家酒楼欠了厨师两个月工资", "石岐街道"),  # the common misspelling of 石岐
        ("#中山火炬# 一家电子厂停产，工资没发", "中山港街道"),
        # round 2: Hong Kong below its 18 districts, Taiwan's counties and townships, in either script
        ("旺角一间茶餐厅老细走佬，伙计两个月冇人工", OUT_OF_AREA),
        ("苗栗頭份一間紡織廠欠薪，移工停工抗議", OUT_OF_AREA),
        ("高雄一間冷凍廠薪水發不出來", OUT_OF_AREA),
        # offices only Hong Kong, Macau or Taiwan have; numbered ring roads of big cities elsewhere
        ("去劳工处落案追欠薪，老细话月尾先俾", OUT_OF_AREA),
        ("在北四环附近一个工地干活，工钱没结", OUT_OF_AREA),
        (
            "深圳人社部门通报：一季度10家单位拖欠工资",
            OUT_OF_AREA,
        ),  # 人社 after a city is no person from there
        # an old town elsewhere named before 古镇
        ("西塘古镇那家酒楼关门，一个月人工冇出", OUT_OF_AREA),
        # the home and the home town named again do not decide; the workplace elsewhere does
        ("我住坦洲，喺珠海拱北做嘢，三个月冇人工，想喺坦洲投诉", OUT_OF_AREA),
        ("三乡人在珠海打工被欠薪找哪里", OUT_OF_AREA),
        # a pointing word after a name a town elsewhere also bears (南头街道 of 深圳, 港口区) does not place it;
        # a trade of the town does; a pointing word before a person is not a place use
        ("港口嗰间五金厂老细走佬", None),
        ("南头那家酒楼跑路了", None),
        ("南头一家电器厂欠薪", "南头镇"),
        ("三角嗰个判头走佬，欠十万人工", None),
        ("三角那个布厂欠薪", "三角镇"),
        # cues of one 镇街 that confirm each other outweigh one short name elsewhere (云龙 is also a county)
        ("古镇灯饰博览会开幕，灯都各大商场同时开展，晚上还有云龙舞表演", "古镇镇"),
        # round 3: words only another place uses (elsewhere.tsv) when nothing names Zhongshan
        ("收工搭港鐵返屋企，老細三個月冇出糧", OUT_OF_AREA),
        ("公司執笠，強積金都斷咗供，叫我哋自己申請破欠基金", OUT_OF_AREA),
        ("依勞基法雇主應按約定日期給付工資，資遣費也要給", OUT_OF_AREA),
        ("澳門地盤啲外僱藍咭就到期，人工仲未出", OUT_OF_AREA),
        ("地铁7号线工程拖欠农民工工资", OUT_OF_AREA),
        # … only as words (转移工厂 holds no 移工, 行政总监 no office of Hong Kong's)
        ("老板转移工厂设备，工人三个月工资没发", None),
        ("公司行政总监说下个月再发工资", None),
        # … and any real Zhongshan cue beats them
        ("中山小榄一间厂，老细话强积金唔关佢事，三个月冇人工", "小榄镇"),
        ("坦洲一家电子厂欠薪，有个同事以前喺香港做过，话香港有破欠基金", "坦洲镇"),
        # district names the first generated table lacked (河西区 of 天津), and 湖滨区域 is no 湖滨区
        ("河西区一家健身房关门，教练工资没发", OUT_OF_AREA),
        ("湖滨区域那个工地欠薪", None),
        # an old town elsewhere that bears a Zhongshan town's name (剑川 沙溪古镇)
        ("沙溪古镇那家网红餐厅关门，员工工资没人管", OUT_OF_AREA),
        # a village's short name that names a road is the road (an office's new address), not the village
        ("小榄人社分局窗口撤并，统一并入裕洲路63号第一网格", "小榄镇"),
        ("民众嗰条村嘅管网改造，拖我哋电焊佬三十五万", "民众街道"),
        # round 4: a town's name before an estate's (东升 + 丽景花园) is the place of the estate
        ("东升丽景花园旁边个工地，几个师傅拉横幅讨薪", "小榄镇"),
        ("三角梅花园开得好靓", None),
        # … Macau's islands by their everyday names, and more words only Hong Kong or Taiwan use
        ("路环个地盘两个月冇出粮，判头话等甲方", OUT_OF_AREA),
        ("散工都受《僱傭條例》保障，老細照拖糧兩個月", OUT_OF_AREA),
        ("廠房拍賣前，勞保局說積欠的工資可以先由基金墊償", OUT_OF_AREA),
        ("做完個商場翻新，二判話三判未找數，我哋四個月冇糧", OUT_OF_AREA),
        ("坦洲嗰个地盘，判头话大判未找数，拖咗我哋三个月", "坦洲镇"),
        # … and 三角 inside 长三角 is no town
        ("长三角的电子厂普工一般两班倒，工资月结", None),
        # … nor is a district's name at the head of a mall's brand (宝安 of 深圳 in 宝安汇); 番禺广场 is in 番禺
        ("宝安汇楼上嗰间健身房执笠，教练两个月冇人工", None),
        ("番禺广场附近一个工地欠薪", OUT_OF_AREA),
    ],
)
def test_places_on_real_world_shapes(text, district):
    assert assign_district(text).name == district


def test_a_lone_village_name_is_not_trusted_when_the_poster_is_elsewhere():
    assert assign_district("裕洲嗰间五金厂冇出粮", "湖南").name is None
    assert assign_district("裕洲嗰间五金厂冇出粮", "广东").name == "坦洲镇"


def test_the_outside_table_has_a_source_for_every_row_and_no_zhongshan_name():
    import csv

    from triage.districts import DATA

    with (DATA / "outside_places.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    assert len(rows) > 5000
    assert all(row["source"].strip() for row in rows)
    zhongshan = set(load_gazetteer().places)
    assert not [row["name"] for row in rows if row["name"] in zhongshan]


@pytest.mark.parametrize(
    "text",
    [
        "古镇一LED灯具厂突然停工，古镇镇一家灯泡厂大门紧锁，工人讨薪",
        "古镇镇一家灯饰厂欠薪",
        "古镇一间灯厂老细走佬",
    ],
)
def test_gu_zhen_is_not_read_as_huangpu(text):
    """古镇镇一家 holds 镇一, the short name of 黄圃's 镇一村: a name that starts inside another and runs past
    its end is no place, so 古镇镇 posts were read as 黄圃镇 (issue 11, set C)."""
    district = assign_district(text)
    assert district.name == "古镇镇"
    assert "黄圃" not in district.reason


def test_every_word_of_elsewhere_has_a_place_and_a_source():
    import csv

    from triage.districts import DATA

    with (DATA / "elsewhere.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    assert len(rows) >= 20
    assert all(row["where"].strip() and row["source"].strip() for row in rows)


def test_the_quick_check_for_words_of_elsewhere_changes_no_answer():
    """Posts are first searched for any word of elsewhere.tsv at once (#12); each word is then checked as before."""
    from dataclasses import replace

    from triage.districts import assign_district, load_gazetteer

    gaz = load_gazetteer()
    slow = replace(gaz, lingo_any=None)  # every word checked on its own, as before the quick check
    texts = [
        "收工搭港鐵返屋企，老細三個月冇出糧",
        "公司執笠，強積金都斷咗供，叫我哋自己申請破欠基金",
        "老板转移工厂设备，工人三个月工资没发",
        "公司行政总监说下个月再发工资",
        "坦洲一家电子厂欠薪，有个同事以前喺香港做过，话香港有破欠基金",
        "今天天气不错，老板说下周发工资",
        "",
    ]
    for text in texts:
        assert assign_district(text, gazetteer=gaz) == assign_district(text, gazetteer=slow), text
    assert assign_district(texts[0], gazetteer=gaz).name == "out_of_area"
