"""Hostile post text everywhere it is shown (#13): the web UI's queue, lead page and search, the CSV
and XLSX 台账 exports and the digest email. Script tags, event handlers, ``javascript:`` links,
CSS, bidi overrides, NUL bytes, a lone surrogate and a 1 MB post are stored and shown inert: never
markup, never a formula, never a crash; the text itself stays readable."""

from __future__ import annotations

import email
import email.policy
import io
import json
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

import cli
import config
from tests.conftest import PASSWORD, make_post
from tests.faults.conftest import seed_web_db

HOSTILE = [
    make_post(101, '坦洲工地拖欠工资 <script>alert("x")</script><img src=x onerror=alert(1)>',
              author="<b onmouseover=alert(2)>老王</b>", title="<style>body{display:none}</style>",
              url="javascript:alert(3)"),
    make_post(102, "小榄五金厂欠薪 \u202egnp.exe\u202c 和 \x00 空字符 \ud800 半个字", url="data:text/html,<b>x</b>"),
    make_post(103, "=HYPERLINK(\"http://evil.example\",\"点我\") 三乡工地拖欠工资 +1 -2 @SUM(A1)"),
    make_post(104, "沙溪制衣厂欠薪" + "很长的帖子内容" * 150_000),
    make_post(106, "板芙工地拖欠工资 联系人身份证44200019900101123X 电话13912345678"),
    make_post(105, "横栏灯饰厂拖欠工资 <a href=\"javascript:alert(5)\">点我</a> <iframe src=//evil.example></iframe>"),
]  # fmt: skip


class Markup(HTMLParser):
    """What a browser would make of a page: its elements, their attributes, and its style sheets."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.fixture
def hostile(db_path):
    return db_path, seed_web_db(db_path, HOSTILE)


@pytest.fixture
def officer(hostile):
    from review import create_app

    app = create_app({"TESTING": True, "DATABASE": str(hostile[0]), "WTF_CSRF_ENABLED": False,
                      "WAGEWATCH": config.defaults()})  # fmt: skip
    client = app.test_client()
    assert client.post("/login", data={"username": "duty", "password": PASSWORD}).status_code == 302
    return client


def assert_inert(html: str, where: str) -> None:
    """No element, attribute, link or style of the posts' making in ``html`` (the page's own are
    fine: a chart image by Content-ID, its own style sheet)."""
    page = Markup(html)
    names = {tag for tag, _attrs in page.tags}
    assert not names & {"script", "iframe", "object", "embed", "svg"}, f"{names} in {where}"
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), f"<{tag} {attrs}> in {where}"
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (
                f"<{tag} {name}={value}> in {where}"
            )
    assert not any("display:none" in style.replace(" ", "") for style in page.styles), where
    assert "\x00" not in html, f"a NUL byte reached {where}"


def test_the_web_ui_shows_hostile_text_inert(officer, hostile, fault_report):
    _db_path, lead_ids = hostile
    assert len(lead_ids) == 6
    pages = {"/leads": officer.get("/leads"), "/search?q=工资": officer.get("/search?q=工资")}
    pages.update({f"/leads/{i}": officer.get(f"/leads/{i}") for i in lead_ids})
    for path, response in pages.items():
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert_inert(html, path)
    lead_page = pages[f"/leads/{lead_ids[0]}"].get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in lead_page  # shown, as text
    bidi_page = pages[f"/leads/{lead_ids[1]}"].get_data(as_text=True)
    assert "\u202e" not in bidi_page  # an override would reorder the page around it …
    assert "\\u202egnp.exe" in bidi_page  # … so it is written out, and the rest stays readable
    fault_report("hostile text in the web UI (queue, lead pages, search)", len(pages), 0, 0,
                 "escaped: &lt;script&gt;…, no javascript:/data: links, NUL removed, bidi isolated")  # fmt: skip


def test_phone_and_id_numbers_are_masked_in_lists_and_exports(officer):
    for path in ("/leads", "/search?q=工资", "/export/ledger.csv"):
        page = officer.get(path).get_data(as_text=True)
        assert "44200019900101123X" not in page, path
        assert "13912345678" not in page, path
    assert "4420**********123X" in officer.get("/leads").get_data(as_text=True)


def test_the_exports_carry_no_formula_and_no_crash(officer, fault_report):
    csv_response = officer.get("/export/ledger.csv")
    assert csv_response.status_code == 200
    text = csv_response.get_data(as_text=True)
    assert "\x00" not in text
    assert ',"=HYPERLINK' not in text
    assert ",=HYPERLINK" not in text
    xlsx = officer.get("/export/ledger.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in cells if isinstance(c.value, str))
    fault_report("hostile text in the CSV/XLSX 台账 exports", 2, 0, 0,
                 "formulas neutralised with a leading ', control characters dropped")  # fmt: skip


def test_the_digest_shows_hostile_text_inert(runner, hostile, tmp_path, fault_report):
    db_path, _ = hostile
    out = tmp_path / "out"
    result = runner.invoke(cli.main, ["--db", str(db_path), "digest", "--dry-run", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (eml,) = out.glob("digest-*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    plain = message.get_body(("plain",)).get_content()
    assert_inert(html, "the digest's HTML")
    assert "\x00" not in plain
    assert "坦洲工地拖欠工资" in html
    fault_report("hostile text in the digest email", 1, 0, 0, "escaped in HTML, no NUL in either part")
    json.dumps(plain)  # the plain part is valid text
