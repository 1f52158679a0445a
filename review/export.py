"""The 台账 (ledger) export as CSV and XLSX, with the bureau's columns, for the leads the queue's
filters select (default: every lead, open or not). A district officer exports only their 镇街.

Cells are text from the web and end up in Excel: any value that begins with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) gets a leading apostrophe, so a post cannot smuggle a formula
into an officer's spreadsheet. Phone numbers are masked.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, request

import storage
from redact import mask_personal
from review.db import get_db
from review.leads import parse_filters
from review.views import ACTION_NAMES, PLATFORM_NAMES
from storage.db import BEIJING
from triage.casework import LABEL_NAMES
from triage.followup import STATE_NAMES

bp = Blueprint("export", __name__)
COLUMNS = (
    "线索编号", "发现时间", "平台", "镇街", "欠薪方", "涉及人数", "涉及金额(元)", "优先级", "负责人", "状态",
    "响应时限", "办结时限", "处置过程", "办理结果", "追回金额(元)", "回访结果",
)  # fmt: skip
CALLBACK = {"paid": "已拿到工资", "not_paid": "仍未拿到（重开）"}


def neutralise(value: Any) -> Any:
    """A cell that spreadsheets will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _outcome(lead: dict[str, Any]) -> str:
    status = lead["status"]
    if status == "dismissed":
        return f"排除：{LABEL_NAMES.get(lead['dismissed_label'], lead['dismissed_label'] or '')}"
    if status == "merged":
        return f"并入 #{lead['merged_into']}"
    if lead["resolved_at"]:
        return f"办结于 {lead['resolved_at'][:10]}" + (
            f"，{lead['workers_paid']} 人已拿到工资" if lead["workers_paid"] is not None else ""
        )
    return STATE_NAMES.get(status, status)


def rows(filters: dict[str, Any]) -> list[list[Any]]:
    out = []
    for lead in storage.ledger_rows(get_db(), filters, storage.now()):
        actions = "；".join(
            f"{e['at'][:16].replace('T', ' ')} {e['who']} {ACTION_NAMES.get(e['action'], e['action'])}"
            + (f"：{mask_personal(e['note'])}" if e["note"] and e["action"] != "created" else "")
            for e in lead["events"]
        )
        values = [
            f"#{lead['id']} L-{lead['case_key']}", lead["created_at"][:16].replace("T", " "),
            "、".join(PLATFORM_NAMES.get(p, p) for p in lead["platforms"].split(",") if p),
            "市外" if lead["district"] == "out_of_area" else (lead["district"] or "未分配"),
            mask_personal(lead["employer"] or ""), lead["workers"], lead["amount_yuan"], lead["priority"] or "",
            lead["owner"] or "", STATE_NAMES.get(lead["status"], lead["status"]),
            (lead["response_due"] or "")[:16].replace("T", " "), (lead["close_due"] or "")[:16].replace("T", " "),
            actions, _outcome(lead), lead["recovered_yuan"], CALLBACK.get(lead["callback_outcome"], ""),
        ]  # fmt: skip
        out.append([neutralise(v) for v in values])
    return out


def _filters() -> dict[str, Any]:
    filters, _problems = parse_filters(request.args)
    filters.setdefault("state", "all")
    return filters


def _name(ext: str) -> str:
    return f"wagewatch-taizhang-{datetime.now(BEIJING):%Y%m%d-%H%M}.{ext}"


@bp.get("/export/ledger.csv")
def ledger_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(_filters()))
    body = "\ufeff" + buffer.getvalue()  # the BOM makes Excel read the file as UTF-8
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={_name('csv')}"}
    )


@bp.get("/export/ledger.xlsx")
def ledger_xlsx():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(_filters()):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP", (24, 16, 14, 10, 20, 8, 12, 6, 10, 8, 16, 16, 60, 24, 12, 14), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={_name('xlsx')}"},
    )
