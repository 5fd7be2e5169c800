"""Rules of the org tree, roles, passwords and sign-in lockout (J1, B1), as pure functions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from lms.core.scope import ADMIN_ROLE_LEVEL, LEVELS, ROLES, child_level

# Roles that only make sense for a person who belongs to a school.
SCHOOL_ROLES = {"teacher"}
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")
PASSWORD_MIN_LENGTH = 8


def child_level_error(parent_level: str, level: str) -> str | None:
    """Why a unit of ``level`` cannot sit under a ``parent_level`` unit, or None."""
    if level not in LEVELS:
        return "unknown_level"
    expected = child_level(parent_level)
    if expected is None:
        return "no_children"
    if level != expected:
        return "wrong_level"
    return None


def role_error(role: str, unit_level: str) -> str | None:
    """Why ``role`` cannot be held by a user of a unit at ``unit_level``, or None."""
    if role not in ROLES:
        return "unknown_role"
    if role in ADMIN_ROLE_LEVEL and ADMIN_ROLE_LEVEL[role] != unit_level:
        return "admin_level_mismatch"
    if role in SCHOOL_ROLES and unit_level != "school":
        return "teacher_not_in_school"
    return None


def password_error(password: str) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return "too_short"
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return "needs_letters_and_digits"
    return None


def phone_error(phone: str) -> str | None:
    return None if PHONE_PATTERN.match(phone) else "bad_phone"


def username_error(username: str) -> str | None:
    return None if USERNAME_PATTERN.match(username) else "bad_username"


@dataclass(frozen=True)
class LockoutPolicy:
    threshold: int = 5
    minutes: int = 30


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failed_login(failed_logins: int, now: datetime, policy: LockoutPolicy) -> tuple[int, datetime | None]:
    """The failure count and lock time after one more wrong password in a row."""
    failed = failed_logins + 1
    if failed >= policy.threshold:
        return failed, now + timedelta(minutes=policy.minutes)
    return failed, None
