"""Projects with the Jiangsu calendar, custom batches, courses and classes."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lms.core import clock
from lms.extensions import db
from lms.projects import services
from lms.projects.models import Course
from tests.helpers import assert_error, pin_clock
from tests.programme import NOW, Programme, at


@pytest.fixture
def people(make):
    t = make.tree()
    t["admin"] = make.admin(t["province"])
    t["city_admin"] = make.admin(t["city1"])
    t["tutor"] = make.user(t["province"], "tutor")
    t["teacher"] = make.user(t["school111"], "teacher")
    return t


PROJECT = {"code": "JS2026", "name": "江苏省2026年中小学教师网络培训", "year": 2026, "series": "jsjy",
           "calendar": "jiangsu"}


def test_jiangsu_project_has_nine_batches_with_windows(api, people):
    r = api.post("/projects", people["admin"], json=PROJECT)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["quota_deadline"] == "2026-07-07" and len(body["batches"]) == 9
    first, last = body["batches"][0], body["batches"][-1]
    assert (first["starts_on"], first["ends_on"]) == ("2026-07-16", "2026-08-04")
    assert (last["starts_on"], last["ends_on"]) == ("2026-11-16", "2026-12-05")
    assert last["registration_opens_at"] == "2026-11-11T00:00:00+08:00"
    assert last["registration_closes_at"] == "2026-11-16T00:00:00+08:00"
    assert api.get(f"/projects/{body['id']}", people["city_admin"]).get_json()["batches"] == body["batches"]
    assert api.get(f"/projects/{body['id']}/batches", people["tutor"]).get_json()["total"] == 9
    assert api.get("/projects", people["city_admin"]).get_json()["total"] == 1
    assert_error(api.post("/projects", people["admin"], json=PROJECT), 409, "code_taken")
    assert_error(api.get(f"/projects/{body['id']}", people["teacher"]), 403, "forbidden")


def test_only_the_province_creates_the_programme(api, people):
    course = {"title": "t", "subject": "s", "stage": "小学", "required_minutes": 60}
    for who in ("city_admin", "tutor", "teacher"):
        assert_error(api.post("/projects", people[who], json=PROJECT), 403, "forbidden")
        if who != "city_admin":  # a city makes local courses of its own (tests/experts)
            assert_error(api.post("/courses", people[who], json=course), 403, "forbidden")


def test_the_right_to_create_is_checked_before_the_body(api, people):
    """A caller without the right gets 403 whatever it sends: it learns nothing of the body's rules."""
    project = api.post("/projects", people["admin"], json=PROJECT).get_json()
    klass_body = {"course_id": "x", "batch_id": None}
    for who in ("city_admin", "tutor", "teacher"):
        for path, body in (("/projects", {}), ("/projects", {"year": "soon"}), ("/courses", {"title": ""}),
                           ("/classes", klass_body), (f"/projects/{project['id']}/batches", {"number": -1})):
            if path == "/courses" and who == "city_admin":
                continue  # a city makes courses
            assert_error(api.post(path, people[who], json=body), 403, "forbidden")


@pytest.mark.parametrize("path,body", [
    ("/projects", {}), ("/projects", dict(PROJECT, calendar="moon")), ("/projects", dict(PROJECT, year="soon")),
    ("/projects", dict(PROJECT, code="has space")), ("/projects", dict(PROJECT, quota_deadline="July")),
    ("/courses", {"title": "", "subject": "s", "stage": "小学", "required_minutes": 60}),
    ("/courses", {"title": "t", "subject": "s", "stage": "小学", "required_minutes": 0}),
    ("/classes", {"course_id": "x", "batch_id": 1}), ("/classes", {"course_id": 99999, "batch_id": 99999}),
])
def test_bad_input_is_400_with_fields(api, people, path, body):
    r = api.post(path, people["admin"], json=body)
    assert_error(r, 400, "invalid_input")
    assert r.get_json()["error"]["fields"]
    assert api.get("/projects", people["admin"]).get_json()["total"] == 0


def test_custom_batches(api, people):
    project = api.post("/projects", people["admin"], json=dict(PROJECT, calendar="none")).get_json()
    assert project["batches"] == []
    url = f"/projects/{project['id']}/batches"
    r = api.post(url, people["admin"], json={"number": 1, "starts_on": "2026-03-01", "ends_on": "2026-03-31"})
    assert r.status_code == 201 and r.get_json()["registration_opens_at"] == "2026-02-24T00:00:00+08:00"
    assert_error(api.post(url, people["admin"], json={"number": 1, "starts_on": "2026-04-01", "ends_on": "2026-04-30"}),
                 409, "batch_number_taken")
    r = api.post(url, people["admin"], json={"number": 2, "starts_on": "2026-04-01", "ends_on": "2026-03-01"})
    assert "ends_on" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    r = api.post(url, people["admin"], json={"number": 2, "starts_on": "2026-04-01", "ends_on": "2026-04-10",
                                             "registration_opens_at": "2026-03-01T00:00:00",
                                             "registration_closes_at": "2026-03-05T00:00:00+08:00"})
    assert "registration_opens_at" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    assert_error(api.post(url, people["city_admin"], json={"number": 3, "starts_on": "2026-04-01",
                                                           "ends_on": "2026-04-10"}), 403, "forbidden")
    assert_error(api.post("/projects/99999/batches", people["admin"], json={"number": 3, "starts_on": "2026-04-01",
                                                                           "ends_on": "2026-04-10"}), 404, "not_found")


