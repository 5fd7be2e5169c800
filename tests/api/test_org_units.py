"""Org units through the API: creation by level, scope at every level (J1), bad input."""
from __future__ import annotations

import pytest

from tests.helpers import assert_error


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    return t


def test_province_admin_builds_the_tree(api, tree):
    admin = tree["admins"]["province"]
    r = api.post("/org-units", admin, json={"name": "苏州市", "level": "city", "parent_id": tree["province"].id,
                                            "code": "320500", "teacher_count": 90000})
    assert r.status_code == 201
    city = r.get_json()
    assert city | {"id": 0} == {"id": 0, "name": "苏州市", "level": "city", "parent_id": tree["province"].id,
                                "code": "320500", "teacher_count": 90000, "kind": None}
    r = api.post("/org-units", admin, json={"name": "姑苏区", "level": "county", "parent_id": city["id"]})
    assert r.status_code == 201
    children = api.get(f"/org-units/{city['id']}/children", admin).get_json()
    assert [c["name"] for c in children["items"]] == ["姑苏区"]


@pytest.mark.parametrize("level,parent", [("county", "province"), ("school", "city1"), ("city", "county11")])
def test_level_must_be_the_parents_next(api, tree, level, parent):
    body = assert_error(api.post("/org-units", tree["admins"]["province"],
                                 json={"name": "X", "level": level, "parent_id": tree[parent].id}), 400, "invalid_input")
    assert "level" in body["error"]["fields"]


def test_a_school_has_no_children(api, tree):
    r = api.post("/org-units", tree["admins"]["school111"],
                 json={"name": "X", "level": "school", "parent_id": tree["school111"].id})
    assert_error(r, 403, "forbidden")


def test_duplicate_code_is_a_conflict(api, tree):
    admin = tree["admins"]["province"]
    api.post("/org-units", admin, json={"name": "A", "level": "city", "parent_id": tree["province"].id, "code": "9"})
    assert_error(api.post("/org-units", admin, json={"name": "B", "level": "city", "parent_id": tree["province"].id,
                                                     "code": "9"}), 409, "code_taken")


# Each admin, and the units it must not see: a sibling at its level and everything above it.
OUTSIDE = {
    "city1": ["province", "city2", "county21", "school212"],
    "county11": ["city1", "county12", "county21", "school121"],
    "school111": ["county11", "school112", "school211"],
}


@pytest.mark.parametrize("admin_key", sorted(OUTSIDE))
def test_admins_see_only_their_subtree(api, tree, admin_key):
    admin = tree["admins"][admin_key]
    for key in OUTSIDE[admin_key]:
        unit = tree[key]
        assert_error(api.get(f"/org-units/{unit.id}", admin), 403, "forbidden")
        assert_error(api.get(f"/org-units/{unit.id}/children", admin), 403, "forbidden")
        assert_error(api.patch(f"/org-units/{unit.id}", admin, json={"teacher_count": 1}), 403, "forbidden")
        if key != "province" and tree[key].level != "school":
            child_level = {"city": "county", "county": "school"}[unit.level]
            assert_error(api.post("/org-units", admin, json={"name": "X", "level": child_level, "parent_id": unit.id}),
                         403, "forbidden")
    own = tree[admin_key]
    assert api.get(f"/org-units/{own.id}", admin).status_code == 200


def test_teachers_tutors_and_experts_see_no_units(api, make, tree):
    for role in ("teacher", "tutor", "expert"):
        unit = tree["school111"] if role == "teacher" else tree["province"]
        person = make.user(unit, role)
        assert_error(api.get(f"/org-units/{unit.id}", person), 403, "forbidden")


def test_unknown_unit_is_404(api, tree):
    assert_error(api.get("/org-units/999999", tree["admins"]["province"]), 404, "not_found")


def test_teacher_count_edit_is_audited(api, tree, app):
    from lms.core.audit import AuditEntry
    from lms.extensions import db

    admin = tree["admins"]["county11"]
    r = api.patch(f"/org-units/{tree['school111'].id}", admin, json={"teacher_count": 321})
    assert r.status_code == 200 and r.get_json()["teacher_count"] == 321
    with app.app_context():
        entry = db.session.query(AuditEntry).filter_by(action="org_unit.update").one()
        assert entry.actor_id == admin.id
        assert entry.before["teacher_count"] == 100 and entry.after["teacher_count"] == 321


@pytest.mark.parametrize("payload", [
    {}, {"name": "", "level": "city", "parent_id": 1}, {"name": "x", "level": "planet", "parent_id": 1},
    {"name": "x", "level": "city", "parent_id": "one"}, {"name": "x", "level": "city", "parent_id": 1,
                                                           "teacher_count": -5},
    {"name": "x", "level": "city", "parent_id": 1, "code": "32 01"}, {"name": "x" * 500, "level": "city",
                                                                       "parent_id": 1},
    {"name": "x", "level": "city", "parent_id": 1, "extra": True},
])
def test_bad_unit_input_writes_nothing(api, tree, app, payload):
    from lms.extensions import db
    from lms.org.models import OrgUnit

    with app.app_context():
        before = db.session.query(OrgUnit).count()
    body = assert_error(api.post("/org-units", tree["admins"]["province"], json=payload), 400, "invalid_input")
    assert body["error"]["fields"]
    with app.app_context():
        assert db.session.query(OrgUnit).count() == before


@pytest.mark.parametrize("payload", [{"teacher_count": -1}, {"teacher_count": "many"}, {"name": ""}, {"x": 1}])
def test_bad_unit_update(api, tree, payload):
    assert_error(api.patch(f"/org-units/{tree['city1'].id}", tree["admins"]["province"], json=payload), 400,
                 "invalid_input")


def test_names_and_codes_are_kept_from_above(api, tree):
    own = tree["admins"]["county11"]
    assert_error(api.patch(f"/org-units/{tree['county11'].id}", own, json={"name": "改名"}), 403, "forbidden")
    assert api.patch(f"/org-units/{tree['county11'].id}", own, json={"teacher_count": 5}).status_code == 200
    r = api.patch(f"/org-units/{tree['county11'].id}", tree["admins"]["city1"], json={"name": "改名", "code": "X1"})
    assert r.status_code == 200 and r.get_json()["name"] == "改名"
