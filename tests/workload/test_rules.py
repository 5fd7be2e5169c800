"""The counting rules of a workload statement (JX13a): the batch's window, the total, the table's order."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lms.workload import rules

TZ = ZoneInfo("Asia/Shanghai")


def test_the_window_runs_from_registration_to_the_end_of_the_last_day():
    opens = datetime(2026, 11, 10, 8, 0, tzinfo=TZ)
    start, end = rules.window(opens, date(2026, 12, 5), TZ)
    assert start == opens and end == datetime(2026, 12, 6, 0, 0, tzinfo=TZ)


def test_the_total_adds_every_measure_once_and_skips_what_is_not_the_roles():
    tutor = {"reviews": 3, "verdicts": 1, "class_briefings": 2, "forum_posts": 5, "qa_answers": 4, "qa_sessions": 1,
             "enrollments": None, "enrollment_changes": None, "area_briefings": None, "announcements": None}
    assert rules.total(tutor) == 16
    assert rules.total({"enrollments": 7, "announcements": 2, "reviews": None}) == 9


def test_sort_rows_by_a_column_with_ties_by_name():
    rows = [{"user_id": 1, "name": "乙", "role": "tutor", "unit": "省", "reviews": 2, "total": 2},
            {"user_id": 2, "name": "甲", "role": "city_admin", "unit": "市", "reviews": None, "total": 5},
            {"user_id": 3, "name": "丙", "role": "tutor", "unit": "省", "reviews": 2, "total": 2}]
    assert [r["user_id"] for r in rules.sort_rows(rows, "reviews", True)] == [3, 1, 2]  # None counts as 0
    assert [r["user_id"] for r in rules.sort_rows(rows, "total", False)] == [3, 1, 2]
    assert [r["user_id"] for r in rules.sort_rows(rows, "nonsense", False)] == [2, 3, 1]  # by total, most first
    assert [r["name"] for r in rules.sort_rows(rows, "name", False)] == sorted(["甲", "乙", "丙"])
