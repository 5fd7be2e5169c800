"""The outstanding learner's criteria (J14; 004 L166-170) as pure functions of plain facts: met or not, and why."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.grading import rules
from lms.grading.rules import CommendationFacts, CommendationPolicy

START = datetime(2026, 11, 16, tzinfo=timezone(timedelta(hours=8)))
POLICY = CommendationPolicy()


@pytest.fixture(autouse=True)
def _in_english(app):
    """The reasons are read in English here, whatever context an earlier test of the process left behind."""
    from flask_babel import force_locale

    with app.app_context(), force_locale("en"):
        yield


def full(**changes) -> CommendationFacts:
    """A learner meeting every criterion; ``changes`` take one away."""
    facts = dict(total=95, lessons=4, lessons_done=4, study_met=True, finished_at=START + timedelta(days=3),
                 batch_starts_at=START, finish_rank=1, class_size=10, topics=2, replies=4, qa=1, excellent_work=True)
    return CommendationFacts(**{**facts, **changes})


def by_key(assessment):
    return {c.key: c for c in assessment.criteria}


def test_a_learner_meeting_every_criterion_is_a_candidate_and_each_says_why():
    assessment = rules.assess(full())
    assert assessment.candidate and [c.key for c in assessment.criteria] == list(rules.CRITERIA)
    words = by_key(assessment)
    assert "95.00" in words["score"].why and "90" in words["score"].why
    assert "2026-11-19" in words["finished_first"].why and "1 of 10" in words["finished_first"].why
    assert "4" in words["studied_all"].why
    assert "7 counted contributions" in words["active"].why
    assert assessment.as_dict()["candidate"] is True


@pytest.mark.parametrize("total, met", [(90, True), (89.99, False), (100, True), (0, False)])
def test_the_score_reaches_the_outstanding_mark(total, met):
    assert rules.score_criterion(full(total=total), POLICY).met is met


def test_plagiarism_fails_the_score_whatever_it_is():
    criterion = rules.score_criterion(full(total=99, plagiarism=True), POLICY)
    assert not criterion.met and "Plagiarism" in criterion.why


def test_finished_first_is_among_the_first_percent_of_the_class_rounded_up():
    assert POLICY.first_places(10) == 3 and POLICY.first_places(1) == 1 and POLICY.first_places(7) == 3
    assert CommendationPolicy(first_percent=0).first_places(10) == 0
    assert rules.finished_first_criterion(full(finish_rank=3), POLICY).met
    late = rules.finished_first_criterion(full(finish_rank=4), POLICY)
    assert not late.met and "number 4 of 10" in late.why and "first 3" in late.why


def test_not_finished_is_not_first():
    criterion = rules.finished_first_criterion(full(finished_at=None, finish_rank=None), POLICY)
    assert not criterion.met and "not finished" in criterion.why


def test_finishing_early_in_the_batch_counts_when_the_project_says_so():
    late_rank = full(finish_rank=9, finished_at=START + timedelta(days=6, hours=23))
    assert not rules.finished_first_criterion(late_rank, POLICY).met  # early_days 0: off by default
    within = rules.finished_first_criterion(late_rank, CommendationPolicy(early_days=7))
    assert within.met and "within 7 days" in within.why
    assert not rules.finished_first_criterion(full(finish_rank=9, finished_at=START + timedelta(days=7)),
                                              CommendationPolicy(early_days=7)).met


def test_every_lesson_and_the_required_time():
    missing = rules.studied_all_criterion(full(lessons_done=3), POLICY)
    assert not missing.met and "3 of 4" in missing.why
    short = rules.studied_all_criterion(full(study_met=False), POLICY)
    assert not short.met and "required study time" in short.why
    assert rules.studied_all_criterion(full(), POLICY).met


def test_active_means_beyond_what_full_interaction_points_need():
    # The minimum is 1 topic + 3 replies + 1 Q&A = 5; two more are needed by default.
    assert not rules.active_criterion(full(topics=1, replies=3, qa=1), POLICY).met
    assert rules.active_criterion(full(topics=1, replies=5, qa=1), POLICY).met
    assert rules.active_criterion(full(topics=1, replies=3, qa=1), CommendationPolicy(extra_interactions=0)).met
    why = rules.active_criterion(full(topics=1, replies=3, qa=1), POLICY).why
    assert "5 counted contributions" in why and "7 needed" in why


def test_work_marked_excellent():
    assert rules.excellent_work_criterion(full(), POLICY).met
    assert not rules.excellent_work_criterion(full(excellent_work=False), POLICY).met


def test_finish_ranks_share_a_place_at_the_same_moment():
    a, b = START + timedelta(days=1), START + timedelta(days=2)
    assert rules.finish_ranks({1: b, 2: a, 3: a, 4: None, 5: b}) == {1: 3, 2: 1, 3: 1, 4: None, 5: 3}
    assert rules.finish_ranks({}) == {}


def test_a_reason_is_needed_only_for_a_learner_missing_a_criterion():
    assert not rules.recommendation_needs_reason(rules.assess(full()), None)
    missing = rules.assess(full(excellent_work=False))
    assert rules.recommendation_needs_reason(missing, None) and rules.recommendation_needs_reason(missing, "  ")
    assert not rules.recommendation_needs_reason(missing, "线下研修表现突出")
    assert [c.key for c in missing.unmet()] == ["excellent_work"]


@pytest.mark.parametrize("bad", [dict(first_percent=101), dict(first_percent=-1), dict(early_days=-1),
                                 dict(extra_interactions=-2)])
def test_the_policy_refuses_impossible_settings(bad):
    with pytest.raises(ValueError):
        CommendationPolicy(**bad)
