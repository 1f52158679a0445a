"""The queue and the lead page (#9) as officers use them: P1 on top and unmistakable, filters,
counts and paging; every post, fact, model verdict and ledger row on the lead page; every action a
form that goes through triage.casework; bad input answered with the form again and nothing
written; a stale form refused; scraped text never rendered as markup."""

from __future__ import annotations

import re

import pytest

import storage
from tests.conftest import XSS, version_of


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _lead_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="id">#(\d+)</span>', page)]


def _post(client, db_path, lead_id: int, action: str, **data):
    data.setdefault("version", version_of(db_path, lead_id))
    return client.post(f"/leads/{lead_id}/{action}", data=data)


def test_the_queue_puts_p1_on_top_marks_it_and_counts(client, auth, leads):
    auth.login()
    page = _page(client, "/leads")
    assert _lead_ids(page)[0] == leads["xl"]
    assert 'class="row-P1' in page
    assert "P1 紧急线索 1 条" in page
    assert "共 <strong>5</strong> 条" in page
    assert "显示 5 条 / 共 5 条" in page
    assert "138****1234" in page
    assert "13800001234" not in page


def test_the_queue_orders_by_priority_then_deadline_and_shows_overdue_in_red(client, auth, web, leads):
    database = storage.connect(web[0])
    storage.update_lead(database, leads["sq"], {"close_due": "2020-01-01T23:59:00+08:00"})
    auth.login()
    page = _page(client, "/leads")
    order = _lead_ids(page)
    assert order[:3] == [leads["xl"], leads["sq"], leads["tz"]]  # P1, then the P2 whose deadline passed
    assert re.search(rf'<tr class="row-P2 overdue">\s*<td[^>]*>.*?</td>\s*<td data-label="线索" class="summary">\s*'
                     rf'<a href="/leads/{leads["sq"]}"', page, re.S)  # fmt: skip
    assert "已逾期" in page
    assert "逾期 1" in page
    assert _lead_ids(_page(client, "/leads?state=overdue")) == [leads["sq"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("district=坦洲镇", {"tz", "tz_shop"}),
        ("district=none", {"none"}),
        ("priority=P1", {"xl"}),
        ("platform=tieba", {"xl"}),
        ("label=other_labor", set()),
        ("state=all&district=石岐街道", {"sq"}),
        ("date_from=2000-01-01&date_to=2000-01-02", set()),
        ("no_owner=1&district=坦洲镇", {"tz", "tz_shop"}),
    ],
)
def test_queue_filters(client, auth, leads, query, expected):
    auth.login()
    assert set(_lead_ids(_page(client, f"/leads?{query}"))) == {leads[name] for name in expected}


def test_mine_and_unowned_filters_and_bad_filter_values(client, auth, web, leads):
    auth.login("duty")
    assert _post(client, web[0], leads["tz"], "take").status_code == 302
    assert _lead_ids(_page(client, "/leads?mine=1")) == [leads["tz"]]
    assert leads["tz"] not in _lead_ids(_page(client, "/leads?no_owner=1"))
    page = _page(client, "/leads?priority=P9&district=天河区&date_from=yesterday")
    assert "已忽略筛选条件" in page
    assert len(_lead_ids(page)) == 5


def test_paging_says_how_many_are_shown_of_how_many(client, auth, app):
    app.config["PAGE_SIZE"] = 2
    auth.login()
    first = _page(client, "/leads")
    assert "显示 2 条 / 共 5 条" in first
    assert "第 1/3 页" in first
    assert "page=2" in first
    last = _page(client, "/leads?page=3")
    assert "显示 1 条 / 共 5 条" in last
    assert "第 5–5 条" in last
    assert (
        len(set(_lead_ids(first)) | set(_lead_ids(_page(client, "/leads?page=2"))) | set(_lead_ids(last)))
        == 5
    )


