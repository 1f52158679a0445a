"""``users add | list | disable | enable | passwd``: accounts of the review web UI. Passwords are
read from stdin (``--password-stdin``) or a hidden prompt, never from the command line (where
``ps`` and the shell history would keep them)."""

from __future__ import annotations

import sys

import click

from cli.context import State


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("no password on stdin (pipe it in: printf '%s\\n' \"$PW\" | ...)")
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _accounts():
    from review import accounts

    return accounts


def _run(func, *args, **kwargs):
    accounts = _accounts()
    try:
        return func(*args, **kwargs)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None


@click.group("users")
def users_group() -> None:
    """Web UI accounts: add, list, disable, enable, passwd."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "duty", "district"]),
              help="admin (users, sources, config, and all leads), duty (all leads) or district (one 镇街).")  # fmt: skip
@click.option("--district", help="The 镇街 of a district officer (one of the 23 canonical names).")
@click.option("--name", "display_name", help="The name shown in the UI (default: the user name).")
@click.option("--email", help="Email address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_obj
def users_add(state: State, username, role, district, display_name, email, password_stdin) -> None:
    """Create an account.

    The password comes from stdin (--password-stdin) or a hidden prompt, never an argument.
    """
    accounts = _accounts()
    password = _password(password_stdin)
    user = _run(accounts.add_user, state.db(), username, password, role, district, display_name, email)
    where = f" for {user['district']}" if user["district"] else ""
    click.echo(f"user {user['username']} added ({user['role']}{where})")


@users_group.command("list")
@click.pass_obj
def users_list(state: State) -> None:
    """Every account with its role, 镇街, state and last login."""
    import storage

    rows = storage.list_users(state.db())
    for u in rows:
        flags = "" if u["active"] else " DISABLED"
        if u["locked_until"] and u["locked_until"] > storage.now():
            flags += f" locked until {u['locked_until']}"
        click.echo(f"{u['username']:16} {u['role']:8} {u['district'] or '-':8} {u['display_name'] or '':10} "
                   f"last login {u['last_login_at'] or '-'}{flags}")  # fmt: skip
    if not rows:
        click.echo("no users (add one: wagewatch users add NAME --role admin)")


@users_group.command("disable")
@click.argument("username")
@click.pass_obj
def users_disable(state: State, username: str) -> None:
    """Disable an account (its sessions end at their next request)."""
    _run(_accounts().set_active, state.db(), username, False)
    click.echo(f"user {username} disabled")


@users_group.command("enable")
@click.argument("username")
@click.pass_obj
def users_enable(state: State, username: str) -> None:
    """Enable an account again."""
    _run(_accounts().set_active, state.db(), username, True)
    click.echo(f"user {username} enabled")


@users_group.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
@click.pass_obj
def users_passwd(state: State, username: str, password_stdin: bool) -> None:
    """Set a new password.

    It ends the account's sessions and lifts a lock-out.
    """
    accounts = _accounts()
    database = state.db()
    _run(accounts.existing_user, database, username)
    _run(accounts.set_password, database, username, _password(password_stdin))
    click.echo(f"password of {username} changed")
