"""The daily digest email and the immediate P1 alerts.

- ``digest.build``: database + period in, a multipart message out (text + HTML with an inline
  chart; Jinja with autoescape, so scraped text is never markup; phone numbers masked).
- ``digest.alerts``: the alert email and webhook text of one P1 lead.
- ``digest.outbox``: what is owed (one digest per day and recipient group, one alert per lead, one
  delivery per recipient) and sending it exactly once.
- ``digest.transport``: SMTP (STARTTLS / SSL) and robot webhooks, with retries and backoff.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import config as config_module
from digest.build import Built, Period, build, collect, period_for
from digest.outbox import dry_run, prepare_alerts, prepare_digests, preview_html, recipient_groups, send_owed
from storage.db import BEIJING

__all__ = [
    "Built", "Period", "build", "collect", "dry_run", "period_for", "prepare_alerts", "prepare_digests",
    "preview_html", "recipient_groups", "send_owed", "write_preview",
]  # fmt: skip


def write_preview(
    db: Database, path: str | Path, since: str | None = None, config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write the city-wide digest of the leads created since ``since`` (default: the last 24 hours)
    to one HTML file for a browser, the chart inline. Records and sends nothing."""
    config = config or config_module.load()
    end = datetime.now(BEIJING).replace(microsecond=0)
    start = since or (end - timedelta(hours=24)).isoformat()
    built = build(
        db, config, None, Period(end.date().isoformat(), start, end.isoformat()), ["wagewatch@localhost"]
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(built.preview_html, encoding="utf-8")
    return {"path": str(path), "count": len(built.lead_ids), "lead_ids": built.lead_ids}
