"""Students' tutoring rules, without a database (001 L39-49)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.tutoring import rules

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("minutes, points", [(0, 0), (1, 1), (10, 1), (11, 2), (30, 3), (59, 6), (60, 6), (61, 7)])
def test_time_pays_one_point_per_ten_minutes_started(minutes, points):
    assert rules.time_points(minutes) == points


def test_ratings_map_to_six_to_twelve_points():
    assert [rules.rating_points(r) for r in range(1, 6)] == [6, 7, 9, 10, 12]
    with pytest.raises(ValueError):
        rules.rating_points(0)
    with pytest.raises(ValueError):
        rules.rating_points(6)


def test_an_hour_one_to_one_earns_twelve_to_eighteen():
    assert rules.session_points("one_to_one", 60, [1], 1).total == 12
    assert rules.session_points("one_to_one", 60, [5], 1).total == 18
    assert rules.session_points("one_to_one", 25, [], 1).total == 3  # not rated yet: time only


@pytest.mark.parametrize("students, tenths", [(0, 10), (1, 10), (2, 12), (3, 13), (10, 20), (12, 20)])
def test_group_coefficient(students, tenths):
    assert rules.group_coefficient_tenths(students) == tenths


def test_one_to_many_pays_the_average_times_the_coefficient():
    points = rules.session_points("group", 40, [5, 1, 3], 3)  # time 4, average (12+6+9)/3 = 9, × 1.3
    assert (points.time, points.performance, points.coefficient, points.total) == (4, 9.0, 1.3, 16.9)


def test_points_paid_by_a_student():
    assert rules.points_paid(30, None) == 3
    assert rules.points_paid(30, 4) == 13


def test_offers_are_ten_to_sixty_minutes_and_at_most_ten_students():
    start = NOW + timedelta(hours=8)
    assert rules.check_offer("one_to_one", start, start + timedelta(minutes=30), 1, NOW) is None
    assert rules.check_offer("one_to_one", start, start + timedelta(minutes=9), 1, NOW).code == "bad_length"
    assert rules.check_offer("group", start, start + timedelta(minutes=61), 5, NOW).code == "bad_length"
    assert rules.check_offer("group", start, start + timedelta(minutes=60), 11, NOW).code == "bad_capacity"
    assert rules.check_offer("one_to_one", start, start + timedelta(minutes=30), 2, NOW).code == "bad_capacity"
    assert rules.check_offer("group", NOW - timedelta(minutes=1), NOW + timedelta(minutes=20), 5, NOW).code \
        == "in_the_past"
    assert rules.check_offer("seminar", start, start + timedelta(minutes=30), 1, NOW).code == "unknown_kind"


def test_tutored_minutes_count_only_time_together_within_the_span():
    s = NOW.timestamp()
    tutor = [[s - 600, s + 1800]]
    student_a = [[s + 300, s + 1200]]  # 15 min with the tutor
    student_b = [[s + 900, s + 2400]]  # 15 min with the tutor (to 30), the rest alone
    end = NOW + timedelta(minutes=30)
    assert rules.tutored_minutes(tutor, [student_a], NOW, end) == 15
    assert rules.tutored_minutes(tutor, [student_a, student_b], NOW, end) == 25  # 5..30
    assert rules.tutored_minutes(tutor, [], NOW, end) == 0
    assert rules.tutored_minutes([], [student_a], NOW, end) == 0


# --- service windows and weekly hours (001 L29) ----------------------------------------------------------------

def test_sessions_lie_inside_the_days_service_window():
    from datetime import date
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    monday, saturday = date(2026, 11, 23), date(2026, 11, 28)

    def at(day, h, m=0):
        return datetime(day.year, day.month, day.day, h, m, tzinfo=tz)

    assert rules.check_window(at(monday, 18), at(monday, 19), {}, tz) is None
    assert rules.check_window(at(monday, 21, 30), at(monday, 22), {}, tz) is None
    late = rules.check_window(at(monday, 21, 30), at(monday, 22, 10), {}, tz)
    assert late.code == rules.OUTSIDE_WINDOW and late.detail["closes"] == at(monday, 22)
    assert rules.check_window(at(monday, 17, 50), at(monday, 18, 30), {}, tz).code == rules.OUTSIDE_WINDOW
    assert rules.check_window(at(monday, 9), at(monday, 10), {}, tz).code == rules.OUTSIDE_WINDOW
    assert rules.check_window(at(saturday, 8), at(saturday, 9), {}, tz) is None
    assert rules.check_window(at(saturday, 7, 30), at(saturday, 8, 30), {}, tz).code == rules.OUTSIDE_WINDOW
    # the admins' calendar: a weekday holiday opens at 8, a 调休 Saturday only at 18
    assert rules.check_window(at(monday, 9), at(monday, 10), {monday: "holiday"}, tz) is None
    assert rules.check_window(at(saturday, 9), at(saturday, 10), {saturday: "workday"}, tz).code == rules.OUTSIDE_WINDOW


def test_a_tutors_week_is_bounded_by_ten_hours():
    from datetime import date

    assert rules.week_of(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 30))
    assert rules.week_of(date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 30))
    assert rules.check_weekly(0, 60) is None
    assert rules.check_weekly(540, 60) is None  # exactly 10 hours
    over = rules.check_weekly(570, 60)
    assert over.code == rules.WEEKLY_LIMIT and over.detail == {"max": 600, "used": 570, "left": 30}
    assert rules.check_weekly(700, 10).detail["left"] == 0
    short = rules.week_hours(90)
    assert (short.minimum, short.maximum, short.short_by, short.left) == (120, 600, 30, 510)
    assert rules.week_hours(150).short_by == 0 and rules.week_hours(650).left == 0
