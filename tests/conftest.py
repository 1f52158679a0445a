"""Shared fixtures: a fresh database file, a click runner, sample posts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

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
