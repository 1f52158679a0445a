"""Building the daily digest: database and period in, a MIME message out. Nothing here sends or
writes; ``digest.outbox`` records and sends what is built here.

A digest is for one day and one recipient group: the city task force (``district`` None, every
镇街) or one 镇街's officers (that 镇街's leads only). It covers the period since the group's
previous digest (else the 24 hours before) up to when it is built (the scheduler builds it at
``[schedule] digest_time``); a missed past day, built later, ends at that day's digest time.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlite_utils import Database

import config as config_module
import storage
from digest.chart import chart_png
from redact import inert, mask_personal
from storage.db import BEIJING
from triage import followup

TEMPLATES = Path(__file__).parent / "templates"
CITY = "全市"
SENDER_NAME = "欠薪舆情 wagewatch"
PLATFORMS = {"weibo": "微博", "tieba": "贴吧", "rss": "新闻", "news": "新闻", "liuyan": "领导留言板",
             "forum": "论坛", "12345": "12345", "douyin": "抖音", "input": "导入"}  # fmt: skip
STATUS = {"new": "新", "assigned": "已指派", "in_progress": "处理中", "resolved": "已解决", "verified": "已回访",
          "closed": "已办结", "escalated": "提级办理", "reopened": "重新打开", "dismissed": "已排除"}  # fmt: skip
HEALTH = {"blocked": "被拦截", "error": "抓取出错", "suspect": "疑似失明（哨兵词缺失）", "quiet": "长时间无新帖",
          "never": "从未抓取"}  # fmt: skip


@dataclass(frozen=True)
class Period:
    day: str  # YYYY-MM-DD, the digest's day
    start: str  # ISO, exclusive
    end: str  # ISO, inclusive


@dataclass(frozen=True)
class Built:
    message: EmailMessage
    html: str  # the HTML part as sent (the chart by cid:)
    preview_html: str  # the same with the chart inline (data: URI), for a browser
    text: str
    png: bytes
    lead_ids: list[int]
    data: dict[str, Any]


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=inert,  # no control character or bidi override from a post reaches the mail
    )
    env.filters["mask_personal"] = mask_personal
    env.filters["safe_url"] = lambda url: url if re.match(r"https?://", url or "", re.IGNORECASE) else None
    env.filters["yuan"] = yuan
    return env


def yuan(value: float | None) -> str:
    """``350000`` → ``35 万元``, ``4200`` → ``4,200 元``."""
    if value is None:
        return ""
    if value >= 10000:
        return f"{value / 10000:,.1f}".rstrip("0").rstrip(".") + " 万元"
    return f"{value:,.0f} 元"


def _moment(value: str | datetime | None) -> datetime:
    if value is None:
        return datetime.now(BEIJING).replace(microsecond=0)
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)).astimezone(BEIJING)


def period_for(
    db: Database,
    config: dict[str, Any],
    day: date | None,
    district: str | None,
    now: str | datetime | None = None,
) -> Period:
    """The period the digest of ``day`` (default: today in Beijing) covers for a group: from the end
    of the group's previous digest (else 24 hours before its end) to now (today), or to the day's
    digest time (a past day that was missed). A built digest keeps its recorded period."""
    moment = _moment(now)
    day = day or moment.date()
    built = storage.digest_for_day(db, day.isoformat(), district)
    if built:
        return Period(day.isoformat(), built["period_start"], built["period_end"])
    hour, minute = (int(x) for x in config["schedule"]["digest_time"].split(":"))
    end = moment if day >= moment.date() else datetime.combine(day, time(hour, minute), tzinfo=BEIJING)
    previous = storage.previous_digest(db, day.isoformat(), district)
    start = previous["period_end"] if previous else (end - timedelta(hours=24)).isoformat()
    return Period(day.isoformat(), start, end.isoformat())


def _platform(name: str) -> str:
    return PLATFORMS.get(name, name)


def _lead_view(lead: dict[str, Any], platforms: list[str], review: str) -> dict[str, Any]:
    """A lead as the digest shows it: a one-line summary (who, how many, how much, where, since
    when, platforms) and the link into the review UI. Scraped text has its phones masked."""
    who = mask_personal(lead["employer"] or lead.get("project") or lead.get("foreman") or "") or "欠薪方不详"
    since = []
    if lead["months_unpaid"]:
        since.append(f"拖欠约 {lead['months_unpaid']:g} 个月")
    if lead["first_post_at"]:
        since.append(f"首帖 {lead['first_post_at'][5:10]}")
    parts = [
        who,
        f"{lead['workers']} 名工人" if lead["workers"] else "人数不详",
        yuan(lead["amount_yuan"]) if lead["amount_yuan"] else "金额不详",
        lead["district"] if lead["district"] and lead["district"] != "out_of_area" else "属地待定",
        "，".join(since) or "时间不详",
        "、".join(_platform(p) for p in platforms) or "—",
    ]
    return {
        "id": lead["id"],
        "priority": lead["priority"] or "-",
        "group_incident": bool(lead["group_incident"]),
        "reappeared": bool(lead.get("reappeared_after_closing")),
        "label": "欠薪" if lead["label"] == "wage_arrears" else "其他劳动争议",
        "line": " · ".join(parts),
        "summary": mask_personal(lead["summary"] or "")[:140],
        "district": lead["district"] or "未分配",
        "owner": lead["owner"] or "未指派",
        "status": STATUS.get(lead["status"], lead["status"]),
        "post_count": lead["post_count"],
        "url": f"{review}/leads/{lead['id']}",
    }


def _overdue_text(hours: float) -> str:
    return f"逾期 {int(hours // 24)} 天" if hours >= 24 else f"逾期 {max(1, int(hours))} 小时"


def _clock(value: str, at: datetime) -> str:
    moment = _moment(value)
    return moment.strftime("%H:%M") if moment.date() == at.date() else moment.strftime("%m-%d %H:%M")


def crawl_health(db: Database, config: dict[str, Any], at: datetime) -> list[dict[str, str]]:
    """Every enabled source that is blind or doubtful, with since when: ``微博 weibo-zhongshan：被拦截，自 03:12 起``."""
    stale = 2 * config["crawl"]["timeout_s"]
    out = []
    for source in config["sources"]:
        if not source["enabled"]:
            continue
        health = storage.source_health(
            db, source["name"], quiet_hours=source["quiet_hours"], stale_after_s=stale, at=at
        )
        for flag in health["flags"]:
            since = (
                storage.blind_since(db, source["name"], flag["kind"])
                if flag["kind"] in ("blocked", "error")
                else None
            )
            out.append({
                "source": source["name"],
                "platform": _platform(source["spider"]),
                "kind": HEALTH.get(flag["kind"], flag["kind"]),
                "since": _clock(since, at) if since else "",
                "detail": _health_detail(flag),
            })  # fmt: skip
    return out


def _health_detail(flag: dict[str, str]) -> str:
    if flag["kind"] in ("never", "suspect"):
        return ""
    if flag["kind"] == "quiet" and (
        hours := re.search(r"for (\d+) h \(quiet period ([\d.]+) h", flag["detail"])
    ):
        return f"已 {hours.group(1)} 小时无新帖（阈值 {hours.group(2)} 小时）"
    return mask_personal(flag["detail"] or "")[:160]


def collect(db: Database, config: dict[str, Any], district: str | None, period: Period) -> dict[str, Any]:
    """Everything one digest shows, as plain data (read-only)."""
    at = _moment(period.end)
    review = config_module.review_url(config)
    new = storage.leads_created_between(db, period.start, period.end, district)
    new.sort(key=lambda lead: ({"P1": 0, "P2": 1, "P3": 2}.get(lead["priority"], 3), not lead["group_incident"], -lead["heat"]))  # fmt: skip
    open_ = storage.open_leads(db, district)
    done = storage.leads_done_between(db, period.start, period.end, district)
    platforms = storage.lead_platforms(db, [lead["id"] for lead in [*new, *open_, *done]])
    view = {
        lead["id"]: _lead_view(lead, platforms.get(lead["id"], []), review) for lead in [*new, *open_, *done]
    }
    overdue, due_soon = [], []
    for lead in open_:
        late = followup.overdue(lead, at)
        if late["close"] or late["response"]:
            kind, due = ("办结", lead["close_due"]) if late["close"] else ("响应", lead["response_due"])
            hours = (at - _moment(due)).total_seconds() / 3600
            overdue.append({**view[lead["id"]], "deadline": kind, "due": due[:16].replace("T", " "), "late": _overdue_text(hours), "hours": hours})  # fmt: skip
            continue
        for kind, due in (
            ("响应", None if lead["responded_at"] else lead["response_due"]),
            ("办结", lead["close_due"]),
        ):
            if due and at < _moment(due) <= at + timedelta(hours=24):
                due_soon.append({**view[lead["id"]], "deadline": kind, "due": due[:16].replace("T", " ")})
                break
    overdue.sort(key=lambda row: -row["hours"])
    done_rows = []
    for lead in done:
        done_rows.append(
            {**view[lead["id"]], "recovered": lead["recovered_yuan"], "claimed": lead["amount_yuan"]}
        )
    rates = followup.closure_rates(db, at)
    if district:
        rates = [row for row in rates if row["district"] == district]
    first_day = (at.date() - timedelta(days=config["digest"]["chart_days"] - 1)).isoformat()
    days = {(at.date() - timedelta(days=n)).isoformat(): {"P1": 0, "P2": 0, "P3": 0, "-": 0, "resolved": 0}
            for n in range(config["digest"]["chart_days"] - 1, -1, -1)}  # fmt: skip
    for row in storage.daily_new_leads(db, first_day, at.date().isoformat(), district):
        days[row["day"]][row["priority"] if row["priority"] in ("P1", "P2", "P3") else "-"] += row["n"]
    for row in storage.daily_resolved_leads(db, first_day, at.date().isoformat(), district):
        days[row["day"]]["resolved"] += row["n"]
    counts = {p: sum(1 for lead in new if lead["priority"] == p) for p in ("P1", "P2", "P3")}
    return {
        "day": period.day,
        "group": district or CITY,
        "district": district,
        "period_start": period.start[:16].replace("T", " "),
        "period_end": period.end[:16].replace("T", " "),
        "new": [view[lead["id"]] for lead in new],
        "counts": {
            **counts,
            "new": len(new),
            "group_incident": sum(1 for lead in new if lead["group_incident"]),
        },
        "overdue": overdue,
        "due_soon": due_soon,
        "done": done_rows,
        "recovered_total": sum(row["recovered"] or 0 for row in done_rows),
        "closure": rates,
        "health": crawl_health(db, config, at) if district is None else [],
        "sources_checked": sum(1 for s in config["sources"] if s["enabled"]),
        "chart_days": [{"day": day, **figures} for day, figures in days.items()],
        "review_url": review,
    }


def subject(data: dict[str, Any]) -> str:
    counts = data["counts"]
    parts = [f"欠薪舆情日报 {data['day']}", data["group"], f"新线索 {counts['new']}"]
    if counts["P1"]:
        parts.append(f"P1 {counts['P1']}")
    if data["overdue"]:
        parts.append(f"逾期 {len(data['overdue'])}")
    if data["health"]:
        parts.append(f"{len({h['source'] for h in data['health']})} 个来源异常")
    return " · ".join(parts)


def build(
    db: Database, config: dict[str, Any], district: str | None, period: Period, recipients: list[str]
) -> Built:
    """The digest of one group for one period, as the multipart message to send: text/plain and
    text/html alternatives, the HTML with its chart inline (multipart/related, by Content-ID)."""
    data = collect(db, config, district, period)
    png = chart_png(
        data["chart_days"], f"近 {config['digest']['chart_days']} 天新线索（按优先级）与每日解决数"
    )
    sender = config["digest"]["from_addr"]
    domain = sender.rpartition("@")[2] or "localhost"
    cid = make_msgid(idstring=f"chart-{period.day}", domain=domain)
    env = environment()
    html = env.get_template("digest.html").render(**data, chart_src=f"cid:{cid[1:-1]}", subject=subject(data))
    preview = env.get_template("digest.html").render(
        **data, chart_src="data:image/png;base64," + base64.b64encode(png).decode(), subject=subject(data)
    )
    text = env.get_template("digest.txt").render(**data)
    message = EmailMessage()
    message["Subject"] = subject(data)
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(_moment(None))
    message["Message-ID"] = make_msgid(idstring=f"digest-{period.day}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Wagewatch-Digest"] = f"{period.day} {'city' if district is None else 'district'}"
    message.set_content(text, cte="base64")
    message.add_alternative(html, subtype="html", cte="base64")
    message.get_payload()[1].add_related(
        png, maintype="image", subtype="png", cid=cid, disposition="inline", filename="chart.png"
    )
    lead_ids = [row["id"] for row in data["new"]]
    return Built(message, html, preview, text, png, lead_ids, data)
