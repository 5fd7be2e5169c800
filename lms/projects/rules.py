"""The batch calendar (J3), registration windows (J7) and the quota deadline (J5).

Pure functions of plain values: the caller passes "now" (from ``lms.core.clock``)
and the time zone; nothing here reads a clock, a request or the database.

Conventions:
- A batch (期/批次) runs over whole local days: it opens at ``starts_on`` 00:00
  local time and ends at the end of its ``ends_on`` day, i.e. ``ends_on + 1``
  00:00 local time. All intervals are half-open ``[start, end)``.
- Every datetime taken or returned is aware; a naive datetime is a ValueError,
  because comparing it with local midnights would silently guess a zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

# J3: nine batches, opening on the 1st or 16th, two a month, Jul 16 .. Nov 16.
JIANGSU_BATCH_STARTS: tuple[tuple[int, int], ...] = (
    (7, 16), (8, 1), (8, 16), (9, 1), (9, 16), (10, 1), (10, 16), (11, 1), (11, 16),
)
BATCH_LENGTH_DAYS = 20  # J3 "每期20天": start + 19 days is the last day
REGISTRATION_LEAD_DAYS = 5  # J7 "开班日前5天内完成当期学员报名"
QUOTA_DEADLINE_MONTH_DAY = (7, 7)  # J5 "7月7日之前提交"

Phase = Literal["upcoming", "running", "ended"]


@dataclass(frozen=True)
class BatchDates:
    """The dates of one batch: its days and its enrollment (报名) window."""

    number: int
    starts_on: date
    ends_on: date
    registration_opens_at: datetime
    registration_closes_at: datetime


class BatchDatesError(ValueError):
    """Invalid batch dates; ``fields`` maps each bad field to a message (API ``fields``)."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = dict(fields)


# --- time helpers -------------------------------------------------------------

def _require_aware(moment: datetime, name: str = "now") -> None:
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def local_midnight(day: date, tz: tzinfo = DEFAULT_TZ) -> datetime:
    """00:00 of ``day`` in ``tz``, aware."""
    return datetime.combine(day, time(0), tzinfo=tz)


def local_date(now: datetime, tz: tzinfo = DEFAULT_TZ) -> date:
    """The calendar date of ``now`` in ``tz`` (what a city admin sees on the wall)."""
    _require_aware(now)
    return now.astimezone(tz).date()


def batch_end_day(starts_on: date) -> date:
    """J3: the last day of a batch opening on ``starts_on`` (start + 19 days)."""
    return starts_on + timedelta(days=BATCH_LENGTH_DAYS - 1)


def batch_opens_at(starts_on: date, tz: tzinfo = DEFAULT_TZ) -> datetime:
    return local_midnight(starts_on, tz)


def batch_closes_at(ends_on: date, tz: tzinfo = DEFAULT_TZ) -> datetime:
    """The end of the ``ends_on`` day: learning on the last day still counts."""
    return local_midnight(ends_on + timedelta(days=1), tz)


def registration_window(starts_on: date, tz: tzinfo = DEFAULT_TZ,
                        lead_days: int = REGISTRATION_LEAD_DAYS) -> tuple[datetime, datetime]:
    """J7: enrollment runs from start - ``lead_days`` 00:00 to start 00:00, local time."""
    if lead_days < 0:
        raise ValueError("lead_days must not be negative")
    closes = local_midnight(starts_on, tz)
    opens = local_midnight(starts_on - timedelta(days=lead_days), tz)
    return opens, closes


# --- the Jiangsu calendar -----------------------------------------------------

def jiangsu_batches(year: int, tz: tzinfo = DEFAULT_TZ) -> list[BatchDates]:
    """J3 + J7: the nine batches of ``year`` with their default enrollment windows."""
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9998:
        raise ValueError(f"year out of range: {year!r}")
    batches = []
    for number, (month, day) in enumerate(JIANGSU_BATCH_STARTS, start=1):
        starts_on = date(year, month, day)
        opens, closes = registration_window(starts_on, tz)
        batches.append(BatchDates(number, starts_on, batch_end_day(starts_on), opens, closes))
    return batches


def default_quota_deadline(year: int) -> date:
    """J5: cities submit seats "before Jul 7", so the deadline date is Jul 7.

    Interpretation (shown to province admins): changes are allowed while the
    local date is earlier than the deadline, i.e. through Jul 6 23:59:59 local
    time; from Jul 7 on only a province admin may change a city's seats
    (``lms.quotas.rules.quota_deadline_passed``).
    """
    month, day = QUOTA_DEADLINE_MONTH_DAY
    return date(year, month, day)


# --- phases -------------------------------------------------------------------

