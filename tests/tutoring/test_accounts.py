"""Student accounts: a school's admins create them (student number = user name), by hand or from a sheet (学生)."""
from __future__ import annotations

from tests.api.test_import import xlsx
from tests.helpers import assert_error


def test_a_school_admin_creates_a_student_of_its_school(api, world):
    body = {"username": "G110101200901011234", "name": "孙同学", "password": "Start2026",
            "org_unit_id": world.tree["school112"].id, "roles": ["student"]}
    r = api.post("/users", world.school, json=body)
    assert r.status_code == 201, r.get_json()
    token = api.post("/auth/token", json={"username": "G110101200901011234", "password": "Start2026"})
    assert [x["role"] for x in token.get_json()["user"]["roles"]] == ["student"]
    other = dict(body, username="G110101200901019999", org_unit_id=world.tree["school121"].id)
    assert_error(api.post("/users", world.school, json=other), 403, "forbidden")
    county = dict(body, username="G110101200901018888", org_unit_id=world.tree["county11"].id)
    assert_error(api.post("/users", world.city1, json=county), 400, "invalid_input")  # students belong to a school


def test_students_come_from_a_sheet(api, world):
    code = world.tree["school112"].code
    rows = [["G110101200902021234", "钱同学", "", code, "", "初中", "学生", "Start2026"]]
    r = api.post("/users/import", world.school, data={"file": (xlsx(rows), "students.xlsx")},
                 content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    me = api.post("/auth/token", json={"username": "G110101200902021234", "password": "Start2026"}).get_json()
    assert me["user"]["roles"][0]["role"] == "student"
