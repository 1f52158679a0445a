"""What is owed and sending it: the day's digests (one per recipient group), the alerts of new P1
leads (one per lead), and the deliveries of both, one per recipient.

Building records the whole message and a ``built`` delivery per recipient in one transaction;
sending hands each owed delivery to the server and marks it ``sent`` only after the server accepted
it. So a crash or an outage leaves the delivery owed, and the next run sends it, once: a delivery
marked sent is never sent again. (The one window left is between the server's "250 OK" and our
commit, a few milliseconds: a crash exactly there sends that one message again, with the same
Message-ID, which mail servers and clients use to drop the repeat.) One process sends at a time
(the ``outbox`` lock), so two runs never send the same delivery.
"""

from __future__ import annotations

import base64
import email
import email.policy
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

import storage
from digest.alerts import build_alert, webhook_payload
from digest.build import CITY, _moment, build, period_for
from digest.transport import Misconfigured, Rejected, Retry, SmtpTransport, Unavailable, post_webhook

log = logging.getLogger("wagewatch.digest")
PREVIEW_ADDRESS = "wagewatch@localhost"
OUTBOX_LOCK = "outbox"
OUTBOX_LOCK_TTL_S = 1800


class Stop(Protocol):
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


def recipient_groups(config: dict[str, Any]) -> list[tuple[str | None, list[str]]]:
    """``[(None, city task force addresses), ("坦洲镇", that 镇街's addresses), ...]``, the
    groups that have addresses."""
    groups: list[tuple[str | None, list[str]]] = []
    if config["digest"]["to_addrs"]:
        groups.append((None, list(dict.fromkeys(config["digest"]["to_addrs"]))))
    for group in config["digest"]["recipients"]:
        groups.append((group["district"], list(dict.fromkeys(group["to"]))))
    return groups


def _check_day(day: date | None, now: datetime) -> None:
    if day is not None and day > now.date():
        raise ValueError(f"{day.isoformat()} is in the future; a digest covers a day that has begun")


def prepare_digests(
    db: Database, config: dict[str, Any], day: date | None = None, now: str | datetime | None = None
) -> list[dict[str, Any]]:
    """Build and record the digest of ``day`` (default today) for every recipient group that has
    none yet. Returns one dict per group: ``{"group", "digest_id", "created", "leads"}``."""
    moment = _moment(now)
    _check_day(day, moment)
    out = []
    for district, recipients in recipient_groups(config):
        period = period_for(db, config, day, district, moment)
        existing = storage.digest_for_day(db, period.day, district)
        if existing is None:
            built = build(db, config, district, period, recipients)
            digest_id, created = storage.create_digest(
                db, day=period.day, district=district, period_start=period.start, period_end=period.end,
                recipients=recipients, lead_ids=built.lead_ids, html=built.html,
                message=built.message.as_string(policy=email.policy.SMTP),
            )  # fmt: skip
            leads = len(built.lead_ids)
        else:
            digest_id, created, leads = existing["id"], False, len(_json_list(existing["lead_ids"]))
        out.append({"group": district or CITY, "day": period.day, "digest_id": digest_id, "created": created,
                    "leads": leads})  # fmt: skip
    return out


def _json_list(value: str | None) -> list:
    import json

    return json.loads(value or "[]")


