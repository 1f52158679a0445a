"""Places round 9 (issue 11): mining the 镇街 of roads, parks and estates from full addresses (triage/placemine.py),
and the mined rows of the gazetteer placing posts. All addresses and sentences here are invented."""

from __future__ import annotations

import pytest

from triage import placemine
from triage.districts import DATA, assign_district, load_gazetteer


@pytest.mark.parametrize(
    ("address", "town"),
    [
        ("广东省中山市小榄镇某某工业区某某路9号", "小榄镇"),
        ("中山市火炬开发区某某路1号", "中山港街道"),
        ("广东中山市石岐区某某街3号", "石岐街道"),
        ("中山市东区街道某某路", "东区街道"),
        ("中山市东升镇某某路", "小榄镇"),  # the former 东升镇 is part of 小榄 now
        ("中山古镇镇某某大道", "古镇镇"),
        ("广东省中山市某某路8号", None),  # no 镇街 after the city: nothing
        ("佛山市顺德区某某路", None),
    ],
)
def test_town_is_read_right_after_the_city(address, town):
    assert placemine.town_of(address)[0] == town


def test_units_are_cut_at_numbers_and_place_words():
    _town, rest = placemine.town_of("广东省中山市坦洲镇前进村枝埔队荔枝湾街11号金穗银星广场A105铺")
    assert placemine.units(rest) == [("荔枝湾街", "道路"), ("金穗银星广场", "地标")]
    _town, rest = placemine.town_of("中山市横栏镇新秀工业区富强一路21号2栋")
    assert placemine.units(rest) == [("新秀工业区", "园区"), ("富强一路", "道路")]
    # a direction or numeral before the place word is no name; a village closes a unit but gives no row
    _town, rest = placemine.town_of("中山市三乡镇某村北一巷东路5号")
    assert placemine.units(rest) == []


def test_a_name_the_addresses_disagree_on_is_left_out():
    lines = [
        ("t1", "中山市小榄镇甲乙大道1号", 1),
        ("t2", "中山市古镇镇甲乙大道2号", 2),
        ("t3", "中山市小榄镇丙丁工业区", 3),
        ("t4", "中山市小榄镇丙丁工业区B栋", 4),
    ]
    kept, left_out = placemine.rows(placemine.mine(lines), known={})
    assert [(r[0], r[1], r[2]) for r in kept] == [("丙丁工业区", "小榄镇", "园区")]
    assert "2 addresses" in kept[0][4]
    assert left_out == [("甲乙大道", "addresses disagree: 古镇镇/小榄镇")]


def test_a_name_already_in_the_gazetteer_stays_as_it_is():
    lines = [("t1", "中山市坦洲镇南坦路9号", 1), ("t2", "中山市火炬开发区孙文东路851号", 2)]
    kept, left_out = placemine.rows(placemine.mine(lines), placemine.existing_names())
    assert kept == []
    assert [name for name, _why in left_out] == ["孙文东路"]  # the gazetteer says 东区: listed, not changed


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("人民路", True),  # by the list
        ("和谐路", True),  # an ordinary word before the place word
        ("智能制造装备产业园", True),  # a run of ordinary words
        ("中山六路", True),  # 中山 roads stand in many cities
        ("新丰路", True),  # 新丰 is a county elsewhere
        ("泰丰工业区", False),
        ("木林森大道", False),
    ],
)
def test_names_many_cities_bear_need_context(name, generic):
    kind = "园区" if name.endswith("工业区") or name.endswith("产业园") else "道路"
    assert placemine.needs_context(name, kind) is generic


MINED = [
    line.split("\t")
    for line in (DATA / "gazetteer.tsv").read_text(encoding="utf-8").split(placemine.BEGIN)[1].splitlines()
    if "\t" in line
]


def test_every_mined_row_loads_under_its_town_with_its_source():
    gaz = load_gazetteer()
    assert len(MINED) >= 100
    for name, town, kind, context, source in MINED:
        assert any(p.town == town and p.kind == kind for p in gaz.places[name]), name
        assert context in ("yes", "no")
        # an address line, a list of named places by 镇街 (places round 10), a road's base name (round 16) or a
        # park's place (round 17)
        assert source.startswith(
            ("mined address: ", "mined list: ", "mined base name: ", "mined park's place: ")
        )
        assert any(
            f in source for f in ("addresses.tsv line", "named.tsv line", "roadbases.py", "parkbases.py")
        )


def test_rerunning_the_miner_gives_the_rows_in_the_file():
    _found, kept, _left_out = placemine.all_rows()
    assert [list(row) for row in kept] == MINED


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("泰丰工业区一间五金厂欠了我们三个月人工", "小榄镇"),
        ("木林森大道那边的厂做了半年，老板走佬", "小榄镇"),
        ("岐港路一间茶餐厅老板拖粮两个月", "西区街道"),
        ("十涌路一家电子厂欠薪", "中山港街道"),
        ("海洲工业区的灯饰厂关门了，工资没结", "古镇镇"),
        # a name many cities bear: not alone …
        ("和谐路的工地欠了班组两个月工钱", None),
        # … but with 中山 around it
        ("中山三角和谐路的工地欠了班组两个月工钱", "三角镇"),
    ],
)
def test_mined_rows_place_a_post(text, district):
    assert assign_district(text).name == district