def _passes_review(app, course_id: int) -> None:
    """The course goes through expert review (tested in tests/experts) into the catalogue."""
    with app.app_context():
        course = db.session.get(Course, course_id)
        for status in ("in_review", "published"):
            services.move_course(db.session, course, status)
        db.session.commit()


def test_courses_and_classes_with_tutors(api, people, app):
    course = api.post("/courses", people["admin"], json={"title": "新课标解读", "subject": "数学", "stage": "初中",
                                                          "required_minutes": 600}).get_json()
    assert course["required_minutes"] == 600 and course["status"] == "draft"
    _passes_review(app, course["id"])
    p = Programme(app)
    batch = p.batch(p.project(), starts_on=date(2026, 11, 26))
    r = api.post("/classes", people["admin"], json={"course_id": course["id"], "batch_id": batch,
                                                    "tutor_ids": [people["tutor"].id]})
    assert r.status_code == 201, r.get_json()
    klass = r.get_json()
    assert klass["tutors"][0]["id"] == people["tutor"].id and klass["course"]["title"] == "新课标解读"
    r = api.post("/classes", people["admin"], json={"course_id": course["id"], "batch_id": batch,
                                                    "tutor_ids": [people["teacher"].id]})
    assert "tutor_ids" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    r = api.patch(f"/classes/{klass['id']}", people["admin"], json={"name": "一班", "tutor_ids": []})
    assert r.get_json()["name"] == "一班" and r.get_json()["tutors"] == []
    assert_error(api.patch(f"/classes/{klass['id']}", people["city_admin"], json={"name": "x"}), 403, "forbidden")
    for bad in ({"name": 5}, {"tutor_ids": "all"}):  # the right is checked before the body
        assert_error(api.patch(f"/classes/{klass['id']}", people["city_admin"], json=bad), 403, "forbidden")
    with at(api, NOW):
        assert api.get(f"/classes/{klass['id']}", people["teacher"]).status_code == 200
        assert api.get("/classes", people["teacher"]).get_json()["total"] == 1
        assert api.get(f"/classes?batch_id={batch}", people["city_admin"]).get_json()["total"] == 1
        assert api.get("/courses?q=课标", people["teacher"]).get_json()["total"] == 1
    with at(api, NOW + timedelta(days=10)):
        # Once enrollment closed, the class is its learners', tutors' and admins' only.
        assert_error(api.get(f"/classes/{klass['id']}", people["teacher"]), 403, "forbidden")
        assert api.get("/classes", people["teacher"]).get_json()["total"] == 0
        assert api.get(f"/classes/{klass['id']}", people["tutor"]).status_code == 200
    pin_clock()
    assert_error(api.get("/classes/99999", people["admin"]), 404, "not_found")
    assert_error(api.get("/classes?batch_id=x", people["admin"]), 400, "invalid_input")


def test_a_batch_reads_with_its_project(api, people):
    """GET /batches/{id} was a 500 for every batch (a parameter shadowed require_viewer)."""
    project = api.post("/projects", people["admin"], json=PROJECT).get_json()
    batch_id = project["batches"][0]["id"]
    body = api.get(f"/batches/{batch_id}", people["tutor"]).get_json()
    assert body["id"] == batch_id and body["project"]["code"] == "JS2026" and "batches" not in body["project"]
    assert_error(api.get(f"/batches/{batch_id}", people["teacher"]), 403, "forbidden")


@pytest.mark.parametrize("dates", [{"starts_on": "0001-01-01", "ends_on": "2026-10-20"},
                                   {"starts_on": "2026-10-01", "ends_on": "9999-12-31"},
                                   {"starts_on": "2026-10-01", "ends_on": "2026-10-20",
                                    "registration_opens_at": "0001-01-01T00:00:00+08:00"}])
def test_far_off_batch_dates_are_400_not_500(api, people, dates):
    """Found by schemathesis: year 1 overflowed the registration window's arithmetic."""
    project = api.post("/projects", people["admin"], json=dict(PROJECT, calendar="none")).get_json()
    r = api.post(f"/projects/{project['id']}/batches", people["admin"], json={"number": 1, **dates})
    assert_error(r, 400, "invalid_input")
