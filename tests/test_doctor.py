"""``wagewatch doctor`` (#13) fails, naming the cause, on each broken setup: a damaged database, a
bad configuration, a model directory without a model, an SMTP server that does not answer, a blocked
source, a failed job, a nearly full disk."""

from __future__ import annotations

import socket

import pytest

import cli
import doctor
import pipeline
import storage
from tests.conftest import make_post
from tests.test_dedupe import Stub


@pytest.fixture
def ready(db_path):
    db = storage.open_db(db_path)
    storage.upsert_posts(db, [make_post(1), make_post(2)])
    pipeline.run_pass(db, classifier=Stub())
    db.close()
    return db_path


def run(runner, db_path, *extra, config=None):
    args = ["--db", str(db_path)] + (["--config", str(config)] if config else []) + [*extra, "doctor"]
    return runner.invoke(cli.main, args)


def write_config(tmp_path, text: str):
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_sound_installation_passes(runner, ready):
    result = run(runner, ready)
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    for what in ("config", "database", "classifier", "smtp", "disk (database)", "backups", "jobs"):
        assert f"  {what} " in result.output, what


def test_a_damaged_database(runner, tmp_path):
    path = tmp_path / "w.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 3000)
    result = run(runner, path)
    assert result.exit_code == 1
    assert str(path) in result.output
    assert "Traceback" not in result.output


def test_a_missing_database(runner, tmp_path):
    result = runner.invoke(cli.main, ["--db", str(tmp_path / "none.db"), "doctor"])
    assert result.exit_code == 1
    assert "FAIL  database" in result.output
    assert "does not exist" in result.output


def test_a_bad_configuration_names_the_key(runner, ready, tmp_path):
    result = run(runner, ready, config=write_config(tmp_path, "[pipeline]\nbatch_size = -3\n"))
    assert result.exit_code == 1
    assert "pipeline.batch_size" in result.output


def test_a_model_directory_without_a_model(runner, ready, tmp_path):
    (tmp_path / "empty-model").mkdir()
    config = write_config(tmp_path, f'[classifier]\nfast_path = "{tmp_path / "empty-model"}"\n')
    result = run(runner, ready, config=config)
    assert result.exit_code == 1
    assert "FAIL  classifier" in result.output
    assert "cannot load or predict" in result.output


def test_an_smtp_server_that_does_not_answer(runner, ready, tmp_path):
    port = free_port()  # nothing listens there
    config = write_config(tmp_path, f'[digest]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_timeout_s = 2\n'
                                    'to_addrs = ["duty@example.gov.cn"]\n')  # fmt: skip
    result = run(runner, ready, config=config)
    assert result.exit_code == 1
    assert "FAIL  smtp" in result.output
    assert f"127.0.0.1:{port}" in result.output


def test_a_blocked_source_and_a_failed_job(runner, ready):
    db = storage.open_db(ready)
    run_id = storage.start_run(db, "weibo")
    storage.finish_run(db, run_id, status="blocked", blocked_reason="login wall (API answered ok: -100)")
    job = storage.start_job_run(db, "digest")
    storage.finish_job_run(db, job, "error", error="SMTP server 10.0.0.5:25 did not answer")
    db.close()
    result = run(runner, ready)
    assert result.exit_code == 1
    assert "FAIL  source weibo" in result.output
    assert "login wall" in result.output
    assert "FAIL  job digest" in result.output
    assert "did not answer" in result.output


def test_a_nearly_full_disk(runner, ready, monkeypatch):
    monkeypatch.setattr(doctor, "MIN_FREE_BYTES", 10**18)  # more room than any disk has
    result = run(runner, ready)
    assert result.exit_code == 1
    assert "FAIL  disk (database)" in result.output
