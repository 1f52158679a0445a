"""Reading the input schema (``records.iter_jsonl``): a lone surrogate, which only a ``\\u`` escape can bring in,
becomes U+FFFD wherever it sits; lines without any escape are read as they are (#12: most lines, read quicker)."""

from __future__ import annotations

import json

import records


def test_a_lone_surrogate_is_replaced_and_everything_else_kept(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "坦洲工地欠薪 \ud800 半个字"}),  # escaped: \ud800
        json.dumps({"id": "b", "text": "小榄 😀 欠薪", "url": "http://x/\\u"}, ensure_ascii=False),
        json.dumps(
            {"id": "c", "text": "古镇灯饰厂 😀", "tags": ["\udc00", {"\ud83d": 1}]}
        ),  # a pair, and lone ones
        json.dumps({"id": "d", "text": "平常一句"}, ensure_ascii=False),  # no escape at all
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = {record["id"]: record for _n, record, problem in records.iter_jsonl(str(path)) if not problem}
    assert read["a"]["text"] == "坦洲工地欠薪 \ufffd 半个字"
    assert read["b"] == {"id": "b", "text": "小榄 😀 欠薪", "url": "http://x/\\u"}
    assert read["c"] == {"id": "c", "text": "古镇灯饰厂 😀", "tags": ["\ufffd", {"\ufffd": 1}]}
    assert read["d"] == {"id": "d", "text": "平常一句"}
