"""Casework on a lead, for the web UI and the CLI alike (one code path): confirm or dismiss the
classifier's call, route the lead to its 镇街 and the 双交办 regulators, take it, work it, resolve it
with the amount recovered, record the callback (回访), close, reopen, escalate (提级), merge two
leads and split a post off into a lead of its own.

The lifecycle's rules (allowed moves, 首问负责, deadlines) stay in ``followup``; this module adds
what the officers' forms carry. Every function takes the database and the lead first and ``who``
(the officer), writes exactly one ledger row per lead it changes, and returns the lead as it is now.
Refusals are ``TransitionError`` with a message in Chinese and English.

Two officers acting on one lead at once: a form carries the lead's ``version`` (bumped by every
change of the lead's row) and ``perform`` checks it inside the write transaction (``BEGIN
IMMEDIATE``), so the second write finds a newer version and is refused with ``Conflict`` naming
who changed the lead; nothing of the refused action is written.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from sqlite_utils import Database

import storage
from triage import dedupe
from triage.analyze import LEAD_LABELS, lead_fields, triage_post
from triage.casefacts import contradictions
from triage.districts import OUT_OF_AREA, TOWNS
from triage.followup import STATE_NAMES, TransitionError, add_note, assign, move

REGULATORS = ("住建", "交通", "水务", "国资")
CALLBACK_OUTCOMES = {"paid": "工人确认已拿到工资", "not_paid": "工人仍未拿到工资"}
LABEL_NAMES = {"wage_arrears": "欠薪", "other_labor": "其他劳动纠纷", "irrelevant": "无关"}
RANK = {"P1": 1, "P2": 2, "P3": 3}


class Conflict(TransitionError):
    """The lead changed since the officer's form was shown (another officer acted first)."""


def _lead(db: Database, lead_id: int) -> dict[str, Any]:
    lead = storage.get_lead(db, lead_id)
    if lead is None:
        raise TransitionError(f"没有线索 #{lead_id} / no lead {lead_id}")
    return lead


def _who(who: str | None) -> str:
    who = (who or "").strip()
    if not who:
        raise TransitionError("须填写操作人 / who is required")
    return who


def _text(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what} / {what} is required")
    return value


def _open(lead: dict[str, Any], doing: str) -> None:
    if lead["status"] in ("merged", "dismissed", "closed"):
        raise TransitionError(
            f"线索 #{lead['id']} 为「{STATE_NAMES[lead['status']]}」，不能{doing} / lead {lead['id']} is {lead['status']}"
        )


def check_version(db: Database, lead_id: int, version: int | None) -> dict[str, Any]:
    """The lead, if its version is still ``version`` (None: no check); else ``Conflict``."""
    lead = _lead(db, lead_id)
    if version is not None and lead["version"] != version:
        last = storage.lead_events(db, lead_id)[-1]
        raise Conflict(
            f"线索 #{lead_id} 刚被 {last['who']} 更新（{last['action']}，{last['at'][11:16]}），现为"
            f"「{STATE_NAMES.get(lead['status'], lead['status'])}」；您的操作未执行，请查看最新情况后再试"
            f" / lead {lead_id} was changed by {last['who']} meanwhile; nothing was done"
        )
    return lead


def perform(db: Database, lead_id: int, version: int | None, func, *args: Any, **kwargs: Any) -> Any:
    """Run one casework function on a lead in one write transaction, refusing it (``Conflict``) when
    the lead is no longer at ``version``.

    >>> perform(db, 12, 3, start, "li.wei", note="已约谈项目部")   # doctest: +SKIP
    """
    with storage.transaction(db):
        check_version(db, lead_id, version)
        return func(db, lead_id, *args, **kwargs)


# ---- the classifier's call -----------------------------------------------------------------


