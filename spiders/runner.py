"""Run a crawl from Python (the scheduler, the CLI, tests) in a subprocess.

Twisted's reactor cannot be started twice in one process, so every crawl is its own
``python -m scrapy crawl``. Nothing here imports Scrapy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class CrawlTimeout(subprocess.TimeoutExpired):
    """The crawl ran past its timeout and was killed. Its crawl_runs row stays "running"."""

    def __str__(self) -> str:
        return (
            f"scrapy crawl {self.cmd[4]} ran past {self.timeout:g} s and was killed; "
            "its crawl_runs row stays 'running'"
        )


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
) -> subprocess.CompletedProcess[str]:
    """Crawl with ``spider`` into the database at ``db_path``; returns the finished process, whose
    ``stderr`` holds Scrapy's log. A non-zero ``returncode`` means the crawl could not start.

    >>> run_crawl("weibo", "wagewatch.db", {"keywords": "欠薪,讨薪", "max_pages": "5"})  # doctest: +SKIP

    Raises :class:`CrawlTimeout` (a ``subprocess.TimeoutExpired``) when the crawl outlives
    ``timeout`` seconds; the process is killed and nothing more is recorded.
    """
    command = crawl_command(spider, db_path, args, settings)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings", "PYTHONIOENCODING": "utf-8"}
    try:
        return subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=env,
            timeout=timeout,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CrawlTimeout(exc.cmd, exc.timeout, exc.output, exc.stderr) from None
