"""lms.live.rules: service windows, form bounds, term limits, presence and counted minutes (no app)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lms.live import rules

TZ = ZoneInfo("Asia/Shanghai")
TERM = [(date(2026, 9, 1), date(2027, 1, 15))]
MONDAY = date(2026, 11, 23)
SATURDAY = date(2026, 11, 28)


def at(day, h, m=0, s=0):
    return datetime(day.year, day.month, day.day, h, m, s, tzinfo=TZ)


def stretch(a, b):
    return [[a.timestamp(), b.timestamp()]]


# --- windows -----------------------------------------------------------------

def test_a_weekday_opens_in_the_evening_a_weekend_all_day():
    assert rules.day_window(MONDAY, {}, TZ) == (at(MONDAY, 18), at(MONDAY, 22))
    assert rules.day_window(SATURDAY, {}, TZ) == (at(SATURDAY, 8), at(SATURDAY, 22))


def test_the_calendar_marks_holidays_and_worked_weekend_days():
    calendar = {MONDAY: rules.HOLIDAY, SATURDAY: rules.WORKDAY}
    assert rules.day_window(MONDAY, calendar, TZ) == (at(MONDAY, 8), at(MONDAY, 22))
    assert rules.day_window(SATURDAY, calendar, TZ) == (at(SATURDAY, 18), at(SATURDAY, 22))


def test_windows_are_cut_to_the_span_and_to_term_days():
    got = rules.service_windows(at(MONDAY, 20), at(MONDAY + timedelta(days=1), 19), {}, TZ)
    assert got == [(at(MONDAY, 20), at(MONDAY, 22)), (at(MONDAY + timedelta(days=1), 18),
                                                      at(MONDAY + timedelta(days=1), 19))]
    summer = date(2026, 7, 20)
    assert rules.service_windows(at(summer, 0), at(summer, 23), {}, TZ, TERM) == []


def test_a_span_given_in_utc_finds_the_local_day():
    start = at(MONDAY, 18).astimezone(ZoneInfo("UTC"))
    assert rules.service_windows(start, start + timedelta(hours=1), {}, TZ) == [(at(MONDAY, 18), at(MONDAY, 19))]


# --- scheduling --------------------------------------------------------------

def check(form, start, minutes, **kw):
    kw.setdefault("calendar", {})
    kw.setdefault("terms", TERM)
    return rules.check_schedule(form, start, start + timedelta(minutes=minutes), tz=TZ, **kw)


@pytest.mark.parametrize("form, minutes, ok", [
    ("lecture", 59, False), ("lecture", 60, True), ("lecture", 90, True), ("lecture", 91, False),
    ("one_to_one", 9, False), ("one_to_one", 10, True), ("one_to_one", 60, True), ("one_to_one", 61, False),
    ("review", 44, False), ("review", 45, True), ("review", 240, True),
])
def test_form_bounds(form, minutes, ok):
    refusal = check(form, at(MONDAY, 18), minutes)
    assert (refusal is None) == ok, refusal
    if not ok:
        assert refusal.code == rules.BAD_LENGTH


def test_a_session_lies_inside_the_days_window():
    assert check("lecture", at(MONDAY, 17, 30), 60).code == rules.OUTSIDE_WINDOW
    assert check("lecture", at(MONDAY, 21, 1), 60).code == rules.OUTSIDE_WINDOW
    assert check("lecture", at(MONDAY, 21), 60) is None
    assert check("lecture", at(SATURDAY, 8), 90) is None
    assert check("lecture", at(SATURDAY, 7, 59), 60).code == rules.OUTSIDE_WINDOW
    assert check("lecture", at(MONDAY, 9), 60, calendar={MONDAY: rules.HOLIDAY}) is None


def test_term_time_only():
    assert check("lecture", at(date(2026, 8, 1), 9), 60).code == rules.OUTSIDE_TERM
    assert check("lecture", at(date(2027, 1, 15), 18), 60) is None
    assert check("lecture", at(date(2027, 1, 16), 18), 60).code == rules.OUTSIDE_TERM


def test_two_of_each_form_a_term_and_three_reviewers():
    assert check("one_to_one", at(MONDAY, 18), 30, hosted_in_term=1) is None
    assert check("one_to_one", at(MONDAY, 18), 30, hosted_in_term=2).code == rules.TERM_LIMIT
    assert check("review", at(MONDAY, 18), 60, reviewers=3) is None
    assert check("review", at(MONDAY, 18), 60, reviewers=4).code == rules.TOO_MANY_REVIEWERS


def test_unknown_form_and_naive_times_are_errors():
    with pytest.raises(ValueError):
        check("seminar", at(MONDAY, 18), 60)
    with pytest.raises(ValueError):
        rules.check_schedule("lecture", datetime(2026, 11, 23, 18), datetime(2026, 11, 23, 19),
                             calendar={}, terms=TERM, tz=TZ)


# --- presence ----------------------------------------------------------------

def test_presence_follows_study_times_rules():
    t0 = at(MONDAY, 18)
    first = rules.judge_beat(None, "k1", True, True, t0)
    assert first.stretch is None and first.reason == "first_beat"
    nxt = rules.judge_beat(first.state, "k1", True, True, t0 + timedelta(seconds=15))
    assert nxt.stretch == (t0, t0 + timedelta(seconds=15)) and nxt.reason == "credited"
    gap = rules.judge_beat(nxt.state, "k1", True, True, t0 + timedelta(seconds=300))
    assert gap.reason == "gap_capped" and gap.stretch[1] - gap.stretch[0] == timedelta(seconds=30)
    hidden = rules.judge_beat(gap.state, "k1", False, True, t0 + timedelta(seconds=310))
    assert hidden.stretch is None and hidden.reason == "hidden"
    out = rules.judge_beat(rules.PresenceState("k1", t0, True, False), "k1", True, True, t0 + timedelta(seconds=10))
    assert out.stretch is None and out.reason == "paused"


def test_one_active_page_a_newer_one_supersedes():
    t0 = at(MONDAY, 18)
    state = rules.PresenceState("old", t0, True, True)
    newer = rules.judge_beat(state, "new", True, True, t0 + timedelta(seconds=10))
    assert newer.stretch is None and newer.state.key == "new"
    assert rules.judge_beat(newer.state, "old", True, True, t0 + timedelta(seconds=20), seen_before=True) is None


def test_a_beat_processed_late_never_moves_the_anchor_back():
    t0 = at(MONDAY, 18)
    state = rules.PresenceState("k", t0, True, True)
    late = rules.judge_beat(state, "k", True, True, t0 - timedelta(seconds=5))
    assert late.stretch is None and late.state.at == t0


# --- counting ----------------------------------------------------------------

def test_minutes_are_cut_to_windows_and_bounds():
    start = at(MONDAY, 17, 30)  # a tutor started early; the window opens at 18:00
    got = rules.count_attendance(stretch(start, at(MONDAY, 19, 45)), "lecture", start, start + timedelta(minutes=90),
                                 calendar={}, tz=TZ)
    assert got.present_seconds == 135 * 60
    assert got.counted_minutes == 60  # 18:00-19:00 (the span ends at start + 90)
    assert got.study_hours == 1


def test_counted_by_whole_minutes_and_a_maximum():
    start = at(MONDAY, 18)
    got = rules.count_attendance(stretch(start, start + timedelta(minutes=100)), "lecture", start,
                                 start + timedelta(minutes=90), calendar={}, tz=TZ)
    assert got.counted_minutes == 90 and got.study_hours == 2
    short = rules.count_attendance(stretch(start, start + timedelta(minutes=20, seconds=59)), "one_to_one", start,
                                   start + timedelta(minutes=30), calendar={}, tz=TZ)
    assert short.counted_minutes == 20 and short.study_hours == 0


def test_below_the_minimum_counts_nothing():
    start = at(MONDAY, 18)
    got = rules.count_attendance(stretch(start, start + timedelta(minutes=44, seconds=59)), "review", start,
                                 start + timedelta(minutes=60), calendar={}, tz=TZ)
    assert got.counted_minutes == 0 and got.study_hours == 0
    ok = rules.count_attendance(stretch(start, start + timedelta(minutes=45)), "review", start,
                                start + timedelta(minutes=60), calendar={}, tz=TZ)
    assert ok.counted_minutes == 45 and ok.study_hours == 1


def test_the_window_closing_cuts_a_late_lecture():
    start = at(MONDAY, 21)
    got = rules.count_attendance(stretch(start, at(MONDAY, 22, 30)), "lecture", start, start + timedelta(minutes=60),
                                 calendar={}, tz=TZ)
    assert got.in_bounds_seconds == 3600 and got.counted_minutes == 60


def test_outside_term_counts_nothing():
    day = date(2026, 8, 1)
    start = at(day, 9)
    got = rules.count_attendance(stretch(start, start + timedelta(minutes=70)), "lecture", start,
                                 start + timedelta(minutes=90), calendar={}, tz=TZ, terms=TERM)
    assert got.counted_minutes == 0


def test_stretches_merge():
    t = at(MONDAY, 18)
    stored = rules.add_stretch([], (t, t + timedelta(seconds=15)))
    stored = rules.add_stretch(stored, (t + timedelta(seconds=15), t + timedelta(seconds=30)))
    assert stored == [[t.timestamp(), t.timestamp() + 30]]
    assert rules.study_hours("one_to_one", 0) == 0 and rules.seats_left(2, 5) == 0


# --- feedback ----------------------------------------------------------------

def test_feedback_is_due_within_seven_days():
    ends = at(MONDAY, 19)
    assert rules.feedback_state(ends, None, ends + timedelta(days=7)) == "pending"
    assert rules.feedback_state(ends, None, ends + timedelta(days=7, seconds=1)) == "missing"
    assert rules.feedback_state(ends, ends + timedelta(days=7), ends + timedelta(days=30)) == "on_time"
    assert rules.feedback_state(ends, ends + timedelta(days=8), ends + timedelta(days=30)) == "late"
    assert rules.recorded_hours(2, "on_time") == 2 and rules.recorded_hours(2, "late") == 0


def test_booking_waits_for_the_feedback_owed():
    ends = at(MONDAY, 19)
    attended = [(1, ends, None), (2, ends, ends + timedelta(days=1)), (3, ends + timedelta(days=3), None)]
    assert rules.owed_feedback(attended, ends + timedelta(hours=1)) == [1]
    assert rules.owed_feedback(attended, ends + timedelta(days=4)) == [1, 3]


def test_reflection_counts_characters_not_spaces():
    assert rules.reflection_length("收获 很大\n") == 4
    assert rules.reflection_length("字" * 200) == rules.MIN_REFLECTION_CHARS