def prepare_alerts(db: Database, config: dict[str, Any], now: str | datetime | None = None) -> dict[str, int]:
    """Record the alert of every lead whose 'alert' ledger event has none yet (one per lead), with
    a delivery per address and for the webhook. An alert already older than ``[alerts]
    max_age_hours`` when first seen (a database from before alerts were configured) is recorded as
    skipped, not sent. Returns ``{"created", "skipped", "reasons": {why: how many skipped}}``."""
    moment = _moment(now)
    alerts = config["alerts"]
    by_district = {group["district"]: group["to"] for group in config["digest"]["recipients"]}
    created = skipped = 0
    reasons: dict[str, int] = {}
    for event in storage.alert_events_owed(db):
        lead = storage.get_lead(db, event["lead_id"])
        addresses = list(dict.fromkeys(
            [*config["digest"]["to_addrs"], *alerts["to_addrs"], *by_district.get(lead["district"], [])]
        ))  # fmt: skip
        targets = [("email", a) for a in addresses]
        if alerts["webhook_kind"]:
            targets.append(("webhook", alerts["webhook_kind"]))
        why = None
        if not alerts["enabled"]:
            why = "alerts are switched off ([alerts] enabled = false)"
        elif moment - _moment(event["at"]) > timedelta(hours=alerts["max_age_hours"]):
            why = f"already older than {alerts['max_age_hours']} h when the alert job first saw it"
        elif lead["status"] == "dismissed":
            why = "the lead was dismissed before the alert went out"
        elif not targets:
            why = "no alert recipients: set [digest] to_addrs, [alerts] to_addrs or [alerts] webhook_kind"
        if why:
            storage.create_alert(db, lead_id=lead["id"], event_id=event["id"], subject=f"线索 #{lead['id']}",
                                 message=None, payload=None, targets=[], skipped_reason=why)  # fmt: skip
            skipped += 1
            reasons[why] = reasons.get(why, 0) + 1
            continue
        alert = build_alert(db, config, lead["id"], event, addresses)
        payload = webhook_payload(alerts["webhook_kind"], alert) if alerts["webhook_kind"] else None
        _, new = storage.create_alert(
            db, lead_id=lead["id"], event_id=event["id"], subject=alert.subject,
            message=alert.message.as_string(policy=email.policy.SMTP), payload=payload, targets=targets,
        )  # fmt: skip
        created += new
    return {"created": created, "skipped": skipped, "reasons": reasons}


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # "alert #12 → a@b" / "digest 2026-11-25 全市 → a@b"
    failed: list[str] = field(default_factory=list)  # the same with the error
    abandoned: int = 0
    skipped: str | None = None  # why nothing was tried (another process is sending)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped


def _label(row: dict[str, Any]) -> str:
    what = (
        f"alert of lead #{row['lead_id']}"
        if row["kind"] == "alert"
        else f"digest {row['day']} {row['district'] or CITY}"
    )
    return f"{what} → {row['recipient']}"


def _retry_at(row: dict[str, Any], moment: datetime) -> str:
    return (moment + timedelta(seconds=min(60 * 2 ** row["attempts"], 3600))).isoformat()


def send_owed(
    db: Database,
    config: dict[str, Any],
    *,
    kind: str | None = None,
    force: bool = False,
    stop: Stop | None = None,
    lock_wait_s: float = 0,
) -> SendReport:
    """Send every owed delivery (of ``kind``: 'alert' or 'digest', or both, alerts first) whose
    retry time has come (every one with ``force``). Each is marked ``sent`` only once the server
    accepted it; a rejected one is marked ``failed`` with the error and retried on a later run; when
    the server is down or our settings are wrong, the rest of that channel is left owed with the
    reason. ``stop`` (a threading.Event) ends the run between two deliveries."""
    report = SendReport()
    token = _acquire(db, lock_wait_s, stop)
    if isinstance(token, dict):
        report.skipped = f"another process is sending mail ({storage.describe_lock(token)})"
        return report
    try:
        _send(db, config, kind, force, stop, report)
    finally:
        storage.release_lock(db, OUTBOX_LOCK, token)
    return report


def _acquire(db: Database, wait_s: float, stop: Stop | None) -> str | dict[str, Any]:
    deadline = time.monotonic() + wait_s
    while True:
        token, holder = storage.acquire_lock(db, OUTBOX_LOCK, OUTBOX_LOCK_TTL_S)
        if token:
            return token
        if time.monotonic() >= deadline or (stop is not None and stop.is_set()):
            return holder
        time.sleep(0.5)


