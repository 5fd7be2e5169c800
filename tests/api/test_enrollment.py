"""POST /enrollments, cancel, replace, choices: every refusal by its code (J2, J7, J8, J9, J12)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lms.core import clock
from tests.helpers import assert_error, pin_clock
from tests.programme import NOW, Programme, at


@pytest.fixture
def world(app, make):
    pin_clock()
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    t["teachers"] = [make.user(t["school111"], "teacher", name=f"教师{i}") for i in range(4)]
    t["other_teacher"] = make.user(t["school112"], "teacher", name="外校教师")
    p = Programme(app)
    t["p"] = p
    t["project"] = p.project()
    t["batch"] = p.batch(t["project"])
    t["class"] = p.klass(t["batch"])
    p.seats_down_to(t["batch"], t, "school111", 2)
    return t


def _enroll(api, world, teacher, class_id=None, admin=None):
    return api.post("/enrollments", admin or world["admins"]["school111"],
                    json={"class_id": class_id or world["class"], "teacher_id": teacher.id})


def test_enroll_answers_the_fixed_shape_and_takes_a_seat(api, world):
    with at(api, NOW):
        r = _enroll(api, world, world["teachers"][0])
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert {k: body[k] for k in ("class_id", "teacher_id", "school_id", "status")} == {
        "class_id": world["class"], "teacher_id": world["teachers"][0].id, "school_id": world["school111"].id,
        "status": "active"}
    assert body["id"] and body["created_at"]
    assert world["p"].figures(world["batch"], world["school111"]) == {
        "batch_id": world["batch"], "org_unit_id": world["school111"].id, "seats": 2, "allocated": 0,
        "enrolled": 1, "available": 1, "enrolled_in_area": 1}


def test_quota_exhausted_when_the_school_has_no_seat_left(api, world):
    with at(api, NOW):
        assert _enroll(api, world, world["teachers"][0]).status_code == 201
        assert _enroll(api, world, world["teachers"][1]).status_code == 201
        body = assert_error(_enroll(api, world, world["teachers"][2]), 409, "quota_exhausted")
    assert world["school111"].name in body["error"]["message"]
    assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 2


def test_a_school_without_seats_is_exhausted_too(api, world):
    with at(api, NOW):
        assert_error(_enroll(api, world, world["other_teacher"], admin=world["admins"]["school112"]), 409,
                     "quota_exhausted")


@pytest.mark.parametrize("moment", [NOW - timedelta(days=3), NOW + timedelta(days=3)])
def test_registration_closed_outside_the_window(api, world, moment):
    with at(api, moment):
        assert_error(_enroll(api, world, world["teachers"][0]), 409, "registration_closed")
    assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 0


def test_already_enrolled_in_the_same_batch(api, world):
    other_class = world["p"].klass(world["batch"])
    with at(api, NOW):
        assert _enroll(api, world, world["teachers"][0]).status_code == 201
        assert_error(_enroll(api, world, world["teachers"][0], class_id=other_class), 409, "already_enrolled")
    assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 1


def _last_year_enrollment(world, series="jsjy"):
    p = world["p"]
    old_project = p.project(year=2025, series=series)
    old_batch = p.batch(old_project, starts_on=date(2025, 11, 16))
    old_class = p.klass(old_batch)
    p.seats_down_to(old_batch, world, "school111", 1)
    return p.enroll(old_class, world["teachers"][0])


def test_consecutive_year_blocks_the_same_series_and_a_province_waiver_lifts_it(api, world):
    _last_year_enrollment(world)
    with at(api, NOW):
        body = assert_error(_enroll(api, world, world["teachers"][0]), 409, "consecutive_year")
        assert "2025" in body["error"]["message"]
        # Only the province makes the exception, and it needs a reason.
        r = api.post(f"/projects/{world['project']}/waivers", world["admins"]["city1"],
                     json={"teacher_id": world["teachers"][0].id, "reason": "骨干教师"})
        assert_error(r, 403, "forbidden")
        r = api.post(f"/projects/{world['project']}/waivers", world["admins"]["province"],
                     json={"teacher_id": world["teachers"][0].id})
        assert_error(r, 400, "invalid_input")
        r = api.post(f"/projects/{world['project']}/waivers", world["admins"]["province"],
                     json={"teacher_id": world["teachers"][0].id, "reason": "骨干教师，需连续培训"})
        assert r.status_code == 201 and r.get_json()["reason"] == "骨干教师，需连续培训"
        assert _enroll(api, world, world["teachers"][0]).status_code == 201


def test_another_series_last_year_is_no_obstacle(api, world):
    _last_year_enrollment(world, series="other")
    with at(api, NOW):
        assert _enroll(api, world, world["teachers"][0]).status_code == 201


def test_banned_for_plagiarism_this_year(api, world):
    world["p"].ban(world["teachers"][0], 2026)
    world["p"].ban(world["teachers"][1], 2025)
    with at(api, NOW):
        assert_error(_enroll(api, world, world["teachers"][0]), 409, "banned")
        assert _enroll(api, world, world["teachers"][1]).status_code == 201


def test_only_the_schools_admin_enrolls(api, world):
    with at(api, NOW):
        for key in ("school112", "county11", "city1", "province", "school211"):
            assert_error(_enroll(api, world, world["teachers"][0], admin=world["admins"][key]), 403, "forbidden")
        assert_error(api.post("/enrollments", world["teachers"][1],
                              json={"class_id": world["class"], "teacher_id": world["teachers"][0].id}), 403, "forbidden")


@pytest.mark.parametrize("body", [{}, {"class_id": "x", "teacher_id": 1}, {"class_id": 1}, {"class_id": 0, "teacher_id": 0},
                                  {"class_id": 1, "teacher_id": 1, "extra": 1}, [], "text"])
def test_bad_input_is_400_with_fields(api, world, body):
    with at(api, NOW):
        r = api.post("/enrollments", world["admins"]["school111"], json=body)
    assert_error(r, 400, "invalid_input")
    assert r.get_json()["error"]["fields"]


def test_unknown_class_or_teacher_is_invalid_input(api, world):
    with at(api, NOW):
        r = _enroll(api, world, world["teachers"][0], class_id=99999)
        assert assert_error(r, 400, "invalid_input")["error"]["fields"] == {"class_id": r.get_json()["error"]["fields"]["class_id"]}
        r = api.post("/enrollments", world["admins"]["school111"], json={"class_id": world["class"], "teacher_id": 99999})
        assert "teacher_id" in assert_error(r, 400, "invalid_input")["error"]["fields"]
        r = api.post("/enrollments", world["admins"]["school111"],
                     json={"class_id": world["class"], "teacher_id": world["admins"]["school111"].id})
        assert "teacher_id" in assert_error(r, 400, "invalid_input")["error"]["fields"]


def test_cancel_returns_the_seat_and_not_after_the_batch_ended(api, world):
    with at(api, NOW):
        first = _enroll(api, world, world["teachers"][0]).get_json()["id"]
        second = _enroll(api, world, world["teachers"][1]).get_json()["id"]
        r = api.post(f"/enrollments/{first}/cancel", world["admins"]["school111"])
        assert r.status_code == 200 and r.get_json()["status"] == "cancelled"
        assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 1
        assert_error(api.post(f"/enrollments/{first}/cancel", world["admins"]["school111"]), 409,
                     "enrollment_not_active")
        assert_error(api.post(f"/enrollments/{second}/cancel", world["admins"]["county11"]), 403, "forbidden")
    with at(api, NOW + timedelta(days=30)):
        assert_error(api.post(f"/enrollments/{second}/cancel", world["admins"]["school111"]), 409, "batch_ended")
        assert_error(api.post(f"/enrollments/{second}/replace", world["admins"]["school111"],
                              json={"teacher_id": world["teachers"][2].id}), 409, "batch_ended")
    assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 1


def test_replace_moves_the_seat_within_the_school(api, world):
    with at(api, NOW):
        first = _enroll(api, world, world["teachers"][0]).get_json()["id"]
        _enroll(api, world, world["teachers"][1])
    # J9: replacing works while the batch runs, after the registration window.
    with at(api, NOW + timedelta(days=5)):
        admin = world["admins"]["school111"]
        assert_error(api.post(f"/enrollments/{first}/replace", admin, json={"teacher_id": world["teachers"][1].id}),
                     409, "already_enrolled")
        world["p"].ban(world["teachers"][3], 2026)
        assert_error(api.post(f"/enrollments/{first}/replace", admin, json={"teacher_id": world["teachers"][3].id}),
                     409, "banned")
        assert_error(api.post(f"/enrollments/{first}/replace", admin, json={"teacher_id": world["other_teacher"].id}),
                     400, "invalid_input")
        assert_error(api.post(f"/enrollments/{first}/replace", admin, json={}), 400, "invalid_input")
        r = api.post(f"/enrollments/{first}/replace", admin, json={"teacher_id": world["teachers"][2].id})
        assert r.status_code == 201, r.get_json()
        assert r.get_json()["teacher_id"] == world["teachers"][2].id and r.get_json()["status"] == "active"
        old = api.get(f"/enrollments/{first}", admin).get_json()
        assert old["status"] == "replaced" and old["replaced_by_id"] == r.get_json()["id"]
        assert_error(api.post(f"/enrollments/{first}/replace", admin, json={"teacher_id": world["teachers"][3].id}),
                     409, "banned")
    assert world["p"].figures(world["batch"], world["school111"])["enrolled"] == 2


def test_replace_checks_the_consecutive_year_rule(api, world):
    _last_year_enrollment(world)
    with at(api, NOW):
        first = _enroll(api, world, world["teachers"][1]).get_json()["id"]
        assert_error(api.post(f"/enrollments/{first}/replace", world["admins"]["school111"],
                              json={"teacher_id": world["teachers"][0].id}), 409, "consecutive_year")


def test_teachers_choose_classes_and_admins_see_the_choices(api, world):
    teacher = world["teachers"][0]
    with at(api, NOW):
        r = api.post(f"/classes/{world['class']}/choices", teacher)
        assert r.status_code == 201 and r.get_json()["class_id"] == world["class"]
        assert api.post(f"/classes/{world['class']}/choices", teacher).status_code == 200
        assert_error(api.post(f"/classes/{world['class']}/choices", world["admins"]["school111"]), 403, "forbidden")
        assert_error(api.post("/classes/99999/choices", teacher), 404, "not_found")
        listed = api.get(f"/choices?school_id={world['school111'].id}", world["admins"]["school111"]).get_json()
        assert [c["teacher_id"] for c in listed["items"]] == [teacher.id]
        assert_error(api.get(f"/choices?school_id={world['school111'].id}", world["admins"]["city2"]), 403, "forbidden")
        assert api.get("/choices", world["admins"]["city2"]).get_json()["total"] == 0
        assert api.get("/me/choices", teacher).get_json()["total"] == 1
    with at(api, NOW + timedelta(days=10)):
        assert_error(api.post(f"/classes/{world['class']}/choices", world["teachers"][1]), 403, "forbidden")


def test_choosing_a_class_the_teacher_may_see_after_its_window_is_registration_closed(api, world):
    """A learner of a class still sees it; choosing it once the window closed is refused by code."""
    with at(api, NOW):
        assert _enroll(api, world, world["teachers"][0]).status_code == 201
    with at(api, NOW + timedelta(days=4)):
        assert_error(api.post(f"/classes/{world['class']}/choices", world["teachers"][0]), 409,
                     "registration_closed")


def test_enrollment_lists_are_scoped(api, world):
    with at(api, NOW):
        _enroll(api, world, world["teachers"][0])
    a = world["admins"]
    assert api.get(f"/enrollments?batch_id={world['batch']}", a["city1"]).get_json()["total"] == 1
    assert api.get(f"/enrollments?batch_id={world['batch']}", a["city2"]).get_json()["total"] == 0
    assert api.get("/enrollments?status=active", a["school111"]).get_json()["total"] == 1
    for key in ("city2", "county12", "county21", "school112", "school211"):
        assert_error(api.get(f"/enrollments?school_id={world['school111'].id}", a[key]), 403, "forbidden")
    assert_error(api.get("/enrollments", world["teachers"][0]), 403, "forbidden")
    assert_error(api.get("/enrollments?status=gone", a["city1"]), 400, "invalid_input")
    assert_error(api.get("/enrollments?page=0", a["city1"]), 400, "invalid_input")


def test_a_tutor_lists_the_enrollments_of_its_own_classes(api, make, world):
    """A tutor's list is joined to its classes (not filtered by a subquery after joining every enrollment):
    exactly its classes' learners, once each, whoever else tutors them."""
    tutor, colleague = make.user(world["province"], "tutor"), make.user(world["province"], "tutor")
    own = world["p"].klass(world["batch"], tutor_ids=[tutor.id, colleague.id])
    other = world["p"].klass(world["batch"], tutor_ids=[colleague.id])
    with at(api, NOW):
        mine = [_enroll(api, world, t, class_id=own).get_json()["id"] for t in world["teachers"][:2]]
        world["p"].seats_down_to(world["batch"], world, "school112", 1)
        assert _enroll(api, world, world["other_teacher"], class_id=other,
                       admin=world["admins"]["school112"]).status_code == 201
    body = api.get("/enrollments", tutor).get_json()
    assert body["total"] == 2 and sorted(e["id"] for e in body["items"]) == sorted(mine)
    assert api.get("/enrollments", colleague).get_json()["total"] == 3
    assert api.get(f"/enrollments?class_id={other}", tutor).get_json()["total"] == 0
