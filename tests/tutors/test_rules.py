"""Tutor applications' pure rules: the three-level review, the profile's checks, the recommendation score."""
from __future__ import annotations

import pytest

from lms.tutors import rules
from lms.tutors.rules import Candidate, Learner, Profile

STAGES = ("小学", "初中")


def good(**kw) -> Profile:
    values = dict(subjects=("数学",), stages=("初中",), topics=("函数",), introduction="二十年初中数学教学经验，区级骨干教师，长期研究函数与几何的单元教学。",
                  achievements="", sample_url="https://v.example.cn/lesson/1")
    values.update(kw)
    return Profile(**values)


def test_approvals_climb_school_district_city_then_approved():
    assert rules.after_decision("school", "approve") == "county"
    assert rules.after_decision("county", "approve") == "city"
    assert rules.after_decision("city", "approve") == "approved"


@pytest.mark.parametrize("status", ["school", "county", "city"])
def test_a_return_at_any_level_goes_back_to_the_applicant(status):
    assert rules.after_decision(status, "return") == "returned"


@pytest.mark.parametrize("status", ["returned", "approved", "superseded"])
def test_nothing_to_decide_outside_the_review(status):
    with pytest.raises(rules.ReviewRefused) as refused:
        rules.after_decision(status, "approve")
    assert refused.value.code == "not_in_review"


def test_the_review_starts_at_the_applicants_own_level():
    assert rules.first_level("school") == "school"
    assert rules.first_level("county") == "county"
    assert rules.first_level("city") == "city"
    assert rules.first_level("province") is None


def test_each_level_has_its_admin():
    assert [rules.reviewer_role(s) for s in ("school", "county", "city", "returned")] == [
        "school_admin", "county_admin", "city_admin", None]


def test_items_split_on_chinese_and_latin_separators():
    assert rules.split_items("函数、几何，统计; 概率\n函数") == ["函数", "几何", "统计", "概率"]
    assert rules.split_items("  ") == []


def test_a_good_profile_has_no_problems():
    assert rules.profile_problems(good(), STAGES) == {}


@pytest.mark.parametrize("change, problem", [
    (dict(subjects=()), ("subjects", "missing")),
    (dict(topics=tuple(str(i) for i in range(11))), ("topics", "too_many")),
    (dict(topics=("x" * 41,)), ("topics", "too_long")),
    (dict(stages=("大学",)), ("stages", "unknown_stage")),
    (dict(introduction="太短了"), ("introduction", "too_short")),
    (dict(introduction="长" * 2001), ("introduction", "too_long")),
    (dict(achievements="长" * 4001), ("achievements", "too_long")),
    (dict(sample_url=""), ("sample_url", "missing")),
    (dict(sample_url="ftp://v.example.cn/a"), ("sample_url", "bad_url")),
    (dict(sample_url="javascript:alert(1)"), ("sample_url", "bad_url")),
    (dict(sample_url="https://"), ("sample_url", "bad_url")),
])
def test_each_problem_is_named(change, problem):
    assert rules.profile_problems(good(**change), STAGES) == dict([problem])


def candidate(tutor_id=1, subjects=("数学",), stages=("初中",), topics=("函数",), upcoming=0):
    return Candidate(tutor_id, subjects, stages, topics, upcoming)


def test_subject_and_stage_make_the_base_score():
    learner = Learner("数学", "初中")
    assert rules.score(candidate(), learner) == 70
    assert rules.score(candidate(subjects=("语文",)), learner) == 30
    assert rules.score(candidate(subjects=("语文",), stages=("小学",)), learner) == 0
    assert rules.score(candidate(), Learner(None, None)) == 0


def test_the_learners_own_ratings_raise_or_lower_a_tutor():
    assert rules.score(candidate(), Learner("数学", "初中", ratings={1: (5, 5)})) == 90
    assert rules.score(candidate(), Learner("数学", "初中", ratings={1: (1,)})) == 50
    assert rules.score(candidate(), Learner("数学", "初中", ratings={1: (4, 3)})) == 75  # mean 3.5: +5


def test_a_booked_unrated_tutor_is_familiar_and_liked_topics_count_up_to_fifteen():
    assert rules.score(candidate(), Learner("数学", "初中", booked=frozenset({1}))) == 75
    liked = frozenset({"函数", "几何", "统计", "概率"})
    assert rules.score(candidate(topics=tuple(liked)), Learner("数学", "初中", liked_topics=liked)) == 85
    assert rules.score(candidate(topics=("函数",)), Learner("数学", "初中", liked_topics=liked)) == 75


def test_a_tutor_with_a_session_to_book_counts_more():
    assert rules.score(candidate(upcoming=2), Learner("数学", "初中")) == 80


def test_recommend_orders_by_score_drops_zero_and_the_learner_itself():
    learner = Learner("数学", "初中", ratings={3: (1, 1)})
    found = rules.recommend([candidate(1, subjects=("语文",)), candidate(2), candidate(3, stages=()),
                             candidate(4, subjects=("物理",), stages=("小学",)), candidate(5, upcoming=1)],
                            learner, exclude=2)
    assert [(c.tutor_id, s) for c, s in found] == [(5, 80), (1, 30), (3, 20)]
    assert len(rules.recommend([candidate(i) for i in range(10)], learner, limit=3)) == 3
