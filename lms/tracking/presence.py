"""Presence checks (防挂机): at unpredictable moments of credited study the learner reads back a number.

The number is drawn server-side by the maintained ``captcha`` library (warped, rotated characters in
several fonts, noise curves and dots; docs/STUDY_TIME.md "Presence checks" has the measured attacks) and
never appears in the page's text. A learner who cannot see the picture can hear the same number instead:
spoken by espeak-ng in varied, warped voices over babble (``lms.tracking.spoken``, where the program is
installed) or from the province's own digit recordings (``LMS_PRESENCE_VOICES_DIR``, ``captcha``'s
AudioCaptcha). Crediting waits until a check is passed. Answers are rate-limited per learner: a check takes
``MAX_ATTEMPTS`` answers at most, and a failed check (or one that expired after a wrong answer) locks crediting
for ``LOCK_MINUTES`` instead of handing out fresh attempts, so blind guessing gains about nothing: the lock,
not the attempts, sets its pace.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import random
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

from captcha.audio import AudioCaptcha
from captcha.image import DEFAULT_FONTS, ImageCaptcha
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.errors import Conflict, DomainError
from lms.tracking import spoken
from lms.tracking.models import PresenceCheck

MAX_ATTEMPTS = 3
DIGITS = 5  # 100,000 numbers: a blind guess passes once in 100,000
LOCK_MINUTES = 10  # a failed check stops crediting this long, then a new check comes
# Fonts beside the library's own (DroidSansMono): the common free families where the system has them.
EXTRA_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf")

# ``pending_decision``'s answers besides None and an open check.
ISSUE_ANEW = "issue_anew"  # the latest check expired unanswered (or was passed long ago): ask a new one
LOCKED = "locked"  # the latest check failed: nothing counts until its lock ends
ESPEAK = "espeak-ng"  # ``spoken_source``: synthetic voices, no recordings folder


def fonts() -> list[str]:
    return [*DEFAULT_FONTS, *(path for path in EXTRA_FONTS if os.path.exists(path))]


@lru_cache(maxsize=1)
def _image_maker() -> ImageCaptcha:
    return ImageCaptcha(width=230, height=80, fonts=fonts(), font_sizes=(46, 52, 58))


@lru_cache(maxsize=4)
def _audio_maker(voices: str | None = None) -> AudioCaptcha:
    return AudioCaptcha(voicedir=voices)


def voices_dir() -> str | None:
    """The province's own digit recordings (``LMS_PRESENCE_VOICES_DIR``), or None.

    The library's built-in recordings are not used for real checks: one recording per digit, published with
    the library, is read back by a matched filter every time (benchmarks/presence_attacks.py).
    """
    folder = current_app.config.get("PRESENCE_VOICES_DIR")
    return folder if folder and os.path.isdir(folder) else None


def spoken_source() -> str | None:
    """Where the spoken number comes from: the province's recordings folder, ``ESPEAK`` (varied synthetic voices,
    ``lms.tracking.spoken``; on by default where espeak-ng is installed) or None: no spoken checks."""
    folder = voices_dir()
    if folder is not None:
        return folder
    return ESPEAK if current_app.config.get("PRESENCE_SPOKEN", True) and spoken.available() else None


@lru_cache(maxsize=2048)
def render_png(check_id: int, question: str) -> bytes:
    """The check's picture (the library draws with ``secrets``). Kept per check in this process, so reloading
    the picture gives a voting OCR no fresh drawings of the same number (at most one per worker)."""
    return _image_maker().generate(question, format="png").getvalue()


@lru_cache(maxsize=256)
def render_wav(check_id: int, question: str, source: str) -> bytes:
    """The number spoken, for a learner who cannot see the picture: over noise from the province's recordings, or
    in espeak-ng's varied voices. Kept per check in this process, like the picture."""
    if source == ESPEAK:
        return spoken.generate(question)
    return bytes(_audio_maker(source).generate(question))


def _digest(check_salt: str, answer: str) -> str:
    return hashlib.sha256(f"{check_salt}:{answer.strip()}".encode()).hexdigest()


def next_threshold(interval_seconds: float, rng=random) -> float:
    """Seconds of credited study before the next check: anywhere from half to one and a half intervals.

    ``studied_since_check`` starts below zero by the draw, and a check comes when it reaches the interval.
    """
    return interval_seconds - rng.uniform(0.5, 1.5) * interval_seconds


