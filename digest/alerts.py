"""The immediate alert of a P1 lead (a collective action, many workers, a large sum): an email and,
when configured, a robot webhook text, each with a link to the lead. Built here from the lead and
its ledger; ``digest.outbox`` records it (once per lead) and sends it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any

from sqlite_utils import Database

import config as config_module
import storage
from digest.build import SENDER_NAME, _lead_view, _moment, _platform, environment, yuan
from digest.transport import webhook_body
from redact import mask_personal


@dataclass(frozen=True)
class Alert:
    subject: str
    message: EmailMessage
    text: str  # the webhook's text
    data: dict[str, Any]


def _one_line(text: str, limit: int) -> str:
    """Header-safe: no line breaks or control characters, at most ``limit`` characters."""
    return re.sub(r"[\x00-\x1f\x7f\s]+", " ", text or "").strip()[:limit]


def build_alert(
    db: Database, config: dict[str, Any], lead_id: int, event: dict[str, Any] | None, recipients: list[str]
) -> Alert:
    """The alert of one lead: subject, a multipart email (text + HTML) and the webhook text."""
    lead = storage.get_lead(db, lead_id)
    if lead is None:
        raise ValueError(f"no lead {lead_id}")
    review = config_module.review_url(config)
    platforms = storage.lead_platforms(db, [lead_id]).get(lead_id, [])
    view = _lead_view(lead, platforms, review)
    posts = [
        {
            "platform": _platform(post["platform"]),
            "author": mask_personal(post["author"] or "匿名"),
            "posted_at": (post["posted_at"] or "")[:16].replace("T", " "),
            "text": mask_personal(post["text"] or "")[:300],
            "url": post["url"],
        }
        for post in storage.lead_posts(db, lead_id)[-5:]
    ]
    signals = json.loads(lead["group_signals"] or "[]")
    reason = mask_personal(((event or {}).get("note") or "").removeprefix("P1 立即预警："))
    data = {
        "lead": view, "posts": posts, "reason": reason, "signals": [mask_personal(s) for s in signals],
        "raised_at": ((event or {}).get("at") or lead["created_at"])[:16].replace("T", " "),
        "response_due": (lead["response_due"] or "")[:16].replace("T", " "), "review_url": review,
        "reappeared": bool(lead["reappeared_after_closing"]),
    }  # fmt: skip
    what = "群体性事件" if lead["group_incident"] else "重大欠薪"
    subject = _one_line(
        f"【P1 立即预警】{view['district']} · {what} · 线索 #{lead_id} · "
        + " · ".join(
            x
            for x in (f"{lead['workers']} 名工人" if lead["workers"] else "", yuan(lead["amount_yuan"]))
            if x
        ),
        180,
    )
    env = environment()
    html = env.get_template("alert.html").render(**data, subject=subject)
    text = env.get_template("alert.txt").render(**data)
    sender = config["digest"]["from_addr"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = ", ".join(recipients) or "undisclosed-recipients:;"
    message["Date"] = format_datetime(_moment(None))
    message["Message-ID"] = make_msgid(
        idstring=f"alert-{lead_id}", domain=sender.rpartition("@")[2] or "localhost"
    )
    message["Auto-Submitted"] = "auto-generated"
    message["X-Priority"] = "1"
    message["Importance"] = "high"
    message.set_content(text, cte="base64")
    message.add_alternative(html, subtype="html", cte="base64")
    webhook = _one_line(f"【欠薪 P1 立即预警】线索 #{lead_id} · {view['district']}", 100) + "\n" + "\n".join(
        line for line in (
            view["line"],
            f"原因：{_one_line(reason, 200)}" if reason else "",
            f"“{_one_line(view['summary'], 200)}”",
            f"查看：{view['url']}",
        ) if line
    )  # fmt: skip
    return Alert(subject, message, webhook, data)


def webhook_payload(kind: str, alert: Alert) -> str:
    """The JSON body the robot of ``kind`` receives (signed at send time when a secret is set)."""
    return json.dumps(webhook_body(kind, alert.text), ensure_ascii=False)
