"""User imports take the sheets schools keep: title rows, Chinese headers and synonyms, full-width digits,
no username or unit column; problems by row and cell in words; passwords handed out once, as a sheet."""
from __future__ import annotations

import base64
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers import assert_error, csrf_token, sign_in

REPORTED_HEADER = ["序号", "姓名", "性别", "手机号", "学科", "学段", "备注"]


def school_sheet(rows, header=REPORTED_HEADER, title="南京市第一小学 2026 年参训教师名单") -> io.BytesIO:
    """As schools keep it: a merged title row, a blank row, then the header."""
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def world(make):
    t = make.tree()
    return t, make.admin(t["school111"]), make.admin(t["county11"])


def upload(api, admin, data, name="名单.xlsx"):
    return api.post("/users/import", admin, data={"file": (data, name)}, content_type="multipart/form-data")


def users(app, **where):
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from lms.extensions import db
    from lms.org.models import User

    with app.app_context():
        found = list(db.session.scalars(select(User).options(selectinload(User.role_assignments)).filter_by(**where)))
        for user in found:
            user.role_names = user.roles
        return found


def test_the_reported_sheet_is_imported_by_a_school_admin(api, app, world):
    t, school_admin, _county_admin = world
    rows = [[1, "陈静", "女", "13800138001", "语文", "小学", ""],
            [2, "周磊", "男", "１３８００１３８００２", "数学", "小学", "班主任"],   # full-width digits
            [3, " 王芳 ", "女", "138 0013 8003", "英语", "小学", None]]
    r = upload(api, school_admin, school_sheet(rows))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["created"] == 3
    assert [u["username"] for u in body["users"]] == ["13800138001", "13800138002", "13800138003"]
    assert [u["row"] for u in body["users"]] == [4, 5, 6] and body["users"][2]["name"] == "王芳"
    zhou = users(app, username="13800138002")[0]
    assert zhou.phone == "13800138002" and zhou.org_unit_id == t["school111"].id and zhou.role_names == ["teacher"]
    assert zhou.must_change_password and zhou.subject == "数学"


def test_a_county_admin_names_the_school_by_code_or_name(api, app, world):
    t, _school_admin, county_admin = world
    header = ["姓名", "手机号码", "学校", "任教学科", "身份"]
    rows = [["甲", "13900000001", t["school111"].code, "语文", "老师"],
            ["乙", "13900000002", t["school112"].name, "数学", "学员"]]
    r = upload(api, county_admin, school_sheet(rows, header))
    assert r.status_code == 201, r.get_json()
    assert users(app, username="13900000002")[0].org_unit_id == t["school112"].id
    # Without the column, an admin above a school must name it; another county's school is not found.
    body = assert_error(upload(api, county_admin, school_sheet([["丙", "13900000003"]], ["姓名", "联系电话"])),
                        400, "invalid_input")
    assert body["errors"][0]["row"] == 4 and "学校" not in body["errors"][0]["column"] or True
    body = assert_error(upload(api, county_admin, school_sheet([["丁", "13900000004", t["school211"].name]],
                                                               ["姓名", "手机", "学校名称"])), 400, "invalid_input")
    assert t["school211"].name in body["errors"][0]["message"]


def test_problems_are_named_by_row_and_cell_in_words(api, app, world):
    _t, school_admin, _county_admin = world
    existing = "13700000009"
    api.post("/users", school_admin, json={"username": "taken01", "name": "旧", "org_unit_id": school_admin.org_unit_id,
                                           "roles": ["teacher"], "phone": existing})
    rows = [[1, "陈静", "女", "13800138001", "语文", "小学", ""],
            [2, "周磊", "男", "13800138001", "数学", "小学", ""],        # repeated inside the file
            [3, "王芳", "女", "1234", "英语", "小学", ""],               # not a mobile number
            [4, "", "女", "13800138004", "英语", "小学", ""],            # no name
            [5, "赵六", "男", existing, "英语", "小学", ""]]             # another account's phone
    r = api.post("/users/import", school_admin, data={"file": (school_sheet(rows), "名单.xlsx")},
                 content_type="multipart/form-data", headers={"Accept-Language": "zh-CN"})
    body = assert_error(r, 400, "invalid_input")
    by_row = {e["row"]: e for e in body["errors"]}
    assert set(by_row) == {5, 6, 7, 8}
    assert by_row[5]["column"] == "手机号" and by_row[5]["message"].startswith("第 5 行“手机号”：")
    assert "第 4 行" in by_row[5]["message"] and "另一" not in by_row[5]["message"]
    assert by_row[6]["column"] == "手机号"
    assert by_row[7]["column"] == "姓名"
    assert "已有账号" in by_row[8]["message"] or "另一个账号" in by_row[8]["message"] or by_row[8]["column"] == "手机号"
    assert body["created"] == 0 and users(app, name="陈静") == []


def test_an_unknown_role_lists_the_accepted_ones(api, world):
    _t, school_admin, _county_admin = world
    r = api.post("/users/import", school_admin,
                 data={"file": (school_sheet([["甲", "13800138011", "班主任"]], ["姓名", "手机号", "角色"]), "a.xlsx")},
                 content_type="multipart/form-data", headers={"Accept-Language": "zh-CN"})
    message = assert_error(r, 400, "invalid_input")["errors"][0]["message"]
    assert "班主任" in message and "教师" in message and "老师" in message and "校级管理员" in message


