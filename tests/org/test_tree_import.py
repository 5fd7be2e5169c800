"""Org-tree import: a province set up from its own lists, all rows or none, preview then confirm, and the
same sheet imported again changes nothing."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.helpers import assert_error, csrf_token, sign_in

HEADER = ["代码", "名称", "上级代码", "层级", "类型", "教师数"]


def sheet(rows, header=HEADER, title=None) -> io.BytesIO:
    wb = Workbook()
    if title:
        wb.active.append([title])
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


ROWS = [["320100", "南京市", "", "市", "", ""],
        ["320102", "玄武区", "320100", "区县", "", ""],
        ["3201020001", "玄武区第一小学", "320102", "学校", "小学", 85],
        ["3201020002", "玄武区第二中学", "３２０１０２", "", "初中", "１２０"]]   # full-width, level inferred


@pytest.fixture
def province(make):
    p = make.unit("province", name="江苏省", code="320000")
    return p, make.admin(p)


def units(app):
    from lms.extensions import db
    from lms.org.models import OrgUnit

    with app.app_context():
        return {u.code: (u.name, u.level, u.parent_id, u.kind, u.teacher_count,
                         u.province_id, u.city_id, u.county_id, u.school_id, u.id)
                for u in db.session.scalars(select(OrgUnit))}


def post(api, admin, data, dry_run=False, name="units.xlsx"):
    form = {"file": (data, name)}
    if dry_run:
        form["dry_run"] = "true"
    return api.post("/org-units/import", admin, data=form, content_type="multipart/form-data",
                    headers={"Accept-Language": "zh-CN"})


def test_preview_then_import_then_reimport_changes_nothing(api, app, province):
    p, admin = province
    r = post(api, admin, sheet(ROWS, title="江苏省学校名录"), dry_run=True)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["dry_run"] and body["created"] == 4 and body["created_by_level"] == {"city": 1, "county": 1, "school": 2}
    assert set(units(app)) == {"320000"}  # a preview writes nothing
    r = post(api, admin, sheet(ROWS))
    assert r.status_code == 201 and r.get_json()["created"] == 4
    tree = units(app)
    city, county, school = tree["320100"], tree["320102"], tree["3201020002"]
    assert city[2] == p.id and county[2] == city[9] and school[2] == county[9]
    assert school[1] == "school" and school[3] == "初中" and school[4] == 120
    assert school[5:9] == (p.id, city[9], county[9], school[9])  # every ancestor column, its own included
    assert county[5:9] == (p.id, city[9], county[9], None)
    again = post(api, admin, sheet(ROWS)).get_json()
    assert again["created"] == 0 and again["changed"] == 0 and again["unchanged"] == 4
    assert units(app) == tree
    changed = [row[:] for row in ROWS]
    changed[2][1], changed[2][5] = "玄武区第一实验小学", 90
    body = post(api, admin, sheet(changed), dry_run=True).get_json()
    assert body["changed"] == 1 and body["change"][0]["changes"] == {"name": ["玄武区第一小学", "玄武区第一实验小学"],
                                                                     "teacher_count": [85, 90]}
    assert post(api, admin, sheet(changed)).status_code == 201
    assert units(app)["3201020001"][:1] == ("玄武区第一实验小学",)


def test_errors_by_row_and_cell_and_nothing_is_written(api, app, province):
    _p, admin = province
    rows = ROWS + [["3201020001", "重复", "320102", "", "", ""],      # code repeated (row 6)
                   ["3201029999", "无上级", "999999", "", "", ""],     # unknown parent (row 7)
                   ["", "无代码", "320102", "", "", ""],              # no code (row 8)
                   ["3201020003", "坏数", "320102", "学校", "", "很多"],  # teacher count (row 9)
                   ["3201020004", "错层级", "320102", "市", "", ""],   # wrong level (row 10)
                   ["3201020005", "学校下", "3201020001", "", "", ""]]  # below a school (row 11)
    body = assert_error(post(api, admin, sheet(rows)), 400, "invalid_input")
    by_row = {e["row"]: e for e in body["errors"]}
    assert set(by_row) == {6, 7, 8, 9, 10, 11}
    assert by_row[6]["message"] == "第 6 行“代码”：与本表第 4 行的代码重复。"
    assert by_row[7]["column"] == "上级代码" and "999999" in by_row[7]["message"]
    assert by_row[9]["column"] == "教师数" and by_row[10]["column"] == "层级"
    assert set(units(app)) == {"320000"}
    assert body["created"] == 0


def test_a_county_admin_imports_its_own_subtree_only(api, app, make):
    t = make.tree()
    county_admin = make.admin(t["county11"])
    own = t["county11"].code
    rows = [["3201990001", "新学校", own, "", "小学", 10],
            ["3201990002", "别区学校", t["county21"].code, "", "", ""],   # another county: not in its area
            ["3201990003", "默认上级", "", "", "", ""]]                   # blank parent: the county itself
    body = assert_error(post(api, county_admin, sheet(rows)), 400, "invalid_input")
    assert [e["row"] for e in body["errors"]] == [3] and "不在您的管辖范围内" in body["errors"][0]["message"]
    r = post(api, county_admin, sheet([rows[0], rows[2]]))
    assert r.status_code == 201, r.get_json()
    assert units(app)["3201990003"][2] == t["county11"].id
    # renaming its own county is the city's: refused by cell; a school's admin may not import at all
    body = assert_error(post(api, county_admin, sheet([[own, "改名", "", "", "", ""]])), 400, "invalid_input")
    assert body["errors"][0]["column"] == "名称"
    school_admin = make.admin(t["school111"])
    assert_error(post(api, school_admin, sheet(ROWS)), 403, "forbidden")


def test_csv_and_gb18030(api, app, province):
    _p, admin = province
    text = "\n".join(",".join(str(c) for c in row) for row in [HEADER] + ROWS)
    r = post(api, admin, io.BytesIO(text.encode("gb18030")), name="units.csv")
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["created"] == 4


def test_the_page_previews_then_confirms(client, app, province):
    _p, admin = province
    sign_in(client, admin)
    unit_page = client.get("/org/units/").headers["Location"]
    assert "/org/units/import" in client.get(unit_page).get_data(as_text=True)
    page = client.get("/org/units/import").get_data(as_text=True)
    assert "/org/units/import/template.xlsx" in page
    r = client.post("/org/units/import", data={"csrf_token": csrf_token(page), "file": (sheet(ROWS), "units.xlsx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "玄武区第二中学" in html and set(units(app)) == {"320000"}
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    r = client.post("/org/units/import/confirm", data={"csrf_token": csrf_token(html), "token": token})
    assert r.status_code == 200 and len(units(app)) == 5
    # the same confirmation twice: the upload is gone, nothing more happens
    r = client.post("/org/units/import/confirm", data={"csrf_token": csrf_token(html), "token": token})
    assert r.status_code == 400 and len(units(app)) == 5
    # a sheet with problems: listed by row, no confirmation offered
    bad = ROWS + [["3201020001", "重复", "320102", "", "", ""]]
    r = client.post("/org/units/import", data={"csrf_token": csrf_token(html), "file": (sheet(bad), "units.xlsx")},
                    content_type="multipart/form-data", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "第 6 行“代码”" in html and 'name="token"' not in html


def test_another_admins_token_is_refused(client, app, make, province):
    p, admin = province
    other = make.admin(p)
    sign_in(client, admin)
    page = client.get("/org/units/import").get_data(as_text=True)
    html = client.post("/org/units/import", data={"csrf_token": csrf_token(page), "file": (sheet(ROWS), "u.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/logout", data={"csrf_token": csrf_token(html)})
    sign_in(client, other)
    page = client.get("/org/units/import").get_data(as_text=True)
    r = client.post("/org/units/import/confirm", data={"csrf_token": csrf_token(page), "token": token})
    assert r.status_code == 400 and set(units(app)) == {"320000"}


def test_template_downloads(client, province):
    _p, admin = province
    sign_in(client, admin)
    r = client.get("/org/units/import/template.xlsx")
    assert r.status_code == 200
    assert [c.value for c in load_workbook(io.BytesIO(r.data)).active[1]] == HEADER


def test_the_command_imports_as_the_province(app, province):
    from lms.cli import main

    path = app.config["INSTANCE_PATH"] + "/cli-units.xlsx"
    with open(path, "wb") as out:
        out.write(sheet(ROWS).getvalue())
    runner = app.test_cli_runner()
    r = runner.invoke(main, ["org", "import", path, "--dry-run"])
    assert r.exit_code == 0, r.output
    assert '"created": 4' in r.output and set(units(app)) == {"320000"}
    r = runner.invoke(main, ["org", "import", path])
    assert r.exit_code == 0 and len(units(app)) == 5
    r = runner.invoke(main, ["org", "import", path])
    assert '"created": 0' in r.output and '"changed": 0' in r.output


def test_service_plan_without_http(app, province):
    from lms.core.spreadsheets import Sheet
    from lms.extensions import db
    from lms.org import tree_import
    from lms.org.models import OrgUnit

    with app.test_request_context(method="POST"):
        data = Sheet(header_row=1, labels={k: k for k in ("code", "name", "parent_code")},
                     rows=[(2, {"code": "C1", "name": "市一", "parent_code": ""}),
                           (3, {"code": "K1", "name": "县一", "parent_code": "C1"}),
                           (4, {"code": "S1", "name": "校一", "parent_code": "K1"}),
                           (5, {"code": "L1", "name": "环", "parent_code": "L2"}),
                           (6, {"code": "L2", "name": "环", "parent_code": "L1"})])
        result = tree_import.plan(db.session, None, data)
        assert {e["row"] for e in result.errors} == {5, 6}
        data.rows = data.rows[:3]
        result = tree_import.plan(db.session, None, data)
        assert not result.errors and [e.level for e in result.creates] == ["city", "county", "school"]
        tree_import.apply(db.session, None, result)
        assert db.session.scalar(select(func.count()).select_from(OrgUnit)) == 4
        db.session.rollback()


def test_a_preview_expires_an_hour_later_on_the_products_clock(client, app, province):
    from datetime import timedelta

    from lms.core import clock

    _p, admin = province
    sign_in(client, admin)
    page = client.get("/org/units/import").get_data(as_text=True)
    r = client.post("/org/units/import", data={"csrf_token": csrf_token(page), "file": (sheet(ROWS), "units.xlsx")},
                    content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    with clock.frozen_at(clock.now() + timedelta(minutes=61)):
        r = client.post("/org/units/import/confirm", data={"csrf_token": csrf_token(html), "token": token})
    assert r.status_code == 400 and set(units(app)) == {"320000"}
    with clock.frozen_at(clock.now() + timedelta(minutes=59)):
        r = client.post("/org/units/import/confirm", data={"csrf_token": csrf_token(html), "token": token})
    assert r.status_code == 200 and len(units(app)) == 5
