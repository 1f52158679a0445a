"""镇街 from the named places of round 13 (issue 11, pl13): estates, shops, parks and hospitals a post may give
instead of its 镇街. Every row of the block loads under its town; a name only 中山 has places a post alone; a name
other cities' estates, malls or hospitals bear (比华利山庄, 汇丰城, 博爱医院) needs 中山 or its 镇街 around it; a
place elsewhere named with it still wins. The sentences are invented around the real place names."""

from __future__ import annotations

import pytest

from triage.districts import DATA, OUT_OF_AREA, assign_district, load_gazetteer

HEAD = "# ---- round 13 of issue 11 (helper pl13)"
END = "# >>> mined from addresses"


def _block() -> list[list[str]]:
    text = (DATA / "gazetteer.tsv").read_text(encoding="utf-8")
    body = text.split(HEAD, 1)[1].split(END, 1)[0].split("\n", 1)[1]  # from the line after the heading
    return [line.split("\t") for line in body.splitlines() if line and not line.startswith("#")]


def test_every_row_of_the_block_loads_under_its_town_with_a_source():
    gaz = load_gazetteer()
    rows = _block()
    assert len(rows) >= 35
    for name, town, kind, context, source in rows:
        assert any(p.town == town and p.kind == kind for p in gaz.places[name]), name
        assert context in ("yes", "no"), name
        assert source.startswith(("http", "GitHub file fs:")), name


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # names only 中山 has: alone they place the post
        ("康逸豪园楼下一间茶餐厅拖了我两个月人工", "东区街道"),
        ("东康庭旁边的装修工地，师傅们做完活工钱没结", "石岐街道"),
        ("金盛隆商场一家服装店关门，导购的提成没给", "南头镇"),
        ("中山市博爱医院的外包保洁三个月没发工资", "东区街道"),
        ("临海装备制造业基地一家船厂拖欠焊工工资", "中山港街道"),
        ("西堤公园旁边一间茶楼倒闭，厨房师傅工钱没结", "西区街道"),
        # names other cities bear too: not alone …
        ("博爱医院后面一个停车场的收费员，两个月工资被拖着", None),
        ("汇丰城负一楼一家奶茶店关门，几个兼职学生工资没拿到", None),
        ("比华利山庄一个售楼处的保安三个月没发工资", None),
        # … but with 中山 or the 镇街 around them
        ("中山博爱医院后面一个停车场的收费员，两个月工资被拖着", "东区街道"),
        ("小榄汇丰城负一楼一家奶茶店关门，几个兼职学生工资没拿到", "小榄镇"),
        ("中山比华利山庄一个售楼处的保安三个月没发工资", "东区街道"),
        # a place elsewhere named with it still wins
        ("北京博爱医院的护工说被拖欠工资", OUT_OF_AREA),
    ],
)
def test_round13_places_place_a_post(text, district):
    assert assign_district(text).name == district
