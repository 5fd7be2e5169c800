"""Students' tutoring (北京市中学教师开放型在线辅导, seed 001): pure rules, no database, no clock.

- Session lengths: 10–60 minutes (one-to-one, 001 L39); one-to-many at most 10 students (001 L29, L41).
- Points (001 L46–49): actual tutoring time pays 6 points an hour, counted as 1 point for every 10 minutes
  started; each student's rating of the session (1–5 stars) pays 6–12 performance points. One-to-one: time
  + the student's points. One-to-many: (time + the students' average) × the group coefficient (2 students
  1.2, each more +0.1; a single student 1.0).
- The tutor scores the student out of 10 (001 L51).
- Service windows (001 L29): sessions lie inside one day's window — a working day 18:00–22:00, a weekend day
  or a holiday 08:00–22:00 — as lms.live's calendar says (``lms.live.rules.day_window``: the admins' holidays
  and 调休 workdays).
- Weekly online hours (001 L29): a tutor's sessions of a week (Monday–Sunday, not cancelled, on-demand ones
  included) total at most 10 hours; 2 hours is the week's minimum: a week holding a term day and ending short
  is marked on the admins' list and the tutor hears of it.
- School terms (001 L29 "按照校历规定的每个学期内（不含寒暑假）"): sessions only on days of one of lms.live's terms.
- On demand (001 L29, L39): a request is asked and taken only inside the day's window; the session it starts
  ends at the window's close at the latest, and at least 10 minutes must be left.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Mapping
from zoneinfo import ZoneInfo

from lms.live import rules as live_rules

ONE_TO_ONE = "one_to_one"
GROUP = "group"
KINDS = (ONE_TO_ONE, GROUP)
MIN_MINUTES = 10
MAX_MINUTES = 60
MAX_GROUP_SIZE = 10
ON_DEMAND_MINUTES = 60  # an on-demand session's room stays open this long after the tutor accepts
RATING_RANGE = (1, 5)  # the student's stars for the session
SCORE_RANGE = (0, 10)  # the tutor's score of the student
MINUTES_PER_TIME_POINT = 10
MIN_WEEKLY_MINUTES = 2 * 60
MAX_WEEKLY_MINUTES = 10 * 60
OUTSIDE_WINDOW = "outside_service_window"
OUTSIDE_TERM = live_rules.OUTSIDE_TERM
WEEKLY_LIMIT = "weekly_hours_exceeded"


@dataclass(frozen=True)
class Refusal:
    code: str
    detail: dict


def check_offer(kind: str, starts_at: datetime, ends_at: datetime, capacity: int, now: datetime) -> Refusal | None:
    """A slot (one-to-one) or a one-to-many session a tutor offers: in the future, 10–60 minutes, ≤ 10 students."""
    if kind not in KINDS:
        return Refusal("unknown_kind", {})
    if starts_at <= now:
        return Refusal("in_the_past", {})
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return Refusal("bad_length", {"min": MIN_MINUTES, "max": MAX_MINUTES})
    if kind == ONE_TO_ONE and capacity != 1:
        return Refusal("bad_capacity", {"max": 1})
    if not 1 <= capacity <= MAX_GROUP_SIZE:
        return Refusal("bad_capacity", {"max": MAX_GROUP_SIZE})
    return None


def check_window(starts_at: datetime, ends_at: datetime, calendar: Mapping[date, str],
                 tz: ZoneInfo) -> Refusal | None:
    """The whole session lies inside its day's service window (lms.live's windows and holiday calendar)."""
    opens, closes = live_rules.day_window(starts_at.astimezone(tz).date(), calendar, tz)
    if opens <= starts_at and ends_at <= closes:
        return None
    return Refusal(OUTSIDE_WINDOW, {"opens": opens, "closes": closes})


def check_term(day: date, terms: Sequence[tuple[date, date]]) -> Refusal | None:
    """Tutoring runs in term time only (no winter or summer holidays); no term set at all refuses too."""
    if live_rules.in_term(day, terms):
        return None
    return Refusal(OUTSIDE_TERM, {"day": day, "terms": list(terms)})


def on_demand_end(now: datetime, opens: datetime, closes: datetime) -> datetime | None:
    """When an on-demand session taken at ``now`` ends: 60 minutes on, cut at the window's close; None when
    ``now`` is outside the window or less than the shortest session is left in it."""
    if not opens <= now < closes:
        return None
    ends = min(now + timedelta(minutes=ON_DEMAND_MINUTES), closes)
    return ends if ends - now >= timedelta(minutes=MIN_MINUTES) else None


def next_opening(now: datetime, days: Iterable[tuple[date, tuple[datetime, datetime]]]) -> datetime | None:
    """The first window (``days``: each day with its window, in order) still to open or open at ``now``: its
    opening, or ``now`` while one is open."""
    for _day, (opens, closes) in days:
        if now < closes - timedelta(minutes=MIN_MINUTES):
            return max(opens, now)
    return None


def week_of(day: date) -> tuple[date, date]:
    """The week (Monday, the next Monday) holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def check_weekly(minutes_in_week: int, new_minutes: int) -> Refusal | None:
    """A new session may not take the tutor's week beyond 10 hours."""
    if minutes_in_week + new_minutes > MAX_WEEKLY_MINUTES:
        return Refusal(WEEKLY_LIMIT, {"max": MAX_WEEKLY_MINUTES, "used": minutes_in_week,
                                      "left": max(MAX_WEEKLY_MINUTES - minutes_in_week, 0)})
    return None


