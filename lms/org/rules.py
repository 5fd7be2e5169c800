"""Rules of the org tree, roles, passwords and sign-in lockout (J1, B1), as pure functions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from lms.core.scope import ADMIN_ROLE_LEVEL, LEVELS, ROLES, child_level

# Roles that only make sense for a person who belongs to a school.
SCHOOL_ROLES = {"teacher", "student"}
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")
# One @, a dot in the domain, no spaces: enough to catch typing slips; the mailbox itself is not checked.
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
PASSWORD_MIN_LENGTH = 8
# A tutor's title grade, for the fee's coefficient (lms.live.points): 正高级/特级教师 (senior), 市级学科带头人/骨干教师
# (leader), every other teacher (other).
TITLE_GRADES = ("senior", "leader", "other")


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


# A password made of one of the most common ones and a tail of digits or signs ("password1", "admin2026").
COMMON_BASE_RANK = 1000
MIN_DISTINCT_CHARACTERS = 4


@lru_cache(maxsize=1)
def _common_passwords() -> tuple[frozenset[str], frozenset[str]]:
    """zxcvbn's list of the 30,000 most used passwords (all of them, and the most common bases)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    ranked = FREQUENCY_LISTS["passwords"]
    return frozenset(ranked), frozenset(ranked[:COMMON_BASE_RANK])


def is_common_password(password: str) -> bool:
    lowered = password.lower()
    common, bases = _common_passwords()
    base = re.sub(r"[\d\W_]+$", "", lowered)
    return lowered in common or (len(base) >= 3 and base in bases)


def password_error(password: str, username: str | None = None) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return "too_short"
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return "needs_letters_and_digits"
    if username and len(username) >= 3 and username.lower() in password.lower():
        return "contains_username"
    if len(set(password.lower())) < MIN_DISTINCT_CHARACTERS:
        return "too_simple"
    if is_common_password(password):
        return "too_common"
    return None


def phone_error(phone: str) -> str | None:
    return None if PHONE_PATTERN.match(phone) else "bad_phone"


def email_error(email: str) -> str | None:
    return None if len(email) <= 254 and EMAIL_PATTERN.match(email) else "bad_email"


def move_roles_error(roles: list[str], target_level: str) -> str | None:
    """Why a holder of ``roles`` cannot move to a unit at ``target_level`` (its roles move along), or None."""
    for role in roles:
        if problem := role_error(role, target_level):
            return problem
    return None


def username_error(username: str) -> str | None:
    return None if USERNAME_PATTERN.match(username) else "bad_username"


@dataclass(frozen=True)
class SignInPolicy:
    """How failed sign-ins slow down guessing without letting anyone shut an account out (docs/SECURITY.md).

    - per account+address: ``free_failures`` wrong passwords, then a wait that doubles with each further
      failure (1, 2, 4 … minutes, at most ``max_delay_minutes``);
    - per address: at most ``address_failures`` failures per window (a school's NAT: only failures count);
    - per account, from all addresses together: at most ``account_failures`` per window.
    """
    free_failures: int = 5
    max_delay_minutes: int = 30
    window_minutes: int = 15
    address_failures: int = 300
    account_failures: int = 100


def is_locked(blocked_until: datetime | None, now: datetime) -> bool:
    return blocked_until is not None and blocked_until > now


def pair_delay(failures: int, policy: SignInPolicy) -> timedelta | None:
    """The wait after ``failures`` wrong passwords in a row for one account from one address."""
    if failures < policy.free_failures:
        return None
    doublings = min(failures - policy.free_failures, 16)
    return timedelta(minutes=min(2 ** doublings, policy.max_delay_minutes))


def window_block(failures: int, budget: int, window_started: datetime, window: timedelta) -> datetime | None:
    """When a per-window budget is spent, the end of that window; else None."""
    return window_started + window if failures >= budget else None
