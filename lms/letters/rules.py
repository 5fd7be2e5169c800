"""Appointment letters (聘书, 004 L126 "颁发……聘书"): the pure rules — the letter's code and what it says.

Nothing is stored: a letter's code names the role, the project and the person with an HMAC of the product's
secret, and whoever checks it recomputes from today's data (the classes a tutor serves, an expert's duties), as
the live-research certificates do (lms/certificates/live_terms.py). Taken off every class and duty, a person's
letter is no longer borne out: that is its revocation.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

TUTOR, EXPERT = "tutor", "expert"
ROLES = {TUTOR: "T", EXPERT: "E"}
DIGEST_CHARS = 10
CODE_MAX = 48
# How many names a letter prints before "and N more": a framed page's line holds about this many.
NAMES_SHOWN = 4


def _digest(key: bytes, role: str, project_id: int, user_id: int) -> str:
    message = f"letter:{role}:{project_id}:{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:DIGEST_CHARS].upper()


def code_of(key: bytes, role: str, project_id: int, user_id: int) -> str:
    """``<role letter><project>-<person>-<HMAC>``: only who holds the key makes one."""
    return f"{ROLES[role]}{project_id}-{user_id}-{_digest(key, role, project_id, user_id)}"


def read_code(key: bytes, code: str | None) -> tuple[str, int, int] | None:
    """(role, project id, user id) of a genuine code; None for anything else, however malformed."""
    parts = (code or "").strip()[:CODE_MAX].split("-")
    if len(parts) != 3 or len(parts[0]) < 2 or len(parts[0]) > 12 or len(parts[1]) > 12:
        return None
    head, person, digest = parts
    if not head[1:].isdigit() or not person.isdigit() or not head[1:].isascii() or not person.isascii():
        return None
    role = next((r for r, letter in ROLES.items() if letter == head[0].upper()), None)
    if role is None:
        return None
    project_id, user_id = int(head[1:]), int(person)
    if not hmac.compare_digest(digest.upper().encode(), _digest(key, role, project_id, user_id).encode()):
        return None
    return role, project_id, user_id


@dataclass(frozen=True)
class Duties:
    """What a person does in a project: a tutor's classes; an expert's Q&A classes and reviewed courses."""
    classes: tuple[str, ...] = ()
    reviews: tuple[str, ...] = ()
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def empty(self) -> bool:
        return not self.classes and not self.reviews


def shown(names, limit: int = NAMES_SHOWN) -> tuple[list[str], int]:
    """The first ``limit`` distinct names in order, and how many more there are."""
    unique = list(dict.fromkeys(n for n in names if n))
    return unique[:limit], max(0, len(unique) - limit)


def term(windows) -> tuple[date | None, date | None]:
    """The appointment's term: from the earliest start to the latest end of the batches it serves."""
    windows = [w for w in windows if w[0] is not None]
    if not windows:
        return None, None
    return min(w[0] for w in windows), max(w[1] for w in windows)
