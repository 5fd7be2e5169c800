"""A county's credit sheets as export jobs: the same workbooks as the direct downloads."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from lms.core import jobs
from tests.credits.test_credit_api import _import, _sheet
from tests.helpers import assert_error, csrf_token, sign_in


def test_a_countys_entries_and_compliance_sheets_are_made_by_jobs(api, area, app):
    county = area.tree["county11"]
    good = _sheet([[area.teacher.username, 2026, "国培计划", "国培", 30, None, None],
                   [area.colleague.username, 2026, "线下培训", "师德", 20, "公共必修", "思想政治素质与师德修养"]])
    assert _import(api, area.county_admin, county, good).status_code == 200
    r = api.post(f"/credits/units/{county.id}/exports", area.county_admin, json={"sheet": "entries"})
    assert r.status_code == 202, r.get_json()
    assert_error(api.post(f"/credits/units/{county.id}/exports", area.county_admin, json={"sheet": "nope"}),
                 400, "invalid_input")
    assert_error(api.post(f"/credits/units/{county.id}/exports", area.other_county_admin,
                          json={"sheet": "entries"}), 403, "forbidden")
    client = app.test_client()
    sign_in(client, area.county_admin)
    page = client.get(f"/credits/units/{county.id}").get_data(as_text=True)
    assert f"/credits/units/{county.id}/export?sheet=compliance" in page  # above a school: a job
    posted = client.post(f"/credits/units/{county.id}/export?sheet=compliance", data={"csrf_token": csrf_token(page)})
    assert posted.status_code == 302 and posted.location.endswith("/exports")
    assert jobs.run_recorded(app) == 2
    listed = api.get("/jobs", area.county_admin).get_json()["items"]
    assert [j["kind"] for j in listed] == ["credit_compliance_xlsx", "credit_entries_xlsx"]
    assert all(j["state"] == "done" for j in listed)
    entries = api.get(listed[1]["file"]["url"].removeprefix("/api/v1"), area.county_admin)
    rows = list(load_workbook(io.BytesIO(entries.data)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("用户名", "姓名", "学校", "年度", "来源") and len(rows) == 3
    compliance = client.get(f"/exports/{listed[0]['id']}/file")
    assert load_workbook(io.BytesIO(compliance.data)).sheetnames[:2] == ["单位", "教师"]
    school_page = client.get(f"/credits/units/{area.tree['school111'].id}").get_data(as_text=True)
    assert "compliance.xlsx" in school_page  # a school's sheets: downloaded at once
