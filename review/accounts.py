"""Accounts of the review UI, for the web's admin pages and ``wagewatch users`` alike: who may log
in, with which role and 镇街, and the login check with its lock-out.

Roles: ``admin`` (users, sources, configuration, and everything a duty officer does), ``duty``
(every lead: route, assign, escalate, dismiss) and ``district`` (the leads of one 镇街 only).
Passwords are hashed with scrypt (werkzeug); the clear text is never stored or logged.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

import storage
from storage.db import BEIJING
from triage.districts import TOWNS

ROLES = {"admin": "管理员", "duty": "值班员", "district": "镇街经办人"}
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A refused account change or login; the message can be shown to the person."""


@dataclass(frozen=True)
class LoginResult:
    user: dict[str, Any] | None
    message: str | None = None  # why not, when user is None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone")


def check_password(password: str) -> str:
    """The password if it is acceptable, else AccountError saying why."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"密码至少 {MIN_PASSWORD} 个字符 / the password needs at least {MIN_PASSWORD} characters"
        )
    if password.strip() != password or "\n" in password:
        raise AccountError("密码首尾不能有空白 / no spaces or line breaks at the ends of a password")
    return password


def _check_role(role: str, district: str | None) -> str | None:
    if role not in ROLES:
        raise AccountError(
            f"角色须为 {', '.join(ROLES)} / role must be one of {', '.join(ROLES)}, not {role!r}"
        )
    district = (district or "").strip() or None
    if role == "district":
        if district is None:
            raise AccountError("镇街经办人须指定镇街 / a district officer needs --district")
        if district not in TOWNS:
            raise AccountError(
                f"“{district}”不是中山市的 23 个镇街之一 / not one of the 23 镇街: {'、'.join(TOWNS)}"
            )
        return district
    if district is not None:
        raise AccountError("只有镇街经办人才指定镇街 / only district officers have a 镇街")
    return None


def add_user(
    db: Database,
    username: str,
    password: str,
    role: str,
    district: str | None = None,
    display_name: str | None = None,
    email: str | None = None,
) -> dict[str, Any]:
    """Create an account; returns it. Refuses a taken or malformed name, an unknown role, a
    district officer without one of the 23 镇街, and a short password."""
    username = (username or "").strip()
    if not USERNAME.fullmatch(username):
        raise AccountError("用户名为 2–32 个字母、数字或 . _ - / usernames are 2-32 letters, digits, . _ -")
    district = _check_role(role, district)
    email = (email or "").strip() or None
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise AccountError(f"邮箱格式不对 / not an email address: {email!r}")
    fields = {
        "username": username, "display_name": (display_name or "").strip() or username, "role": role,
        "district": district, "email": email, "password_hash": hash_password(check_password(password)),
        "active": 1,
    }  # fmt: skip
    try:
        with storage.transaction(db):
            storage.create_user(db, fields)
    except sqlite3.IntegrityError:
        raise AccountError(f"用户 {username} 已存在 / user {username} exists already") from None
    return storage.get_user(db, username)


def existing_user(db: Database, username: str) -> dict[str, Any]:
    user = storage.get_user(db, (username or "").strip())
    if user is None:
        raise AccountError(f"没有用户 {username} / no user {username!r}")
    return user


def set_password(db: Database, username: str, password: str) -> None:
    """A new password; sessions made before it end, the lock-out is lifted."""
    existing_user(db, username)
    with storage.transaction(db):
        storage.update_user(db, username, {"password_hash": hash_password(check_password(password))})


def set_active(db: Database, username: str, active: bool, by: str | None = None) -> None:
    """Disable (its sessions end at their next request) or enable an account. Nobody disables
    themselves, and the last active admin stays."""
    user = existing_user(db, username)
    if not active and by and by == user["username"]:
        raise AccountError("不能停用自己的账户 / you cannot disable your own account")
    if not active and user["role"] == "admin":
        admins = [u for u in storage.list_users(db, active_only=True) if u["role"] == "admin"]
        if len(admins) <= 1:
            raise AccountError("这是最后一个管理员账户，不能停用 / the last active admin cannot be disabled")
    with storage.transaction(db):
        storage.update_user(db, username, {"active": int(active)})


def update_role(db: Database, username: str, role: str, district: str | None = None) -> None:
    user = existing_user(db, username)
    district = _check_role(role, district)
    if user["role"] == "admin" and role != "admin":
        admins = [u for u in storage.list_users(db, active_only=True) if u["role"] == "admin"]
        if len(admins) <= 1:
            raise AccountError("这是最后一个管理员账户 / the last active admin must stay admin")
    with storage.transaction(db):
        storage.update_user(db, username, {"role": role, "district": district})


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def login(
    db: Database, username: str, password: str, max_failed: int = 5, lockout_minutes: int = 15
) -> LoginResult:
    """Check a login. After ``max_failed`` wrong passwords in a row the account is locked for
    ``lockout_minutes`` (a right password does not open it meanwhile). An unknown name costs the
    same hash check as a known one and gets the same answer, so names cannot be probed."""
    wrong = "用户名或密码错误 / wrong user name or password"
    user = storage.get_user(db, (username or "").strip()) if username else None
    if user is None or not user["password_hash"]:
        check_password_hash(_dummy_hash(), password or "")
        return LoginResult(None, wrong)
    now = datetime.now(BEIJING)
    if user["locked_until"] and _parse(user["locked_until"]) > now:
        minutes = max(1, round((_parse(user["locked_until"]) - now).total_seconds() / 60))
        return LoginResult(
            None, f"登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试 / locked: try again later"
        )
    if not check_password_hash(user["password_hash"], password or ""):
        with storage.transaction(db):
            user = storage.get_user_by_id(db, user["id"])  # another login may have counted meanwhile
            failures = (
                0 if user["locked_until"] else user["failed_logins"]
            ) + 1  # a lock that ran out starts anew
            until = None
            if failures >= max_failed:
                until = (now + timedelta(minutes=lockout_minutes)).replace(microsecond=0).isoformat()
            storage.record_login_failure(db, user["id"], failures, until)
        if until:
            return LoginResult(
                None,
                f"连续 {failures} 次密码错误，账户锁定 {lockout_minutes} 分钟 / locked for {lockout_minutes} min",
            )
        return LoginResult(None, wrong)
    if not user["active"]:
        return LoginResult(None, "账户已停用，请联系管理员 / this account is disabled")
    with storage.transaction(db):
        storage.record_login_success(db, user["id"])
    return LoginResult(storage.get_user(db, user["username"]))
