"""The credit API: claim, evidence, review, records, compliance, sheets — each refused outside its area."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from tests.helpers import assert_error

CLAIM = {"source": "offline", "title": "区级骨干培训", "year": 2026, "hours": 40, "category": "elective"}


def _claim(api, area, **extra):
    r = api.post("/credits/claims", area.teacher, json={**CLAIM, **extra})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _evidence(api, area, entry_id, name="证书.pdf", data=b"%PDF-1.4 x"):
    return api.post(f"/credits/entries/{entry_id}/evidence", area.teacher,
                    data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_claim_evidence_approve_confirm_and_the_record(api, area):
    entry = _claim(api, area)
    assert entry["status"] == "claimed" and entry["credits"] == 2.0
    assert_error(api.post(f"/credits/entries/{entry['id']}/approve", area.school_admin), 409, "evidence_missing")
    r = _evidence(api, area, entry["id"])
    assert r.status_code == 200 and r.get_json()["evidence"][0]["name"] == "证书.pdf"
    file_id = r.get_json()["evidence"][0]["id"]
    assert api.get(f"/credits/evidence/{file_id}", area.school_admin).data == b"%PDF-1.4 x"
    assert api.get(f"/credits/evidence/{file_id}", area.other_school_admin).status_code == 403
    assert api.get("/credits/reviews", area.school_admin).get_json()["total"] == 1
    assert api.post(f"/credits/entries/{entry['id']}/approve", area.school_admin).get_json()["status"] == "approved"
    assert api.get("/credits/reviews", area.county_admin).get_json()["total"] == 1
    assert api.post(f"/credits/entries/{entry['id']}/confirm", area.county_admin).get_json()["status"] == "confirmed"
    me = api.get("/credits/me", area.teacher).get_json()
    assert me["standing"]["credits"] == 2.0 and me["standing"]["cycle"] == {"start_year": 2026, "end_year": 2030}
    lines = {line["key"]: line for line in me["standing"]["lines"]}
    assert lines["elective"]["earned"] == 2.0 and lines["total"]["missing"] == 34.0
    assert api.get(f"/credits/teachers/{area.teacher.id}", area.city_admin).get_json()["standing"]["credits"] == 2.0
    entries = api.get(f"/credits/teachers/{area.teacher.id}/entries", area.county_admin).get_json()
    assert entries["total"] == 1


def test_the_right_to_act_is_checked_before_the_body(api, area):
    entry = _claim(api, area)
    assert_error(api.post(f"/credits/entries/{entry['id']}/reject", area.other_school_admin, json={}), 403,
                 "forbidden")
    assert_error(api.post(f"/credits/entries/{entry['id']}/reject", area.school_admin, json={}), 400,
                 "invalid_input")
    assert_error(api.post("/credits/claims", area.school_admin, json={}), 403, "forbidden")
    assert_error(api.post(f"/credits/entries/{entry['id']}/evidence", area.school_admin), 403, "forbidden")
    r = api.post(f"/credits/entries/{entry['id']}/reject", area.school_admin, json={"reason": "证书不清晰"})
    assert r.get_json()["status"] == "rejected" and r.get_json()["reason"] == "证书不清晰"


def test_strangers_see_nothing(api, area):
    entry = _claim(api, area)
    for who in ("colleague", "stranger", "other_school_admin", "other_county_admin", "other_city_admin"):
        user = getattr(area, who)
        assert_error(api.get(f"/credits/entries/{entry['id']}", user), 403, "forbidden")
        assert_error(api.get(f"/credits/teachers/{area.teacher.id}", user), 403, "forbidden")
    assert_error(api.get("/credits/entries/999999", area.province_admin), 404, "not_found")
    assert_error(api.get(f"/credits/units/{area.tree['city1'].id}/compliance", area.other_city_admin), 403, "forbidden")
    assert_error(api.get("/credits/reviews", area.teacher), 403, "forbidden")
    assert api.get("/credits/me").status_code == 401


def test_bad_claims_are_refused_in_words(api, area):
    assert_error(api.post("/credits/claims", area.teacher, json={**CLAIM, "source": "training"}), 400, "invalid_input")
    body = assert_error(api.post("/credits/claims", area.teacher, json={**CLAIM, "category": "public"}), 400,
                        "invalid_input")
    assert "theme" in body["error"]["fields"]
    body = assert_error(api.post("/credits/claims", area.teacher, json={**CLAIM, "year": 2031}), 400, "invalid_input")
    assert "year" in body["error"]["fields"]
    entry = _claim(api, area)
    assert_error(_evidence(api, area, entry["id"], name="virus.exe"), 415, "unsupported_media_type")


def test_compliance_drills_down_and_exports(api, area):
    city = api.get(f"/credits/units/{area.tree['city1'].id}/compliance", area.city_admin).get_json()
    assert city["totals"]["teachers"] == 2 and len(city["items"]) == 2
    school = area.tree["school111"]
    teachers = api.get(f"/credits/units/{school.id}/teachers", area.county_admin).get_json()
    assert {t["name"] for t in teachers["items"]} == {"王老师", "李老师"}
    r = api.get(f"/credits/units/{area.tree['city1'].id}/compliance.xlsx", area.city_admin)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data))
    assert book.sheetnames[:2] == ["单位", "教师"]


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["用户名", "年度", "来源", "项目名称", "学时", "类别", "主题或版块"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(api, user, unit, data):
    return api.post(f"/credits/units/{unit.id}/import", user, data={"file": (io.BytesIO(data), "entries.xlsx")},
                    content_type="multipart/form-data")


def test_import_is_all_or_nothing_and_exports_round_trip(api, area):
    county = area.tree["county11"]
    bad = _sheet([[area.teacher.username, 2026, "国培计划", "国培", 30, None, None],
                  [area.stranger.username, 2026, "offline", "线下", 20, "elective", None]])
    body = assert_error(_import(api, area.county_admin, county, bad), 400, "invalid_input")
    assert [row["row"] for row in body["errors"]] == [3]
    assert api.get(f"/credits/teachers/{area.teacher.id}/entries", area.county_admin).get_json()["total"] == 0
    good = _sheet([[area.teacher.username, 2026, "国培计划", "国培", 30, None, None],
                   [area.colleague.username, 2026, "线下培训", "师德", 20, "公共必修", "思想政治素质与师德修养"]])
    r = _import(api, area.county_admin, county, good)
    assert r.status_code == 200 and r.get_json() == {"created": 2, "status": "confirmed"}  # L371: 30 学时 = 3
    assert api.get("/credits/me", area.teacher).get_json()["standing"]["credits"] == 3.0
    exported = api.get(f"/credits/units/{county.id}/entries.xlsx", area.county_admin)
    rows = list(load_workbook(io.BytesIO(exported.data)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("用户名", "姓名", "学校", "年度", "来源") and len(rows) == 3
    assert_error(_import(api, area.other_county_admin, county, good), 403, "forbidden")


def test_course_terms(api, area, app):
    from tests.programme import Programme
    course = Programme(app).course(minutes=450)
    assert api.get(f"/courses/{course}/credit-terms", area.teacher).get_json() == {
        "course_id": course, "hours": 10.0, "category": "elective", "theme": None, "stated": False}
    assert_error(api.put(f"/courses/{course}/credit-terms", area.city_admin, json={}), 403, "forbidden")
    r = api.put(f"/courses/{course}/credit-terms", area.province_admin,
                json={"hours": 20, "category": "public", "theme": "ethics"})
    assert r.get_json()["stated"] is True and r.get_json()["theme"] == "ethics"
    assert_error(api.put(f"/courses/{course}/credit-terms", area.province_admin,
                         json={"hours": 20, "category": "public"}), 400, "invalid_input")


def test_profile(api, area):
    r = api.put(f"/credits/teachers/{area.teacher.id}/profile", area.school_admin,
                json={"kind": "transferred", "start_year": 2026})
    assert r.status_code == 200 and r.get_json()["kind"] == "transferred"
    assert api.get("/credits/me", area.teacher).get_json()["standing"]["lines"][0]["required"] == 36.0
    assert_error(api.put(f"/credits/teachers/{area.teacher.id}/profile", area.teacher, json={}), 403, "forbidden")


def test_odd_but_valid_json_is_refused_in_words_not_500(api, area):
    from tests.programme import Programme
    course = Programme(area.app).course()
    body = assert_error(api.put(f"/courses/{course}/credit-terms", area.province_admin,
                                json={"hours": 0.01, "category": "elective"}), 400, "invalid_input")
    assert "hours" in body["error"]["fields"]
    body = assert_error(api.post("/credits/claims", area.teacher, json={**CLAIM, "title": "   "}), 400, "invalid_input")
    assert "title" in body["error"]["fields"]
    assert api.get("/credits/me?cycle=2000", area.teacher).status_code == 200
    assert_error(api.get("/credits/me?cycle=x", area.teacher), 400, "invalid_input")
