"""Live research and tutoring (名师直播讲堂, 一对一实时研修, 开放式检课) as pure functions (docs/LIVE.md).

Nothing here reads the clock or the database: the service windows, the terms and the holiday calendar are
passed in. Times are aware datetimes; days and clock times are those of the product's time zone (``tz``).

Decisions:
- Service windows: a working day 18:00–22:00; a weekend day or a holiday 08:00–22:00. The admins' calendar
  marks a day ``holiday`` (法定节假日, a weekday off) or ``workday`` (调休: a weekend day worked, so it has
  the working day's window).
- Sessions happen in term time only: the whole session lies on one day of a term, inside that day's window.
- Form bounds (minutes): lecture 60–90, one-to-one 10–60, open lesson review at least 45 (no maximum but
  the window). A session is scheduled within its form's bounds.
- Each tutor hosts at most 2 sessions of each form a term (cancelled ones do not count).
- An open lesson review has at most 3 reviewers: the host and up to 2 co-reviewers.
- Attendance: presence stretches (from the page's heartbeats, judged like study time: one active page, gap
  cap, visible and in-room flags) are cut to the service windows and to the session's span, from its start
  to start + the form's maximum; counted by whole minutes; a total under the form's minimum counts 0 and
  one above its maximum counts the maximum. 45 counted minutes make 1 学时; a review's discussion of 45
  minutes or more makes 1 学时.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from lms.tracking.rules import (FIRST_BEAT, GAP_CAPPED, HIDDEN, NO_ELAPSED_TIME, PAUSED, CREDITED,
                                merge_intervals, session_action)

LECTURE, ONE_TO_ONE, REVIEW = "lecture", "one_to_one", "review"
FORMS = (LECTURE, ONE_TO_ONE, REVIEW)
HOLIDAY, WORKDAY = "holiday", "workday"  # calendar marks
DAY_KINDS = (HOLIDAY, WORKDAY)

PER_TERM_LIMIT = 2
MAX_REVIEWERS = 3
CANCEL_REASON_MAX = 500  # characters of a cancellation's optional reason
MINUTES_PER_STUDY_HOUR = 45
WORKDAY_WINDOW = (time(18, 0), time(22, 0))
REST_DAY_WINDOW = (time(8, 0), time(22, 0))
DEFAULT_GAP_SECONDS = 30.0

# Why a session was cancelled (its people's notice says so).
BY_HOST, BY_ADMIN, HOST_DISQUALIFIED = "host", "admin", "disqualified"

# Why a session cannot be scheduled (the API's 409 codes).
OUTSIDE_TERM = "outside_term"
OUTSIDE_WINDOW = "outside_service_window"
BAD_LENGTH = "bad_length"
TERM_LIMIT = "term_limit_reached"
TOO_MANY_REVIEWERS = "too_many_reviewers"


@dataclass(frozen=True)
class FormRule:
    min_minutes: int
    max_minutes: int | None  # None: no maximum but the service window
    default_capacity: int


FORM_RULES: Mapping[str, FormRule] = {
    LECTURE: FormRule(60, 90, 200),
    ONE_TO_ONE: FormRule(10, 60, 1),
    REVIEW: FormRule(45, None, 1),
}


def _aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def form_rule(form: str) -> FormRule:
    try:
        return FORM_RULES[form]
    except KeyError:
        raise ValueError(f"unknown form: {form!r}") from None


# --- calendar -----------------------------------------------------------------

def is_rest_day(day: date, calendar: Mapping[date, str]) -> bool:
    """A weekend day not marked ``workday``, or any day marked ``holiday``."""
    mark = calendar.get(day)
    if mark == HOLIDAY:
        return True
    if mark == WORKDAY:
        return False
    return day.weekday() >= 5


def day_window(day: date, calendar: Mapping[date, str], tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The day's service window as aware datetimes."""
    opens, closes = REST_DAY_WINDOW if is_rest_day(day, calendar) else WORKDAY_WINDOW
    return datetime.combine(day, opens, tz), datetime.combine(day, closes, tz)


def in_term(day: date, terms: Iterable[tuple[date, date]]) -> bool:
    """``terms``: (first day, last day) pairs, both included."""
    return any(first <= day <= last for first, last in terms)


def service_windows(start: datetime, end: datetime, calendar: Mapping[date, str], tz: ZoneInfo,
                    terms: Iterable[tuple[date, date]] | None = None) -> list[tuple[datetime, datetime]]:
    """The service windows meeting [start, end), clipped to it; with ``terms``, only term days."""
    _aware(start, "start")
    _aware(end, "end")
    terms = None if terms is None else list(terms)
    windows = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    while day <= last:
        if terms is None or in_term(day, terms):
            opens, closes = day_window(day, calendar, tz)
            a, b = max(opens, start), min(closes, end)
            if a < b:
                windows.append((a, b))
        day += timedelta(days=1)
    return windows


