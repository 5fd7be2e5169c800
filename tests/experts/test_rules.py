"""E2: when a review round passes, and the scores each reviewer gives."""
from __future__ import annotations

from lms.experts import rules
from lms.projects.rules import COURSE_MOVES


def test_every_assigned_reviewer_must_approve():
    assert rules.review_outcome([]) == rules.UNASSIGNED
    assert rules.review_outcome(["approve"]) == rules.APPROVED
    assert rules.review_outcome(["approve", "approve", "approve"]) == rules.APPROVED
    assert rules.review_outcome(["approve", None]) == rules.PENDING
    assert rules.review_outcome([None, None]) == rules.PENDING
    # a majority is not enough: one request for revision sends the course back at once
    assert rules.review_outcome(["approve", "approve", "revise"]) == rules.REVISE
    assert rules.review_outcome(["revise", None, None]) == rules.REVISE


def test_scores_are_whole_numbers_from_one_to_five():
    good = {"accuracy": 5, "curriculum_fit": 1, "production": 3}
    assert rules.score_problems(good) == {}
    assert set(rules.score_problems({"accuracy": 0, "curriculum_fit": 6, "production": None})) == set(rules.CRITERIA)
    assert set(rules.score_problems({"accuracy": True, "curriculum_fit": 2.5, "production": 3})) == {
        "accuracy", "curriculum_fit"}
    assert set(rules.score_problems({})) == set(rules.CRITERIA)


def test_average_of_the_given_scores():
    assert rules.average_score([]) is None
    assert rules.average_score([{"accuracy": None, "curriculum_fit": None, "production": None}]) is None
    assert rules.average_score([{"accuracy": 5, "curriculum_fit": 4, "production": 3},
                                {"accuracy": 4, "curriculum_fit": 4, "production": None}]) == 4.0


def test_a_course_reaches_the_catalogue_only_through_review():
    assert COURSE_MOVES["draft"] == ("in_review",)
    assert "published" not in COURSE_MOVES["draft"]
    assert set(COURSE_MOVES["in_review"]) == {"draft", "published"}
    assert COURSE_MOVES["published"] == ()
