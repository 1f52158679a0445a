"""The digest preview: new leads by 镇街, post text escaped, phones masked."""

from __future__ import annotations

import digest
import pipeline
import storage
from tests.conftest import make_post


def test_digest_groups_by_district_escapes_and_masks(db, tmp_path):
    storage.upsert_posts(
        db,
        [
            make_post(
                1,
                "坦洲镇工地拖欠我们二十多个工友工资<script>alert('x')</script> 电话13800001234",
                url="javascript:alert(1)",
            ),  # fmt: skip
            make_post(2, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪"),
            make_post(3, "急招普工，工资月结不拖欠"),
        ],
    )
    pipeline.run_pass(db)
    result = digest.write_preview(db, tmp_path / "d.html")
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert result["count"] == 2
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "13800001234" not in html
    assert "138****1234" in html
    assert "javascript:" not in html
    assert html.index("小榄镇") < html.index("坦洲镇")  # the 镇街 with the P1 lead comes first
    assert db["digests"].count == 1
