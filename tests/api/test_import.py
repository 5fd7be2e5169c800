"""Bulk import of users: all rows or none, with a row-by-row report."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers import assert_error

HEADER = ["用户名", "姓名", "手机号", "单位代码", "学科", "学段", "角色", "初始密码"]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(rows, encoding="utf-8-sig") -> io.BytesIO:
    lines = [",".join(HEADER)] + [",".join(str(c) for c in row) for row in rows]
    return io.BytesIO("\n".join(lines).encode(encoding))


@pytest.fixture
def setup(make):
    t = make.tree()
    return t, make.admin(t["county11"])


def count_users(app) -> int:
    from lms.extensions import db
    from lms.org.models import User

    with app.app_context():
        return db.session.query(User).count()


def upload(api, admin, data, name="users.xlsx"):
    return api.post("/users/import", admin, data={"file": (data, name)}, content_type="multipart/form-data")


def test_valid_xlsx_creates_everyone(api, app, setup):
    t, admin = setup
    code = t["school111"].code
    rows = [["imp_a01", "陈静", 13800138001, code, "语文", "小学", "教师", ""],
            ["imp_a02", "周磊", "13800138002", code, "数学", "初中", "teacher", "Start2026"]]
    r = upload(api, admin, xlsx(rows))
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["created"] == 2 and body["errors"] == []
    generated = body["users"][0]["initial_password"]
    assert generated and body["users"][1]["initial_password"] is None
    assert api.post("/auth/token", json={"username": "imp_a01", "password": generated}).status_code == 200
    me = api.post("/auth/token", json={"username": "imp_a02", "password": "Start2026"}).get_json()["user"]
    assert me["phone"] == "13800138002" and me["subject"] == "数学"


def test_one_bad_row_creates_nobody_and_names_each_problem(api, app, setup):
    t, admin = setup
    code = t["school111"].code
    before = count_users(app)
    rows = [["imp_b01", "陈静", "13800138001", code, "语文", "小学", "", ""],
            ["imp_b01", "重复", "13800138003", code, "", "", "", ""],          # duplicate username in file
            ["imp_b03", "", "13800138001", code, "", "", "", ""],               # no name, phone repeated
            ["imp_b04", "外区", "", t["school211"].code, "", "", "", ""],     # outside the admin's county
            ["imp_b05", "错角色", "", code, "", "", "县级管理员", ""],            # county admin at a school
            ["imp_b06", "弱密码", "", code, "", "", "", "123"]]
    r = upload(api, admin, xlsx(rows))
    body = assert_error(r, 400, "invalid_input")
    assert body["created"] == 0
    assert [e["row"] for e in body["errors"]] == [3, 4, 4, 5, 6, 7]  # row 4: no name, and the phone of row 2
    assert "第 2 行" in body["errors"][2]["message"] or "row 2" in body["errors"][2]["message"]
    assert count_users(app) == before


def test_csv_in_gb18030_as_excel_saves_it(api, setup):
    t, admin = setup
    rows = [["imp_c01", "欧阳娜", "", t["school112"].code, "英语", "高中", "教师", ""]]
    r = upload(api, admin, csv_file(rows, "gb18030"), "users.csv")
    assert r.status_code == 201 and r.get_json()["created"] == 1


def test_missing_columns_and_empty_files(api, setup):
    _t, admin = setup
    body = assert_error(upload(api, admin, xlsx([["x"]], header=["用户名"])), 400, "invalid_input")
    assert "姓名" in body["error"]["message"]
    assert_error(upload(api, admin, io.BytesIO(b""), "users.csv"), 400, "invalid_input")
    assert_error(upload(api, admin, io.BytesIO(b"PK\x03\x04garbage"), "users.xlsx"), 400, "invalid_input")


def test_wrong_type_and_missing_file(api, setup):
    _t, admin = setup
    assert_error(upload(api, admin, io.BytesIO(b"hello"), "users.pdf"), 415, "unsupported_media_type")
    assert_error(api.post("/users/import", admin, data={}, content_type="multipart/form-data"), 400, "invalid_input")


def test_too_large(api, app, setup):
    _t, admin = setup
    big = io.BytesIO(b"a" * (app.config["MAX_IMPORT_BYTES"] + 10))
    assert_error(upload(api, admin, big, "users.csv"), 413, "too_large")


def test_teachers_cannot_import(api, make, setup):
    t, _admin = setup
    teacher = make.user(t["school111"], "teacher")
    assert_error(upload(api, teacher, xlsx([])), 403, "forbidden")


def test_template_has_the_header(client, make, setup):
    from tests.helpers import sign_in

    _t, admin = setup
    sign_in(client, admin)
    r = client.get("/org/users/import/template.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.data)).active
    assert {"姓名", "手机号", "单位代码", "角色", "初始密码"} <= {c.value for c in sheet[1]}
