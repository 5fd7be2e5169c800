"""The credit pages: a teacher claims with evidence, the school approves, the county confirms; compliance drills
down to the teacher; sheets and the printable record; strangers are refused."""
from __future__ import annotations

import io
import re

from openpyxl import Workbook

from tests.helpers import csrf_token, sign_in


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _token(client, path="/credits/me"):
    return csrf_token(client.get(path).get_data(as_text=True))


def _claim(app, area, **extra):
    client = _client(app, area.teacher)
    page = client.get("/credits/me")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "source": "offline", "title": "区级骨干培训",
            "year": "2026", "hours": "40", "category": "elective", "theme": "",
            "file": (io.BytesIO(b"%PDF-1.4 x"), "证书.pdf"), **extra}
    return client, client.post("/credits/claims", data=data, content_type="multipart/form-data")


def test_a_teacher_claims_and_the_school_then_the_county_review(app, area):
    client, r = _claim(app, area)
    assert r.status_code == 302, r.get_data(as_text=True)[:1000]
    page = client.get("/credits/me").get_data(as_text=True)
    assert "区级骨干培训" in page and "证书.pdf" in page
    school = _client(app, area.school_admin)
    queue = school.get("/credits/reviews").get_data(as_text=True)
    entry_id = re.search(r"/credits/entries/(\d+)/approve", queue).group(1)
    r = school.post(f"/credits/entries/{entry_id}/approve", data={"csrf_token": csrf_token(queue)})
    assert r.status_code == 302
    county = _client(app, area.county_admin)
    queue = county.get("/credits/reviews").get_data(as_text=True)
    assert f"/credits/entries/{entry_id}/confirm" in queue
    assert county.post(f"/credits/entries/{entry_id}/confirm", data={"csrf_token": csrf_token(queue)}).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "/credits/me" in home


def test_a_refused_claim_shows_its_message_on_the_form(app, area):
    _client_, r = _claim(app, area, category="public")
    assert r.status_code == 200
    assert "invalid-feedback" in r.get_data(as_text=True)


def test_a_rejection_needs_a_reason(app, area):
    _claim(app, area)
    school = _client(app, area.school_admin)
    queue = school.get("/credits/reviews").get_data(as_text=True)
    entry_id = re.search(r"/credits/entries/(\d+)/reject", queue).group(1)
    r = school.post(f"/credits/entries/{entry_id}/reject", data={"csrf_token": csrf_token(queue), "reason": ""},
                    follow_redirects=True)
    assert r.status_code == 200 and "alert-danger" in r.get_data(as_text=True)
    r = school.post(f"/credits/entries/{entry_id}/reject", data={"csrf_token": csrf_token(queue), "reason": "不符"})
    assert r.status_code == 302


def test_compliance_drills_down_to_the_teacher_and_exports(app, area):
    city = _client(app, area.city_admin)
    assert city.get("/credits/").headers["Location"].endswith(f"/credits/units/{area.tree['city1'].id}")
    page = city.get(f"/credits/units/{area.tree['city1'].id}").get_data(as_text=True)
    assert f"/credits/units/{area.tree['county11'].id}" in page
    school_page = city.get(f"/credits/units/{area.tree['school111'].id}").get_data(as_text=True)
    assert f"/credits/teachers/{area.teacher.id}" in school_page
    assert city.get(f"/credits/teachers/{area.teacher.id}").status_code == 200
    r = city.get(f"/credits/units/{area.tree['city1'].id}/compliance.xlsx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    assert city.get(f"/credits/units/{area.tree['city1'].id}/entries.xlsx").status_code == 200
    assert city.get(f"/credits/units/{area.tree['city2'].id}").status_code == 403
    assert city.get(f"/credits/teachers/{area.stranger.id}").status_code == 403


def test_import_page_is_all_or_nothing(app, area):
    county = _client(app, area.county_admin)
    unit = area.tree["county11"]
    book = Workbook()
    book.active.append(["用户名", "年度", "来源", "项目名称", "学时"])
    book.active.append([area.stranger.username, 2026, "线下培训", "x", 20])
    out = io.BytesIO()
    book.save(out)
    token = _token(county, f"/credits/units/{unit.id}")
    r = county.post(f"/credits/units/{unit.id}/import", data={"csrf_token": token, "file": (io.BytesIO(out.getvalue()), "a.xlsx")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert r.status_code == 200 and "alert-danger" in r.get_data(as_text=True)


def test_the_printable_record_verifies(app, area):
    client = _client(app, area.teacher)
    r = client.get(f"/credits/teachers/{area.teacher.id}/record.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    from lms.credits import pdf
    with app.app_context():
        code = pdf.verification_code(area.teacher.id, 2026)
    anonymous = app.test_client()
    assert "王老师" in anonymous.get(f"/credits/verify/{code}").get_data(as_text=True)
    assert anonymous.get(f"/credits/verify/{area.teacher.id}-2026-AAAAAAAAAA").status_code == 404
    assert anonymous.get("/credits/verify/nonsense").status_code == 404


def test_the_teachers_situation_is_kept_by_the_admins_above(app, area):
    school = _client(app, area.school_admin)
    page = school.get(f"/credits/teachers/{area.teacher.id}").get_data(as_text=True)
    r = school.post(f"/credits/teachers/{area.teacher.id}/profile",
                    data={"csrf_token": csrf_token(page), "kind": "new", "start_year": "2026"})
    assert r.status_code == 302
    assert "120" in school.get(f"/credits/teachers/{area.teacher.id}").get_data(as_text=True)
    other = _client(app, area.other_school_admin)
    assert other.get(f"/credits/teachers/{area.teacher.id}").status_code == 403


def test_a_claim_waiting_too_long_is_marked_overdue(app, area):
    from datetime import timedelta

    from lms.core import clock
    _claim(app, area)
    school = _client(app, area.school_admin)
    assert "badge text-bg-danger" not in school.get("/credits/reviews").get_data(as_text=True)
    with clock.frozen_at(clock.now() + timedelta(days=31)):
        school = _client(app, area.school_admin)
        assert "badge text-bg-danger" in school.get("/credits/reviews").get_data(as_text=True)


def test_plans_are_filed_and_decided_on_their_page_and_claims_name_them(app, area):
    teacher = _client(app, area.teacher)
    page = teacher.get("/credits/plans")
    assert page.status_code == 200
    r = teacher.post("/credits/plans", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                              "kind": "self_study_plan", "year": "2026", "title": "读书自学",
                                              "hours": "40"})
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    school = _client(app, area.school_admin)
    listing = school.get("/credits/plans").get_data(as_text=True)
    plan_id = re.search(r"/credits/plans/(\d+)/approve", listing).group(1)
    assert school.post(f"/credits/plans/{plan_id}/approve", data={"csrf_token": csrf_token(listing)}).status_code == 302
    assert f'value="{plan_id}"' in teacher.get("/credits/me").get_data(as_text=True)
    _client_, r = _claim(app, area, source="self_study_plan", category="", plan_id=plan_id)
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    _client_, r = _claim(app, area, source="self_study_plan", category="", plan_id="")
    assert r.status_code == 200 and "invalid-feedback" in r.get_data(as_text=True)
    # A school admin's form offers school-based projects; January only.
    listing = school.get("/credits/plans").get_data(as_text=True)
    r = school.post("/credits/plans", data={"csrf_token": csrf_token(listing), "kind": "school_project",
                                             "year": "2026", "title": "项目", "hours": "40"})
    assert r.status_code == 200 and "invalid-feedback" in r.get_data(as_text=True)
