"""Strict request bodies and the password rule (docs/SECURITY.md, "Input" and "Passwords")."""
from __future__ import annotations

import pytest

from lms.org import rules
from tests.factories import PASSWORD
from tests.helpers import assert_error
from tests.programme import Programme


@pytest.fixture
def seats_world(app, make, tree):
    p = Programme(app)
    batch = p.batch(p.project(quota_deadline=None))
    return {"batch": batch, "admin": make.admin(tree["province"]), "unit": tree["province"]}


@pytest.mark.parametrize("seats", [True, False, 1.5, 2.0, "3", [1], {"n": 1}])
def test_a_seat_count_is_a_whole_json_number(api, seats_world, seats):
    r = api.put(f"/batches/{seats_world['batch']}/quotas/{seats_world['unit'].id}", seats_world["admin"],
                json={"seats": seats})
    body = assert_error(r, 400, "invalid_input")
    assert "seats" in body["error"]["fields"]


def test_a_whole_number_still_works(api, seats_world):
    r = api.put(f"/batches/{seats_world['batch']}/quotas/{seats_world['unit'].id}", seats_world["admin"],
                json={"seats": 3})
    assert r.status_code == 200 and r.get_json()["seats"] == 3


@pytest.mark.parametrize("parent_id", [True, 1.5, "1"])
def test_an_id_is_a_whole_json_number(api, make, tree, parent_id):
    r = api.post("/org-units", make.admin(tree["province"]), json={"name": "新城", "level": "city",
                                                                   "parent_id": parent_id})
    assert "parent_id" in assert_error(r, 400, "invalid_input")["error"]["fields"]


def test_dates_are_still_iso_strings(api, make, tree):
    admin = make.admin(tree["province"])
    r = api.post("/projects", admin, json={"code": "P2027", "name": "二〇二七", "year": 2027, "series": "jsjy", "calendar": "none",
                                           "quota_deadline": "2027-03-01"})
    assert r.status_code == 201, r.get_json()
    r = api.post(f"/projects/{r.get_json()['id']}/batches", admin,
                 json={"number": 1, "starts_on": "2027-04-01", "ends_on": "2027-04-20",
                       "registration_opens_at": "2027-03-20T08:00:00+08:00"})
    assert r.status_code == 201, r.get_json()


@pytest.mark.parametrize("password,username,problem", [
    ("password1", None, "too_common"), ("qwerty123", None, "too_common"), ("aaaaaaa1", None, "too_simple"),
    ("abc12345", None, "too_common"), ("admin2026", None, "too_common"), ("wangwei2026", "wangwei", "contains_username"),
    ("xWANGWEI99", "wangwei", "contains_username"), ("short1", None, "too_short"),
])
def test_weak_passwords_are_refused(password, username, problem):
    assert rules.password_error(password, username) == problem


def test_a_reasonable_password_passes():
    assert rules.password_error("Jiangsu-lms-7f3k", "wangwei") is None


@pytest.mark.parametrize("new", ["password1", "qwerty123", "aaaaaaa1"])
def test_the_api_refuses_a_common_password(api, make, tree, new):
    user = make.user(tree["school111"], "teacher", username="wangwei")
    r = api.post("/me/password", user, json={"current_password": PASSWORD, "new_password": new})
    assert "new_password" in assert_error(r, 400, "invalid_input")["error"]["fields"]


def test_the_api_refuses_a_password_with_the_username(api, make, tree):
    user = make.user(tree["school111"], "teacher", username="wangwei")
    r = api.post("/me/password", user, json={"current_password": PASSWORD, "new_password": "wangwei2026"})
    assert "new_password" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    body = {"username": "liuyang", "name": "刘洋", "org_unit_id": tree["school111"].id, "roles": ["teacher"],
            "password": "liuyang123"}
    r = api.post("/users", make.admin(tree["school111"]), json=body)
    assert "password" in assert_error(r, 400, "invalid_input")["error"]["fields"]
