"""The certificate of completion of a cycle (L325): issued by a POST once every minimum is met, kept with its
code, downloaded as a PDF and checked publicly by its code."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.errors import Conflict, Forbidden, NotFound
from lms.credits import queries, rules, services
from lms.credits.models import CreditCertificate
from lms.extensions import db
from lms.org.models import User
from tests.helpers import assert_error, csrf_token, sign_in

# One year's confirmed entries that meet every minimum of the cycle 2026-2030 in its first year (L319-359).
COMPLETE = [(rules.OFFLINE, rules.PUBLIC, "ethics", 30), (rules.OFFLINE, rules.PUBLIC, "policy", 30),
            (rules.OFFLINE, rules.PUBLIC, "student_development", 10),
            (rules.OFFLINE, rules.PUBLIC, "information_technology", 10),
            (rules.OFFLINE, rules.PROFESSIONAL, None, 120), (rules.OFFLINE, rules.ELECTIVE, None, 140),
            (rules.SCHOOL_PROJECT, None, None, 160), (rules.SELF_STUDY_PLAN, None, None, 40)]


def complete(app, teacher, year=2026):
    with app.test_request_context(method="POST"):
        user = db.session.get(User, teacher.id)
        for source, category, theme, hours in COMPLETE:
            services.new_entry(db.session, user, services.Claim(source=source, title="培训", year=year, hours=D(hours),
                                                                category=category, theme=theme), rules.CONFIRMED, None)
        db.session.commit()


def test_the_rule_refuses_an_incomplete_standing():
    cycle = rules.cycle_of(2026)
    standing = rules.standing([], rules.Profile(), cycle, 2026)
    assert rules.certificate_refusal(standing) == "cycle_not_complete"


def test_issued_once_when_complete_audited_and_refused_before(app, area, session):
    teacher = session.get(User, area.teacher.id)
    cycle = queries.current_cycle()
    with pytest.raises(Conflict) as caught:
        services.issue_certificate(session, teacher, teacher, cycle)
    assert caught.value.code == "cycle_not_complete"
    with pytest.raises(NotFound):
        services.issued_certificate(session, teacher, cycle)
    complete(app, area.teacher)
    teacher = session.get(User, area.teacher.id)
    assert queries.record(session, teacher, cycle).standing.status == rules.COMPLETE
    cert = services.issue_certificate(session, session.get(User, area.county_admin.id), teacher, cycle)
    assert cert.code and cert.name == "王老师" and cert.credits == D(37) and cert.hours == D(540)
    assert services.issue_certificate(session, teacher, teacher, cycle).id == cert.id  # once
    assert queries.certificate_by_code(session, cert.code.lower()).id == cert.id
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "credit_certificate")).all()
    assert actions == ["credit.certificate"]


@pytest.mark.parametrize("who", ["colleague", "stranger", "other_school_admin", "other_county_admin"])
def test_only_the_teacher_and_the_admins_of_the_area_issue(app, area, session, who):
    complete(app, area.teacher)
    with pytest.raises(Forbidden):
        services.issue_certificate(session, session.get(User, getattr(area, who).id),
                                   session.get(User, area.teacher.id), queries.current_cycle())


def test_the_page_button_issues_by_post_and_the_public_page_verifies(app, area):
    complete(app, area.teacher)
    client = app.test_client()
    sign_in(client, area.teacher)
    page = client.get("/credits/me").get_data(as_text=True)
    action = re.search(r'action="(/credits/teachers/\d+/certificate[^"]*)"', page).group(1).replace("&amp;", "&")
    r = client.post(action, data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and "/certificate.pdf" in r.headers["Location"]
    r = client.get(r.headers["Location"])
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    with app.app_context():
        code = db.session.scalar(select(CreditCertificate.code))
    page = client.get("/credits/me").get_data(as_text=True)
    assert code in page and "/certificate.pdf" in page
    anonymous = app.test_client()
    r = anonymous.get(f"/credits/certificates/{code}")
    assert r.status_code == 200 and "王老师" in r.get_data(as_text=True)
    assert 'data-testid="no-longer-complete"' not in r.get_data(as_text=True)
    assert anonymous.get("/credits/certificates/NOSUCHCODE").status_code == 404


def test_a_teacher_not_complete_sees_no_button_and_the_post_is_refused(app, area):
    client = app.test_client()
    sign_in(client, area.teacher)
    page = client.get("/credits/me").get_data(as_text=True)
    assert "/certificate" not in page
    r = client.post(f"/credits/teachers/{area.teacher.id}/certificate", data={"csrf_token": csrf_token(page)})
    assert r.status_code in (302, 409)


def test_the_api_issues_reads_and_verifies(api, app, area):
    path = f"/credits/teachers/{area.teacher.id}/certificate"
    assert_error(api.post(path, area.teacher), 409, "cycle_not_complete")
    assert_error(api.get(path, area.teacher), 404, "not_found")
    complete(app, area.teacher)
    assert_error(api.post(path, area.stranger), 403, "forbidden")
    r = api.post(path, area.school_admin)
    assert r.status_code == 200, r.get_json()
    cert = r.get_json()
    assert cert["cycle"] == {"start_year": 2026, "end_year": 2030} and cert["credits"] == 37.0
    assert cert["verify_url"].endswith(f"/credits/certificates/{cert['code']}")
    assert api.post(path, area.teacher).get_json()["code"] == cert["code"]
    assert api.get(path, area.teacher).get_json()["code"] == cert["code"]
    r = api.get(path + ".pdf", area.teacher)
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    check = app.test_client().get(f"/api/v1/credits/certificates/{cert['code']}")
    assert check.status_code == 200 and check.get_json()["still_complete"] is True
    assert check.get_json()["name"] == "王老师"
    assert app.test_client().get("/api/v1/credits/certificates/NOPE").status_code == 404
