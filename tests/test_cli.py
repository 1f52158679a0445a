"""The command line: analyze's stable contract, ingest, process, backup and help texts."""

from __future__ import annotations

import json

import cli
import storage

KEYS = ["id", "label", "score", "district", "lead_id", "workers", "amount_yuan", "months_unpaid",
        "employer", "group_incident", "priority"]  # fmt: skip


def lines(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def test_analyze_good_lines_in_order_with_the_documented_fields(tmp_path, runner):
    src = tmp_path / "in.jsonl"
    src.write_text(
        lines(
            {
                "id": "a",
                "text": "坦洲镇某工地拖欠我们二十多个工友三个月工资3万5，求助！",
                "posted_at": "2026-11-20T10:00:00+08:00",
            },
            {
                "id": 2,
                "text": "#中山欠薪# 坦洲镇某工地拖欠我们二十多个工友三个月工资3万5，求助！[怒]",
                "platform": "weibo",
            },
            {"id": "c", "text": "急招普工，包吃住，工资月结不拖欠"},
            {"id": "d", "text": "佛山顺德一家具厂拖欠工人工资两个月", "url": "https://example.com/1"},
            {"id": "e", "text": "中山小榄五金厂老板走佬，五十多个工人拉横幅讨薪"},
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli.main, ["analyze", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "c", "d", "e"]
    assert all(list(r) == KEYS for r in rows)
    a, b, c, d, e = rows
    assert a["label"] == b["label"] == "wage_arrears"
    assert a["lead_id"] == b["lead_id"]
    assert a["lead_id"].startswith("L-")
    assert (a["district"], a["workers"], a["amount_yuan"], a["months_unpaid"]) == ("坦洲镇", 20, 35000, 3)
    assert c["label"] == "irrelevant"
    assert c["lead_id"] is None
    assert c["priority"] is None
    assert 0 <= c["score"] < 0.5 < a["score"] <= 1
    assert d["district"] == "out_of_area"
    assert e["group_incident"] is True
    assert e["priority"] == "P1"
    assert e["district"] == "小榄镇"
    assert e["lead_id"] != a["lead_id"]


def test_analyze_reports_bad_lines_with_numbers_and_keeps_the_good(tmp_path, runner):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        lines(
            {"id": 1, "text": "小榄五金厂冇出粮两个月"},
            "{broken json",
            {"text": "no id"},
            {"id": 4, "text": 42},
            {"id": 5, "text": "ok", "posted_at": "yesterday"},
            "[1, 2]",
            {"id": 7, "text": "东区一工地欠薪"},
        ).encode("utf-8")
        + "中文GBK".encode("gbk")
        + b"\n"
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli.main, ["analyze", str(src), "-o", str(out)])
    assert result.exit_code == 1
    for number in (2, 3, 4, 5, 6, 8):
        assert f"in.jsonl:{number}:" in result.stderr
    assert "invalid JSON" in result.stderr
    assert "not UTF-8" in result.stderr
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [1, 7]


def test_analyze_of_an_empty_file_writes_nothing_and_succeeds(tmp_path, runner):
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(cli.main, ["analyze", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0
    assert (tmp_path / "o.jsonl").read_text() == ""


def test_ingest_stores_processes_and_is_idempotent(tmp_path, runner, db_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        lines(
            {
                "id": "x1",
                "text": "三乡镇某酒楼拖欠我们厨师工资两个月",
                "platform": "forum",
                "extra": {"floor": 3},
            },
            {"id": "x2", "text": "今天岐江公园好多人"},
        ),
        encoding="utf-8",
    )
    for _ in range(2):
        result = runner.invoke(cli.main, ["--db", str(db_path), "ingest", str(src)])
        assert result.exit_code == 0, result.output
    db = storage.open_db(db_path)
    assert db["posts"].count == 2
    assert db["leads"].count == 1
    raw = json.loads(next(db.query("SELECT raw FROM posts WHERE post_id = 'x1'"))["raw"])
    assert raw["extra"] == {"floor": 3}
    assert next(db.query("SELECT platform FROM posts WHERE post_id = 'x1'"))["platform"] == "forum"


def test_db_backup_and_refusal_to_overwrite(tmp_path, runner, db_path):
    storage.open_db(db_path).close()
    dest = tmp_path / "backup.db"
    assert runner.invoke(cli.main, ["--db", str(db_path), "db", "backup", str(dest)]).exit_code == 0
    assert storage.open_db(dest)["posts"].exists()
    again = runner.invoke(cli.main, ["--db", str(db_path), "db", "backup", str(dest)])
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_every_command_says_what_it_does_in_one_line(runner):
    def walk(group, path):
        result = runner.invoke(cli.main, [*path, "--help"])
        assert result.exit_code == 0, path
        listing = result.output.split("Commands:")[1] if "Commands:" in result.output else ""
        for line in listing.splitlines():
            assert not line.rstrip().endswith("..."), f"{' '.join(path)}: {line.strip()}"
        for name, command in getattr(group, "commands", {}).items():
            sub = runner.invoke(cli.main, [*path, name, "--help"])
            assert sub.exit_code == 0, [*path, name]
            assert sub.output.splitlines()[2].strip(), [*path, name]  # the one-line summary
            walk(command, [*path, name])

    walk(cli.main, [])
