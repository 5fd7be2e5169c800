"""The square's pure rules: adoption points (001 L48), micro-lesson points (001 L49), certification moves."""
from __future__ import annotations

from datetime import datetime

import pytest

from lms.square import rules


@pytest.mark.parametrize("difficulty, satisfaction, points", [
    (1, 1, 2), (1, 2, 2), (2, 1, 2), (2, 2, 3), (1, 3, 3), (3, 1, 3), (2, 3, 3), (3, 2, 3), (3, 3, 4)])
def test_adoption_points_run_from_two_to_four(difficulty, satisfaction, points):
    assert rules.adoption_points(difficulty, satisfaction) == points


@pytest.mark.parametrize("bad", [(0, 2), (2, 4), (None, 1)])
def test_adoption_points_refuse_unknown_judgements(bad):
    with pytest.raises(ValueError):
        rules.adoption_points(*bad)


@pytest.mark.parametrize("watchers, audience, points", [
    (0, 50, 20), (1, 50, 20), (3, 50, 21), (25, 50, 30), (49, 50, 39), (50, 50, 40), (500, 50, 40), (1, 1, 40)])
def test_participation_points_twenty_to_forty_by_rate(watchers, audience, points):
    assert rules.participation_points(watchers, audience) == points


def test_participation_needs_an_audience():
    with pytest.raises(ValueError):
        rules.participation_points(3, 0)


@pytest.mark.parametrize("ratings, points", [
    ([], 0), ([1], 6), ([5], 10), ([3], 8), ([4, 5], 10), ([3, 4], 9), ([1, 2], 7), ([2, 2, 3], 7), ([5, 5, 1], 9)])
def test_quality_points_six_to_ten_by_mean_rating(ratings, points):
    assert rules.quality_points(ratings) == points


def test_quality_points_refuse_ratings_outside_one_to_five():
    with pytest.raises(ValueError):
        rules.quality_points([0, 3])


def test_lesson_points_add_both_parts():
    p = rules.lesson_points(10, 20, [4, 4])
    assert (p.participation, p.quality, p.total) == (30, 9, 39)


def test_certification_moves():
    assert rules.after_decision("pending", "certify") == "certified"
    assert rules.after_decision("pending", "reject") == "rejected"
    assert rules.after_decision("certified", "settle") == "settled"
    for status, decision, code in [("certified", "certify", "not_pending"), ("rejected", "reject", "not_pending"),
                                   ("pending", "settle", "not_certified"), ("settled", "settle", "not_certified")]:
        with pytest.raises(rules.LessonRefused) as refused:
            rules.after_decision(status, decision)
        assert refused.value.code == code


def test_month_bounds_and_text_bounds():
    assert rules.month_bounds(2026, 12) == (datetime(2026, 12, 1), datetime(2027, 1, 1))
    assert rules.month_bounds(2026, 2) == (datetime(2026, 2, 1), datetime(2026, 3, 1))
    with pytest.raises(ValueError):
        rules.month_bounds(2026, 13)
    assert rules.text_problem("  ab ", (5, 10)) == "too_short"
    assert rules.text_problem("x" * 11, (5, 10)) == "too_long"
    assert rules.text_problem("hello", (5, 10)) is None
    assert rules.suffix_of("A.PNG") == ".png" and rules.suffix_of("noext") == ""


# --- A student's progress through a micro-lesson (001 L42): bounded by the server's clock --------------------------
T0 = datetime(2026, 3, 2, 10, 0, 0)


def _at(seconds: float) -> datetime:
    from datetime import timedelta
    return T0 + timedelta(seconds=seconds)


def test_the_first_report_only_starts_the_clock():
    p = rules.progress_after(rules.Progress(), None, T0, position=50, played=50, length=300)
    assert p.seconds_watched == 0 and p.furthest_seconds == rules.POSITION_SLACK_SECONDS


def test_progress_counts_no_more_seconds_than_wall_time_between_reports():
    start = rules.Progress(seconds_watched=10, furthest_seconds=10)
    honest = rules.progress_after(start, T0, _at(15), position=25, played=15, length=300)
    assert honest.seconds_watched == 25 and honest.furthest_seconds == 25
    claimed = rules.progress_after(start, T0, _at(5), position=25, played=15, length=300)
    assert claimed.seconds_watched == 15  # 15 seconds claimed, 5 passed on the server's clock
    away = rules.progress_after(start, T0, _at(3_600), position=3_610, played=3_600, length=None)
    assert away.seconds_watched == 10 + rules.MAX_REPORT_GAP_SECONDS
    assert rules.progress_after(start, T0, T0, position=11, played=5, length=300).seconds_watched == 10
    assert rules.progress_after(start, T0, _at(-5), position=11, played=5, length=300).seconds_watched == 10


def test_a_seek_to_the_end_is_not_watching_it():
    p = rules.progress_after(rules.Progress(20, 20), T0, _at(10), position=300, played=10, length=300)
    assert p.furthest_seconds == 30 * rules.MAX_PLAYBACK_RATE + rules.POSITION_SLACK_SECONDS
    assert not p.completed
    back = rules.progress_after(p, _at(10), _at(20), position=0, played=10, length=300)
    assert back.furthest_seconds == p.furthest_seconds  # never moves back


def test_completed_at_ninety_percent_and_stays_so():
    p = rules.progress_after(rules.Progress(260, 260), T0, _at(15), position=271, played=15, length=300)
    assert p.completed and rules.watched_percent(p.furthest_seconds, 300) == 90
    assert rules.progress_after(p, _at(15), _at(30), position=0, played=0, length=300).completed
    assert rules.watched_percent(400, 300) == 100 and rules.watched_percent(10, None) is None
