"""The merge settings file and `wagewatch leads tune` (issue 11): the numbers of the merge decision come
from triage/data/merge.toml (or $WAGEWATCH_MERGE), a bad file is named, and the tuner fits them on
labelled sets with leave-one-set-out folds, writing them back when asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from triage import mergesettings

ROOT = Path(__file__).parent.parent


def _post(pid, case, text, day, district):
    return {"id": pid, "text": text, "platform": "weibo", "posted_at": f"2026-03-{day:02d}T10:00:00+08:00",
            "label": "wage_arrears", "case": case, "district": district}  # fmt: skip


# one site's crew told twice, four days apart, in other words: no telling word in common, the 镇街, a dozen-odd
# workers and a couple of hundred thousand agree (two facts, worth 1.4: the shipped facts_only is 1.3 since round 7,
# so the tuner's tests start from 1.5, where the facts alone fall short)
SANXIANG = [
    _post(
        "s1", "S", "中山市三乡镇一个工地拖欠十几名工人工资，大约二十多万，工人在门口等了一天。", 2, "三乡镇"
    ),
    _post("s2", "S", "三乡镇有工地欠薪，十多个工友的钱二十几万没结，大家去工地门口讨说法。", 6, "三乡镇"),
    {
        "id": "n1",
        "text": "今天天气不错，去公园散步。",
        "label": "irrelevant",
        "posted_at": "2026-03-03T10:00:00+08:00",
    },
]
SHENWAN = [
    _post(
        "w1", "W", "中山市神湾镇一个工地拖欠十几名工人工资，大约二十多万，工人在门口等了一天。", 20, "神湾镇"
    ),
    _post("w2", "W", "神湾镇有工地欠薪，十多个工友的钱二十几万没结，大家去工地门口讨说法。", 24, "神湾镇"),
]


def _write(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def sets(tmp_path):
    return _write(tmp_path / "sanxiang" / "posts.jsonl", SANXIANG), _write(
        tmp_path / "shenwan" / "posts.jsonl", SHENWAN
    )


@pytest.fixture
def settings_copy(tmp_path, monkeypatch):
    copy = tmp_path / "merge.toml"
    shutil.copy(mergesettings.DEFAULT, copy)
    monkeypatch.setenv(mergesettings.ENV, str(copy))
    return copy


@pytest.fixture
def stricter():
    """facts_only 1.5 in force (the value before round 7), where the sets' pairs fall short; put back after."""
    previous = mergesettings.apply({"facts_only": 1.5})
    yield
    mergesettings.apply(previous)