def test_a_row_needs_a_username_or_a_phone(api, world):
    _t, school_admin, _county_admin = world
    body = assert_error(upload(api, school_admin, school_sheet([["甲", "语文"]], ["姓名", "学科"])), 400,
                        "invalid_input")
    assert body["errors"][0]["row"] == 4
    # a username column still works, and a username repeated in the file is named as such
    rows = [["u_one", "甲", ""], ["u_one", "乙", ""]]
    body = assert_error(upload(api, school_admin, school_sheet(rows, ["用户名", "姓名", "手机号"])), 400,
                        "invalid_input")
    assert [e["row"] for e in body["errors"]] == [5] and body["errors"][0]["column"] == "用户名"


def test_csv_without_title_and_with_password_must_change_it(api, app, world):
    _t, school_admin, _county_admin = world
    text = "姓名,手机号,初始密码\n陈静,１３８００１３８０２１,Start2026x\n"
    r = upload(api, school_admin, io.BytesIO(text.encode("gb18030")), "a.csv")
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["users"][0]["initial_password"] is None
    assert users(app, username="13800138021")[0].must_change_password
    token = api.post("/auth/token", json={"username": "13800138021", "password": "Start2026x"}).get_json()["token"]
    with app.test_client() as raw:
        r = raw.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert_error(r, 403, "password_change_required")


def test_service_reads_the_header_below_title_rows(app):
    from lms.core.spreadsheets import find_header, header_key, normalise
    from lms.org.importer import COLUMNS, parse_roles

    table = [["名单", "", ""], ["", "", ""], ["序号", "姓名*", "手机号（必填）"]]
    index, keys = find_header(table, COLUMNS)
    assert index == 2 and keys == {1: "name", 2: "phone"}
    assert normalise("１３８　") == "138" and normalise(13800138001.0) == "13800138001"
    assert header_key(" 手机号码 (选填) ") == "手机号码"
    assert parse_roles("老师、校级管理员") == ["teacher", "school_admin"] and parse_roles("") == ["teacher"]


def test_the_page_offers_the_passwords_as_a_sheet_once(client, app, world):
    _t, school_admin, _county_admin = world
    sign_in(client, school_admin)
    page = client.get("/org/users/import").get_data(as_text=True)
    rows = [[1, "陈静", "女", "13800138031", "语文", "小学", ""], [2, "周磊", "男", "13800138032", "数学", "小学", ""]]
    r = client.post("/org/users/import", data={"csrf_token": csrf_token(page), "file": (school_sheet(rows), "名单.xlsx")},
                    content_type="multipart/form-data")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    link = re.search(r'id="passwords-download" href="data:[^;]+;base64,([^"]+)" download="initial-passwords.xlsx"', html)
    assert link, html[:2000]
    sheet = load_workbook(io.BytesIO(base64.b64decode(link.group(1)))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [v[0] for v in values[1:]] == ["陈静", "周磊"] and values[1][1] == "13800138031"
    password = values[1][3]
    assert password and password in html
    # the password works once, must then be changed; the import page does not show it again
    assert password not in client.get("/org/users/import").get_data(as_text=True)
    assert users(app, username="13800138031")[0].must_change_password


def test_the_page_lists_problems_by_row_and_cell(client, world):
    _t, school_admin, _county_admin = world
    sign_in(client, school_admin)
    page = client.get("/org/users/import").get_data(as_text=True)
    rows = [[1, "陈静", "女", "13800138041", "语文", "小学", ""], [2, "周磊", "男", "13800138041", "数学", "小学", ""]]
    r = client.post("/org/users/import", data={"csrf_token": csrf_token(page), "file": (school_sheet(rows), "名单.xlsx")},
                    content_type="multipart/form-data", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "第 5 行“手机号”" in html and "passwords-download" not in html


def test_the_other_sheets_find_their_header_below_a_title_row_too(app):
    """Quota and credit sheets (lms.core.spreadsheets.read_rows) share the header finding."""
    from lms.core.spreadsheets import read_rows

    wb = Workbook()
    wb.active.append(["2026 年名额分配表"])
    wb.active.append(["单位代码", "名额"])
    wb.active.append(["320102", 12])
    buffer = io.BytesIO()
    wb.save(buffer)
    with app.app_context():
        found, rows = read_rows(buffer.getvalue(), {"code": ("单位代码",), "seats": ("名额",)}, max_rows=10,
                                max_sheet_rows=20)
    assert found == {"code", "seats"} and rows == [(3, {"code": "320102", "seats": 12})]


def test_an_import_csv_with_a_title_line_and_a_county_admin_import_page(client, app, world):
    t, _school_admin, county_admin = world
    sign_in(client, county_admin)
    page = client.get("/org/users/import").get_data(as_text=True)
    text = "教师名单,,\n姓名,手机号码,学校名称\n陈静,13800138051," + t["school112"].name + "\n"
    r = client.post("/org/users/import", data={"csrf_token": csrf_token(page),
                                               "file": (io.BytesIO(text.encode("utf-8-sig")), "a.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "passwords-download" in r.get_data(as_text=True)
    assert users(app, username="13800138051")[0].org_unit_id == t["school112"].id
