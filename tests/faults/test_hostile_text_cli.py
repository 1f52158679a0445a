"""Hostile text through the CLI (#13): lone surrogates, NUL bytes, terminal escape sequences, bidi
overrides, markup and a 1 MB post are stored intact (or, for a lone surrogate that UTF-8 cannot hold,
as U+FFFD), never sink the other posts of the file, and reach the terminal only as visible escapes."""

from __future__ import annotations

import json
import re

import cli
import storage

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = {
    "surrogate": "坦洲工地拖欠工资 \ud800 半个字符",
    "nul": "坦洲工地拖欠工资\x00后面还有字",
    "ansi": "坦洲工地拖欠工资\x1b[2J\x1b]0;owned\x07\x1b[31m红字\x1b[0m",
    "bidi": "坦洲工地拖欠工资 \u202egnp.exe\u202c",
    "markup": "坦洲工地拖欠工资 <script>alert(1)</script><img src=x onerror=alert(2)>",
    "carriage": "坦洲工地拖欠工资\r假的一行",
}


def write(tmp_path):
    path = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": key, "text": text}) for key, text in HOSTILE.items()]  # \ud800 stays escaped
    lines.append(
        json.dumps({"id": "huge", "text": "小榄五金厂欠薪" + "很长的帖子" * 200_000}, ensure_ascii=False)
    )
    lines.append(json.dumps({"id": "plain", "text": "三乡一间酒楼拖欠厨师两个月工资"}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hostile_posts_are_stored_intact_and_shown_inert(runner, db_path, tmp_path, fault_report):
    path = write(tmp_path)
    result = runner.invoke(cli.main, ["--db", str(db_path), "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "ingested 8 line(s): 8 new" in result.output
    db = storage.open_db(db_path)
    stored = {r["post_id"]: r for r in db.query("SELECT post_id, text, raw FROM posts")}
    assert stored["surrogate"]["text"] == "坦洲工地拖欠工资 \ufffd 半个字符"
    for key in ("nul", "ansi", "bidi", "markup", "carriage"):
        assert stored[key]["text"] == HOSTILE[key]  # kept exactly as posted
    assert len(json.loads(stored["huge"]["raw"])["text"]) == 1_000_007  # the whole post stays in raw
    assert stored["huge"]["text"].startswith("小榄五金厂欠薪很长的帖子")
    assert db.execute("SELECT count(*) FROM posts WHERE state = 'done'").fetchone()[0] == 8

    for command in (["search", "拖欠工资", "--limit", "50"], ["leads", "list", "--limit", "50"],
                    *(["leads", "show", str(n)] for n in range(1, db["leads"].count + 1))):  # fmt: skip
        shown = runner.invoke(cli.main, ["--db", str(db_path), *command])
        assert shown.exit_code == 0, shown.output
        assert not CONTROL.search(shown.output), (command, shown.output)
    search = runner.invoke(cli.main, ["--db", str(db_path), "search", "拖欠工资", "--limit", "50"]).output
    assert "\\x1b[2J" in search
    assert "\\u202e" in search
    assert "\\x00" in search
    fault_report("hostile text in the CLI (surrogates, NUL, escapes, bidi, 1 MB)", 1, 0, 0,
                 next(line for line in search.splitlines() if "\\x1b" in line).split("  ")[-1])  # fmt: skip


def test_analyze_keeps_every_good_line_of_a_hostile_file(runner, tmp_path):
    path = write(tmp_path)
    result = runner.invoke(cli.main, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.output.splitlines()]
    assert ids == [*HOSTILE, "huge", "plain"]
