"""The read-only review UI: leads listed most urgent first, post text escaped, phones masked in lists."""

from __future__ import annotations

import pytest

import pipeline
import storage
from review import create_app
from tests.conftest import make_post


@pytest.fixture
def client(db, db_path):
    storage.upsert_posts(
        db,
        [
            make_post(1, "坦洲镇工地拖欠我们二十多个工友工资<img src=x onerror=alert(1)> 电话13800001234"),
            make_post(2, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪"),
        ],
    )
    pipeline.run_pass(db)
    return create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()


def test_leads_page_lists_p1_first_escaped_and_masked(client):
    page = client.get("/").get_data(as_text=True)
    assert page.index("小榄镇") < page.index("坦洲镇")
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page
    assert "138****1234" in page
    assert "13800001234" not in page


def test_lead_detail_shows_posts_and_ledger_and_404s(client, db):
    lead_id = storage.list_leads(db, district="小榄镇")[0]["id"]
    page = client.get(f"/leads/{lead_id}").get_data(as_text=True)
    assert "拉横幅" in page
    assert "created" in page
    assert "alert" in page
    assert client.get("/leads/9999").status_code == 404
