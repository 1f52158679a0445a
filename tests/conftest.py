"""Shared fixtures: a fresh database file, a click runner, sample posts."""

from __future__ import annotations

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
