"""Tutors' points and fees as pure rules (lms.live.points, docs/RULES.md L8)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from lms.live import points as p

TUTOR = p.Place(school_id=1, county_id=10)
OTHER = p.Place(school_id=2, county_id=20)
SAME_SCHOOL = p.Place(school_id=1, county_id=10)
SAME_COUNTY = p.Place(school_id=3, county_id=10)


def learner(minutes, rating=None, satisfaction=None, place=OTHER):
    return p.Learner(place, minutes, rating, satisfaction)


def test_same_place_is_the_same_school_or_the_same_county():
    assert p.same_place(TUTOR, SAME_SCHOOL) and p.same_place(TUTOR, SAME_COUNTY)
    assert not p.same_place(TUTOR, OTHER)
    # A unit above the county level (a city's research office) shares no school or county.
    assert not p.same_place(p.Place(None, None), p.Place(None, None))
    assert not p.same_place(p.Place(None, 10), p.Place(None, 11))


def test_hours_are_whole_counted_minutes():
    assert p.hours_of(90) == D("1.5") and p.hours_of(0) == 0 and p.hours_of(-5) == 0


@pytest.mark.parametrize("rating, satisfaction, score", [
    (5, "very_satisfied", D(5)), (1, "very_dissatisfied", D(1)), (4, "neutral", D("3.5")), (3, None, D(3)),
])
def test_a_learners_score_averages_rating_and_satisfaction(rating, satisfaction, score):
    assert p.learner_score(rating, satisfaction) == score


def test_a_rating_outside_one_to_five_is_refused():
    with pytest.raises(ValueError):
        p.learner_score(6, "satisfied")


@pytest.mark.parametrize("score, low_high, expected", [
    (D(1), p.LECTURE_PERFORMANCE, D(11)), (D(5), p.LECTURE_PERFORMANCE, D(15)), (D(3), p.LECTURE_PERFORMANCE, D(13)),
    (D(1), p.ONE_TO_ONE_EVALUATION, D(6)), (D(5), p.ONE_TO_ONE_EVALUATION, D(10)),
    (D("4.5"), p.ONE_TO_ONE_EVALUATION, D("9.5")),
])
def test_scores_map_linearly_onto_the_seed_ranges(score, low_high, expected):
    assert p.scaled(score, low_high) == expected


@pytest.mark.parametrize("completed, per_hour", [(0, 0), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3), (149, 15),
                                                 (150, 15), (151, 15), (1000, 15)])
def test_audience_one_point_an_hour_per_ten_learners_at_most_fifteen(completed, per_hour):
    assert p.audience_per_hour(completed) == per_hour


def test_completed_learners_are_the_summed_minutes_over_the_length():
    assert p.completed_learners([90, 90, 45, 44], 90) == 2  # 269 / 90 = 2.99: whole learners only
    assert p.completed_learners([90, 90, 45, 45], 90) == 3
    assert p.completed_learners([30], 0) == 0


def test_a_ninety_minute_lecture():
    learners = [learner(90, 5, "very_satisfied")] * 12 + [learner(45, 3, "satisfied")] * 2
    got = p.lecture_points(TUTOR, 90, learners)
    assert got.duration == D(45)  # 30 × 1.5
    score = (D(5) * 12 + D("3.5") * 2) / 14
    assert got.score == score
    assert got.performance == ((11 + (score - 1)) * D("1.5")).quantize(D("0.01"))
    assert got.completed_learners == 13 and got.audience == D(3)  # 2 an hour × 1.5
    assert got.total == got.duration + got.performance + got.audience and not got.notes


def test_a_lecture_without_feedback_earns_duration_and_audience_and_waits_for_performance():
    got = p.lecture_points(TUTOR, 60, [learner(60)])
    assert (got.duration, got.performance, got.audience) == (D(30), D(0), D(1))
    assert got.notes == (p.AWAITING_FEEDBACK,)


def test_learners_of_the_tutors_school_or_county_count_for_nothing():
    mixed = [learner(60, 1, "very_dissatisfied", SAME_SCHOOL), learner(60, 1, None, SAME_COUNTY),
             learner(60, 5, "very_satisfied")]
    got = p.lecture_points(TUTOR, 60, mixed)
    assert got.excluded == 2 and got.completed_learners == 1 and got.score == D(5) and got.performance == D(15)
    only_own = p.lecture_points(TUTOR, 60, mixed[:2])
    assert only_own.total == 0 and only_own.notes == (p.SAME_PLACE_ONLY,)


def test_no_counted_minutes_for_the_host_earns_nothing():
    got = p.lecture_points(TUTOR, 0, [learner(60, 5, "very_satisfied")])
    assert got.total == 0 and got.notes == (p.NO_COUNTED_TIME,)


def test_absent_learners_are_neither_counted_nor_excluded():
    got = p.lecture_points(TUTOR, 60, [learner(0, None, None, SAME_SCHOOL), learner(60, 4, "satisfied")])
    assert got.excluded == 0 and got.completed_learners == 1


def test_a_one_to_one_half_hour():
    got = p.one_to_one_points(TUTOR, 30, [learner(30, 5, "satisfied")])
    assert got.duration == D(3) and got.score == D("4.5") and got.performance == D("4.75")  # 9.5 × 0.5
    assert got.total == D("7.75")


def test_a_one_to_one_with_a_teacher_of_the_same_district_earns_nothing():
    got = p.one_to_one_points(TUTOR, 60, [learner(60, 5, "very_satisfied", SAME_COUNTY)])
    assert got.total == 0 and got.excluded == 1 and got.notes == (p.SAME_PLACE_ONLY,)


def test_session_points_dispatches_by_form():
    assert p.session_points("lecture", TUTOR, 60, [learner(60)]).duration == 30
    assert p.session_points("one_to_one", TUTOR, 60, [learner(60)]).duration == 6
    with pytest.raises(ValueError):
        p.session_points("review", TUTOR, 60, [])


def test_a_review_shares_sixty_points_among_its_reviewers():
    reviewers = [p.Reviewer(1, TUTOR, 50), p.Reviewer(2, p.Place(4, 40), 46), p.Reviewer(3, p.Place(5, 50), 30)]
    shares = p.review_points(reviewers, [learner(50, 5, "very_satisfied")], report_recorded=True)
    # Discussion: the two present ≥ 45 minutes share 30; report: all three share 30.
    assert shares[1].discussion == D(15) and shares[2].discussion == D(15) and shares[3].discussion == 0
    assert all(shares[i].report == D(10) for i in (1, 2, 3))
    assert shares[3].notes == (p.NO_DISCUSSION,)
    assert sum(s.total for s in shares.values()) == D(60)


def test_a_review_without_its_report_earns_the_discussion_only():
    shares = p.review_points([p.Reviewer(1, TUTOR, 45)], [learner(45)], report_recorded=False)
    assert shares[1].total == D(30) and shares[1].notes == (p.NO_REPORT,)


def test_a_short_discussion_earns_no_discussion_points():
    shares = p.review_points([p.Reviewer(1, TUTOR, 44)], [learner(44)], report_recorded=True)
    assert shares[1].discussion == 0 and shares[1].report == D(30)


def test_a_reviewer_of_the_reviewed_teachers_school_keeps_no_share():
    reviewers = [p.Reviewer(1, TUTOR, 60), p.Reviewer(2, OTHER, 60)]
    shares = p.review_points(reviewers, [learner(60, place=SAME_SCHOOL)], report_recorded=True)
    assert shares[1].total == 0 and shares[1].notes == (p.SAME_PLACE_ONLY,)
    assert shares[2].discussion == D(15) and shares[2].report == D(15)  # the others' shares do not grow


def test_a_review_nobody_booked_earns_nothing():
    shares = p.review_points([p.Reviewer(1, TUTOR, 60)], [], report_recorded=True)
    assert shares[1].total == 0


@pytest.mark.parametrize("grade, coefficient, amount", [
    ("senior", D("1.4"), D("1400.00")), ("leader", D("1.2"), D("1200.00")), ("other", D("1.0"), D("1000.00")),
    (None, D("1.0"), D("1000.00")),
])
def test_the_fee_is_points_times_ten_yuan_times_the_title_coefficient(grade, coefficient, amount):
    assert p.coefficient(grade) == coefficient and p.fee(D(100), grade) == amount


def test_the_fee_is_to_the_fen():
    assert p.fee(D("7.75"), "senior") == D("108.50") and p.fee(D("0.01"), "leader") == D("0.12")


def test_star_tutors_need_two_sessions_and_a_good_score_and_rank_by_points():
    rows = [p.TutorTerm(1, D(100), 3, D("4.5")), p.TutorTerm(2, D(300), 1, D(5)), p.TutorTerm(3, D(200), 2, D("3.9")),
            p.TutorTerm(4, D(150), 2, D(4)), p.TutorTerm(5, D(150), 2, D("4.8")), p.TutorTerm(6, D(90), 4, None)]
    assert [r.user_id for r in p.star_tutors(rows)] == [5, 4, 1]
    assert [r.user_id for r in p.star_tutors(rows, limit=1)] == [5]


def test_star_learners_need_two_sessions_each_with_timely_feedback():
    rows = [p.LearnerTerm(1, 300, 3, 3), p.LearnerTerm(2, 500, 3, 2), p.LearnerTerm(3, 90, 1, 1),
            p.LearnerTerm(4, 400, 2, 2)]
    assert [r.user_id for r in p.star_learners(rows)] == [4, 1]
