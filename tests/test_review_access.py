"""Who sees what (#9): a district officer sees only their 镇街's leads, on every route (any other
lead is a 404, also for every POST action, exports, search and the dashboard); roles limit the
actions and the admin pages; the 台账 export has the bureau's columns and cannot carry formulas."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

import storage
from tests.conftest import version_of
from triage.casework import ACTIONS

FORMS = {
    "confirm": {"label": "wage_arrears"}, "dismiss": {"label": "irrelevant"}, "district": {"district": "小榄镇", "reason": "x"},
    "regulators": {"regulators": ["住建"]}, "take": {}, "assign": {"officer": "tz"}, "note": {"text": "x"},
    "start": {}, "resolve": {"recovered_yuan": "1", "workers_paid": "1"}, "callback": {"outcome": "paid"},
    "close": {}, "reopen": {"reason": "x"}, "escalate": {"reason": "x"}, "merge": {"other_id": "1"},
    "split": {"post_id": "1"},
}  # fmt: skip


def test_every_action_has_a_test_form():
    assert set(FORMS) == set(ACTIONS)


@pytest.mark.parametrize("other", ["xl", "sq", "none"])
def test_another_towns_lead_is_a_404_on_every_route(client, auth, web, leads, other):
    db_path, lead_id = web[0], leads[other]
    before = len(storage.lead_events(storage.connect(db_path), lead_id))
    auth.login("tz")
    assert client.get(f"/leads/{lead_id}").status_code == 404
    for action, data in FORMS.items():
        response = client.post(
            f"/leads/{lead_id}/{action}", data={**data, "version": version_of(db_path, lead_id)}
        )
        assert response.status_code == 404, action
    assert len(storage.lead_events(storage.connect(db_path), lead_id)) == before
    own = leads["tz"]
    assert client.get(f"/leads/{own}").status_code == 200


def test_a_district_officer_cannot_pull_another_towns_lead_in_by_merging(client, auth, web, leads):
    auth.login("tz")
    # merging is not a district officer's action at all; and the other lead is invisible to them anyway
    response = client.post(
        f"/leads/{leads['tz']}/merge",
        data={"other_id": leads["xl"], "version": version_of(web[0], leads["tz"])},
    )
    assert response.status_code == 403
    assert storage.get_lead(storage.connect(web[0]), leads["xl"])["status"] == "new"


def test_merging_checks_the_other_lead_exists(client, auth, web, leads):
    auth.login("duty")
    response = client.post(
        f"/leads/{leads['tz']}/merge", data={"other_id": "0", "version": version_of(web[0], leads["tz"])}
    )
    assert response.status_code == 400
    assert "没有线索 #0" in response.get_data(as_text=True)


def test_the_queue_search_dashboard_and_exports_show_only_their_town(client, auth, leads):
    auth.login("tz")
    queue = client.get("/leads?state=all").get_data(as_text=True)
    assert f'href="/leads/{leads["tz"]}"' in queue
    assert f'href="/leads/{leads["xl"]}"' not in queue
    assert "小榄" not in queue.split("<table")[1]
    assert "共 <strong>2</strong> 条" in queue
    assert 'name="district"' not in queue  # no town filter to play with
    sneaky = client.get("/leads?district=小榄镇").get_data(as_text=True)
    assert f'href="/leads/{leads["xl"]}"' not in sneaky
    search = client.get("/search?q=工人").get_data(as_text=True)
    assert "五金厂" not in search
    assert "石岐" not in search
    assert "金斗湾" in client.get("/search?q=工友").get_data(as_text=True)
    dashboard = client.get("/").get_data(as_text=True)
    assert 'id="open-total">2<' in dashboard
    assert "小榄镇" not in dashboard
    csv_text = client.get("/export/ledger.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert {row[3] for row in rows[1:]} == {"坦洲镇"}
    assert len(rows) == 3
    book = load_workbook(io.BytesIO(client.get("/export/ledger.xlsx").data))
    assert {row[3] for row in book.active.iter_rows(min_row=2, values_only=True)} == {"坦洲镇"}
    sneaky = load_workbook(io.BytesIO(client.get("/export/ledger.xlsx?district=小榄镇").data))
    assert list(sneaky.active.iter_rows(min_row=2, values_only=True)) == []


@pytest.mark.parametrize(
    "action", ["dismiss", "district", "regulators", "assign", "escalate", "merge", "split"]
)
def test_district_officers_cannot_do_duty_actions_on_their_own_leads(client, auth, web, leads, action):
    lead_id = leads["tz_shop"]
    auth.login("tz")
    response = client.post(
        f"/leads/{lead_id}/{action}", data={**FORMS[action], "version": version_of(web[0], lead_id)}
    )
    assert response.status_code == 403
    assert len(storage.lead_events(storage.connect(web[0]), lead_id)) == 1


@pytest.mark.parametrize("user", ["duty", "tz"])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/sources", "/admin/config"])
def test_admin_pages_are_for_admins(client, auth, user, path):
    auth.login(user)
    assert client.get(path).status_code == 403
    assert client.post("/admin/users", data={"username": "evil1", "role": "admin"}).status_code == 403
    assert client.post("/admin/users/admin/disable").status_code == 403


def test_admins_manage_accounts_from_the_web(client, auth, web):
    auth.login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "tz2" in page
    bad = client.post("/admin/users", data={"username": "new1", "role": "district", "district": "",
                                            "password": "long enough pw", "again": "long enough pw"})  # fmt: skip
    assert bad.status_code == 400
    assert "须指定镇街" in bad.get_data(as_text=True)
    ok = client.post("/admin/users", data={"username": "new1", "role": "district", "district": "三乡镇",
                                           "password": "long enough pw", "again": "long enough pw"})  # fmt: skip
    assert ok.status_code == 302
    assert client.post("/admin/users/new1/disable").status_code == 302
    assert storage.get_user(storage.connect(web[0]), "new1")["active"] == 0
    assert client.post("/admin/users/admin/disable").status_code == 400  # not oneself
    assert (
        client.post("/admin/users/new1/password", data={"password": "short", "again": "short"}).status_code
        == 400
    )
    assert (
        client.post("/admin/users/new1/password", data={"password": "x" * 12, "again": "x" * 12}).status_code
        == 302
    )


def test_the_config_page_never_shows_a_secret(client, auth, monkeypatch):
    monkeypatch.setenv("WAGEWATCH_SMTP_PASSWORD", "hunter2-smtp-secret")
    auth.login("admin")
    page = client.get("/admin/config").get_data(as_text=True)
    assert "hunter2" not in page
    assert "WAGEWATCH_SMTP_PASSWORD" in page
    assert "已设置" in page
    assert "session_minutes" in page


def test_the_ledger_export_has_the_bureaus_columns_and_no_formulas(client, auth, web, leads):
    database = storage.connect(web[0])
    storage.update_lead(database, leads["sq"], {"employer": '=HYPERLINK("http://evil.example","点我")',
                                                "summary": "+1 电话13800001234"})  # fmt: skip
    storage.add_event(database, leads["sq"], "duty", "note", note="@SUM(A1:A9) 13800001234")
    auth.login("duty")
    response = client.get("/export/ledger.csv")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=wagewatch-taizhang-")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["线索编号", "发现时间", "平台", "镇街", "欠薪方", "涉及人数", "涉及金额(元)", "优先级", "负责人", "状态",
                       "响应时限", "办结时限", "处置过程", "办理结果", "追回金额(元)", "回访结果"]  # fmt: skip
    assert len(rows) == 6
    row = next(r for r in rows if r[0].startswith(f"#{leads['sq']} "))
    assert row[4] == '\'=HYPERLINK("http://evil.example","点我")'
    assert "13800001234" not in response.get_data(as_text=True)
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    book = load_workbook(io.BytesIO(client.get("/export/ledger.xlsx").data))
    sheet = book.active
    assert sheet.title == "台账"
    values = [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","点我")' in values
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_the_export_follows_the_queue_filters_and_records_the_outcome(client, auth, web, leads):
    auth.login("duty")
    lead_id = leads["xl"]
    for action, data in (("start", {}), ("resolve", {"recovered_yuan": "50000", "workers_paid": "50"}),
                         ("callback", {"outcome": "paid"})):  # fmt: skip
        client.post(f"/leads/{lead_id}/{action}", data={**data, "version": version_of(web[0], lead_id)})
    rows = list(
        csv.reader(
            io.StringIO(client.get("/export/ledger.csv?priority=P1").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert len(rows) == 2
    row = rows[1]
    assert row[2] == "百度贴吧"
    assert row[9] == "已回访"
    assert "开始办理" in row[12]
    assert "50 人已拿到工资" in row[13]
    assert row[14] == "50000.0"
    assert row[15] == "已拿到工资"


def test_the_dashboard_counts_and_draws_the_trend_inline(client, auth, web, leads):
    database = storage.connect(web[0])
    run = storage.start_run(database, "weibo")
    storage.finish_run(database, run, status="blocked", blocked_reason="captcha page")
    auth.login("duty")
    page = client.get("/").get_data(as_text=True)
    assert 'id="new-today">5<' in page
    assert 'id="open-p1">1<' in page
    assert 'id="open-total">5<' in page
    assert '<svg class="trend"' in page
    assert "<script" not in page
    assert "被拦截" in page
    assert "captcha page" in page
    assert "从未采集" in page  # tieba, configured but never crawled
    storage.update_lead(database, leads["xl"], {"close_due": "2020-01-01T00:00:00+08:00"})
    page = client.get("/").get_data(as_text=True)
    assert 'id="overdue">1<' in page
    assert "逾期未办结" in page
