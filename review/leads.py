"""The queue (/leads), one lead (/leads/<id>) with every casework action as a POST form, and post
search (/search). A district officer sees and acts on their 镇街's leads only: any other lead is a
404 on every route here."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

import storage
from review.auth import SUPERVISED, can_see, may, scope, supervising, visible_lead
from review.db import get_db
from review.views import PLATFORM_NAMES
from triage import casework
from triage.casework import Conflict
from triage.districts import OUT_OF_AREA, TOWNS
from triage.followup import LABELS, STATES, TRANSITIONS, TransitionError, overdue

bp = Blueprint("leads", __name__)
STATE_FILTERS = ("open", "all", "overdue", *STATES)
DONE_MESSAGES = {
    "confirm": "已确认，并记为分类器训练反馈", "dismiss": "已排除，正确类别已记为分类器训练反馈",
    "district": "已交办镇街", "regulators": "已更新双交办", "take": "已认领（首问负责）", "assign": "已指派负责人",
    "note": "备注已记入台账", "start": "已开始办理", "resolve": "已办结", "callback": "回访结果已记录",
    "close": "已结案", "reopen": "已重开", "escalate": "已提级办理", "merge": "已合并", "split": "已拆分为新线索",
}  # fmt: skip


def parse_filters(args) -> tuple[dict[str, Any], list[str]]:
    """The queue's filters from the query string, and a message per value that was ignored."""
    filters: dict[str, Any] = {}
    problems = []
    district = args.get("district", "")
    if district in (*TOWNS, OUT_OF_AREA, "none"):
        filters["district"] = district
    elif district:
        problems.append(f"未知镇街 {district}")
    for key, allowed in (("priority", ("P1", "P2", "P3")), ("label", LABELS), ("state", STATE_FILTERS)):
        value = args.get(key, "")
        if value in allowed:
            filters[key] = value
        elif value:
            problems.append(f"{key} 无效：{value}")
    if args.get("platform"):
        filters["platform"] = args["platform"][:40]
    for key in ("date_from", "date_to"):
        value = args.get(key, "")
        try:
            if value:
                filters[key] = date.fromisoformat(value).isoformat()
        except ValueError:
            problems.append(f"日期格式应为 YYYY-MM-DD：{value}")
    if args.get("mine"):
        filters["owner"] = g.user["username"]
    if args.get("no_owner"):
        filters["no_owner"] = True
    if scope():
        filters["scope"] = scope()
    return filters, problems


@bp.get("/leads")
def queue():
    filters, problems = parse_filters(request.args)
    for problem in problems:
        flash(f"已忽略筛选条件：{problem}", "warning")
    size = current_app.config["PAGE_SIZE"]
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    database, at = get_db(), storage.now()
    counts = storage.queue_counts(database, filters, at)
    rows = storage.queue(database, filters, at, limit=size, offset=(page - 1) * size)
    for row in rows:
        row["platform_names"] = "、".join(PLATFORM_NAMES.get(p, p) for p in row["platforms"].split(",") if p)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "queue.html", leads=rows, counts=counts, filters=filters, args=args, page=page, size=size,
        pages=max(1, -(-counts["total"] // size)), platforms=storage.platforms(database),
    )  # fmt: skip


def _lead_page(lead_id: int, status: int = 200, failed: str | None = None):
    database = get_db()
    lead = visible_lead(lead_id)
    posts = storage.lead_posts(database, lead_id)
    analysis = storage.post_analysis(database, [p["id"] for p in posts])
    officers = [
        u for u in storage.list_users(database, active_only=True)
        if u["role"] != "district" or (lead["district"] and u["district"] == lead["district"])
    ]  # fmt: skip
    merged_into = storage.get_lead(database, lead["merged_into"]) if lead["merged_into"] else None
    return render_template(
        "lead.html", lead=lead, posts=posts, analysis=analysis, events=storage.lead_events(database, lead_id),
        late=overdue(lead), next_states=TRANSITIONS.get(lead["status"], ()), officers=officers, may=may,
        masked=g.user["role"] == "district", failed=failed, form=request.form if failed else {},
        merged_into=merged_into if can_see(merged_into) else None,
    ), status  # fmt: skip


@bp.get("/leads/<int:lead_id>")
def lead(lead_id: int):
    return _lead_page(lead_id)


@bp.post("/leads/<int:lead_id>/<action>")
def act(lead_id: int, action: str):
    """One casework action from the lead page's forms. The form carries the lead's version: if the
    lead changed since the page was shown, nothing is written and the officer is told (409)."""
    lead = visible_lead(lead_id)
    if action not in casework.ACTIONS:
        abort(404)
    if not may(action):
        abort(403, description="您的角色不能执行此操作 / your role cannot do this")
    func, fields = casework.ACTIONS[action]
    kwargs: dict[str, Any] = {"who": g.user["username"]}
    for field in fields:
        kwargs[field] = (
            request.form.getlist(field) if field == "regulators" else request.form.get(field, "").strip()
        )
    if action in SUPERVISED:
        kwargs["supervisor"] = supervising(lead)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        flash("表单缺少版本号，请刷新页面后重试 / the form is missing its version: reload the page", "error")
        return _lead_page(lead_id, 400, action)
    try:
        if action == "merge":
            other = (
                storage.get_lead(get_db(), int(kwargs["other_id"])) if kwargs["other_id"].isdigit() else None
            )
            if kwargs["other_id"].isdigit() and not can_see(other):
                raise TransitionError(f"没有线索 #{kwargs['other_id']} / no lead {kwargs['other_id']}")
        if action == "assign":
            _check_officer(lead, kwargs["officer"])
        result = casework.perform(get_db(), lead_id, version, func, **kwargs)
    except Conflict as exc:
        flash(str(exc), "error")
        return _lead_page(lead_id, 409, action)
    except TransitionError as exc:
        flash(str(exc), "error")
        return _lead_page(lead_id, 400, action)
    flash(f"线索 #{lead_id}：{DONE_MESSAGES[action]}", "success")
    if action == "split":
        flash(f"新线索为 #{result['id']}", "success")
        return redirect(url_for("leads.lead", lead_id=result["id"]))
    return redirect(url_for("leads.lead", lead_id=lead_id))


def _check_officer(lead: dict[str, Any], officer: str) -> None:
    user = storage.get_user(get_db(), officer) if officer else None
    if user is None or not user["active"]:
        raise TransitionError(f"请选择一位在岗人员 / choose an active officer, not {officer!r}")
    if user["role"] == "district" and user["district"] != lead["district"]:
        raise TransitionError(
            f"{officer} 是{user['district']}的经办人，看不到{lead['district'] or '未分配'}的线索"
            f" / {officer} works for {user['district']}"
        )


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()[:200]
    results = storage.search_posts_with_leads(get_db(), query, limit=100, scope=scope()) if query else []
    return render_template("search.html", q=query, results=results)
