"""Run a crawl from Python (the scheduler, the CLI, tests) in a subprocess.

Twisted's reactor cannot be started twice in one process, so every crawl is its own
``python -m scrapy crawl``. Nothing here imports Scrapy.

The runner opens the crawl's ``crawl_runs`` row before it starts the process and hands its id
over (``-s WAGEWATCH_RUN_ID=<id>``); the storage pipeline closes the row with the crawl's figures.
When the process cannot do that (bad arguments, a crash, a kill after ``timeout``), the runner
closes the row as ``error`` with the exit status and the reason, so no crawl goes unrecorded.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import storage

REPO_ROOT = Path(__file__).resolve().parent.parent


class CrawlTimeout(subprocess.TimeoutExpired):
    """The crawl ran past its timeout and was killed; its crawl_runs row is closed as ``error``."""

    def __str__(self) -> str:
        return (
            f"scrapy crawl {self.cmd[4]} ran past {self.timeout:g} s and was killed; "
            "its crawl_runs row is recorded as an error"
        )


class CrawlStopped(RuntimeError):
    """The crawl was stopped because wagewatch is shutting down; its crawl_runs row is closed."""


class Stop(Protocol):
    def is_set(self) -> bool: ...


STOP_GRACE_S = 10  # how long a stopped crawl may take to close itself (Scrapy's graceful shutdown)


def crawl_command(
    spider: str,
    db_path: str | os.PathLike,
    args: Mapping[str, str],
    settings: Mapping[str, str] | None = None,
) -> list[str]:
    """The command line :func:`run_crawl` runs.

    >>> crawl_command("rss", "w.db", {"url": "http://127.0.0.1:8000/feed/zsnews.xml"})[3:]
    ['crawl', 'rss', '-a', 'url=http://127.0.0.1:8000/feed/zsnews.xml', '-s', 'WAGEWATCH_DB=w.db']
    """
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        command += ["-a", f"{key}={value}"]
    command += ["-s", f"WAGEWATCH_DB={db_path}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    return command


def run_crawl(
    spider: str,
    db_path: str | os.PathLike,
    args: Mapping[str, str],
    settings: Mapping[str, str] | None = None,
    timeout: float = 600,
    stop: Stop | None = None,
    log_file: str | os.PathLike | None = None,
) -> subprocess.CompletedProcess[str]:
    """Crawl with ``spider`` into the database at ``db_path``; returns the finished process, whose
    ``stderr`` holds Scrapy's log (also appended to ``log_file`` when given: phones, ID numbers and
    secrets are masked in it by ``spiders.logsafety``). A non-zero ``returncode`` means the crawl
    could not start or died; its run is recorded as ``error`` either way.

    >>> run_crawl("weibo", "wagewatch.db", {"keywords": "欠薪,讨薪", "max_pages": "5"})  # doctest: +SKIP

    Raises :class:`CrawlTimeout` (a ``subprocess.TimeoutExpired``) when the crawl outlives
    ``timeout`` seconds; the process is killed and its run recorded as ``error``. Raises
    :class:`CrawlStopped` when ``stop`` is set while it runs (a scheduler shutting down): the crawl
    gets SIGTERM (Scrapy then closes the spider and records what it stored), SIGKILL after
    ``STOP_GRACE_S`` seconds, and its run is closed either way.
    """
    source = str(args.get("source") or spider)
    db_path = Path(db_path).resolve()  # the crawl runs from the repository root, not from here
    db = storage.open_db(db_path)
    try:
        run_id = storage.start_run(db, source)
    finally:
        db.close()
    command = crawl_command(spider, db_path, args, {**(settings or {}), "WAGEWATCH_RUN_ID": str(run_id)})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings", "PYTHONIOENCODING": "utf-8"}
    started = time.monotonic()
    process = None
    try:  # from the moment the run is recorded: a Ctrl-C even while the crawl starts closes it
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", errors="replace",
        )  # fmt: skip
        stdout, stderr = _wait(process, started + timeout, stop)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        stdout, stderr = process.communicate()
        _close(db_path, run_id, f"killed after running past its {timeout:g} s timeout", -9, started)
        _keep_log(log_file, source, run_id, stderr)
        raise CrawlTimeout(command, timeout, stdout, stderr) from exc
    except CrawlStopped:
        process.terminate()
        try:
            stdout, stderr = process.communicate(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        _close(db_path, run_id, "stopped: wagewatch was shutting down", process.returncode, started)
        _keep_log(log_file, source, run_id, stderr)
        raise
    except BaseException:
        if process is not None:
            process.kill()  # never leave a crawl behind
            process.communicate()
        exit_code = process.returncode if process is not None else None
        _close(db_path, run_id, "abandoned: the process that ran it failed", exit_code, started)
        raise
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    _keep_log(log_file, source, run_id, stderr)
    why = f"crawl process exited with status {result.returncode}"
    if result.returncode != 0 and (last := last_error(result.stderr)):
        why = f"{why}: {last}"
    _close(db_path, run_id, why, result.returncode, started)
    return result


def _keep_log(log_file: str | os.PathLike | None, source: str, run_id: int, log: str | bytes | None) -> None:
    if not log_file:
        return
    text = log.decode("utf-8", "replace") if isinstance(log, bytes) else (log or "")
    path = Path(log_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(f"=== crawl run {run_id} of {source} ===\n{text}")


def _wait(process: subprocess.Popen, deadline: float, stop: Stop | None) -> tuple[str, str]:
    """The process's output once it ends; TimeoutExpired past ``deadline``, CrawlStopped when
    ``stop`` is set first."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise subprocess.TimeoutExpired(process.args, 0)
        if stop is not None and stop.is_set():
            raise CrawlStopped("the crawl was stopped: wagewatch is shutting down")
        try:
            return process.communicate(timeout=min(left, 0.5 if stop is not None else left))
        except subprocess.TimeoutExpired:
            continue