# --- scheduling ---------------------------------------------------------------

@dataclass(frozen=True)
class Refusal:
    code: str
    detail: dict


def check_schedule(form: str, starts_at: datetime, ends_at: datetime, *, calendar: Mapping[date, str],
                   terms: Sequence[tuple[date, date]], tz: ZoneInfo, hosted_in_term: int = 0,
                   reviewers: int = 1) -> Refusal | None:
    """Why the session cannot be scheduled, or None. ``hosted_in_term``: the host's sessions of this form
    in the same term already (not cancelled); ``reviewers``: the host plus co-reviewers."""
    _aware(starts_at, "starts_at")
    _aware(ends_at, "ends_at")
    rule = form_rule(form)
    minutes = (ends_at - starts_at).total_seconds() / 60
    if minutes < rule.min_minutes or (rule.max_minutes is not None and minutes > rule.max_minutes):
        return Refusal(BAD_LENGTH, {"minutes": minutes, "min": rule.min_minutes, "max": rule.max_minutes})
    day = starts_at.astimezone(tz).date()
    if not in_term(day, terms):
        return Refusal(OUTSIDE_TERM, {"day": day.isoformat()})
    opens, closes = day_window(day, calendar, tz)
    if not (opens <= starts_at and ends_at <= closes):
        return Refusal(OUTSIDE_WINDOW, {"opens": opens.isoformat(), "closes": closes.isoformat()})
    if form == REVIEW and reviewers > MAX_REVIEWERS:
        return Refusal(TOO_MANY_REVIEWERS, {"max": MAX_REVIEWERS})
    if hosted_in_term >= PER_TERM_LIMIT:
        return Refusal(TERM_LIMIT, {"max": PER_TERM_LIMIT})
    return None


def term_of(day: date, terms: Sequence[tuple[date, date]]) -> tuple[date, date] | None:
    return next(((a, b) for a, b in terms if a <= day <= b), None)


# --- presence -----------------------------------------------------------------

@dataclass(frozen=True)
class PresenceState:
    """The previous beat of a participant's page: the anchor of the next stretch."""
    key: str
    at: datetime
    visible: bool
    in_room: bool


@dataclass(frozen=True)
class PresenceOutcome:
    stretch: tuple[datetime, datetime] | None  # server time to credit, before windows and bounds
    reason: str
    state: PresenceState


def judge_beat(previous: PresenceState | None, key: str, visible: bool, in_room: bool, now: datetime, *,
               seen_before: bool = False, max_gap_seconds: float = DEFAULT_GAP_SECONDS) -> PresenceOutcome | None:
    """Study time's rules for a room page (lms.tracking.rules): one active page per participant (an older
    page's beat answers None: superseded); a stretch counts when the previous and the current beat say
    visible and the previous one said the room was open; at most ``max_gap_seconds``; server time only."""
    _aware(now, "now")
    action = session_action(previous.key if previous else None, key, seen_before)
    if action == "superseded":
        return None
    at = max(now, previous.at) if previous is not None and action == "continue" else now
    state = PresenceState(key, at, visible, in_room)
    if previous is None or action == "start":
        return PresenceOutcome(None, FIRST_BEAT, state)
    elapsed = (now - previous.at).total_seconds()
    if elapsed <= 0:
        return PresenceOutcome(None, NO_ELAPSED_TIME, state)
    if not (previous.visible and visible):
        return PresenceOutcome(None, HIDDEN, state)
    if not previous.in_room:
        return PresenceOutcome(None, PAUSED, state)
    credit = min(elapsed, max_gap_seconds)
    return PresenceOutcome((previous.at, previous.at + timedelta(seconds=credit)),
                           GAP_CAPPED if elapsed > max_gap_seconds else CREDITED, state)


def add_stretch(intervals: Iterable[Sequence[float]], stretch: tuple[datetime, datetime]) -> list[list[float]]:
    """Stored presence: merged [start, end] pairs of POSIX seconds."""
    merged = merge_intervals([*((a, b) for a, b in intervals), (stretch[0].timestamp(), stretch[1].timestamp())])
    return [[a, b] for a, b in merged]


@dataclass(frozen=True)
class Attendance:
    present_seconds: float  # all presence stretches
    in_bounds_seconds: float  # within the service windows and the session's span
    counted_minutes: int  # whole minutes, within the form's bounds (0 below its minimum)
    study_hours: int  # 学时


