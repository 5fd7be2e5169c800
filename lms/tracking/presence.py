"""Presence checks (防挂机): at random intervals of study the learner types the digits of an image.

The answer is drawn server-side into a PNG and never appears in the page's text, so the
auto-clickers that read a pop-up's answer from the DOM have nothing to read; a check
expires, and crediting waits until one is passed.
"""
from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import struct
import zlib
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.errors import Conflict, Forbidden, NotFound
from lms.tracking.models import PresenceCheck

MAX_ATTEMPTS = 3
DIGITS = 4

# 5×7 bitmaps of the digits, one string per row.
FONT = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
}


def _digest(check_salt: str, answer: str) -> str:
    return hashlib.sha256(f"{check_salt}:{answer.strip()}".encode()).hexdigest()


def _issue(session, user, enrollment_id: int, policy, now: datetime) -> PresenceCheck:
    question = "".join(secrets.choice("0123456789") for _i in range(DIGITS))
    check = PresenceCheck(user_id=user.id, enrollment_id=enrollment_id, question=question, answer_digest="",
                          issued_at=now, expires_at=now + timedelta(seconds=policy.presence_answer_seconds),
                          attempts=0, status="open")
    session.add(check)
    session.flush()
    check.answer_digest = _digest(str(check.id), question)
    return check


# ``pending_decision``'s answer when the latest check expired or failed: a new one must be issued.
ISSUE_ANEW = "issue_anew"


def pending_decision(policy, latest, now: datetime):
    """The check crediting waits for (None, the open check) or ISSUE_ANEW, given the learner's latest check."""
    if not policy.presence_check_minutes or latest is None or latest.status == "passed":
        return None
    if latest.status == "open" and latest.expires_at > now:
        return latest
    return ISSUE_ANEW


def pending_check(session, user, enrollment_id: int, policy, state, now: datetime) -> PresenceCheck | None:
    """The check crediting waits for, if any; an expired or failed one is replaced by a new one."""
    if not policy.presence_check_minutes:
        return None
    latest = session.scalar(select(PresenceCheck).where(PresenceCheck.user_id == user.id)
                            .order_by(PresenceCheck.id.desc()).limit(1))
    decision = pending_decision(policy, latest, now)
    if decision is not ISSUE_ANEW:
        return decision
    if latest.status == "open":
        latest.status = "expired"
    return _issue(session, user, enrollment_id, policy, now)


def maybe_issue(session, user, enrollment_id: int, policy, state, now: datetime) -> PresenceCheck | None:
    """After about ``presence_check_minutes`` of credited study, ask again (at a random moment)."""
    if not policy.presence_check_minutes:
        return None
    interval = policy.presence_check_minutes * 60
    if (state.studied_since_check or 0.0) < interval:
        return None
    # Start the next count below zero by a random share, so checks come at unpredictable times.
    state.studied_since_check = -random.uniform(0, interval / 2)
    return _issue(session, user, enrollment_id, policy, now)


def describe(check: PresenceCheck) -> dict:
    return {"id": check.id, "expires_at": check.expires_at.isoformat(),
            "image_url": url_for("tracking_api.challenge_image", check_id=check.id)}


def own_check(session, user, check_id: int) -> PresenceCheck:
    check = session.get(PresenceCheck, check_id)
    if check is None:
        raise NotFound(_("No such presence check."))
    if check.user_id != user.id:
        raise Forbidden(_("This presence check is someone else's."))
    return check


def answer(session, user, check_id: int, given: str, now: datetime) -> PresenceCheck:
    check = own_check(session, user, check_id)
    if check.status == "passed":
        return check
    if check.status != "open" or check.expires_at <= now:
        if check.status == "open":
            check.status = "expired"
        raise Conflict("challenge_expired", _("This check has expired; a new one comes with the next heartbeat."))
    if hmac.compare_digest(check.answer_digest, _digest(str(check.id), given)):
        check.status, check.answered_at = "passed", now
        return check
    check.attempts += 1
    if check.attempts >= MAX_ATTEMPTS:
        check.status = "failed"
    raise Conflict("wrong_answer", _("That is not the number in the picture."))


def render_png(question: str, seed: int) -> bytes:
    """The digits, scaled and jittered on a noisy background, as a PNG (no imaging library needed)."""
    rng = random.Random(seed)
    scale, width, height = 6, 40 + 36 * len(question), 64
    pixels = [[(rng.randint(215, 255),) * 3 for _x in range(width)] for _y in range(height)]
    for index, digit in enumerate(question):
        left, top = 20 + index * 36 + rng.randint(-3, 3), 10 + rng.randint(-4, 4)
        ink = (rng.randint(0, 90), rng.randint(0, 90), rng.randint(60, 140))
        for row, bits in enumerate(FONT[digit]):
            for col, bit in enumerate(bits):
                if bit == "1":
                    for dy in range(scale):
                        for dx in range(scale - 1):
                            y, x = top + row * scale + dy, left + col * scale + dx
                            if 0 <= y < height and 0 <= x < width:
                                pixels[y][x] = ink
    for _i in range(width * height // 12):  # speckles that break naive thresholding
        pixels[rng.randrange(height)][rng.randrange(width)] = (rng.randint(60, 200),) * 3
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
