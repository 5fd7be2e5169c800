"""The pure rules of area briefings (J16b): the template's highlights and who reads a briefing."""
from __future__ import annotations

from lms.briefings import rules

PROVINCE = {"province_id": 1, "city_id": None, "county_id": None, "school_id": None}
CITY = {"province_id": 1, "city_id": 2, "county_id": None, "school_id": None}
COUNTY = {"province_id": 1, "city_id": 2, "county_id": 3, "school_id": None}
OTHER_COUNTY = {"province_id": 1, "city_id": 2, "county_id": 30, "school_id": None}
SCHOOL = {"province_id": 1, "city_id": 2, "county_id": 3, "school_id": 4}


def test_rate_and_percent():
    assert rules.rate(1, 3) == 0.3333 and rules.rate(5, 0) is None
    assert rules.percent(0.935) == "93.5%" and rules.percent(None) == "—"


def test_best_and_weakest_skip_units_without_learners():
    children = [{"name": "甲", "enrolled": 10, "pass_rate": 0.5}, {"name": "乙", "enrolled": 0, "pass_rate": None},
                {"name": "丙", "enrolled": 4, "pass_rate": 0.9}, {"name": "丁", "enrolled": 3, "pass_rate": 0.9}]
    best, weakest = rules.best_and_weakest(children)
    assert best["name"] == "丙" and weakest["name"] == "甲"
    assert rules.best_and_weakest([{"name": "乙", "enrolled": 0, "pass_rate": None}]) == (None, None)


def test_lagging_names_units_under_the_participation_mark():
    children = [{"name": "甲", "enrolled": 10, "started": 9}, {"name": "乙", "enrolled": 10, "started": 8},
                {"name": "丙", "enrolled": 0, "started": 0}]
    assert rules.lagging(children) == ["乙"]
    assert rules.lagging(children, below=0.95) == ["甲", "乙"]


def test_a_draft_is_read_by_the_admins_of_its_unit_only():
    assert rules.reads("draft", 3, COUNTY, admin_units=[3], reader_paths=[COUNTY])
    assert not rules.reads("draft", 3, COUNTY, admin_units=[2], reader_paths=[CITY])
    assert not rules.reads("draft", 3, COUNTY, admin_units=[], reader_paths=[SCHOOL])


def test_a_published_briefing_reaches_below_and_above_but_not_sideways():
    county = dict(status="published", briefing_unit=3, briefing_path=COUNTY)
    assert rules.reads(**county, admin_units=[4], reader_paths=[SCHOOL, SCHOOL])  # a school admin below
    assert rules.reads(**county, admin_units=[], reader_paths=[SCHOOL])  # a teacher of the school
    assert rules.reads(**county, admin_units=[2], reader_paths=[CITY])  # the city above
    assert rules.reads(**county, admin_units=[1], reader_paths=[PROVINCE])  # the province
    assert not rules.reads(**county, admin_units=[30], reader_paths=[OTHER_COUNTY])  # another county
    assert not rules.reads(**county, admin_units=[], reader_paths=[CITY])  # a tutor placed at the city
