"""The review UI's users (``users``): who may log in, their role and 镇街, and the login counters
that lock an account out after repeated failures. Password hashes are made elsewhere
(``review.accounts``); this module only stores them."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from storage.db import now

USER_FIELDS = ("username", "display_name", "role", "district", "email", "password_hash", "active")


def create_user(db: Database, fields: dict[str, Any]) -> int:
    """Insert a user; returns its id. ``username`` is unique (sqlite3.IntegrityError otherwise).

    >>> create_user(db, {"username": "li.wei", "role": "duty", "password_hash": "scrypt:..."})  # doctest: +SKIP
    1
    """
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    stamp = now()
    row = {**fields, "created_at": stamp, "updated_at": stamp, "password_changed_at": stamp}
    columns = list(row)
    return db.execute(
        f"INSERT INTO users ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    ).lastrowid


def get_user(db: Database, username: str) -> dict[str, Any] | None:
    """One user by name, or None."""
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def get_user_by_id(db: Database, user_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def list_users(db: Database, active_only: bool = False) -> list[dict[str, Any]]:
    """Every user, by role then name."""
    clause = "WHERE active = 1" if active_only else ""
    return list(db.query(f"SELECT * FROM users {clause} ORDER BY role, district, username"))


def update_user(db: Database, username: str, fields: dict[str, Any]) -> bool:
    """Change a user's stored fields (``password_hash`` also stamps ``password_changed_at`` and
    clears the failed-login counter). Returns False when there is no such user."""
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    stamp = now()
    extra = {"updated_at": stamp}
    if "password_hash" in fields:
        extra.update(password_changed_at=stamp, failed_logins=0, locked_until=None)
    values = {**fields, **extra}
    sets = ", ".join(f"{f} = ?" for f in values)
    return bool(
        db.execute(f"UPDATE users SET {sets} WHERE username = ?", [*values.values(), username]).rowcount
    )


def record_login_failure(db: Database, user_id: int, failures: int, locked_until: str | None) -> None:
    """Store the count of consecutive failed logins, and the end of a lock-out (None: not locked)."""
    db.execute(
        "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", [failures, locked_until, user_id]
    )


def record_login_success(db: Database, user_id: int) -> None:
    """A good login: the failure counter and any lock-out are cleared."""
    db.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
        [now(), user_id],
    )
