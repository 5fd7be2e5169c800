"""J12, J13, J14: the grade breakdown, pass and outstanding marks, plagiarism, hints."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from lms.grading.rules import (
    COMPONENTS, GradeInputs, GradingPolicy, compute_grade, points_needed, what_is_missing,
)

FULL = GradeInputs(credited_seconds=3600, required_seconds=3600, objective_percent=100,
                   subjective_score=100, excellent_work=True, counted_topics=1,
                   counted_replies=3, qa_participations=1)


def score(inputs: GradeInputs, name: str) -> Decimal:
    return compute_grade(inputs).component(name).score


# --- policy ---------------------------------------------------------------------

def test_j13_default_policy_weights():
    p = GradingPolicy()
    assert [p.maximum(c) for c in COMPONENTS] == [50, 10, 20, 2, 18]
    assert (p.pass_mark, p.outstanding_mark) == (80, 90)
    assert [p.part_maximum(x) for x in ("topics", "replies", "qa")] == [6, 8, 4]
    assert (p.topics_target, p.replies_target, p.qa_target) == (1, 3, 1)


def test_j13_policy_maxima_must_add_up_to_100():
    with pytest.raises(ValueError):
        GradingPolicy(study_points=60)
    GradingPolicy(study_points=60, objective_points=0)  # a province may move weights


def test_j13_policy_interaction_parts_must_add_up():
    with pytest.raises(ValueError):
        GradingPolicy(topic_points=10)
    GradingPolicy(topic_points=10, reply_points=4, qa_points=4)


def test_j14_policy_marks_are_ordered_and_non_negative():
    with pytest.raises(ValueError):
        GradingPolicy(pass_mark=95)
    with pytest.raises(ValueError):
        GradingPolicy(replies_target=-1)


# --- components ---------------------------------------------------------------------

def test_j13_full_marks_everywhere():
    g = compute_grade(FULL)
    assert g.total == 100 and g.passed and g.excellent and not g.plagiarism
    assert [c.score for c in g.components] == [50, 10, 20, 2, 18]


def test_j13_missing_inputs_score_zero():
    g = compute_grade(GradeInputs(required_seconds=3600))
    assert g.total == 0 and not g.passed and not g.excellent
    assert all(c.score == 0 for c in g.components)


def test_j13_study_is_proportional_and_capped_at_50():
    assert score(GradeInputs(credited_seconds=1800, required_seconds=3600), "study") == 25
    assert score(GradeInputs(credited_seconds=7200, required_seconds=3600), "study") == 50
    assert score(GradeInputs(credited_seconds=1, required_seconds=3600), "study") == Decimal("0.01")
    assert score(GradeInputs(credited_seconds=1200, required_seconds=3600), "study") == Decimal("16.67")


def test_j13_study_required_zero_is_met():
    assert score(GradeInputs(credited_seconds=0, required_seconds=0), "study") == 50


def test_j13_study_component_reports_seconds():
    c = compute_grade(GradeInputs(credited_seconds=1234.5, required_seconds=3600)).component("study")
    assert c.as_dict() == {"score": 17.15, "max": 50.0, "credited_seconds": 1234.5, "required_seconds": 3600.0}


@pytest.mark.parametrize("percent, expected", [(0, "0"), (55, "5.5"), (100, "10"), (120, "10"),
                                               (-5, "0"), (33.333, "3.33"), (33.35, "3.34"),
                                               (0.15, "0.02")])
def test_j13_objective_is_a_tenth_of_the_percent(percent, expected):
    # 0.15 is stored as 0.1499999...; the grade uses the number as written, so 0.015 → 0.02.
    assert score(GradeInputs(objective_percent=percent), "objective") == Decimal(expected)


@pytest.mark.parametrize("value, expected", [(0, "0"), (75, "15"), (100, "20"), (150, "20"),
                                             (-1, "0"), (87.5, "17.5"), (0.025, "0.01")])
def test_j13_subjective_is_a_fifth_of_the_score(value, expected):
    assert score(GradeInputs(subjective_score=value), "subjective") == Decimal(expected)


def test_j13_excellent_work_is_all_or_nothing():
    assert score(GradeInputs(excellent_work=True), "excellent_work") == 2
    assert score(GradeInputs(excellent_work=False), "excellent_work") == 0


@pytest.mark.parametrize("topics, replies, qa, expected", [
    (0, 0, 0, "0"), (1, 0, 0, "6"), (5, 0, 0, "6"), (0, 1, 0, "2.67"), (0, 2, 0, "5.33"),
    (0, 3, 0, "8"), (0, 30, 0, "8"), (0, 0, 1, "4"), (0, 0, 9, "4"), (1, 3, 1, "18"), (1, 1, 1, "12.67"),
])
def test_j13_interaction_split(topics, replies, qa, expected):
    inputs = GradeInputs(counted_topics=topics, counted_replies=replies, qa_participations=qa)
    assert score(inputs, "interaction") == Decimal(expected)


def test_j13_interaction_parts_in_the_api_shape():
    d = compute_grade(GradeInputs(counted_replies=2)).as_dict()["components"]["interaction"]
    assert d["score"] == 5.33 and d["max"] == 18.0
    assert d["parts"]["replies"] == {"score": 5.33, "max": 8.0, "count": 2, "target": 3}


def test_j13_interaction_target_zero_is_met():
    policy = GradingPolicy(qa_target=0)
    assert compute_grade(GradeInputs(), policy).component("interaction").score == 4


# --- total, rounding, pass -------------------------------------------------------------

def test_j14_exactly_80_passes():
    g = compute_grade(GradeInputs(credited_seconds=3600, required_seconds=3600,
                                  objective_percent=100, subjective_score=100))
    assert g.total == Decimal("80.00") and g.passed and not g.excellent


def test_j14_79_99_fails():
    # 50 × 3599.2 / 3600 = 49.9889 → 49.99: one hundredth short of the pass mark.
    g = compute_grade(GradeInputs(credited_seconds=3599.2, required_seconds=3600,
                                  objective_percent=100, subjective_score=100))
    assert g.component("study").score == Decimal("49.99")
    assert g.total == Decimal("79.99") and not g.passed


def test_j13_half_up_rounding_on_the_boundary():
    # 50 × 3599.64 / 3600 = 49.995 exactly → 50.00 (half up), so the learner passes at 80.
    g = compute_grade(GradeInputs(credited_seconds=3599.64, required_seconds=3600,
                                  objective_percent=100, subjective_score=100))
    assert g.component("study").score == Decimal("50.00") and g.total == 80 and g.passed


def test_j14_exactly_90_is_excellent():
    g = compute_grade(GradeInputs(credited_seconds=3600, required_seconds=3600,
                                  objective_percent=100, subjective_score=100,
                                  counted_topics=1, qa_participations=1))
    assert g.total == 90 and g.passed and g.excellent


def test_j14_89_99_is_not_excellent():
    g = compute_grade(GradeInputs(credited_seconds=3599.2, required_seconds=3600,
                                  objective_percent=100, subjective_score=100,
                                  counted_topics=1, qa_participations=1))
    assert g.total == Decimal("89.99") and g.passed and not g.excellent


def test_j13_total_is_the_sum_of_the_shown_components():
    g = compute_grade(GradeInputs(credited_seconds=1000, required_seconds=3000, objective_percent=33.333,
                                  subjective_score=66.667, counted_replies=1))
    assert g.total == sum(c.score for c in g.components)
    assert g.total == Decimal("16.67") + Decimal("3.33") + Decimal("13.33") + Decimal("2.67")


def test_j12_plagiarism_overrides_the_score():
    g = compute_grade(GradeInputs(**{**FULL.__dict__, "plagiarism_confirmed": True}))
    assert g.total == 100 and g.plagiarism and not g.passed and not g.excellent


def test_j13_as_dict_matches_the_api_shape():
    d = compute_grade(FULL).as_dict()
    assert set(d) == {"total", "passed", "excellent", "plagiarism", "components"}
    assert set(d["components"]) == set(COMPONENTS)
    assert {k: v["max"] for k, v in d["components"].items()} == {
        "study": 50, "objective": 10, "subjective": 20, "excellent_work": 2, "interaction": 18}
    assert isinstance(d["total"], float)


@pytest.mark.parametrize("field, value, exc", [
    ("credited_seconds", float("nan"), ValueError), ("objective_percent", float("inf"), ValueError),
    ("subjective_score", "90", TypeError), ("counted_topics", True, TypeError),
])
def test_j13_bad_inputs_are_refused(field, value, exc):
    with pytest.raises(exc):
        compute_grade(GradeInputs(**{field: value}))


@given(st.floats(0, 10**6), st.floats(1, 10**6), st.one_of(st.none(), st.floats(-50, 200)),
       st.one_of(st.none(), st.floats(-50, 200)), st.booleans(), st.integers(0, 10),
       st.integers(0, 10), st.integers(0, 10), st.booleans())
def test_j13_components_are_bounded_and_total_consistent(cs, rs, op, ss, ex, t, rp, qa, plag):
    g = compute_grade(GradeInputs(cs, rs, op, ss, ex, t, rp, qa, plag))
    for c in g.components:
        assert 0 <= c.score <= c.max
        assert c.score == c.score.quantize(Decimal("0.01"))
    assert g.total == sum(c.score for c in g.components) and 0 <= g.total <= 100
    assert g.passed == (g.total >= 80 and not plag)
    assert g.excellent == (g.passed and g.total >= 90)


# --- hints ---------------------------------------------------------------------------

def test_j13_study_hint_in_minutes():
    inputs = GradeInputs(credited_seconds=3600 - 42 * 60, required_seconds=3600)
    hints = what_is_missing(compute_grade(inputs), inputs)
    assert {"component": "study", "points": 35.0, "minutes": 42} in hints


def test_j13_study_hint_rounds_minutes_up():
    inputs = GradeInputs(credited_seconds=3500, required_seconds=3600)  # 100 s left
    hint = next(h for h in what_is_missing(compute_grade(inputs), inputs) if h["component"] == "study")
    assert hint["minutes"] == 2


def test_j13_no_hints_at_full_marks():
    assert what_is_missing(compute_grade(FULL), FULL) == []


def test_j13_hints_for_missing_and_partial_work():
    inputs = GradeInputs(credited_seconds=3600, required_seconds=3600, objective_percent=80,
                         counted_replies=1)
    hints = what_is_missing(compute_grade(inputs), inputs)
    assert {"component": "objective", "points": 2.0, "reason": "below_full_marks"} in hints
    assert {"component": "subjective", "points": 20.0, "reason": "missing"} in hints
    assert {"component": "excellent_work", "points": 2.0, "reason": "not_recommended"} in hints
    assert {"component": "interaction", "part": "topics", "points": 6.0, "count": 1} in hints
    assert {"component": "interaction", "part": "replies", "points": 5.33, "count": 2} in hints
    assert {"component": "interaction", "part": "qa", "points": 4.0, "count": 1} in hints
    assert not any(h["component"] == "study" for h in hints)


def test_j12_plagiarism_hint_comes_first():
    inputs = GradeInputs(**{**FULL.__dict__, "plagiarism_confirmed": True})
    hints = what_is_missing(compute_grade(inputs), inputs)
    assert hints[0] == {"component": "plagiarism", "points": 0.0, "reason": "plagiarism_confirmed"}


def test_j14_points_needed():
    g = compute_grade(GradeInputs(credited_seconds=3600, required_seconds=3600, objective_percent=50))
    assert points_needed(g) == {"to_pass": 25.0, "to_excellent": 35.0}
    assert points_needed(compute_grade(FULL)) == {"to_pass": 0.0, "to_excellent": 0.0}
    plag = compute_grade(GradeInputs(**{**FULL.__dict__, "plagiarism_confirmed": True}))
    assert points_needed(plag) == {"to_pass": None, "to_excellent": None}
