"""镇街 round 8b (issue 11, sets E and F read by cause): more words only Hong Kong or Taiwan use, the home in 中山
against a workplace elsewhere, the home town as the place of the story, 群众 as the public, buildings after a village
name, 南沙's towns by short name, and 中山 in a list of cities. Every sentence is invented."""

from __future__ import annotations

import pytest

from triage.districts import OUT_OF_AREA, assign_district


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # a Hong Kong public estate (邨), the Housing Department, money lenders, charging orders, labour law
        ("彩雲邨個翻新工程啲師傅三個月冇糧", OUT_OF_AREA),
        ("外判商走咗，房署話唔會代支人工", OUT_OF_AREA),
        ("問二線財務借咗五萬，而家每日打電話嚟公司", OUT_OF_AREA),
        ("法院批咗押記令，間舖頭都要封", OUT_OF_AREA),
        ("老細話會跟足勞工法例計遣散費，但一直拖住", OUT_OF_AREA),
        # Taiwan: agencies, occupational accidents, delivery riders, ministries, vacancies, traditional industry
        ("仲介每個月先扣三千服務費，工廠薪水又晚發", OUT_OF_AREA),
        ("工廠說職災不歸他們管，薪水也拖了兩個月", OUT_OF_AREA),
        ("外送員跑單費兩週沒入帳，客服只說已回報", OUT_OF_AREA),
        ("商業司說禮券不能限期，店倒了也要退費", OUT_OF_AREA),
        ("餐廳開出上百個職缺，起薪還是不到三萬", OUT_OF_AREA),
        ("傳產工廠年終又縮水，老闆說景氣不好", OUT_OF_AREA),
        # … only as words: 宣传产品 holds no 传产; a real Zhongshan cue beats them
        ("公司对外宣传产品，实际上工资拖了三个月", None),
        ("小榄一间厂嘅仲介费都要工人出，人工仲拖咗两个月", "小榄镇"),
        # the home in 中山 does not decide; the workplace elsewhere does
        ("我家住中山坦洲，一直在珠海香洲的工地打零工，包工头欠我两万", OUT_OF_AREA),
        ("我住在中山，在珠海一个工地做了半年，工钱没结", OUT_OF_AREA),
        ("我住坦洲，在一家五金厂做了半年，工钱没结", "坦洲镇"),
        # the home town as the place of the story (在X老家), not only where someone comes from (X老家的)
        ("在甘肃老家，我爸跟着工地开了一年铲车，工钱还没结", OUT_OF_AREA),
        ("西区一个工地欠了我们三个月工资，甘肃老家的工友都回去了", "西区街道"),
        # 群众 is the public, not 港口's 群众社区; the community by its full name still counts
        ("火炬开发区信访接待日，现场接待群众来访，涉及拖欠工资", "中山港街道"),
        ("港口镇群众社区一个工地欠薪", "港口镇"),
        # buildings right after a village's short name use it as a place
        ("起湾那几栋楼是我们砌的，工钱到今天都没给", "东区街道"),
        # 南沙's towns across the river, and 汉口, by their everyday names
        ("大岗一间鞋厂三千人罢工", OUT_OF_AREA),
        ("汉口一家装修公司跑路，十几个工人工钱没结", OUT_OF_AREA),
        # 中山 in a list of cities is a comparison, not one place; a workplace elsewhere before 中山 still decides
        ("月薪三千，在深圳、东莞、中山分别能过什么日子？", None),
        ("深圳一个工地欠薪，中山的工友也有份", OUT_OF_AREA),
    ],
)
def test_places_of_round_8b(text, district):
    assert assign_district(text).name == district