def _close(
    db_path: str | os.PathLike, run_id: int, message: str, exit_code: int | None, started: float
) -> None:
    db = storage.open_db(db_path)
    try:
        storage.close_unfinished_run(
            db, run_id, message=message, exit_code=exit_code, duration_s=round(time.monotonic() - started, 3)
        )
    finally:
        db.close()


_ERROR_LINE = re.compile(r"^\w[\w.]*(Error|Exception|Exit)\b.*|.*\bERROR\b.*")


def last_error(log: str | None) -> str | None:
    """The last line of a crawl's log that reads like an error (``ValueError: ...``), shortened."""
    lines = [line.strip() for line in (log or "").splitlines() if line.strip()]
    for line in reversed(lines):
        if _ERROR_LINE.match(line):
            return line[:300]
    return lines[-1][:300] if lines else None


# --- configured sources ----------------------------------------------------------------------------


def source_settings(source: Mapping[str, Any], crawl: Mapping[str, Any]) -> dict[str, str]:
    """The Scrapy settings (``-s``) for one configured source: the ``[crawl]`` section, overridden
    by the source's own ``download_delay`` and ``obey_robots``, plus its canary.

    >>> source_settings({"obey_robots": False}, {"download_delay": 2, "obey_robots": True})
    {'DOWNLOAD_DELAY': '2', 'ROBOTSTXT_OBEY': 'False'}
    """

    def pick(key: str) -> Any:
        own = source.get(key)
        return crawl.get(key) if own is None else own

    settings = {
        "DOWNLOAD_DELAY": str(pick("download_delay")),
        "ROBOTSTXT_OBEY": str(bool(pick("obey_robots"))),
    }
    optional = {
        "concurrent_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
        "retry_times": "RETRY_TIMES",
        "download_timeout_s": "DOWNLOAD_TIMEOUT",
    }
    for key, setting in optional.items():
        if crawl.get(key) is not None:
            settings[setting] = str(crawl[key])
    if crawl.get("httpcache"):
        settings["HTTPCACHE_ENABLED"] = "True"
    if crawl.get("proxy"):
        settings["WAGEWATCH_PROXY"] = str(crawl["proxy"])
    if source.get("canary"):
        settings["WAGEWATCH_CANARY"] = str(source["canary"])
    return settings


def run_source(
    source: Mapping[str, Any],
    db_path: str | os.PathLike,
    crawl: Mapping[str, Any],
    settings: Mapping[str, str] | None = None,
    timeout: float | None = None,
    stop: Stop | None = None,
) -> subprocess.CompletedProcess[str]:
    """Crawl one configured source (a ``[[sources]]`` table) with the ``[crawl]`` settings;
    ``settings`` adds or overrides Scrapy settings (the demo turns the delays off). With ``[crawl]
    log_dir`` set, the crawl's log is appended to ``<log_dir>/<source>.log``."""
    log_dir = crawl.get("log_dir") or ""
    return run_crawl(
        source["spider"],
        db_path,
        {**source.get("args", {}), "source": source["name"]},
        settings={**source_settings(source, crawl), **(settings or {})},
        timeout=timeout or crawl.get("timeout_s") or 600,
        stop=stop,
        log_file=Path(log_dir) / f"{source['name']}.log" if log_dir else None,
    )