def registration_open(window: BatchDates | tuple[datetime, datetime], now: datetime) -> bool:
    """J7: is ``now`` inside the enrollment window ``[opens, closes)``?"""
    _require_aware(now)
    if isinstance(window, BatchDates):
        opens, closes = window.registration_opens_at, window.registration_closes_at
    else:
        opens, closes = window
    return opens <= now < closes


def batch_phase(starts_on: date, ends_on: date, now: datetime,
                tz: tzinfo = DEFAULT_TZ) -> Phase:
    """"upcoming" before starts_on 00:00, "ended" from ends_on + 1 00:00, else "running"."""
    _require_aware(now)
    if now < batch_opens_at(starts_on, tz):
        return "upcoming"
    if now >= batch_closes_at(ends_on, tz):
        return "ended"
    return "running"


def batch_running(starts_on: date, ends_on: date, now: datetime, tz: tzinfo = DEFAULT_TZ) -> bool:
    """Study time is credited only while the batch runs (API crediting rules)."""
    return batch_phase(starts_on, ends_on, now, tz) == "running"


def batch_ended(ends_on: date, now: datetime, tz: tzinfo = DEFAULT_TZ) -> bool:
    """J9: after this, no replace or cancel; submissions close too."""
    _require_aware(now)
    return now >= batch_closes_at(ends_on, tz)


def grading_closes_at(ends_on: date, days: int, tz: tzinfo = DEFAULT_TZ) -> datetime:
    """When grades freeze: ``days`` whole days after the batch has ended."""
    if days < 0:
        raise ValueError("days must not be negative")
    return local_midnight(ends_on + timedelta(days=1 + days), tz)


# --- custom batches -----------------------------------------------------------

def validate_batch_dates(number: int, starts_on: date, ends_on: date,
                         registration_opens_at: datetime, registration_closes_at: datetime,
                         tz: tzinfo = DEFAULT_TZ) -> dict[str, str]:
    """Field errors for a batch (empty when valid); any dates, so other provinces fit.

    Custom batches may open enrollment after learning starts (some provinces
    enroll late), but enrollment must close no later than the batch ends: an
    enrollment into a finished batch could never be studied, replaced or cancelled.
    """
    errors: dict[str, str] = {}
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        errors["number"] = "must be a whole number of at least 1"
    if not isinstance(starts_on, date) or isinstance(starts_on, datetime):
        errors["starts_on"] = "must be a date"
    if not isinstance(ends_on, date) or isinstance(ends_on, datetime):
        errors["ends_on"] = "must be a date"
    for name, value in (("registration_opens_at", registration_opens_at),
                        ("registration_closes_at", registration_closes_at)):
        if not isinstance(value, datetime):
            errors[name] = "must be a date and time"
        elif value.tzinfo is None or value.utcoffset() is None:
            errors[name] = "must include a time zone offset"
    if "starts_on" not in errors and "ends_on" not in errors and ends_on < starts_on:
        errors["ends_on"] = "must be on or after starts_on"
    if "registration_opens_at" not in errors and "registration_closes_at" not in errors:
        if registration_closes_at <= registration_opens_at:
            errors["registration_closes_at"] = "must be after registration_opens_at"
        elif "ends_on" not in errors and registration_closes_at > batch_closes_at(ends_on, tz):
            errors["registration_closes_at"] = "must not be after the batch ends"
    return errors


def make_batch_dates(number: int, starts_on: date, ends_on: date,
                     registration_opens_at: datetime | None = None,
                     registration_closes_at: datetime | None = None,
                     tz: tzinfo = DEFAULT_TZ) -> BatchDates:
    """A validated custom batch; a missing window end takes its J7 default.

    Raises BatchDatesError (a ValueError with ``fields``) when invalid.
    """
    if isinstance(starts_on, date) and not isinstance(starts_on, datetime):
        default_opens, default_closes = registration_window(starts_on, tz)
        if registration_opens_at is None:
            registration_opens_at = default_opens
        if registration_closes_at is None:
            registration_closes_at = default_closes
    errors = validate_batch_dates(number, starts_on, ends_on, registration_opens_at,
                                  registration_closes_at, tz)  # type: ignore[arg-type]
    if errors:
        raise BatchDatesError(errors)
    assert registration_opens_at is not None and registration_closes_at is not None
    return BatchDates(number, starts_on, ends_on, registration_opens_at, registration_closes_at)


def check_batch_numbers(numbers: list[int]) -> dict[str, str]:
    """A project's batch numbers must not repeat (field errors, empty if fine)."""
    if len(set(numbers)) != len(numbers):
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        return {"number": f"duplicate batch number(s): {', '.join(map(str, dupes))}"}
    return {}


# --- corrections after creation (issue 15) ------------------------------------
#
# "Not once a batch has started, unless stated why": a batch's first day never moves once it has
# started; what decides grades (the last day, the project's rules) may still change after that, but
# only with a reason, which the audit log keeps and the project page shows.

