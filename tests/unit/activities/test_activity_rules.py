"""What an activity's attendance is worth, and how it enters the grade (004 L135, L153-156)."""
from __future__ import annotations

from decimal import Decimal

from lms.activities import rules
from lms.grading.rules import GradeInputs, GradingPolicy, compute_grade, what_is_missing


def test_a_mark_stands_in_minutes_for_live_and_yes_no_offline():
    assert rules.mark_error("live_lecture", True, None, 90) == "minutes_required"
    assert rules.mark_error("live_lecture", True, 91, 90) == "minutes_out_of_range"
    assert rules.mark_error("practice", True, 90, 90) is None
    assert rules.mark_error("offline_discussion", True, None, 60) is None
    assert rules.mark_error("webinar", True, 1, 60) == "unknown_kind"


def test_what_qualifies():
    assert rules.qualifies("live_lecture", True, 45) and not rules.qualifies("live_lecture", True, 0)
    assert not rules.qualifies("practice", False, None)
    assert rules.qualifies("guidance", True, None) and not rules.qualifies("offline_discussion", False, 30)


def test_credit_per_hour_and_per_activity_within_the_caps():
    credit = rules.credit([("live_lecture", 2, 180), ("offline_discussion", 2, 0)],
                          rules.CreditRules(minutes_per_hour=60, study_cap_minutes=240, points_per_offline=2,
                                            points_cap=6))
    assert credit.study_seconds == Decimal(180 * 60) and credit.points == Decimal(4)
    assert [(x.kind, x.count, x.study_minutes, x.points) for x in credit.lines] == [
        ("live_lecture", 2, Decimal(180), Decimal(0)), ("offline_discussion", 2, Decimal(0), Decimal(4))]
    capped = rules.credit([("live_lecture", 3, 200), ("practice", 1, 100), ("offline_discussion", 3, 0),
                           ("guidance", 2, 0)], rules.CreditRules(30, 120, 2, 6))
    # 300 attended minutes at 30 per hour = 150 study minutes, capped at 120: the lecture takes 100, practice 20.
    assert [x.study_minutes for x in capped.lines[:2]] == [Decimal(100), Decimal(20)]
    assert capped.study_seconds == Decimal(120 * 60)
    assert [x.points for x in capped.lines[2:]] == [Decimal(6), Decimal(0)] and capped.points == Decimal(6)
    assert rules.credit([], rules.CreditRules()).lines == ()


def test_featured_points_are_capped():
    assert rules.featured_points(1, 2, 4) == 2 and rules.featured_points(5, 2, 4) == 4
    assert rules.featured_points(0, 2, 4) == 0


def test_a_grade_without_activities_or_featured_posts_is_unchanged():
    inputs = GradeInputs(credited_seconds=3000, required_seconds=6000, counted_topics=1, counted_replies=1)
    grade = compute_grade(inputs)
    assert grade.total == Decimal("25") + Decimal("6") + Decimal("2.67")
    assert set(grade.component("study").as_dict()) == {"score", "max", "credited_seconds", "required_seconds"}
    assert set(grade.component("interaction").as_dict()) == {"score", "max", "parts"}


def test_activities_add_study_time_and_interaction_points_and_are_named():
    inputs = GradeInputs(credited_seconds=1800, required_seconds=6000, counted_topics=1,
                         activities=(("live_lecture", 1, 30), ("offline_discussion", 2, 0)), featured_posts=1)
    grade = compute_grade(inputs)
    study = grade.component("study").as_dict()
    assert study["score"] == 30.0 and study["activity_seconds"] == 1800.0  # 30 + 30 of 100 minutes
    assert study["activities"] == [{"kind": "live_lecture", "count": 1, "minutes": 30, "study_minutes": 30.0,
                                    "points": 0.0}]
    interaction = grade.component("interaction").as_dict()
    assert interaction["score"] == 6 + 4 + 2
    assert interaction["activities"][0]["points"] == 4.0 and interaction["featured"] == {"count": 1, "points": 2.0}
    hint = next(h for h in what_is_missing(grade, inputs) if h["component"] == "study")
    assert hint["minutes"] == 40  # the lecture's minutes count toward what is still missing


def test_interaction_never_passes_its_maximum_and_hints_stop_once_full():
    policy = GradingPolicy(offline_activity_points=6, activity_points_cap=12)
    inputs = GradeInputs(counted_topics=1, activities=(("guidance", 2, 0),), featured_posts=3)
    grade = compute_grade(inputs, policy)
    assert grade.component("interaction").score == Decimal(18)
    assert not [h for h in what_is_missing(grade, inputs, policy) if h["component"] == "interaction"]