def confirm(
    db: Database, lead_id: int, who: str, label: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """The officer confirms the lead is real (``wage_arrears``, or ``other_labor`` which moves it to
    that queue); every post of the lead becomes classifier feedback with that label."""
    who, lead = _who(who), _lead(db, lead_id)
    label = label or lead["label"]
    if label not in LEAD_LABELS:
        raise TransitionError(
            "确认的类别须为 欠薪 或 其他劳动纠纷（不是线索请用“排除”）/ confirm as wage_arrears or other_labor"
        )
    _open(lead, "确认")
    if lead["confirmed_label"] == label:
        raise TransitionError(f"线索 #{lead_id} 已确认为{LABEL_NAMES[label]} / already confirmed as {label}")
    fields: dict[str, Any] = {"confirmed_label": label}
    text = f"确认为{LABEL_NAMES[label]}"
    if label != lead["label"]:
        fields.update(label=label)
        if lead["queue"] != "unassigned" or label == "other_labor":
            fields["queue"] = "other_labor" if label == "other_labor" else "wage"
        text += f"（模型判为{LABEL_NAMES.get(lead['label'], lead['label'])}）"
    storage.update_lead(db, lead_id, fields)
    storage.add_event(
        db, lead_id, who, "confirmed", None, None, text + (f"；{note}" if note else ""), label=label
    )
    for post in storage.lead_posts(db, lead_id):
        storage.record_feedback(db, post["id"], label, who, note)
    return _lead(db, lead_id)


def dismiss(
    db: Database, lead_id: int, who: str, label: str, note: str | None = None, supervisor: bool = False
) -> dict[str, Any]:
    """Not a lead: dismissed with the correct label, which becomes classifier feedback for every
    post of the lead (``followup.move`` does both, for ``leads move ... dismissed`` too)."""
    return move(db, lead_id, "dismissed", _who(who), note or None, label, supervisor)


# ---- routing: 属地 and 双交办 ----------------------------------------------------------------


def set_district(db: Database, lead_id: int, who: str, district: str, reason: str) -> dict[str, Any]:
    """Route the lead to a 镇街 (交办属地), with the reason recorded. A new or reopened lead becomes
    ``assigned``; moving it to another 镇街 frees its owner (the new 镇街 takes it: 首问负责)."""
    who, lead = _who(who), _lead(db, lead_id)
    reason = _text(reason, "交办理由")
    if district not in TOWNS and district != OUT_OF_AREA:
        raise TransitionError(f"“{district}”不是中山市的镇街 / not one of the 23 镇街: {district!r}")
    _open(lead, "交办")
    if district == lead["district"]:
        raise TransitionError(f"线索 #{lead_id} 已属 {district} / lead {lead_id} is already {district}'s")
    status = lead["status"]
    to_state = "assigned" if status in ("new", "reopened") else status
    fields: dict[str, Any] = {
        "district": district, "district_reason": f"人工交办（{who}）：{reason}", "district_confidence": 1.0,
        "status": to_state,
    }  # fmt: skip
    if lead["queue"] == "unassigned":
        fields["queue"] = "other_labor" if lead["label"] == "other_labor" else "wage"
    text = f"{lead['district'] or '未分配'} → {district}：{reason}"
    if lead["owner"] and lead["district"]:
        fields["owner"] = None
        text += f"（原负责人 {lead['owner']} 不再负责）"
    storage.update_lead(db, lead_id, fields)
    storage.add_event(db, lead_id, who, "district", status, to_state, text)
    return _lead(db, lead_id)


def set_regulators(
    db: Database, lead_id: int, who: str, regulators: list[str], note: str | None = None
) -> dict[str, Any]:
    """双交办: the industry regulators (住建, 交通, 水务, 国资) the lead also goes to; an empty list
    takes it back from all of them."""
    who, lead = _who(who), _lead(db, lead_id)
    chosen = [r for r in REGULATORS if r in regulators]
    unknown = sorted(set(regulators) - set(REGULATORS))
    if unknown:
        raise TransitionError(
            f"未知的主管部门 / unknown regulator: {'、'.join(unknown)}（可选 {'、'.join(REGULATORS)}）"
        )
    _open(lead, "双交办")
    before = json.loads(lead["regulators"] or "[]")
    if chosen == before:
        raise TransitionError("双交办部门没有变化 / the regulators are unchanged")
    storage.update_lead(db, lead_id, {"regulators": chosen})
    text = f"双交办：{'、'.join(chosen)}" if chosen else "取消双交办"
    storage.add_event(db, lead_id, who, "regulators", None, None, text + (f"；{note}" if note else ""))
    return _lead(db, lead_id)


# ---- working the lead ------------------------------------------------------------------------


def take(db: Database, lead_id: int, who: str, supervisor: bool = False) -> dict[str, Any]:
    """The officer takes the lead (首问负责: it is theirs from now on). A lead another officer owns
    can only be taken over by a supervisor, and that is recorded as a reassignment."""
    who, lead = _who(who), _lead(db, lead_id)
    _open(lead, "认领")
    if lead["owner"] == who:
        raise TransitionError(f"线索 #{lead_id} 已由您负责 / lead {lead_id} is already yours")
    if lead["owner"] and not supervisor:
        raise TransitionError(
            f"首问负责: 线索 #{lead_id} 由 {lead['owner']} 负责 / lead {lead_id} belongs to {lead['owner']}"
        )
    return assign(db, lead_id, who, who, "认领" if not lead["owner"] else "接手")


def assign_officer(
    db: Database, lead_id: int, who: str, officer: str, note: str | None = None
) -> dict[str, Any]:
    """Give the lead to ``officer`` (``followup.assign``: the first one owns it)."""
    lead = _lead(db, lead_id)
    _open(lead, "指派")
    return assign(db, lead_id, _text(officer, "负责人"), _who(who), note or None)


def note(db: Database, lead_id: int, who: str, text: str) -> dict[str, Any]:
    return add_note(db, lead_id, _who(who), _text(text, "备注"))


def start(
    db: Database, lead_id: int, who: str, note: str | None = None, supervisor: bool = False
) -> dict[str, Any]:
    """Work has started (办理中)."""
    return move(db, lead_id, "in_progress", _who(who), note or None, supervisor=supervisor)


def _number(value: Any, what: str, integer: bool = False) -> float | int:
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    try:
        number = int(text) if integer else float(text)
    except ValueError:
        kind = "整数" if integer else "数字"
        raise TransitionError(f"{what}须为{kind}，收到“{text}” / {what} must be a number") from None
    if number < 0 or number != number or number in (float("inf"),):
        raise TransitionError(f"{what}不能为负数 / {what} must be 0 or more")
    return number


def resolve(
    db: Database,
    lead_id: int,
    who: str,
    recovered_yuan: Any,
    workers_paid: Any,
    note: str | None = None,
    supervisor: bool = False,
) -> dict[str, Any]:
    """办结: the wages were recovered; the amount (yuan) and the number of workers paid are recorded."""
    amount = _number(recovered_yuan, "追回金额")
    workers = int(_number(workers_paid, "已发放工人数", integer=True))
    text = f"追回 {amount:,.0f} 元，{workers} 名工人已拿到工资" + (f"；{note}" if note else "")
    lead = move(db, lead_id, "resolved", _who(who), text, supervisor=supervisor)
    # the same write, one more field set: the ledger row above says it
    storage.update_lead(db, lead_id, {"recovered_yuan": amount, "workers_paid": workers})
    return _lead(db, lead["id"])


def callback(db: Database, lead_id: int, who: str, outcome: str, note: str | None = None) -> dict[str, Any]:
    """回访: the complainant is called back after a lead was resolved. ``paid`` verifies it;
    ``not_paid`` reopens it flagged "reappeared after closing" (表面清零: resolved on paper only).
    Any officer may record it; it is the check on whoever resolved the lead."""
    who, lead = _who(who), _lead(db, lead_id)
    if outcome not in CALLBACK_OUTCOMES:
        raise TransitionError("回访结果须为“已拿到工资”或“仍未拿到” / outcome must be paid or not_paid")
    if lead["status"] != "resolved":
        raise TransitionError(
            f"只能对已办结的线索回访，线索 #{lead_id} 现为「{STATE_NAMES[lead['status']]}」"
            f" / a callback follows resolving; lead {lead_id} is {lead['status']}"
        )
    text = f"回访：{CALLBACK_OUTCOMES[outcome]}" + (f"；{note}" if note else "")
    if outcome == "paid":
        move(db, lead_id, "verified", who, text, supervisor=True)
        extra: dict[str, Any] = {}
    else:
        move(db, lead_id, "reopened", who, text + "（表面清零风险）", supervisor=True)
        extra = {"reappeared_after_closing": 1}
    storage.update_lead(db, lead_id, {"callback_outcome": outcome, "callback_at": storage.now(), **extra})
    return _lead(db, lead_id)


def close(
    db: Database, lead_id: int, who: str, note: str | None = None, supervisor: bool = False
) -> dict[str, Any]:
    """结案 after a callback verified the workers were paid."""
    return move(db, lead_id, "closed", _who(who), note or None, supervisor=supervisor)


def reopen(db: Database, lead_id: int, who: str, reason: str, supervisor: bool = False) -> dict[str, Any]:
    """Reopen a resolved, verified, closed or dismissed lead (the reason is recorded)."""
    return move(db, lead_id, "reopened", _who(who), _text(reason, "重开理由"), supervisor=supervisor)


def escalate(db: Database, lead_id: int, who: str, reason: str, supervisor: bool = False) -> dict[str, Any]:
    """提级办理: the city takes the lead over (the reason is recorded)."""
    return move(db, lead_id, "escalated", _who(who), _text(reason, "提级理由"), supervisor=supervisor)


# ---- merging and splitting -------------------------------------------------------------------


def merge(
    db: Database,
    lead_id: int,
    other_id: int,
    who: str,
    note: str | None = None,
    other_version: int | None = None,
) -> dict[str, Any]:
    """Merge lead ``other_id`` into ``lead_id`` (the same case, found twice): its posts move over,
    the kept lead takes the more urgent priority and deadlines and any facts it lacked, and the
    other lead becomes ``merged``. One ledger row on each lead."""
    who = _who(who)
    try:
        other_id = int(other_id)
    except (TypeError, ValueError):
        raise TransitionError(
            f"请填写要合并的线索编号 / give the number of the lead to merge, not {other_id!r}"
        ) from None
    if other_id == lead_id:
        raise TransitionError("不能与自身合并 / a lead cannot be merged with itself")
    keep, other = _lead(db, lead_id), check_version(db, other_id, other_version)
    _open(keep, "合并")
    for lead in (keep, other):
        if lead["status"] == "merged":
            raise TransitionError(
                f"线索 #{lead['id']} 已并入 #{lead['merged_into']} / lead {lead['id']} is merged"
            )
    moved = storage.move_lead_posts(db, other_id, lead_id)
    fields: dict[str, Any] = {}
    for key in ("workers", "amount_yuan", "months_unpaid", "employer", "sector", "project", "foreman"):
        if keep[key] in (None, "") and other[key] not in (None, ""):
            fields[key] = other[key]
    if RANK.get(other["priority"] or "", 9) < RANK.get(keep["priority"] or "", 9):
        fields["priority"] = other["priority"]
    for key in ("response_due", "close_due"):
        if (
            other[key]
            and (not keep[key] or other[key] < keep[key])
            and other["status"] not in ("dismissed", "closed")
        ):
            fields[key] = other[key]
    if other["group_incident"] and not keep["group_incident"]:
        fields["group_incident"] = 1
    regulators = json.loads(keep["regulators"] or "[]")
    extra = [r for r in json.loads(other["regulators"] or "[]") if r not in regulators]
    if extra:
        fields["regulators"] = regulators + extra
    if not keep["district"] and other["district"]:
        fields.update(district=other["district"], district_reason=other["district_reason"])
    if fields:
        storage.update_lead(db, lead_id, fields)
    storage.update_lead(db, other_id, {"status": "merged", "merged_into": lead_id})
    tail = f"；{note}" if note else ""
    stamp = storage.now()
    storage.add_event(db, lead_id, who, "merged_in", None, None,
                      f"并入线索 #{other_id}（{moved} 帖，原为「{STATE_NAMES[other['status']]}」）{tail}", at=stamp)  # fmt: skip
    storage.add_event(
        db, other_id, who, "merged", other["status"], "merged", f"并入线索 #{lead_id}{tail}", at=stamp
    )
    return _lead(db, lead_id)


# leads the pipeline may merge on its own: open and not yet resolved. An officer's dismissal, closure or
# resolution stands, and so does a split (never undone automatically).
AUTO_MERGE_STATES = ("new", "assigned", "in_progress", "escalated", "reopened")


def _split_by_an_officer(db: Database, lead: dict[str, Any]) -> bool:
    return ":split:" in (lead["case_key"] or "") or storage.has_event(db, lead["id"], "split")


def _eligible(db: Database, lead: dict[str, Any] | None) -> bool:
    return bool(lead) and lead["status"] in AUTO_MERGE_STATES and not _split_by_an_officer(db, lead)


def merge_same_case(
    db: Database,
    lead_id: int,
    others: tuple[tuple[int, float, str], ...],
    evidence: str,
    who: str = "pipeline",
) -> list[int]:
    """One case found twice: a post was judged the same case as lead ``lead_id`` and as each of ``others``
    ((lead id, score, why)). The younger leads are merged into the oldest through ``merge`` (posts move, one
    ledger row on each lead with the evidence, by ``who``), and the kept lead's matching facts and index
    take theirs. Left as they are: leads an officer dismissed, closed, resolved or split, leads of another
    label, and any whose facts contradict the others' (another 镇街, counts or amounts that do not meet,
    another employer or place, weeks apart). Returns the leads merged away (the kept one is the oldest)."""
    first = storage.get_lead(db, lead_id)
    eligible = partial(_eligible, db)
    if not eligible(first):
        return []
    group = [(first, dedupe.lead_case_facts(first), "")]
    for other_id, _score, why in others:
        other = storage.get_lead(db, other_id)
        if (
            not eligible(other)
            or other["id"] in {g[0]["id"] for g in group}
            or other["label"] != first["label"]
        ):
            continue
        facts = dedupe.lead_case_facts(other)
        if any(contradictions(facts, kept) for _lead, kept, _why in group):
            continue
        group.append((other, facts, why))
    if len(group) < 2:
        return []
    group.sort(key=lambda g: (g[0]["created_at"] or "", g[0]["id"]))  # the oldest is kept
    keep = group[0][0]["id"]
    for other, _facts, why in group[1:]:
        note = f"自动合并：{evidence}" + (f"（{why or group[0][2]}）" if (why or group[0][2]) else "")
        merge(db, keep, other["id"], who, note=note)
        dedupe.absorb(db, keep, other["id"])
    return [other["id"] for other, _facts, _why in group[1:]]


def split(db: Database, lead_id: int, post_id: Any, who: str, note: str | None = None) -> dict[str, Any]:
    """Split one post off into a lead of its own (it was a different case): the post is triaged
    again as the pipeline would, the new lead gets fresh deadlines, and both ledgers say so.
    Returns the new lead."""
    who, lead = _who(who), _lead(db, lead_id)
    _open(lead, "拆分")
    posts = {p["id"]: p for p in storage.lead_posts(db, lead_id)}
    try:
        post = posts[int(post_id)]
    except (KeyError, TypeError, ValueError):
        raise TransitionError(
            f"帖子 {post_id} 不属于线索 #{lead_id} / post {post_id} is not in lead {lead_id}"
        ) from None
    if len(posts) < 2:
        raise TransitionError("线索只有这一条帖子，无需拆分 / a lead's only post cannot be split off")
    label = storage.post_analysis(db, [post["id"]]).get(post["id"], {}).get("label")
    label = label if label in LEAD_LABELS else lead["label"]
    analysis = triage_post(post, label)
    fields = lead_fields(post, label, analysis)
    key, n = f"{analysis['case_key'] or lead['case_key']}:split:{post['id']}", 1
    while storage.lead_by_case_key(db, key if n == 1 else f"{key}:{n}"):
        n += 1
    fields["case_key"] = key if n == 1 else f"{key}:{n}"
    tail = f"；{note}" if note else ""
    new_id = storage.create_lead(
        db, fields, who=who, note=f"从线索 #{lead_id} 拆分出帖子 {post['platform']}:{post['post_id']}{tail}"
    )
    storage.move_lead_posts(db, lead_id, new_id, [post["id"]])
    storage.add_event(db, lead_id, who, "split", None, None,
                      f"帖子 {post['platform']}:{post['post_id']} 拆分为新线索 #{new_id}{tail}")  # fmt: skip
    return _lead(db, new_id)


# what a form may do: action name -> (function, the form fields it takes)
ACTIONS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "confirm": (confirm, ("label", "note")),
    "dismiss": (dismiss, ("label", "note")),
    "district": (set_district, ("district", "reason")),
    "regulators": (set_regulators, ("regulators", "note")),
    "take": (take, ()),
    "assign": (assign_officer, ("officer", "note")),
    "note": (note, ("text",)),
    "start": (start, ("note",)),
    "resolve": (resolve, ("recovered_yuan", "workers_paid", "note")),
    "callback": (callback, ("outcome", "note")),
    "close": (close, ("note",)),
    "reopen": (reopen, ("reason",)),
    "escalate": (escalate, ("reason",)),
    "merge": (merge, ("other_id", "note")),
    "split": (split, ("post_id", "note")),
}
