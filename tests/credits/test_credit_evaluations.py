"""The county's December evaluation of school-based projects (L801) and the schools' January self-study summary
(L671): windows, who may, the effect of a failed project, pages and API, audited."""
from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.core import clock
from lms.core.audit import AuditEntry
from lms.credits import rules
from lms.credits.models import CreditPlan
from lms.extensions import db
from tests.helpers import assert_error, csrf_token, sign_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
DECEMBER = datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI)
JANUARY = datetime(2027, 1, 12, 10, 0, tzinfo=SHANGHAI)


def test_the_windows():  # L801, L671
    assert rules.evaluation_error(rules.SCHOOL_PROJECT, rules.APPROVED, 2026, False, date(2026, 11, 30)) == \
        "evaluation_not_open"
    assert rules.evaluation_error(rules.SCHOOL_PROJECT, rules.APPROVED, 2026, False, date(2026, 12, 1)) is None
    assert rules.evaluation_error(rules.SCHOOL_PROJECT, rules.APPROVED, 2026, False, date(2027, 3, 1)) is None
    assert rules.evaluation_error(rules.SCHOOL_PROJECT, rules.FILED, 2026, False, date(2026, 12, 1)) == \
        "project_not_approved"
    assert rules.evaluation_error(rules.SCHOOL_PROJECT, rules.APPROVED, 2026, True, date(2026, 12, 1)) == \
        "project_evaluated"
    assert rules.evaluation_error(rules.SELF_STUDY_PLAN, rules.APPROVED, 2026, False, date(2026, 12, 1)) == \
        "not_a_project"
    assert rules.summary_filing_error(2026, date(2027, 1, 31)) is None
    assert rules.summary_filing_error(2026, date(2027, 2, 1)) == "summary_filing_closed"
    assert rules.summary_filing_error(2027, date(2027, 1, 5)) == "summary_filing_closed"
    assert rules.project_credits_recognised(None) and rules.project_credits_recognised(rules.PASSED)
    assert not rules.project_credits_recognised(rules.FAILED)


def _project(app, area, year=2026):
    with app.app_context():
        plan = CreditPlan(kind=rules.SCHOOL_PROJECT, org_unit_id=area.tree["school111"].id, year=year, title="课堂提问",
                          hours_tenths=400, status=rules.APPROVED, filed_at=clock.now(), decided_at=clock.now())
        db.session.add(plan)
        db.session.commit()
        return plan.id


def _actions(app, target_type):
    with app.app_context():
        return db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == target_type)
                                  .order_by(AuditEntry.id)).all()


def test_the_county_evaluates_a_project_in_december_and_a_failed_one_earns_nothing(app, api, area):
    plan_id = _project(app, area)
    path = f"/credits/plans/{plan_id}/evaluation"
    assert_error(api.post(path, area.county_admin, json={"result": "passed"}), 409, "evaluation_not_open")
    api._tokens.clear()
    with clock.frozen_at(DECEMBER):
        assert_error(api.post(path, area.school_admin, json={"result": "passed"}), 403, "forbidden")
        assert_error(api.post(path, area.other_county_admin, json={"result": "passed"}), 403, "forbidden")
        body = assert_error(api.post(path, area.county_admin, json={"result": "failed"}), 400, "invalid_input")
        assert "comment" in body["error"]["fields"]
        r = api.post(path, area.county_admin, json={"result": "failed", "comment": "措施不到位"})
        assert r.status_code == 200, r.get_json()
        assert r.get_json()["evaluation"] == "failed" and r.get_json()["evaluation_comment"] == "措施不到位"
        assert_error(api.post(path, area.county_admin, json={"result": "passed"}), 409, "project_evaluated")
        claim = {"source": "school_project", "title": "校本研修", "year": 2026, "hours": 40, "plan_id": plan_id}
        body = assert_error(api.post("/credits/claims", area.teacher, json=claim), 400, "invalid_input")
        assert "plan_id" in body["error"]["fields"]  # L801: its credits are not recognised
    assert _actions(app, "credit_plan") == ["credit_plan.evaluate"]


def test_the_plans_page_offers_the_evaluation_in_december(app, area):
    plan_id = _project(app, area)
    with clock.frozen_at(DECEMBER):
        county = app.test_client()
        sign_in(county, area.county_admin)
        page = county.get("/credits/plans").get_data(as_text=True)
        assert f"/credits/plans/{plan_id}/evaluate" in page
        r = county.post(f"/credits/plans/{plan_id}/evaluate",
                        data={"csrf_token": csrf_token(page), "result": "passed", "comment": "成效明显"})
        assert r.status_code == 302
        page = county.get("/credits/plans").get_data(as_text=True)
        assert 'data-testid="evaluation"' in page and "成效明显" in page
        assert f"/credits/plans/{plan_id}/evaluate" not in page