def _send(db: Database, config: dict[str, Any], kind: str | None, force: bool, stop: Stop | None,
          report: SendReport) -> None:  # fmt: skip
    moment = _moment(None)
    owed = storage.owed_deliveries(db, None if force else moment.isoformat(), kind)
    if not owed:
        return
    settings = config["digest"]
    sleep = stop.wait if stop is not None else (lambda seconds: time.sleep(seconds) or False)
    retry = Retry(settings["send_attempts"], settings["retry_backoff_s"], sleep)
    give_up = timedelta(hours=settings["give_up_after_hours"])
    down: dict[str, str] = {}  # channel -> why nothing more goes through it this run
    digests = set()
    with SmtpTransport.from_config(config, retry) as smtp:
        for row in owed:
            if stop is not None and stop.is_set():
                break
            if row["digest_id"]:
                digests.add(row["digest_id"])
            if moment - _moment(row["created_at"]) > give_up:
                storage.mark_delivery_failed(db, row["id"], f"abandoned: not accepted within {settings['give_up_after_hours']} h; last error: {row['error']}", None, abandon=True)  # fmt: skip
                report.abandoned += 1
                log.error("%s abandoned after %s h", _label(row), settings["give_up_after_hours"])
                continue
            if row["channel"] in down:
                storage.mark_delivery_failed(
                    db, row["id"], f"not tried: {down[row['channel']]}", _retry_at(row, moment)
                )
                report.failed.append(f"{_label(row)}: not tried: {down[row['channel']]}")
                continue
            try:
                if row["channel"] == "email":
                    smtp.send(settings["from_addr"], row["recipient"], row["message"].encode("utf-8"))
                else:
                    post_webhook(row["recipient"], row["payload"], retry, timeout=settings["smtp_timeout_s"])
            except (Rejected, Unavailable, Misconfigured) as exc:
                storage.mark_delivery_failed(db, row["id"], str(exc), _retry_at(row, moment))
                report.failed.append(f"{_label(row)}: {exc}")
                log.error("%s failed: %s", _label(row), exc)
                if not isinstance(exc, Rejected):
                    down[row["channel"]] = str(exc)
                continue
            storage.mark_delivery_sent(db, row["id"])
            report.sent.append(_label(row))
            log.info("sent %s", _label(row))
    for digest_id in digests:
        storage.refresh_digest_status(db, digest_id)


# --- dry run ---------------------------------------------------------------------------------


def preview_html(message: email.message.EmailMessage) -> str:
    """The message's HTML part with its inline images as data: URIs, for a browser."""
    html_part = message.get_body(preferencelist=("html",))
    html = html_part.get_content()
    for part in message.walk():
        cid = part.get("Content-ID")
        if cid and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True)).decode()
            html = html.replace(
                f"cid:{cid.strip().strip('<>')}", f"data:{part.get_content_type()};base64,{data}"
            )
    return html


def dry_run(
    db: Database,
    config: dict[str, Any],
    out_dir: str | Path,
    day: date | None = None,
    now: str | datetime | None = None,
) -> list[dict[str, Any]]:
    """Write each group's digest of ``day`` as ``.eml`` (the full MIME message as it is, or would
    be, sent) and ``.html`` (for a browser), recording and sending nothing. Without recipients the
    city-wide digest is written, addressed to wagewatch@localhost. A digest already built for the
    day is written as it was built."""
    moment = _moment(now)
    _check_day(day, moment)
    groups = recipient_groups(config)
    if not any(district is None for district, _ in groups):
        groups.insert(0, (None, [PREVIEW_ADDRESS]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for district, recipients in groups:
        period = period_for(db, config, day, district, moment)
        stored = storage.digest_for_day(db, period.day, district)
        if stored and stored["message"]:
            message = email.message_from_string(stored["message"], policy=email.policy.default)
            leads = len(_json_list(stored["lead_ids"]))
        else:
            built = build(db, config, district, period, recipients)
            message, leads = built.message, len(built.lead_ids)
        stem = out / f"digest-{period.day}-{district or CITY}"
        stem.with_suffix(".eml").write_bytes(message.as_bytes(policy=email.policy.SMTP))
        stem.with_suffix(".html").write_text(preview_html(message), encoding="utf-8")
        written.append({"group": district or CITY, "day": period.day, "recipients": recipients, "leads": leads,
                        "eml": stem.with_suffix(".eml"), "html": stem.with_suffix(".html"), "built": bool(stored)})  # fmt: skip
    return written