def first_count(policy) -> float:
    """A new learner's starting count: the first check comes after half to one whole interval."""
    interval = (policy.presence_check_minutes or 0) * 60
    return random.random() * interval / 2 if interval else 0.0


def lock_ends(latest) -> datetime | None:
    """When the lock of a failed check ends: failed after its last wrong answer, or expired after a wrong one."""
    if latest is None or not latest.attempts or latest.status == "passed":
        return None
    if latest.status == "failed":
        return (latest.answered_at or latest.expires_at) + timedelta(minutes=LOCK_MINUTES)
    if latest.status in ("open", "expired"):
        return latest.expires_at + timedelta(minutes=LOCK_MINUTES)
    return None


def pending_decision(policy, latest, now: datetime):
    """What crediting waits for, given the learner's latest check: None, the open check, LOCKED or ISSUE_ANEW."""
    if not policy.presence_check_minutes or latest is None or latest.status == "passed":
        return None
    if latest.status == "open" and latest.expires_at > now:
        return latest
    ends = lock_ends(latest)
    if ends is not None and now < ends:
        return LOCKED
    return ISSUE_ANEW


def _issue(session, user, enrollment_id: int, policy, now: datetime) -> PresenceCheck:
    question = "".join(secrets.choice("0123456789") for _i in range(DIGITS))
    check = PresenceCheck(user_id=user.id, enrollment_id=enrollment_id, question=question, answer_digest="",
                          issued_at=now, expires_at=now + timedelta(seconds=policy.presence_answer_seconds),
                          attempts=0, status="open")
    session.add(check)
    session.flush()
    check.answer_digest = _digest(str(check.id), question)
    return check


def pending_check(session, user, enrollment_id: int, policy, state, now: datetime):
    """The check crediting waits for, LOCKED, or None; an expired unanswered check is replaced by a new one."""
    if not policy.presence_check_minutes:
        return None
    latest = session.scalar(select(PresenceCheck).where(PresenceCheck.user_id == user.id)
                            .order_by(PresenceCheck.id.desc()).limit(1))
    decision = pending_decision(policy, latest, now)
    if decision is not ISSUE_ANEW:
        return decision
    if latest.status == "open":
        latest.status = "failed" if latest.attempts else "expired"
    return _issue(session, user, enrollment_id, policy, now)


def maybe_issue(session, user, enrollment_id: int, policy, state, now: datetime) -> PresenceCheck | None:
    """After an unpredictable share of ``presence_check_minutes`` of credited study, ask again."""
    if not policy.presence_check_minutes:
        return None
    interval = policy.presence_check_minutes * 60
    if (state.studied_since_check or 0.0) < interval:
        return None
    state.studied_since_check = next_threshold(interval)
    return _issue(session, user, enrollment_id, policy, now)


def describe(check: PresenceCheck) -> dict:
    return {"id": check.id, "expires_at": check.expires_at.isoformat(),
            "image_url": url_for("tracking_api.challenge_image", check_id=check.id)}


def answer(session, user, check: PresenceCheck, given: str, now: datetime) -> DomainError | None:
    """Judge an answer to the learner's own check; returns the refusal (its changes are kept) or None.

    A wrong one counts, and the last allowed wrong answer fails the check, which locks crediting for
    ``LOCK_MINUTES``: a learner answers at most ``MAX_ATTEMPTS`` times per check and gets no new check before
    the lock ends. The row is locked first, so answers sent in parallel take turns on the same count.
    """
    session.refresh(check, with_for_update=True)
    if check.status == "passed":
        return None
    if check.status == "failed":
        return _locked(check)
    if check.status != "open" or check.expires_at <= now:
        if check.status == "open":
            check.status = "failed" if check.attempts else "expired"
        return Conflict("challenge_expired", _("This check has expired; a new one comes with the next heartbeat."))
    check.answered_at = now
    if hmac.compare_digest(check.answer_digest, _digest(str(check.id), given)):
        check.status = "passed"
        return None
    check.attempts += 1
    if check.attempts >= MAX_ATTEMPTS:
        check.status = "failed"
        return _locked(check)
    return Conflict("wrong_answer", _("That is not the number in the picture."))


def _locked(check: PresenceCheck) -> DomainError:
    return Conflict("presence_locked", _("Too many wrong answers: study time stops counting for %(n)d minutes, "
                                         "then a new check comes.", n=LOCK_MINUTES),
                    extra={"locked_until": lock_ends(check).isoformat()})