def test_the_lead_page_shows_posts_facts_model_district_deadlines_and_ledger(client, auth, leads):
    auth.login()
    page = _page(client, f"/leads/{leads['tz_shop']}")
    assert page.count('<article class="post">') == 2
    assert "https://m.weibo.cn/detail/3" in page
    assert "转 9 评 2 赞 3" in page
    assert "欠薪概率 1.00" in page
    assert "模型 stub" in page
    assert "界狮南路" in page  # the district's reason
    assert "办结时限" in page
    assert "发现" in page
    assert "pipeline" in page
    assert "归并：" in page


def test_scraped_text_is_never_markup(client, auth, leads):
    auth.login("duty")
    page = _page(client, f"/leads/{leads['tz']}")
    for raw in (XSS, "<img src=x", "<b>老王</b>", "<svg onload"):
        assert raw not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;老王&lt;/b&gt;" in page
    assert 'href="javascript:' not in page
    assert "原帖地址不是网页链接" in page
    assert "13800001234" in page  # the lead page shows duty officers the full number
    queue = _page(client, "/leads")
    search = _page(client, "/search?q=工友")
    for text in (queue, search):
        assert XSS not in text
        assert "<img src=x" not in text
        assert "13800001234" not in text


def test_the_lead_page_masks_phones_for_district_officers(client, auth, leads):
    auth.login("tz")
    page = _page(client, f"/leads/{leads['tz']}")
    assert "13800001234" not in page
    assert "138****1234" in page


