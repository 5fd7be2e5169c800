"""The rules of notices without HTTP or database: preferences, reminder keys, who is reminded and when."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from lms.notices import rules

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def test_mandatory_kinds_are_always_wanted():
    off = {rules.PLAGIARISM_VERDICT, rules.WORK_GRADED}
    assert rules.wanted(rules.PLAGIARISM_VERDICT, off)
    assert not rules.wanted(rules.WORK_GRADED, off)
    assert rules.wanted(rules.CERTIFICATE_ISSUED, off)
    assert rules.MANDATORY <= set(rules.KINDS) and set(rules.REMINDERS) <= set(rules.KINDS)


def test_preference_problems_name_unknown_and_mandatory_kinds():
    assert rules.preference_problems({rules.WORK_GRADED: False, rules.PLAGIARISM_VERDICT: True}) == {}
    assert rules.preference_problems({rules.PLAGIARISM_VERDICT: False, "spam": True}) == {
        rules.PLAGIARISM_VERDICT: "mandatory", "spam": "unknown"}


def test_reminder_keys_name_their_subject():
    assert rules.key(rules.WINDOW_CLOSING, 7, 42) == "window_closing:7:42"
    assert rules.key(rules.BATCH_ENDING, 3) != rules.key(rules.BATCH_ENDING, 4)


def test_window_closing_within_two_days_with_seats_unused():
    assert rules.window_closing_due(NOW + timedelta(days=2), NOW, 1)
    assert rules.window_closing_due(NOW + timedelta(minutes=1), NOW, 3)
    assert not rules.window_closing_due(NOW + timedelta(days=2, seconds=1), NOW, 3)  # not yet
    assert not rules.window_closing_due(NOW, NOW, 3)  # closed
    assert not rules.window_closing_due(NOW + timedelta(days=1), NOW, 0)  # every seat taken


def test_quota_deadline_today_or_within_two_days_with_seats_left():
    today = date(2026, 11, 23)
    assert rules.quota_deadline_due(date(2026, 11, 25), today, 5)
    assert rules.quota_deadline_due(today, today, 1)
    assert not rules.quota_deadline_due(date(2026, 11, 26), today, 5)
    assert not rules.quota_deadline_due(date(2026, 11, 22), today, 5)  # passed
    assert not rules.quota_deadline_due(date(2026, 11, 24), today, 0)
    assert not rules.quota_deadline_due(None, today, 5)


def test_batch_ending_names_what_is_missing():
    today = date(2026, 12, 2)
    short = rules.LearnerStanding(assignments=2, submitted=1, credited_seconds=59 * 60 + 1, required_minutes=100)
    assert rules.batch_ending_gaps(date(2026, 12, 5), today, short) == [rules.WORK_MISSING, rules.STUDY_SHORT]
    assert rules.minutes_short(short) == 41
    done = rules.LearnerStanding(assignments=2, submitted=2, credited_seconds=100 * 60, required_minutes=100)
    assert rules.batch_ending_gaps(date(2026, 12, 5), today, done) == []
    assert rules.minutes_short(done) == 0
    assert rules.batch_ending_gaps(date(2026, 12, 6), today, short) == []  # four days away
    assert rules.batch_ending_gaps(date(2026, 12, 1), today, short) == []  # ended
    assert rules.batch_ending_gaps(today, today, short)  # its last day
    no_work = rules.LearnerStanding(assignments=0, submitted=0, credited_seconds=0, required_minutes=10)
    assert rules.batch_ending_gaps(today, today, no_work) == [rules.STUDY_SHORT]


def test_survey_closing_is_due_the_last_day_of_an_open_survey_not_answered():
    opens, closes = NOW - timedelta(days=5), NOW + timedelta(hours=20)
    assert rules.survey_closing_due(opens, closes, NOW, answered=False)
    assert not rules.survey_closing_due(opens, closes, NOW, answered=True)
    assert not rules.survey_closing_due(opens, NOW + timedelta(days=1, minutes=1), NOW, answered=False)
    assert rules.survey_closing_due(opens, NOW + timedelta(days=1), NOW, answered=False)
    assert not rules.survey_closing_due(opens, NOW, NOW, answered=False)  # closed
    assert not rules.survey_closing_due(NOW + timedelta(hours=1), closes, NOW, answered=False)  # not open yet
    assert rules.SURVEY_CLOSING in rules.REMINDERS and rules.SURVEY_PUBLISHED not in rules.MANDATORY
