"""Users through the API: creation in scope, roles matching levels, search, reset (J1, B1)."""
from __future__ import annotations

import pytest

from tests.helpers import assert_error


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    return t


def new_user(unit_id, **extra):
    return {"username": extra.pop("username", "new_teacher"), "name": "王芳", "password": "start2026",
            "org_unit_id": unit_id, "roles": ["teacher"], "subject": "语文", "stage": "小学",
            "phone": "13912345678"} | extra


def test_school_admin_creates_a_teacher(api, tree):
    r = api.post("/users", tree["admins"]["school111"], json=new_user(tree["school111"].id))
    assert r.status_code == 201
    user = r.get_json()
    assert user["roles"] == [{"role": "teacher", "org_unit_id": tree["school111"].id}]
    assert api.post("/auth/token", json={"username": "new_teacher", "password": "start2026"}).status_code == 200


def test_generated_initial_password_is_returned_once(api, tree):
    payload = new_user(tree["school111"].id)
    del payload["password"]
    body = api.post("/users", tree["admins"]["county11"], json=payload).get_json()
    assert len(body["initial_password"]) == 10
    token = api.post("/auth/token", json={"username": "new_teacher", "password": body["initial_password"]})
    assert token.status_code == 200


@pytest.mark.parametrize("admin_key,unit_key", [
    ("school111", "school112"), ("county11", "school121"), ("county11", "county12"), ("city1", "school211"),
    ("city1", "province"), ("school111", "county11"),
])
def test_no_user_outside_the_subtree(api, tree, admin_key, unit_key):
    role = "teacher" if tree[unit_key].level == "school" else f"{tree[unit_key].level}_admin"
    r = api.post("/users", tree["admins"][admin_key], json=new_user(tree[unit_key].id, roles=[role]))
    assert_error(r, 403, "forbidden")


@pytest.mark.parametrize("unit_key,roles", [
    ("county11", ["teacher"]), ("school111", ["county_admin"]), ("city1", ["school_admin"]),
    ("province", ["city_admin"]),
])
def test_role_must_match_the_units_level(api, tree, unit_key, roles):
    body = assert_error(api.post("/users", tree["admins"]["province"], json=new_user(tree[unit_key].id, roles=roles)),
                        400, "invalid_input")
    assert "roles" in body["error"]["fields"]


def test_only_a_province_admin_appoints_tutors(api, tree):
    r = api.post("/users", tree["admins"]["city1"], json=new_user(tree["city1"].id, roles=["tutor"]))
    assert "roles" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    assert api.post("/users", tree["admins"]["province"],
                    json=new_user(tree["province"].id, roles=["tutor"])).status_code == 201


def test_username_and_phone_are_unique(api, tree):
    admin = tree["admins"]["province"]
    assert api.post("/users", admin, json=new_user(tree["school111"].id)).status_code == 201
    body = assert_error(api.post("/users", admin, json=new_user(tree["school111"].id)), 400, "invalid_input")
    assert {"username", "phone"} <= set(body["error"]["fields"])


@pytest.mark.parametrize("change,field", [
    ({"username": "a"}, "username"), ({"username": "has space"}, "username"), ({"name": ""}, "name"),
    ({"password": "short"}, "password"), ({"password": "onlyletters"}, "password"), ({"roles": []}, "roles"),
    ({"roles": ["king"]}, "roles.0"), ({"phone": "12345"}, "phone"), ({"org_unit_id": "x"}, "org_unit_id"),
])
def test_bad_user_input_writes_nothing(api, tree, app, change, field):
    from lms.extensions import db
    from lms.org.models import User

    with app.app_context():
        before = db.session.query(User).count()
    body = assert_error(api.post("/users", tree["admins"]["province"], json=new_user(tree["school111"].id, **change)),
                        400, "invalid_input")
    assert field in body["error"]["fields"], body
    with app.app_context():
        assert db.session.query(User).count() == before