def _evaluate(path: Path, settings: Path | None) -> dict:
    """`python -m evaluation.leads FILE --json` in a fresh process, reading ``settings`` (else the shipped file)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(mergesettings.ENV, None)
    if settings:
        env[mergesettings.ENV] = str(settings)
    done = subprocess.run([sys.executable, "-m", "evaluation.leads", str(path), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    return json.loads(done.stdout)


def test_the_shipped_file_holds_every_key_with_todays_values():
    values = mergesettings.load(mergesettings.DEFAULT)
    assert set(values) == set(mergesettings.KIND)
    assert values["retold_same_town"] == 0.85
    assert values["facts_only"] == 1.3
    assert values["newest"] == 20
    assert isinstance(values["word_key_limit"], int)
    assert isinstance(values["tight"], float)


def test_a_changed_value_in_the_file_changes_a_decision(tmp_path, sets):
    sanxiang, _ = sets
    stricter = tmp_path / "stricter.toml"
    stricter.write_text(
        mergesettings.DEFAULT.read_text(encoding="utf-8").replace("facts_only = 1.3 ", "facts_only = 1.5 "),
        encoding="utf-8",
    )
    assert mergesettings.load(stricter)["facts_only"] == 1.5
    assert _evaluate(sanxiang, None)["pair_tp"] == 1  # today (1.3): two facts worth 1.4 are one lead
    assert _evaluate(sanxiang, stricter)["pair_tp"] == 0  # the file says 1.5: not enough


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (("retold_loose = 1.4 ", 'retold_loose = "high" '), "retold_loose must be a number"),
        (("newest = 20 ", "newest = 20.5 "), "newest must be a whole number"),
        (("thin_days = ", "thin_dayz = "), "unknown key 'thin_dayz'"),
        (("facts_days = 14 ", "# facts_days = 14 "), "missing [facts] facts_days"),
        (("[thin]", "[thin"), "not valid TOML"),
    ],
)
def test_a_bad_settings_file_is_named_with_its_key(tmp_path, edit, named):
    bad = tmp_path / "bad.toml"
    shipped = mergesettings.DEFAULT.read_text(encoding="utf-8")
    assert edit[0] in shipped  # the edit applies to the shipped file as it is today
    bad.write_text(shipped.replace(*edit), encoding="utf-8")
    with pytest.raises(mergesettings.MergeSettingsError, match="bad.toml") as caught:
        mergesettings.load(bad)
    assert named in str(caught.value)


def test_a_bad_settings_file_stops_a_command_with_one_line(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    text = mergesettings.DEFAULT.read_text(encoding="utf-8").replace("newest = 20 ", "newest = -3 ")
    bad.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), mergesettings.ENV: str(bad)}
    done = subprocess.run([sys.executable, "-c", "from cli import main; main()", "leads", "evaluate", "--demo"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1
    assert "merge settings error" in done.stderr
    assert "newest must be a whole number ≥ 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_tune_reports_a_fold_per_set_and_the_values_fitted_on_all(sets, stricter):
    result = CliRunner().invoke(main, ["leads", "tune", *map(str, sets), "--no-guard", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "leave-one-set-out" in out
    fold = [
        line
        for line in out.splitlines()
        if line.strip().startswith(("sanxiang", "shenwan")) and "before" in line
    ]
    assert len(fold) == 2
    # fitted on the other crew's telling, each set's own pair is found: 0 → 1 pair F1 on the set it never saw
    assert all("before 0.000" in line and "after 1.000" in line for line in fold)
    assert "fitted on all: " in out
    assert "facts_only" in out
    assert "verdict: the fitted values do better" in out


def test_tune_json_has_the_folds_and_the_chosen_values(sets, stricter):
    result = CliRunner().invoke(
        main, ["leads", "tune", *map(str, sets), "--no-guard", "--rounds", "1", "--json"]
    )
    data = json.loads(result.output)
    assert [f["held_out"] for f in data["folds"]] == ["sanxiang", "shenwan"]
    assert data["chosen"]["facts_only"] < 1.4
    assert data["adopt"] is True
    assert data["sets"]["sanxiang"]["before"]["pair_f1"] == 0.0
    assert data["sets"]["sanxiang"]["after"]["pair_f1"] == 1.0


def test_tune_refuses_a_bad_file_naming_its_line(tmp_path, sets):
    bad = _write(tmp_path / "bad" / "posts.jsonl", [*SHENWAN, {"id": "z", "text": "欠薪", "label": "wages"}])
    result = CliRunner().invoke(main, ["leads", "tune", str(sets[0]), str(bad), "--no-guard"])
    assert result.exit_code == 1
    assert "bad line(s)" in result.output
    assert "posts.jsonl:3" in result.output
    assert "'wages'" in result.output


def test_tune_write_stores_the_values_and_evaluate_reads_them(sets, settings_copy, stricter):
    settings_copy.write_text(
        settings_copy.read_text(encoding="utf-8").replace("facts_only = 1.3 ", "facts_only = 1.5 "),
        encoding="utf-8",
    )
    before = settings_copy.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main, ["leads", "tune", *map(str, sets), "--no-guard", "--rounds", "1", "--write"]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {settings_copy}" in result.output
    after = settings_copy.read_text(encoding="utf-8")
    assert after != before
    assert after.count("#") == before.count("#")
    assert mergesettings.load(settings_copy)["facts_only"] < 1.4
    assert (
        mergesettings.DEFAULT.read_text(encoding="utf-8").count("facts_only = 1.3 ") == 1
    )  # shipped file untouched
    assert _evaluate(sets[1], settings_copy)["pair_f1"] == 1.0


def test_tune_only_searches_the_numbers_named_and_refuses_others(sets):
    runner = CliRunner()
    result = runner.invoke(
        main, ["leads", "tune", *map(str, sets), "--no-guard", "--only", "retold_loose", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["chosen"] == {}  # the loose threshold does not decide these pairs: nothing moves
    assert data["verdict"].startswith("keep today's values")
    refused = runner.invoke(main, ["leads", "tune", *map(str, sets), "--only", "retold_days"])
    assert refused.exit_code == 1
    assert "--only takes one of: retold_same_town" in refused.output


def test_mergewhy_says_why_a_pair_was_missed_and_the_settings_come_back(sets, stricter):
    from evaluation import mergewhy, replay

    labelled = replay.load_set(sets[0])
    missed = mergewhy.causes(labelled)["missed"]
    assert [(a, b, why["cause"]) for a, b, why in missed] == [("s1", "s2", "facts alone: short")]
    assert missed[0][2]["agreeing"] == 2
    with replay.settings({"facts_only": 1.3}):
        assert mergewhy.causes(labelled)["missed"] == []
    assert mergesettings.in_force()["facts_only"] == 1.5  # put back after the block
    report = mergewhy.causes(labelled)
    assert "facts alone: short" in mergewhy.table([report])
    assert "] missed " not in mergewhy.table([report])  # a blind set's pairs only when asked for
    assert "] missed " in mergewhy.table([report], pairs=True)
