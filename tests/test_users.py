"""``wagewatch users ...`` and the account rules behind the web's logins (#9): passwords from stdin
or a hidden prompt only, scrypt hashes, district officers tied to one of the 23 镇街, lock-out."""

from __future__ import annotations

import pytest

import cli
import storage
from review import accounts
from tests.conftest import PASSWORD


def _users(runner, db_path, *args, input=None):
    return runner.invoke(cli.main, ["--db", str(db_path), "users", *args], input=input)


def test_adding_users_reads_the_password_from_stdin_and_stores_only_a_scrypt_hash(runner, db_path):
    result = _users(
        runner, db_path, "add", "admin", "--role", "admin", "--password-stdin", input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "user admin added (admin)" in result.output
    result = _users(runner, db_path, "add", "li.wei", "--role", "district", "--district", "坦洲镇", "--name", "李伟",
                    "--email", "li@example.org", "--password-stdin", input=f"{PASSWORD}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    user = storage.get_user(storage.connect(db_path), "li.wei")
    assert (user["role"], user["district"], user["display_name"], user["email"]) == ("district", "坦洲镇", "李伟",
                                                                                    "li@example.org")  # fmt: skip
    assert user["password_hash"].startswith("scrypt:")
    assert PASSWORD not in user["password_hash"]
    listed = _users(runner, db_path, "list").output
    assert "li.wei" in listed
    assert "坦洲镇" in listed


def test_the_prompt_hides_and_confirms_and_no_password_option_exists(runner, db_path):
    result = _users(runner, db_path, "add", "duty1", "--role", "duty", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert _users(runner, db_path, "add", "x1", "--role", "duty", "--password", PASSWORD).exit_code == 2
    mismatch = _users(
        runner, db_path, "add", "duty2", "--role", "duty", input=f"{PASSWORD}\nother-password\n" * 3
    )
    assert mismatch.exit_code != 0
    assert storage.get_user(storage.connect(db_path), "duty2") is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "tz", "--role", "district"), "needs --district"),
        (("add", "tz", "--role", "district", "--district", "天河区"), "not one of the 23"),
        (("add", "tz", "--role", "duty", "--district", "坦洲镇"), "only district officers"),
        (("add", "x", "--role", "duty"), "2-32 letters"),
        (("add", "bad name", "--role", "duty"), "2-32 letters"),
        (("add", "tz", "--role", "duty", "--email", "nope"), "not an email"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(runner, db_path, args, message):
    result = _users(runner, db_path, *args, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert message in result.output
    assert storage.list_users(storage.connect(db_path)) == []


def test_short_passwords_duplicates_and_empty_stdin_are_refused(runner, db_path):
    short = _users(runner, db_path, "add", "duty1", "--role", "duty", "--password-stdin", input="short\n")
    assert "at least 10 characters" in short.output
    assert (
        _users(runner, db_path, "add", "duty1", "--role", "duty", "--password-stdin", input="").exit_code == 1
    )
    assert (
        _users(
            runner, db_path, "add", "duty1", "--role", "duty", "--password-stdin", input=f"{PASSWORD}\n"
        ).exit_code
        == 0
    )
    again = _users(
        runner, db_path, "add", "duty1", "--role", "duty", "--password-stdin", input=f"{PASSWORD}\n"
    )
    assert "exists already" in again.output


def test_disable_enable_and_passwd(runner, db_path):
    for name, role in (("admin", "admin"), ("duty1", "duty")):
        _users(runner, db_path, "add", name, "--role", role, "--password-stdin", input=f"{PASSWORD}\n")
    database = storage.connect(db_path)
    assert _users(runner, db_path, "disable", "duty1").exit_code == 0
    assert accounts.login(database, "duty1", PASSWORD).message.startswith("账户已停用")
    assert "DISABLED" in _users(runner, db_path, "list").output
    assert _users(runner, db_path, "enable", "duty1").exit_code == 0
    assert accounts.login(database, "duty1", PASSWORD).user["username"] == "duty1"
    refused = _users(runner, db_path, "disable", "admin")
    assert "last active admin" in refused.output
    before = storage.get_user(database, "duty1")["password_changed_at"]
    changed = _users(runner, db_path, "passwd", "duty1", "--password-stdin", input="another long secret\n")
    assert changed.exit_code == 0, changed.output
    assert accounts.login(database, "duty1", PASSWORD).user is None
    assert accounts.login(database, "duty1", "another long secret").user is not None
    assert storage.get_user(database, "duty1")["password_changed_at"] >= before
    assert (
        "no user"
        in _users(runner, db_path, "passwd", "ghost", "--password-stdin", input=f"{PASSWORD}\n").output
    )


def test_repeated_wrong_passwords_lock_the_account_and_unknown_names_answer_alike(db):
    accounts.add_user(db, "duty1", PASSWORD, "duty")
    wrong = accounts.login(db, "duty1", "wrong password!", max_failed=3, lockout_minutes=15)
    assert wrong.message == accounts.login(db, "nobody", "wrong password!").message
    accounts.login(db, "duty1", "wrong password!", max_failed=3)
    locked = accounts.login(db, "duty1", "wrong password!", max_failed=3)
    assert "锁定" in locked.message
    still = accounts.login(db, "duty1", PASSWORD, max_failed=3)  # the right password waits too
    assert still.user is None
    assert "锁定" in still.message
    db.execute("UPDATE users SET locked_until = '2020-01-01T00:00:00+08:00' WHERE username = 'duty1'")
    assert accounts.login(db, "duty1", PASSWORD).user["failed_logins"] == 0
