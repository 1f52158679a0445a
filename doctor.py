"""``wagewatch doctor``: is this installation ready to run unattended? One line per check; any
failure makes the command exit non-zero, naming the cause.

Checks: the configuration; the database (a file this version can use, integrity, migrations, WAL
mode and size); the configured classifier (loads and predicts one post); SMTP (connects, STARTTLS,
logs in and quits without sending, when any recipient is configured); free disk space where the
database and the backups live; the newest backup; each source's last crawl; each scheduled job's
last run; the web UI's secret key.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import config as config_module
import storage
from storage.migrations import migrations

OK, WARN, FAIL = "ok", "warn", "FAIL"
WAL_WARN_BYTES = 256 * 1024 * 1024
MIN_FREE_BYTES = 512 * 1024 * 1024
LOW_FREE_BYTES = 2 * 1024 * 1024 * 1024
BACKUP_STALE_HOURS = 36
PROBE = "我们十二个工人在坦洲一个工地做了三个月，包工头拖欠工资十八万，到现在一分没给"


@dataclass(frozen=True)
class Check:
    status: str  # ok | warn | FAIL
    what: str
    detail: str


def _config(config_path: str | None) -> tuple[Check, dict[str, Any] | None]:
    try:
        config = config_module.load(config_path)
    except config_module.ConfigError as exc:
        return Check(FAIL, "config", str(exc)), None
    origin = config_path or os.environ.get("WAGEWATCH_CONFIG") or "built-in defaults"
    enabled = sum(1 for s in config["sources"] if s["enabled"])
    return Check(OK, "config", f"{origin}: {len(config['sources'])} source(s), {enabled} enabled"), config


def _database(db_path: Path) -> tuple[list[Check], Any]:
    if not db_path.exists():
        return [
            Check(FAIL, "database", f"{db_path} does not exist (run `wagewatch demo` or a crawl first)")
        ], None
    try:
        db = storage.open_db(db_path)
    except storage.DatabaseRefused as exc:
        return [Check(FAIL, "database", str(exc))], None
    checks = []
    try:
        problems = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        checks.append(Check(FAIL, "database", f"{db_path} fails SQLite's check: {'; '.join(problems[:3])}"))
    else:
        applied = len(migrations.applied(db))
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        size = db_path.stat().st_size
        checks.append(Check(OK if mode == "wal" else FAIL, "database",
                            f"{db_path}: {size / 1e6:.1f} MB, {db['posts'].count} posts, {db['leads'].count} leads, "
                            f"{applied} migrations applied, journal {mode}"))  # fmt: skip
        wal = db_path.with_name(db_path.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
        checks.append(Check(WARN if wal_size > WAL_WARN_BYTES else OK, "database WAL",
                            f"{wal_size / 1e6:.1f} MB" + (" (a reader holds it open? restart long-lived processes)"
                                                          if wal_size > WAL_WARN_BYTES else "")))  # fmt: skip
    return checks, db


def _model(config: dict[str, Any]) -> Check:
    from classifier import load_classifier

    kind = config["pipeline"]["classifier"]
    try:
        prediction = load_classifier(kind, config["classifier"]).predict([PROBE])[0]
    except Exception as exc:  # noqa: BLE001 - any failure to load or predict is the finding
        return Check(FAIL, "classifier", f"{kind}: cannot load or predict: {type(exc).__name__}: {exc}")
    status = OK if prediction.label == "wage_arrears" else WARN
    return Check(status, "classifier", f"{kind} {prediction.model_version}: a plain complaint → "
                                       f"{prediction.label} ({prediction.score:.2f})")  # fmt: skip


def _smtp(config: dict[str, Any]) -> Check:
    from digest.transport import DeliveryError, Retry, SmtpTransport

    digest = config["digest"]
    recipients = list(digest["to_addrs"]) + [a for r in digest["recipients"] for a in r.get("to", [])]
    recipients += list(config.get("alerts", {}).get("to_addrs", []))
    where = f"{digest['smtp_host']}:{digest['smtp_port']}"
    if not recipients:
        return Check(OK, "smtp", f"not used: no recipient configured ({where} not tried)")
    transport = SmtpTransport.from_config(config, Retry(1, 0, lambda _s: False))
    try:
        said = transport.check()
    except DeliveryError as exc:
        return Check(FAIL, "smtp", str(exc))
    return Check(OK, "smtp", f"{where} answered ({said}); login and TLS as configured; nothing sent")


def _disk(db_path: Path, config: dict[str, Any]) -> list[Check]:
    from jobs.tasks import backup_dir

    checks, seen = [], set()
    for what, folder in (
        ("disk (database)", db_path.resolve().parent),
        ("disk (backups)", backup_dir(config, str(db_path))),
    ):
        probe = folder
        while not probe.exists():
            probe = probe.parent
        usage = shutil.disk_usage(probe)
        if (usage.total, usage.free) in seen:
            continue
        seen.add((usage.total, usage.free))
        status = FAIL if usage.free < MIN_FREE_BYTES else WARN if usage.free < LOW_FREE_BYTES else OK
        checks.append(
            Check(status, what, f"{usage.free / 1e9:.1f} GB free of {usage.total / 1e9:.1f} GB at {probe}")
        )
    return checks


def _backups(db_path: Path, config: dict[str, Any]) -> Check:
    from jobs.tasks import backup_dir

    folder = backup_dir(config, str(db_path))
    copies = sorted(folder.glob(f"{db_path.stem}-????????-??????.db")) if folder.exists() else []
    if not copies:
        return Check(WARN, "backups", f"none yet in {folder} (the scheduler makes one nightly)")
    newest = copies[-1]
    age = (datetime.now().timestamp() - newest.stat().st_mtime) / 3600
    status = WARN if age > BACKUP_STALE_HOURS else OK
    return Check(status, "backups", f"{len(copies)} in {folder}, newest {newest.name} ({age:.0f} h old)")


def _sources(db, config: dict[str, Any]) -> list[Check]:
    configured = {s["name"]: s for s in config["sources"]}
    names = [*configured, *(n for n in storage.crawled_sources(db) if n not in configured)]
    checks = []
    for name in names:
        spec = configured.get(name)
        health = storage.source_health(db, name, quiet_hours=spec["quiet_hours"] if spec else 48,
                                       stale_after_s=2 * config["crawl"]["timeout_s"], runs=1)  # fmt: skip
        kinds = {f["kind"]: f["detail"] for f in health["flags"]}
        last = health["runs"][0] if health["runs"] else None
        said = f"last run {last['started_at']} {last['status']}" if last else "never crawled"
        if spec is not None and not spec["enabled"]:
            checks.append(Check(OK, f"source {name}", f"disabled; {said}"))
        elif kinds.keys() & {"blocked", "error", "suspect"}:
            problem = next(kinds[k] for k in ("blocked", "error", "suspect") if k in kinds)
            checks.append(Check(FAIL, f"source {name}", f"{said}: {problem}"))
        elif "quiet" in kinds or "never" in kinds:
            checks.append(Check(WARN, f"source {name}", kinds.get("quiet") or said))
        else:
            checks.append(Check(OK, f"source {name}", said))
    return checks


def _jobs(db) -> list[Check]:
    runs = storage.last_job_runs(db)
    if not runs:
        return [Check(OK, "jobs", "no scheduled job has run yet (python scheduler.py)")]
    failed = [r for r in runs if r["status"] == "error"]
    if failed:
        return [Check(FAIL, f"job {r['job']}", f"last run {r['started_at']} failed: {(r['error'] or '')[:120]}")
                for r in failed]  # fmt: skip
    return [Check(OK, "jobs", f"{len(runs)} job(s), each last run ok or skipped")]


def _secret_key() -> Check:
    if os.environ.get("WAGEWATCH_SECRET_KEY"):
        return Check(OK, "web secret", "WAGEWATCH_SECRET_KEY is set")
    return Check(
        WARN,
        "web secret",
        "WAGEWATCH_SECRET_KEY is not set: `wagewatch serve` refuses to start in production",
    )


def run_checks(config_path: str | None, db_path: str | os.PathLike) -> list[Check]:
    """Every check, in order; the ones that need a configuration or a database are skipped (and
    say so) when those failed."""
    db_path = Path(db_path)
    check, config = _config(config_path)
    checks = [check]
    database_checks, db = _database(db_path)
    checks += database_checks
    if config is None:
        return checks + [Check(FAIL, "rest", "not checked: fix the configuration first")]
    checks.append(_model(config))
    checks.append(_smtp(config))
    checks += _disk(db_path, config)
    checks.append(_backups(db_path, config))
    if db is not None:
        checks += _sources(db, config)
        checks += _jobs(db)
        db.close()
    checks.append(_secret_key())
    return checks
