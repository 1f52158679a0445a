"""The input schema of ``wagewatch analyze`` and ``ingest`` (documented in the README): JSON Lines,
one ``{"id", "text"}`` object per line with optional ``platform``, ``posted_at`` (ISO 8601) and
``url``. Reading it reports every bad line with its number and keeps every good one."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import datetime


def iter_jsonl(path: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """Stream an input file in the ``analyze``/``ingest`` schema (``{"id", "text"}`` plus optional
    ``platform``, ``posted_at`` (ISO 8601) and ``url``), one line at a time, whatever its size:
    ``(line number, record, None)`` for a good line, ``(line number, None, message)`` for a bad one.
    Blank lines are skipped."""
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    with stream:
        for number, raw in enumerate(stream, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, None, f"{path}:{number}: not UTF-8 ({exc.reason} at byte {exc.start})"
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})"
                continue
            # (a lone surrogate comes only from a \u escape: strict UTF-8 decoding holds none; most lines have no escape)
            if "\\u" in line:
                record = without_lone_surrogates(record)
            problem = record_problem(record)
            if problem:
                yield number, None, f"{path}:{number}: {problem}"
                continue
            yield number, record, None


def read_jsonl(path: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """Good records (line number, object) and one error message per bad line (``iter_jsonl``),
    all in memory: for files that fit it (ingest, evaluation sets)."""
    good, bad = [], []
    for number, record, problem in iter_jsonl(path):
        if problem:
            bad.append(problem)
        else:
            good.append((number, record))
    return good, bad


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value):
    """``value`` with every lone UTF-16 surrogate (``"\\ud800"`` in JSON, which no UTF-8 text can
    hold) replaced by U+FFFD, in strings nested at any depth; everything else is kept as it is."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


def record_problem(record) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if "id" not in record or record["id"] is None or isinstance(record["id"], (dict, list, bool)):
        return 'missing or unusable "id" (a string or number)'
    if not isinstance(record.get("text"), str):
        return 'missing "text" (a string)'
    for key in ("platform", "url", "posted_at"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f'"{key}" must be a string'
    if record.get("posted_at"):
        try:
            datetime.fromisoformat(record["posted_at"].replace("Z", "+00:00"))
        except ValueError:
            return f'"posted_at" is not ISO 8601: {record["posted_at"]!r}'
    return None


def post_from_record(record: dict, post_id: str, platform_default: str, raw: bool = True) -> dict:
    """A post to store from one input record; ``raw=False``: without the record's JSON copy (``analyze``
    keeps none, and dumping every line cost its serial half time)."""
    return {
        "platform": record.get("platform") or platform_default,
        "post_id": post_id,
        "url": record.get("url"),
        "author": record.get("author"),
        "title": record.get("title"),
        "text": record["text"],
        "posted_at": record.get("posted_at"),
        "reposts": record.get("reposts") if isinstance(record.get("reposts"), int) else None,
        "comments": record.get("comments") if isinstance(record.get("comments"), int) else None,
        "likes": record.get("likes") if isinstance(record.get("likes"), int) else None,
        "region": record.get("region") if isinstance(record.get("region"), str) else None,
        "raw": json.dumps(record, ensure_ascii=False) if raw else None,
    }
