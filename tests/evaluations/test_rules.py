"""The project evaluation's pure rules (JX11b): scores, the combined result and its grade, who evaluates from
outside."""
from __future__ import annotations

from lms.evaluations import rules

FULL = {"progress": 80, "measures": 90, "innovation": 70, "performance": 100}


def test_scores_are_whole_numbers_from_0_to_100():
    assert rules.score_problems(FULL) == []
    assert rules.score_problems({**FULL, "progress": 101, "innovation": -1}) == ["progress", "innovation"]
    assert rules.score_problems({**FULL, "measures": None, "performance": True}) == ["measures", "performance"]
    assert rules.score_problems({**FULL, "progress": 7.5}) == ["progress"]


def test_overall_is_the_mean_of_the_four_dimensions():
    assert rules.overall(FULL) == 85.0
    assert rules.overall({**FULL, "measures": None}) is None


def test_combined_weighs_self_30_and_outside_70():
    assert rules.SELF_WEIGHT + rules.OUTSIDE_WEIGHT == 1
    assert rules.outside_score([80.0, None, 90.0]) == 85.0
    assert rules.outside_score([None]) is None
    assert rules.combined(90.0, 80.0) == 83.0
    assert rules.combined(None, 80.0) is None and rules.combined(90.0, None) is None


def test_grades():
    assert [rules.grade(s) for s in (100, 90, 89.9, 75, 60, 59.9, 0, None)] == [
        "excellent", "excellent", "good", "good", "pass", "fail", "fail", None]


PROVINCE = {"province_id": 1}
CITY1 = {"province_id": 1, "city_id": 10}
COUNTY11 = {"province_id": 1, "city_id": 10, "county_id": 100}
CITY2 = {"province_id": 1, "city_id": 20}


def test_a_city_never_evaluates_its_own_area():
    city2 = [(20, CITY2)]
    assert rules.peer_allowed(10, CITY1, city2) and rules.peer_allowed(100, COUNTY11, city2)
    assert not rules.peer_allowed(20, CITY2, city2)          # itself
    assert not rules.peer_allowed(1, PROVINCE, city2)        # the province contains it
    city1 = [(10, CITY1)]
    assert not rules.peer_allowed(100, COUNTY11, city1)      # a county of its own
    assert not rules.peer_allowed(10, CITY1, [(20, CITY2), (10, CITY1)])  # one of its units overlaps
    assert not rules.peer_allowed(10, CITY1, [])


def test_what_the_round_and_the_status_allow():
    assert rules.can_edit_self("open", "draft") and rules.can_edit_self("open", "returned")
    assert not rules.can_edit_self("open", "submitted") and not rules.can_edit_self("closed", "draft")
    assert rules.can_review("open", "submitted")
    assert not rules.can_review("open", "returned") and not rules.can_review("closed", "submitted")
