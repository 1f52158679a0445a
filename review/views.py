"""What every template shares: filters that mask phones, format money and times and turn only
http(s) URLs into links, the Chinese names of states, labels and roles, and the signed-in user."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g

import storage
from redact import inert, mask_personal
from review.accounts import ROLES
from triage.casework import LABEL_NAMES, REGULATORS
from triage.districts import TOWNS
from triage.followup import STATE_NAMES

PLATFORM_NAMES = {
    "weibo": "微博", "tieba": "百度贴吧", "liuyan": "领导留言板", "rss": "新闻", "forum": "论坛",
    "douyin": "抖音", "12345": "12345",
}  # fmt: skip
SECTOR_NAMES = {
    "construction": "建筑", "manufacturing": "制造", "catering": "餐饮", "logistics": "物流", "cleaning": "保洁",
    "security": "保安", "agriculture": "农业", "delivery": "快递外卖", "education": "教育", "retail": "零售",
    "transport": "交通运输", "hotel": "酒店", "domestic": "家政", "mining": "矿业", "property": "物业",
}  # fmt: skip
ACTION_NAMES = {
    "created": "发现", "alert": "预警", "priority": "优先级", "assigned": "交办/指派", "reassigned": "改派",
    "in_progress": "开始办理", "resolved": "办结", "verified": "回访确认", "closed": "结案", "dismissed": "排除",
    "escalated": "提级", "reopened": "重开", "note": "备注", "spot_check": "抽查", "spot_check_result": "抽查结果",
    "confirmed": "确认", "district": "交办镇街", "regulators": "双交办", "merged": "被合并", "merged_in": "合并",
    "split": "拆分",
}  # fmt: skip


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address, else None (``javascript:``, ``data:`` and
    anything odd never become links)."""
    if not url:
        return None
    url = str(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in "\r\n\t "):
        return None
    return url


def money(value: Any) -> str:
    if value in (None, ""):
        return "—"
    value = float(value)
    if value >= 10_000:
        return f"{value / 10_000:,.2f}".rstrip("0").rstrip(".") + " 万元"
    return f"{value:,.0f} 元"


def when(value: str | None, with_year: bool = False) -> str:
    """An ISO time as ``11-20 10:00`` (Beijing time, as stored)."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M" if with_year else "%m-%d %H:%M")


def from_json(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def phones(text: str | None, masked: bool = True) -> str:
    return mask_personal(text or "") if masked else (text or "")


def init_app(app: Flask) -> None:
    app.jinja_env.autoescape = True  # also for templates without .html, should one ever appear
    app.jinja_env.finalize = inert  # no control character or bidi override from a post reaches the page
    app.jinja_env.filters.update(
        mask_personal=mask_personal, phones=phones, safe_url=safe_url, money=money, when=when, from_json=from_json,
        state_name=lambda s: STATE_NAMES.get(s, s or "—"), label_name=lambda s: LABEL_NAMES.get(s, s or "—"),
        platform_name=lambda s: PLATFORM_NAMES.get(s, s or "—"), action_name=lambda s: ACTION_NAMES.get(s, s),
        role_name=lambda s: ROLES.get(s, s), sector_name=lambda s: SECTOR_NAMES.get(s, s or "—"),
        district_name=lambda s: "市外" if s == "out_of_area" else (s or "未分配"),
    )  # fmt: skip

    @app.context_processor
    def shared() -> dict[str, Any]:
        user = g.get("user")
        return {
            "user": user, "now_iso": storage.now(), "TOWNS": TOWNS, "STATE_NAMES": STATE_NAMES, "LABEL_NAMES": LABEL_NAMES,
            "REGULATORS": REGULATORS, "PLATFORM_NAMES": PLATFORM_NAMES,
            "is_district": bool(user and user["role"] == "district"), "is_admin": bool(user and user["role"] == "admin"),
        }  # fmt: skip
