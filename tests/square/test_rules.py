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