def count_attendance(intervals: Iterable[Sequence[float]], form: str, starts_at: datetime, ends_at: datetime, *,
                     calendar: Mapping[date, str], tz: ZoneInfo,
                     terms: Sequence[tuple[date, date]] | None = None) -> Attendance:
    """Counted minutes of one participant: presence cut to the service windows (term days only when
    ``terms`` is given) and to [start, start + the form's maximum] (a review: to its scheduled end)."""
    rule = form_rule(form)
    merged = merge_intervals((float(a), float(b)) for a, b in intervals)
    present = sum(b - a for a, b in merged)
    span_end = starts_at + timedelta(minutes=rule.max_minutes) if rule.max_minutes is not None else ends_at
    windows = service_windows(starts_at, max(span_end, starts_at), calendar, tz, terms)
    inside = 0.0
    for opens, closes in windows:
        low, high = opens.timestamp(), closes.timestamp()
        inside += sum(max(0.0, min(b, high) - max(a, low)) for a, b in merged)
    minutes = int(math.floor(inside / 60 + 1e-9))
    if minutes < rule.min_minutes:
        minutes = 0
    elif rule.max_minutes is not None:
        minutes = min(minutes, rule.max_minutes)
    return Attendance(present, inside, minutes, study_hours(form, minutes))


def study_hours(form: str, counted_minutes: int) -> int:
    """45 counted minutes make 1 学时; a review's discussion (≥ 45 minutes) makes 1."""
    if counted_minutes <= 0:
        return 0
    if form == REVIEW:
        return 1 if counted_minutes >= FORM_RULES[REVIEW].min_minutes else 0
    return counted_minutes // MINUTES_PER_STUDY_HOUR


REVIEW_DISCUSSION_HOURS = REVIEW_REPORT_HOURS = 1


def review_hours(discussion_minutes: int, reported: bool) -> tuple[int, int]:
    """An open lesson review's 学时 for each of its participants, reviewers and reviewed alike (000 L33: 开放式检课
    无时长记录，一次活动双方均记录2学时，其中检课报告记1学时、互动研讨计1学时; L30: a discussion under 45 minutes
    does not count): (the discussion's 1 with 45 counted minutes or more, the report's 1 once recorded)."""
    discussion = REVIEW_DISCUSSION_HOURS if discussion_minutes >= FORM_RULES[REVIEW].min_minutes else 0
    return discussion, REVIEW_REPORT_HOURS if reported else 0


def session_hours(form: str, counted_minutes: int, reported: bool = False) -> int:
    """A participant's 学时 of one session: 45 counted minutes each; a review's discussion and report 1 each
    (a learner's then recorded only with its feedback in time: ``recorded_hours``)."""
    if form != REVIEW:
        return study_hours(form, counted_minutes)
    return sum(review_hours(counted_minutes, reported))


def seats_left(capacity: int, booked: int) -> int:
    return max(0, capacity - booked)


# --- feedback -------------------------------------------------------------------

FEEDBACK_DAYS = 7
MIN_REFLECTION_CHARS = 200
SATISFACTION = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
FEEDBACK_ON_TIME, FEEDBACK_LATE, FEEDBACK_PENDING, FEEDBACK_MISSING = "on_time", "late", "pending", "missing"


def reflection_length(text: str) -> int:
    """Characters that are not white space: what "不少于200字" counts."""
    return sum(1 for c in text if not c.isspace())


def feedback_closes(ends_at: datetime) -> datetime:
    return ends_at + timedelta(days=FEEDBACK_DAYS)


def feedback_state(ends_at: datetime, given_at: datetime | None, now: datetime) -> str:
    """on_time / late (given after the 7 days) / pending (not given, still in time) / missing (not given, too late)."""
    closes = feedback_closes(ends_at)
    if given_at is not None:
        return FEEDBACK_ON_TIME if given_at <= closes else FEEDBACK_LATE
    return FEEDBACK_PENDING if now <= closes else FEEDBACK_MISSING


def owed_feedback(attended: Iterable[tuple[int, datetime, datetime | None]], now: datetime) -> list[int]:
    """The sessions (id, ends_at, feedback given at) a learner took part in, that ended, and whose feedback is not
    given: booking again waits for them. A late feedback still unblocks booking; its 学时 stay 0."""
    return [sid for sid, ends_at, given_at in attended if ends_at <= now and given_at is None]


def recorded_hours(study_hours_: int, state: str) -> int:
    """学时 are recorded only with feedback given in time."""
    return study_hours_ if state == FEEDBACK_ON_TIME else 0
