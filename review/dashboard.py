"""The dashboard (/): new today, open leads by priority and 镇街, overdue, the on-time closure rate
per 镇街, a 30-day trend and each source's crawl health. A district officer sees their 镇街's figures."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, render_template

import storage
from review.auth import scope
from review.charts import last_days, trend_svg
from review.db import get_db
from storage.db import BEIJING
from triage.followup import closure_rates

bp = Blueprint("dashboard", __name__)


def crawl_health(database, config) -> list[dict]:
    """Each configured (or crawled) source with its verdict: ok, or its flags (blocked, quiet …)."""
    configured = {s["name"]: s for s in config["sources"]}
    names = [*configured, *(n for n in storage.crawled_sources(database) if n not in configured)]
    rows = []
    for name in names:
        spec = configured.get(name)
        health = storage.source_health(
            database, name, quiet_hours=spec["quiet_hours"] if spec else 48,
            stale_after_s=2 * config["crawl"]["timeout_s"], runs=3,
        )  # fmt: skip
        enabled = spec["enabled"] if spec else True
        flags = health["flags"] if enabled or health["runs"] else []
        rows.append({"name": name, "spider": spec["spider"] if spec else "—", "enabled": enabled,
                     "configured": spec is not None, "flags": flags, "last": health["last"],
                     "last_new_at": health["last_new_at"], "verdict": flags[0]["kind"] if flags else "ok"})  # fmt: skip
    return rows


@bp.get("/")
def index():
    database, limit = get_db(), scope()
    now = datetime.now(BEIJING)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    days = last_days(today.date())
    breakdown = storage.open_breakdown(database, limit)
    totals = {k: sum(r[k] for r in breakdown) for k in ("P1", "P2", "P3", "none", "total")}
    rates = [r for r in closure_rates(database) if limit is None or r["district"] == limit]
    trend = storage.daily_counts(
        database, datetime.combine(days[0], datetime.min.time(), BEIJING).isoformat(), limit
    )
    return render_template(
        "dashboard.html",
        new_today=storage.count_created_since(database, today.isoformat(), limit), today=today.date().isoformat(),
        totals=totals, breakdown=breakdown, rates=rates,
        overdue=storage.queue_counts(database, {"state": "overdue", "scope": limit}, storage.now())["total"],
        trend=trend_svg(days, trend), trend_total={k: sum(v[k] for v in trend.values()) for k in ("new", "resolved", "closed")},
        sources=crawl_health(database, current_app.config["WAGEWATCH"]),
    )  # fmt: skip
