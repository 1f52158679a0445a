"""Shared fixtures: a fresh database file, a click runner, sample posts."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.http import TextResponse

import storage


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "wagewatch.db"


@pytest.fixture
def db(db_path):
    database = storage.open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def runner():
    return CliRunner()


def make_post(n: int, text: str | None = None, **extra) -> dict:
    post = {
        "platform": "weibo",
        "post_id": str(n),
        "url": f"https://m.weibo.cn/detail/{n}",
        "author": f"用户{n}",
        "text": text if text is not None else f"测试帖子{n}：中山坦洲某工地拖欠工资{n}个月",
        "posted_at": "2026-11-20T10:00:00+08:00",
        "reposts": 1,
        "comments": 2,
        "likes": 3,
    }
    post.update(extra)
    return post


@pytest.fixture
def clean_crawl_env(monkeypatch):
    """Crawls reach only 127.0.0.1 and store only where a test says."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("WAGEWATCH_DB", "WEIBO_COOKIE", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    """The demo mirror serving the bundled corpus on 127.0.0.1, for one test module."""
    from demo.server import serve_demo

    with serve_demo() as base_url:
        yield base_url


@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory) -> Path:
    """The awkward-posts corpus (``tests.crawlkit.write_odd_corpus``) in a temporary folder."""
    from tests.crawlkit import write_odd_corpus

    return write_odd_corpus(tmp_path_factory.mktemp("corpus"))


FIXTURES = Path(__file__).parent / "fixtures" / "html"


def fixture_response(
    site: str, name: str, url: str, cls: type[TextResponse] = TextResponse, **kwargs
) -> TextResponse:
    """A saved page (tests/fixtures/html/<site>/<name>) as the response a spider would get."""
    return cls(url=url, body=(FIXTURES / site / name).read_bytes(), **kwargs)


# ---- the review web UI ---------------------------------------------------------------------------

PASSWORD = "correct horse battery"
# (user name, role, 镇街)
WEB_USERS = (
    ("admin", "admin", None),
    ("duty", "duty", None),
    ("duty2", "duty", None),
    ("tz", "district", "坦洲镇"),
    ("tz2", "district", "坦洲镇"),
    ("xl", "district", "小榄镇"),
)
XSS = '<script>alert("x")</script>'
WEB_POSTS = [
    make_post(1, f"{XSS}坦洲镇金斗湾工地包工头拖欠我们二十多个工友三个月工资<img src=x onerror=alert(2)>，"
              "电话13800001234", author="<b>老王</b>", title="<svg onload=alert(3)>求助", url="javascript:alert(4)"),
    make_post(2, "小榄五金厂老板走佬，五十多个工人拉横幅讨薪", platform="tieba", url="https://tieba.baidu.com/p/2"),
    make_post(3, "坦洲镇界狮南路一间餐厅老板拖欠我们8个服务员两个月人工，一共四万多", reposts=9),
    make_post(4, "转发：坦洲镇界狮南路一间餐厅老板拖欠我们8个服务员两个月人工，一共四万多"),
    make_post(5, "老细走佬，冇出粮！"),
    make_post(6, "石岐区一间装修公司拖欠我们十个师傅三万块工钱"),
]  # fmt: skip


@functools.cache
def password_hash() -> str:
    from review.accounts import hash_password

    return hash_password(PASSWORD)


def fill_web_db(database) -> dict[str, int]:
    """The web tests' database: WEB_POSTS through the real pipeline (stub classifier) and the
    WEB_USERS; returns lead ids by name (tz = 坦洲 case with the payloads, tz_shop = the two-post
    坦洲 case, xl = 小榄 P1, none = no 镇街, sq = 石岐)."""
    import pipeline
    from tests.test_dedupe import Stub

    storage.upsert_posts(database, WEB_POSTS)
    pipeline.run_pass(database, classifier=Stub())
    with storage.transaction(database):
        for name, role, district in WEB_USERS:
            storage.create_user(database, {"username": name, "display_name": name, "role": role,
                                           "district": district, "password_hash": password_hash(), "active": 1})  # fmt: skip

    def of(post: str) -> int:
        return database.execute(
            "SELECT lead_id FROM lead_posts JOIN posts ON posts.id = lead_posts.post_id WHERE posts.post_id = ?",
            [post],
        ).fetchone()[0]

    return {"tz": of("1"), "xl": of("2"), "tz_shop": of("3"), "none": of("5"), "sq": of("6")}


@pytest.fixture
def web(db_path):
    """(database path, lead ids by name) of a filled web database."""
    database = storage.open_db(db_path)
    ids = fill_web_db(database)
    database.close()
    return db_path, ids


@pytest.fixture
def app(web):
    import config
    from review import create_app

    return create_app({"TESTING": True, "DATABASE": str(web[0]), "WTF_CSRF_ENABLED": False,
                       "WAGEWATCH": config.defaults()})  # fmt: skip


@pytest.fixture
def leads(web) -> dict[str, int]:
    return web[1]


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    """flaskr's helper: log a test client in and out."""

    def __init__(self, client):
        self._client = client

    def login(self, username: str = "duty", password: str = PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def version_of(db_path, lead_id: int) -> int:
    database = storage.connect(db_path)
    try:
        return storage.get_lead(database, lead_id)["version"]
    finally:
        database.close()


# ---- the fault table (#13) ---------------------------------------------------------------------------


def pytest_collection_modifyitems(items):
    """Every test that reports to the fault table is a ``fault`` test (``pytest -m fault``)."""
    for item in items:
        if "fault_report" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.fault)


@pytest.fixture
def fault_report(request):
    """Record one row of the fault table (fault → runs → lost → doubled → message shown);
    ``bench/faults.py`` sets WAGEWATCH_FAULT_REPORT and prints them."""

    def record(fault: str, runs: int, lost: int, doubled: int, message: str) -> None:
        target = os.environ.get("WAGEWATCH_FAULT_REPORT")
        if target:
            message = re.sub(r"/\S*/pytest-\d+/\S*?/", "…/", " ".join(message.split()))[:110]
            with open(target, "a", encoding="utf-8") as out:
                row = {"fault": fault, "runs": runs, "lost": lost, "doubled": doubled, "message": message,
                       "test": request.node.nodeid}  # fmt: skip
                out.write(json.dumps(row, ensure_ascii=False) + "\n")

    return record
