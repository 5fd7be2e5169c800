"""School-based projects (filed by the school in January, approved by the county: L625, L801) and self-study
plans (filed by the teacher, approved by the school: L657); claims of those sources are made under them."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lms.core import clock
from lms.credits import rules
from tests.helpers import assert_error

JANUARY = datetime(2027, 1, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_filing_windows():  # L625, L801, L657
    assert rules.plan_filing_error(rules.SCHOOL_PROJECT, 2027, date(2027, 1, 31)) is None
    assert rules.plan_filing_error(rules.SCHOOL_PROJECT, 2027, date(2027, 2, 1)) == "project_filing_closed"
    assert rules.plan_filing_error(rules.SCHOOL_PROJECT, 2027, date(2026, 12, 31)) == "project_filing_closed"
    assert rules.plan_filing_error(rules.SELF_STUDY_PLAN, 2027, date(2026, 11, 1)) is None
    assert rules.plan_filing_error(rules.SELF_STUDY_PLAN, 2025, date(2026, 11, 1)) == "plan_year_out_of_range"


def _at_january(api):
    api._tokens.clear()
    return clock.frozen_at(JANUARY)


def test_a_school_project_is_filed_in_january_and_approved_by_the_county(api, area):
    body = assert_error(api.post("/credits/plans", area.school_admin,
                                 json={"kind": "school_project", "year": 2026, "title": "课堂提问", "hours": 40}),
                        400, "invalid_input")
    assert "year" in body["error"]["fields"]  # November: the window is January
    with _at_january(api):
        r = api.post("/credits/plans", area.school_admin,
                     json={"kind": "school_project", "year": 2027, "title": "课堂提问", "hours": 40})
        assert r.status_code == 201, r.get_json()
        plan = r.get_json()
        assert plan["status"] == "filed" and plan["org_unit_id"] == area.tree["school111"].id
        assert_error(api.post(f"/credits/plans/{plan['id']}/approve", area.school_admin), 403, "forbidden")
        assert_error(api.post(f"/credits/plans/{plan['id']}/approve", area.other_county_admin), 403, "forbidden")
        assert api.post(f"/credits/plans/{plan['id']}/approve", area.county_admin).get_json()["status"] == "approved"
        assert_error(api.post(f"/credits/plans/{plan['id']}/approve", area.county_admin), 409, "plan_decided")
        claim = {"source": "school_project", "title": "校本研修", "year": 2027, "hours": 40}
        body = assert_error(api.post("/credits/claims", area.teacher, json=claim), 400, "invalid_input")
        assert "plan_id" in body["error"]["fields"]
        assert_error(api.post("/credits/claims", area.stranger, json={**claim, "plan_id": plan["id"]}), 400,
                     "invalid_input")  # another school's project
        r = api.post("/credits/claims", area.teacher, json={**claim, "plan_id": plan["id"]})
        assert r.status_code == 201 and r.get_json()["plan_id"] == plan["id"] and r.get_json()["credits"] == 2.0


def test_a_self_study_plan_is_approved_by_the_school(api, area):
    r = api.post("/credits/plans", area.teacher,
                 json={"kind": "self_study_plan", "year": 2026, "title": "读书自学：《给教师的建议》", "hours": 40})
    assert r.status_code == 201
    plan = r.get_json()
    assert_error(api.post(f"/credits/plans/{plan['id']}/approve", area.county_admin), 403, "forbidden")
    assert_error(api.post(f"/credits/plans/{plan['id']}/reject", area.school_admin, json={"reason": " "}), 400,
                 "invalid_input")
    assert api.post(f"/credits/plans/{plan['id']}/approve", area.school_admin).get_json()["status"] == "approved"
    assert api.get("/credits/plans", area.teacher).get_json()["total"] == 1
    assert api.get("/credits/plans", area.colleague).get_json()["total"] == 0
    assert api.get("/credits/plans", area.other_school_admin).get_json()["total"] == 0
    r = api.post("/credits/claims", area.teacher, json={"source": "self_study_plan", "title": "读书自学", "year": 2026,
                                                        "hours": 40, "plan_id": plan["id"]})
    assert r.status_code == 201 and r.get_json()["category"] == "self_study"
    assert_error(api.post("/credits/claims", area.colleague, json={"source": "self_study_plan", "title": "x",
                                                                   "year": 2026, "hours": 40, "plan_id": plan["id"]}),
                 400, "invalid_input")


def test_only_schools_file_projects_and_teachers_plans(api, area):
    assert_error(api.post("/credits/plans", area.teacher,
                          json={"kind": "school_project", "year": 2026, "title": "x", "hours": 1}), 403, "forbidden")
    assert_error(api.post("/credits/plans", area.county_admin,
                          json={"kind": "self_study_plan", "year": 2026, "title": "x", "hours": 1}), 403, "forbidden")
