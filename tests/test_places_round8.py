"""镇街 from the business areas of round 8 (issue 11): every row of the block loads, a name only 中山 has places a
post alone, a name other cities share needs 中山 around it; and ``evaluation.places`` scores a file of sentences."""

from __future__ import annotations

import json

import pytest

from evaluation.places import load, score
from triage.districts import DATA, OUT_OF_AREA, assign_district, load_gazetteer

ROUND8 = [
    line.split("\t")
    for line in (DATA / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
    if "search-index file 16527855828" in line
]


def test_every_row_of_the_block_loads_under_its_town():
    gaz = load_gazetteer()
    assert len(ROUND8) >= 30
    for name, town, kind, context, _source in ROUND8:
        assert any(p.town == town and p.kind == kind for p in gaz.places[name]), name
        assert context in ("yes", "no")


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # names only 中山 has: alone they place the post
        ("逢源商业街一间糖水铺拖了我两个月人工", "石岐街道"),
        ("凯茵新城那个商铺装修，师傅们的钱没结", "中山港街道"),
        ("南坦路边一家物流公司拖欠司机工资", "坦洲镇"),
        ("兴圃大道旁一间腊味厂欠了散工一个月工钱", "黄圃镇"),
        ("富华总站附近一间快餐店欠薪", "西区街道"),
        # names other cities bear too: not alone …
        ("远洋城一个售楼处的保安三个月没发工资", None),
        ("悦来路一家茶餐厅老板跑了", None),
        # … but with 中山 around them
        ("中山远洋城一个售楼处的保安三个月没发工资", "东区街道"),
        # a place elsewhere named with it still wins (重庆's 悦来)
        ("重庆悦来路一家茶餐厅老板跑了", OUT_OF_AREA),
    ],
)
def test_business_areas_place_a_post(text, district):
    assert assign_district(text).name == district


def test_score_counts_right_and_wrong_by_group(tmp_path):
    rows = [
        {"id": "a", "text": "逢源商业街一间店欠薪", "district": "石岐街道"},
        {"id": "b", "text": "湖州一家纺织厂欠薪", "district": OUT_OF_AREA},
        {"id": "c", "text": "老板欠薪跑了", "district": None},
        {"id": "d", "text": "老板欠薪跑了", "district": "坦洲镇"},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = score(load(path))
    assert result["figures"]["district"] == 0.75
    assert result["figures"]["district_zhongshan"] == 0.5
    assert [miss["id"] for miss in result["errors"]] == ["d"]