@dataclass(frozen=True)
class WeekHours:
    minutes: int
    minimum: int
    maximum: int

    @property
    def short_by(self) -> int:
        return max(self.minimum - self.minutes, 0)

    @property
    def left(self) -> int:
        return max(self.maximum - self.minutes, 0)


def is_short(minutes: int, in_term: bool) -> bool:
    """A week short of the 2-hour minimum: only a week holding a term day is held to it."""
    return in_term and minutes < MIN_WEEKLY_MINUTES


def week_hours(minutes: int) -> WeekHours:
    """A tutor's week against the 2-hour minimum and the 10-hour maximum."""
    return WeekHours(minutes, MIN_WEEKLY_MINUTES, MAX_WEEKLY_MINUTES)


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- presence: whole minutes both sides were in the room ------------------------------------------------------

def merge(intervals: Iterable[Sequence[float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted((float(a), float(b)) for a, b in intervals if b > a):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def intersect(xs: Iterable[Sequence[float]], ys: Iterable[Sequence[float]]) -> list[tuple[float, float]]:
    left, right = merge(xs), merge(ys)
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        a, b = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if a < b:
            out.append((a, b))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def tutored_minutes(tutor: Iterable[Sequence[float]], students: Iterable[Iterable[Sequence[float]]],
                    starts_at: datetime, ends_at: datetime) -> int:
    """Actual tutoring time: whole minutes when the tutor and at least one of the students were in the room,
    within the session's span."""
    together = merge(p for student in students for p in intersect(tutor, student))
    span = [(starts_at.timestamp(), ends_at.timestamp())]
    return int(sum(b - a for a, b in intersect(together, span)) // 60)


# --- points ----------------------------------------------------------------------------------------------------

def time_points(minutes: int) -> int:
    """6 an hour: 1 point for every 10 minutes started (0 minutes: nothing)."""
    return math.ceil(max(minutes, 0) / MINUTES_PER_TIME_POINT)


def rating_points(rating: int) -> int:
    """A student's 1–5 stars as the 6–12 performance points it pays: 6, 7, 9, 10, 12."""
    low, high = RATING_RANGE
    if not low <= rating <= high:
        raise ValueError("rating out of range")
    return 6 + (3 * (rating - low)) // 2


def group_coefficient_tenths(students: int) -> int:
    """The one-to-many head-count coefficient in tenths: 2 students 12 (1.2), +1 for each more (10 → 20)."""
    if students < 2:
        return 10
    return 12 + (min(students, MAX_GROUP_SIZE) - 2)


@dataclass(frozen=True)
class SessionPoints:
    time: int
    performance: float
    coefficient: float
    total: float


def session_points(kind: str, minutes: int, ratings: Sequence[int], attended: int) -> SessionPoints:
    """A tutor's points for one session: one-to-one time + the student's rating points; one-to-many
    (time + the average of the students' rating points) × the coefficient of those who attended."""
    time = time_points(minutes)
    paid = [rating_points(r) for r in ratings]
    if kind == ONE_TO_ONE:
        performance = float(sum(paid))
        return SessionPoints(time, performance, 1.0, round(time + performance, 1))
    performance = round(sum(paid) / len(paid), 1) if paid else 0.0
    tenths = group_coefficient_tenths(attended)
    return SessionPoints(time, performance, tenths / 10, round((time + performance) * tenths / 10, 1))


def points_paid(own_minutes: int, rating: int | None) -> int:
    """What one student pays for a session: the time it was tutored and, once it rated, its rating points."""
    return time_points(own_minutes) + (rating_points(rating) if rating is not None else 0)