def test_unknown_org_unit_is_404(api, tree):
    assert_error(api.post("/users", tree["admins"]["province"], json=new_user(987654)), 404, "not_found")


def test_list_and_search_users_in_scope_with_typos(api, make, tree):
    make.user(tree["school111"], "teacher", name="张小明", username="zxm01")
    make.user(tree["school111"], "teacher", name="李华", username="lihua")
    make.user(tree["school211"], "teacher", name="张小明", username="zxm22")  # another city
    admin = tree["admins"]["city1"]
    listed = api.get("/users?role=teacher", admin).get_json()
    assert {u["username"] for u in listed["items"]} == {"zxm01", "lihua"} and listed["total"] == 2
    found = api.get("/users?q=张晓明", admin).get_json()  # one character wrong
    assert [u["username"] for u in found["items"]] == ["zxm01"]
    assert api.get("/users?q=zx", admin).get_json()["items"][0]["username"] == "zxm01"
    assert_error(api.get(f"/users?org_unit_id={tree['city2'].id}", admin), 403, "forbidden")


@pytest.mark.parametrize("query", ["page=0", "per_page=0", "per_page=10000", "page=x", "role=king"])
def test_bad_list_parameters(api, tree, query):
    assert_error(api.get(f"/users?{query}", tree["admins"]["province"]), 400, "invalid_input")


def test_teachers_cannot_list_or_see_others(api, make, tree):
    teacher = make.user(tree["school111"], "teacher")
    other = make.user(tree["school111"], "teacher")
    assert_error(api.get("/users", teacher), 403, "forbidden")
    assert_error(api.get(f"/users/{other.id}", teacher), 403, "forbidden")
    assert api.get(f"/users/{teacher.id}", teacher).status_code == 200


def test_reset_password_only_from_above(api, make, tree):
    teacher = make.user(tree["school111"], "teacher")
    school_admin = tree["admins"]["school111"]
    peer_admin = make.admin(tree["school111"])
    # A school admin resets a teacher's password, not another admin's at the same level.
    r = api.post(f"/users/{teacher.id}/reset-password", school_admin, json={})
    assert r.status_code == 200 and r.get_json()["initial_password"]
    assert_error(api.post(f"/users/{peer_admin.id}/reset-password", school_admin, json={}), 403, "forbidden")
    assert api.post(f"/users/{peer_admin.id}/reset-password", tree["admins"]["county11"],
                    json={"new_password": "fresh2026"}).status_code == 200
    assert_error(api.post(f"/users/{teacher.id}/reset-password", tree["admins"]["school112"], json={}), 403,
                 "forbidden")
    assert_error(api.post(f"/users/{teacher.id}/reset-password", school_admin, json={"new_password": "x"}), 400,
                 "invalid_input")


@pytest.mark.parametrize("admin_key, unit_key, roles, allowed", [
    ("school111", "school111", ["teacher"], True),
    ("school111", "school111", ["school_admin"], False),     # its own level: it could not reset it afterwards
    ("county11", "county11", ["county_admin"], False),
    ("county11", "school111", ["school_admin"], True),
    ("city1", "county11", ["county_admin"], True),
    ("city1", "city1", ["city_admin"], False),
    ("province", "province", ["province_admin"], False),
    ("province", "city1", ["city_admin"], True),
])
def test_an_admin_creates_only_whom_it_may_then_reset(api, tree, admin_key, unit_key, roles, allowed):
    """Creation, reset and unlock are decided by one policy: people strictly below the admin's own level."""
    admin = tree["admins"][admin_key]
    r = api.post("/users", admin, json=new_user(tree[unit_key].id, roles=roles, username="made_here"))
    if not allowed:
        assert_error(r, 400, "invalid_input")
        assert "roles" in r.get_json()["error"]["fields"]
        return
    assert r.status_code == 201
    made = r.get_json()["id"]
    assert api.post(f"/users/{made}/reset-password", admin, json={}).status_code == 200