def test_a_duty_officer_takes_a_lead_from_new_to_closed_in_forms(client, auth, web, leads):
    db_path, lead_id = web[0], leads["none"]
    auth.login("duty")
    steps = [
        ("district", {"district": "坦洲镇", "reason": "评论说在坦洲"}, "已交办"),
        ("regulators", {"regulators": ["住建", "水务"]}, "住建、水务"),
        ("start", {"note": "已电话联系"}, "办理中"),
        ("resolve", {"recovered_yuan": "12000", "workers_paid": "6"}, "1.2 万元"),
        ("callback", {"outcome": "paid"}, "已回访"),
        ("close", {}, "已结案"),
    ]
    for action, data, shown in steps:
        response = _post(client, db_path, lead_id, action, **data)
        assert response.status_code == 302, (action, response.get_data(as_text=True)[-2000:])
        page = _page(client, f"/leads/{lead_id}")
        assert shown in page, action
    events = storage.lead_events(storage.connect(db_path), lead_id)
    assert [e["action"] for e in events[1:]] == [
        "district",
        "regulators",
        "in_progress",
        "resolved",
        "verified",
        "closed",
    ]
    assert {e["who"] for e in events[1:]} == {"duty"}


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("resolve", {"recovered_yuan": "", "workers_paid": "3"}, "追回金额须为数字"),
        ("district", {"district": "坦洲镇", "reason": ""}, "请填写交办理由"),
        ("district", {"district": "天河区", "reason": "x"}, "不是中山市的镇街"),
        ("escalate", {"reason": ""}, "请填写提级理由"),
        ("dismiss", {"label": ""}, "排除线索须给出正确类别"),
        ("callback", {"outcome": "paid"}, "只能对已办结的线索回访"),
        ("close", {}, "只能转为"),
        ("note", {"text": "  "}, "请填写备注"),
        ("merge", {"other_id": "abc"}, "请填写要合并的线索编号"),
        ("merge", {"other_id": "999"}, "没有线索 #999"),
        ("assign", {"officer": "xl"}, "看不到"),
        ("assign", {"officer": "ghost"}, "在岗人员"),
        ("split", {"post_id": "9999"}, "不属于"),
        ("note", {"text": "x", "version": "abc"}, "缺少版本号"),
    ],
)
def test_a_bad_form_shows_the_page_again_with_the_message_and_writes_nothing(client, auth, web, leads, action,
                                                                             data, message):  # fmt: skip
    db_path, lead_id = web[0], leads["sq"]
    before = (
        storage.get_lead(storage.connect(db_path), lead_id),
        len(storage.lead_events(storage.connect(db_path), lead_id)),
    )
    auth.login("duty")
    response = _post(client, db_path, lead_id, action, **data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'class="flash flash-error"' in page
    assert "<h2>处置</h2>" in page  # the forms are there to try again
    after = (
        storage.get_lead(storage.connect(db_path), lead_id),
        len(storage.lead_events(storage.connect(db_path), lead_id)),
    )
    assert after == before


def test_a_failed_form_keeps_what_the_officer_typed(client, auth, web, leads):
    auth.login("duty")
    _post(client, web[0], leads["sq"], "start")
    page = _post(client, web[0], leads["sq"], "resolve", recovered_yuan="12000", workers_paid="三个",
                 note="已发放大部分").get_data(as_text=True)  # fmt: skip
    assert 'value="12000"' in page
    assert 'value="已发放大部分"' in page


def test_unknown_leads_and_actions_get_a_404_page_not_a_500(client, auth, web, leads):
    auth.login()
    for path in ("/leads/999999", "/leads/abc", "/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404
        assert "找不到该页面或线索" in response.get_data(as_text=True)
    assert client.post("/leads/999999/note", data={"version": 0, "text": "x"}).status_code == 404
    assert _post(client, web[0], leads["tz"], "explode").status_code == 404
    assert client.get(f"/leads/{leads['tz']}/note").status_code == 405


def test_two_officers_on_one_lead_one_wins_the_other_is_told(app, web, leads):
    db_path, lead_id = web[0], leads["tz"]
    first, second = app.test_client(), app.test_client()
    first.post("/login", data={"username": "tz", "password": "correct horse battery"})
    second.post("/login", data={"username": "duty", "password": "correct horse battery"})
    version = version_of(db_path, lead_id)  # both have the page open at this version
    assert first.post(f"/leads/{lead_id}/start", data={"version": version}).status_code == 302
    told = second.post(f"/leads/{lead_id}/dismiss", data={"version": version, "label": "irrelevant"})
    assert told.status_code == 409
    page = told.get_data(as_text=True)
    assert "刚被 tz 更新" in page
    assert "您的操作未执行" in page
    database = storage.connect(db_path)
    assert storage.get_lead(database, lead_id)["status"] == "in_progress"
    assert [e["action"] for e in storage.lead_events(database, lead_id)][1:] == ["in_progress"]
    assert storage.feedback_for_post(database, storage.lead_posts(database, lead_id)[0]["id"]) == []


def test_merge_split_confirm_dismiss_and_take_from_the_page(client, auth, web, leads):
    db_path = web[0]
    auth.login("duty")
    assert _post(client, db_path, leads["tz"], "merge", other_id=str(leads["tz_shop"])).status_code == 302
    assert "已合并" in _page(client, f"/leads/{leads['tz_shop']}")
    post_id = storage.lead_posts(storage.connect(db_path), leads["tz"])[-1]["id"]
    split = _post(client, db_path, leads["tz"], "split", post_id=str(post_id))
    new_id = int(split.headers["Location"].rsplit("/", 1)[1])
    assert new_id not in leads.values()
    assert "从线索" in _page(client, f"/leads/{new_id}")
    assert _post(client, db_path, leads["sq"], "confirm", label="wage_arrears").status_code == 302
    assert "已人工确认" in _page(client, f"/leads/{leads['sq']}")
    assert (
        _post(client, db_path, leads["none"], "dismiss", label="irrelevant", note="笑话").status_code == 302
    )
    database = storage.connect(db_path)
    assert storage.get_lead(database, leads["none"])["dismissed_label"] == "irrelevant"
    assert len(storage.latest_feedback(database)) == 2  # 石岐 confirmed, the joke dismissed
    auth.logout()
    auth.login("tz2")
    assert _post(client, db_path, new_id, "take").status_code == 302
    auth.logout()
    auth.login("tz")
    refused = _post(client, db_path, new_id, "take")
    assert "首问负责" in refused.get_data(as_text=True)
