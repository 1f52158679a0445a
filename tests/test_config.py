"""Configuration: validated at start, errors name the key and the file, secrets stay out."""

from __future__ import annotations

import pytest

import cli
import config


def write(tmp_path, text: str):
    path = tmp_path / "wagewatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_built_in_defaults(monkeypatch):
    monkeypatch.delenv("WAGEWATCH_CONFIG", raising=False)
    assert config.load() == config.defaults()


def test_the_example_config_in_the_repo_is_valid():
    loaded = config.load("wagewatch.example.toml")
    assert loaded["pipeline"]["batch_size"] > 0
    assert {s["name"] for s in loaded["sources"]} >= {"weibo-zhongshan"}


def test_env_variable_names_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, "[pipeline]\nbatch_size = 7\n")
    monkeypatch.setenv("WAGEWATCH_CONFIG", str(path))
    assert config.load()["pipeline"]["batch_size"] == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[pipeline]\nbatchsize = 5\n", "unknown key pipeline.batchsize"),
        ("[pipline]\nbatch_size = 5\n", "unknown section [pipline]"),
        ("[pipeline]\nbatch_size = 0\n", "pipeline.batch_size must be greater than 0"),
        ("[pipeline]\nbatch_size = 'ten'\n", "pipeline.batch_size must be int"),
        ("[pipeline]\nclassifier = 'magic'\n", "pipeline.classifier must be one of"),
        ("[schedule]\ndigest_time = '25:00'\n", "schedule.digest_time must be a time"),
        ("[digest]\nsmtp_password = 'hunter2'\n", "digest.smtp_password looks like a secret"),
        (
            "[[sources]]\nname = 'w'\nspider = 'weibo'\nargs = { cookie = 'SUB=x' }\n",
            "sources[0].args.cookie looks like a secret",
        ),
        ("[[sources]]\nname = 'w'\nspider = 'douyin'\n", "sources[0].spider must be one of"),
        ("[[sources]]\nspider = 'weibo'\n", "sources[0] needs a name"),
        ("[pipeline\n", "not valid TOML"),
    ],
)
def test_bad_config_stops_with_the_key_and_the_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(config.ConfigError) as error:
        config.load(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_cli_refuses_to_start_on_a_bad_config(tmp_path, runner):
    path = write(tmp_path, "[pipeline]\nbatchsize = 5\n")
    result = runner.invoke(cli.main, ["--config", str(path), "--db", str(tmp_path / "x.db"), "db", "stats"])
    assert result.exit_code != 0
    assert f"{path}: unknown key pipeline.batchsize" in result.output
    assert not (tmp_path / "x.db").exists()


def test_missing_config_file_is_named(tmp_path):
    with pytest.raises(config.ConfigError, match="config file not found"):
        config.load(tmp_path / "nope.toml")
