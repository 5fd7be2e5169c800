"""The right to call is checked before the body: a caller without it gets 403 whatever it sends, and learns
nothing of the body's rules (issue 10: a teacher posting to /api/v1/users used to get a validation error)."""
from __future__ import annotations

import pytest

from tests.helpers import assert_error
from tests.programme import NOW, Programme, at

# Bodies that would each fail validation (400) if they were read.
BAD_BODIES = [{}, {"unknown": 1}, {"name": 5, "roles": "king", "org_unit_id": "x", "parent_id": -1}]


@pytest.fixture
def world(app, make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    t["teacher"] = make.user(t["school111"], "teacher")
    t["peer"] = make.admin(t["school111"])
    p = Programme(app)
    t["project"] = p.project()
    t["batch"] = p.batch(t["project"])
    t["class"] = p.klass(t["batch"])
    p.seats_down_to(t["batch"], t, "school111", 2)
    t["enrollment"] = p.enroll(t["class"], t["teacher"])
    return t


def _calls(t):
    """(method, path, caller without the right): the create and update endpoints of org and enrollment."""
    return [
        ("POST", "/users", t["teacher"]),
        ("POST", "/org-units", t["teacher"]),
        ("PATCH", f"/org-units/{t['school111'].id}", t["teacher"]),
        ("PATCH", f"/org-units/{t['city1'].id}", t["admins"]["county11"]),  # outside its subtree (above it)
        ("POST", f"/users/{t['peer'].id}/reset-password", t["admins"]["school111"]),  # its own level
        ("POST", f"/users/{t['admins']['county11'].id}/reset-password", t["teacher"]),
        ("POST", "/enrollments", t["teacher"]),
        ("POST", f"/enrollments/{t['enrollment']}/replace", t["admins"]["county11"]),  # sees it, may not change it
        ("POST", f"/enrollments/{t['enrollment']}/replace", t["teacher"]),
        ("POST", f"/projects/{t['project']}/waivers", t["admins"]["city1"]),  # only the province grants them
    ]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_caller_without_the_right_gets_403_whatever_it_sends(api, world, body):
    with at(api, NOW):
        for method, path, caller in _calls(world):
            r = api.call(method, path, caller, json=body)
            assert r.status_code == 403, (method, path, r.status_code, r.get_json())
            assert r.get_json()["error"]["code"] == "forbidden"
            assert "fields" not in r.get_json()["error"], (method, path)


def test_a_teacher_posting_to_users_gets_403_not_a_validation_error(api, world):
    body = assert_error(api.post("/users", world["teacher"], json={"username": "x"}), 403, "forbidden")
    assert "fields" not in body["error"]
    r = api.post("/users", world["teacher"], data="not json", content_type="text/plain")
    assert_error(r, 403, "forbidden")
    r = api.post("/users/import", world["teacher"], data={}, content_type="multipart/form-data")
    assert_error(r, 403, "forbidden")


def test_with_the_right_the_same_bodies_are_explained(api, world):
    """The admin who may call gets the body's rules (400), so the 403 above was the right, not the body."""
    admin = world["admins"]["province"]
    for path in ("/users", "/org-units"):
        assert "fields" in assert_error(api.post(path, admin, json={}), 400, "invalid_input")["error"]
    assert_error(api.post(f"/projects/{world['project']}/waivers", admin, json={}), 400, "invalid_input")
    school_admin = world["admins"]["school111"]
    assert_error(api.post(f"/enrollments/{world['enrollment']}/replace", school_admin, json={}), 400, "invalid_input")