BATCH_STARTED = "batch_started"        # the first day of a started batch cannot move
REASON_REQUIRED = "reason_required"    # a change after the start needs a reason
BATCH_ORDER = "batch_order"            # a batch would overtake or swallow a neighbour
# Project settings that decide who may enroll and how seats are counted (J2, J6): fixed once a batch
# has started, unless a reason is given.
PROJECT_RULE_FIELDS = ("series", "consecutive_year_rule", "minimum_percent")


def batch_started(starts_on: date, now: datetime, tz: tzinfo = DEFAULT_TZ) -> bool:
    _require_aware(now)
    return now >= batch_opens_at(starts_on, tz)


def needs_reason(started: bool, changed: bool, reason: str | None) -> bool:
    """A change after the start is allowed only when someone states why."""
    return started and changed and not (reason or "").strip()


def neighbour_errors(new: BatchDates, previous: BatchDates | None, following: BatchDates | None) -> dict[str, str]:
    """The batches keep their order: a batch may share days with its neighbours (J3's batches do, by four
    days), but it may not begin on or before the day the previous batch begins, nor end on or before the
    day it ends; likewise it must begin and end before the next batch does. So no batch overtakes or
    swallows another, and learners in two neighbouring batches never find them swapped.
    """
    errors: dict[str, str] = {}
    if previous is not None:
        if new.starts_on <= previous.starts_on:
            errors["starts_on"] = f"must be after the first day of batch {previous.number}"
        elif new.ends_on <= previous.ends_on:
            errors["ends_on"] = f"must be after the last day of batch {previous.number}"
    if following is not None:
        if new.starts_on >= following.starts_on:
            errors.setdefault("starts_on", f"must be before the first day of batch {following.number}")
        elif new.ends_on >= following.ends_on:
            errors.setdefault("ends_on", f"must be before the last day of batch {following.number}")
    return errors


def batch_change_refusal(old: BatchDates, new: BatchDates, previous: BatchDates | None,
                         following: BatchDates | None, now: datetime, reason: str | None = None,
                         tz: tzinfo = DEFAULT_TZ) -> tuple[str, dict[str, str]] | None:
    """Why ``old`` may not become ``new`` (a code and field messages), or None.

    Codes: "invalid_input" (the dates themselves, as at creation; a first day or last day moved into
    the past), BATCH_ORDER (see neighbour_errors), BATCH_STARTED (the first day of a started batch),
    REASON_REQUIRED (the last day of a started batch changed without a reason; it decides study time and
    when grades close).
    """
    fields = validate_batch_dates(new.number, new.starts_on, new.ends_on, new.registration_opens_at,
                                  new.registration_closes_at, tz)
    if fields:
        return "invalid_input", fields
    started = batch_started(old.starts_on, now, tz)
    today = local_date(now, tz)
    if started and new.starts_on != old.starts_on:
        return BATCH_STARTED, {"starts_on": "cannot move: the batch has started"}
    if not started and new.starts_on != old.starts_on and new.starts_on < today:
        return "invalid_input", {"starts_on": "must not be in the past"}
    if new.ends_on != old.ends_on and new.ends_on < today:
        return "invalid_input", {"ends_on": "must not be in the past"}
    if order := neighbour_errors(new, previous, following):
        return BATCH_ORDER, order
    if needs_reason(started, new.ends_on != old.ends_on, reason):
        return REASON_REQUIRED, {"reason": "required: the batch has started"}
    return None


def quota_deadline_error(deadline: date | None, first_batch_starts_on: date | None) -> str | None:
    """Cities settle their seats before learning begins: the deadline is at the latest the first batch's first
    day (J5's Jul 7 comes before J3's Jul 16)."""
    if deadline is not None and first_batch_starts_on is not None and deadline > first_batch_starts_on:
        return "must not be after the first batch starts"
    return None


def project_change_refusal(changed: set[str], started: bool, reason: str | None, quota_deadline: date | None,
                           first_batch_starts_on: date | None) -> tuple[str, dict[str, str]] | None:
    """Why the project's settings may not change so (a code and field messages), or None."""
    if "quota_deadline" in changed and (problem := quota_deadline_error(quota_deadline, first_batch_starts_on)):
        return "invalid_input", {"quota_deadline": problem}
    if needs_reason(started, bool(changed & set(PROJECT_RULE_FIELDS)), reason):
        return REASON_REQUIRED, {"reason": "required: a batch has started"}
    return None


# E2: a course's way into the catalogue. A draft goes to review; review sends it back to its owner (a reviewer
# asked for revision) or the province publishes it once the reviewers approve. A published course stays.
COURSE_MOVES = {"draft": ("in_review",), "in_review": ("draft", "published"), "published": ()}