def test_a_school_hands_in_its_summary_in_january_and_the_county_records_it(app, api, area):
    body = {"year": 2026, "text": "全校教师完成自主学习计划，形成读书笔记 40 篇。"}
    assert_error(api.post("/credits/summaries", area.school_admin, json=body), 400, "invalid_input")  # November
    api._tokens.clear()
    with clock.frozen_at(JANUARY):
        assert_error(api.post("/credits/summaries", area.teacher, json=body), 403, "forbidden")
        r = api.post("/credits/summaries", area.school_admin, json=body)
        assert r.status_code == 201, r.get_json()
        summary = r.get_json()
        assert summary["status"] == "filed" and summary["org_unit_id"] == area.tree["school111"].id
        assert_error(api.post("/credits/summaries", area.school_admin, json=body), 409, "summary_filed")
        sid = summary["id"]
        assert [s["id"] for s in api.get("/credits/summaries", area.county_admin).get_json()["items"]] == [sid]
        assert api.get("/credits/summaries", area.other_county_admin).get_json()["total"] == 0
        assert_error(api.get("/credits/summaries", area.teacher), 403, "forbidden")
        assert_error(api.post(f"/credits/summaries/{sid}/accept", area.school_admin), 403, "forbidden")
        r = api.post(f"/credits/summaries/{sid}/accept", area.other_county_admin)
        assert r.status_code in (403, 404)
        r = api.post(f"/credits/summaries/{sid}/reject", area.county_admin, json={"reason": "缺少成果统计"})
        assert r.get_json()["status"] == "rejected"
        r = api.post("/credits/summaries", area.school_admin, json={**body, "text": "补充成果统计。"})
        assert r.status_code == 201 and r.get_json()["id"] == sid  # handed in again after a return
        assert api.post(f"/credits/summaries/{sid}/accept", area.county_admin).get_json()["status"] == "approved"
        assert_error(api.post(f"/credits/summaries/{sid}/accept", area.county_admin), 409, "summary_decided")
    assert _actions(app, "credit_self_study_summary") == [
        "credit_summary.file", "credit_summary.reject", "credit_summary.file", "credit_summary.accept"]


def test_the_summaries_page(app, area):
    with clock.frozen_at(JANUARY):
        school = app.test_client()
        sign_in(school, area.school_admin)
        page = school.get("/credits/summaries")
        assert page.status_code == 200
        r = school.post("/credits/summaries", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                    "year": "2026", "text": "自主学习总结"})
        assert r.status_code == 302
        county = app.test_client()
        sign_in(county, area.county_admin)
        page = county.get("/credits/summaries").get_data(as_text=True)
        assert "自主学习总结" in page and "/accept" in page
        r = county.post(page.split('action="')[1].split('"')[0], data={"csrf_token": csrf_token(page)})
        assert r.status_code == 302
        assert "/accept" not in county.get("/credits/summaries").get_data(as_text=True)
        teacher = app.test_client()
        sign_in(teacher, area.teacher)
        assert teacher.get("/credits/summaries").status_code == 403


def test_claims_made_before_a_failed_evaluation_are_not_approved(app, api, area):
    plan_id = _project(app, area)
    api._tokens.clear()
    with clock.frozen_at(DECEMBER):
        claim = {"source": "school_project", "title": "校本研修", "year": 2026, "hours": 40, "plan_id": plan_id}
        entry = api.post("/credits/claims", area.teacher, json=claim).get_json()
        api.post(f"/credits/entries/{entry['id']}/evidence", area.teacher,
                 data={"file": (io.BytesIO(b"%PDF-1.4 x"), "记录.pdf")}, content_type="multipart/form-data")
        api.post(f"/credits/plans/{plan_id}/evaluation", area.county_admin, json={"result": "failed", "comment": "效果不佳"})
        assert_error(api.post(f"/credits/entries/{entry['id']}/approve", area.school_admin), 409, "project_failed")
        r = api.post(f"/credits/entries/{entry['id']}/reject", area.school_admin, json={"reason": "项目评估不合格"})
        assert r.get_json()["status"] == "rejected"
