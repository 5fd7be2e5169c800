"""The expert pool (E1), course review (E2) and local courses (E3), through the JSON API and the services."""
from __future__ import annotations

import pytest

from lms.core.errors import Forbidden
from lms.experts import services
from lms.experts.models import CourseReview
from lms.extensions import db
from lms.org.models import User
from lms.projects import services as projects
from lms.projects.models import Course
from tests.helpers import assert_error
from tests.programme import Programme

COURSE = {"title": "本地乡土课程", "subject": "数学", "stage": "初中", "required_minutes": 300}
GOOD = {"accuracy": 5, "curriculum_fit": 4, "production": 4, "comment": "内容准确。", "verdict": "approve"}


def test_the_province_keeps_the_pool_and_everyone_filters_it(api, world):
    r = api.get("/experts?subject=数学", world["county_admin"])
    assert [e["name"] for e in r.get_json()["items"]] == ["专家1"]
    assert api.get("/experts?stage=小学&title=特级教师", world["expert1"]).get_json()["total"] == 1
    assert api.get("/experts?q=苏州", world["city_admin"]).get_json()["total"] == 1
    assert_error(api.get("/experts", world["teacher"]), 403, "forbidden")
    # the account became an expert
    with api.app.app_context():
        assert db.session.get(User, world["expert1"].id).has_role("expert")
    new = {"username": "newcomer", "subject": "英语", "stage": "高中", "title": "高级教师", "organisation": "南通中学"}
    assert_error(api.post("/experts", world["city_admin"], json=new), 403, "forbidden")
    assert_error(api.post("/experts", world["province_admin"], json={**new, "username": "expert1"}), 409,
                 "already_in_pool")
    assert "username" in assert_error(api.post("/experts", world["province_admin"], json={**new, "username": "nobody"}),
                                      400, "invalid_input")["error"]["fields"]
    pid = world["profiles"][0]
    r = api.patch(f"/experts/{pid}", world["province_admin"], json={"title": "教授", "introduction": "长期从事教研。"})
    assert r.get_json()["title"] == "教授" and r.get_json()["introduction"] == "长期从事教研。"
    assert_error(api.patch(f"/experts/{pid}", world["province_admin"], json={"title": ""}), 400, "invalid_input")
    assert api.post(f"/experts/{pid}/retire", world["province_admin"]).get_json()["active"] is False
    assert_error(api.post(f"/experts/{pid}/retire", world["province_admin"]), 409, "retired")
    assert api.get("/experts", world["city_admin"]).get_json()["total"] == 1
    assert api.get("/experts?retired=true", world["province_admin"]).get_json()["total"] == 1
    assert_error(api.put(f"/experts/{pid}/selection", world["city_admin"]), 403, "forbidden")  # retired
    assert_error(api.get("/experts/99999", world["province_admin"]), 404, "not_found")


def test_each_level_selects_its_own_experts(api, world):
    pid = world["profiles"][0]
    assert api.put(f"/experts/{pid}/selection", world["county_admin"]).get_json()["selected"] is True
    assert api.put(f"/experts/{pid}/selection", world["county_admin"]).status_code == 200  # once is enough
    assert api.get(f"/experts/{pid}", world["county_admin"]).get_json()["selected"] is True
    # another county's selection is its own
    assert api.get(f"/experts/{pid}", world["other_county_admin"]).get_json()["selected"] is False
    cands = api.get("/experts/candidates", world["county_admin"]).get_json()
    assert [e["id"] for e in cands["items"]] == [pid]
    assert api.get("/experts/candidates", world["other_county_admin"]).get_json()["total"] == 0
    assert api.get("/experts/candidates", world["province_admin"]).get_json()["total"] == 2
    assert_error(api.put(f"/experts/{pid}/selection", world["province_admin"]), 403, "forbidden")
    assert_error(api.put(f"/experts/{pid}/selection", world["expert2"]), 403, "forbidden")
    assert api.call("DELETE", f"/experts/{pid}/selection", world["county_admin"]).get_json()["selected"] is False
    assert api.get("/experts/candidates", world["county_admin"]).get_json()["total"] == 0


def _local_course(api, world, who="county_admin") -> dict:
    r = api.post("/courses", world[who], json=COURSE)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_a_local_course_stays_in_its_area_until_the_province_publishes_it(api, world, app):
    course = _local_course(api, world)
    assert course["status"] == "draft" and course["owner_unit_id"] == world["county11"].id
    assert api.get("/courses", world["county_admin"]).get_json()["total"] == 1
    assert api.get("/courses", world["city_admin"]).get_json()["total"] == 1  # its city sees it
    for outsider in ("other_county_admin", "other_city_admin", "teacher"):
        assert api.get("/courses", world[outsider]).get_json()["total"] == 0
    assert_error(api.get(f"/courses/{course['id']}", world["other_county_admin"]), 403, "forbidden")
    # subtree isolation: a county never edits another county's course
    assert_error(api.patch(f"/courses/{course['id']}", world["other_county_admin"], json={"title": "x"}), 403,
                 "forbidden")
    assert_error(api.patch(f"/courses/{course['id']}", world["other_city_admin"], json={"title": "x"}), 403,
                 "forbidden")
    assert api.patch(f"/courses/{course['id']}", world["county_admin"], json={"title": "乡土数学"}).status_code == 200
    assert_error(api.post(f"/courses/{course['id']}/review", world["other_county_admin"], json={}), 403, "forbidden")
    # not offered to a batch before review
    p = Programme(app)
    batch = p.batch(p.project())
    assert_error(api.post("/classes", world["province_admin"], json={"course_id": course["id"], "batch_id": batch}),
                 409, "course_not_published")

    review = api.post(f"/courses/{course['id']}/review", world["county_admin"], json={"note": "请审核"}).get_json()
    assert review["state"] == "open" and review["outcome"] == "unassigned" and review["course"]["status"] == "in_review"
    # under review it no longer changes
    assert_error(api.patch(f"/courses/{course['id']}", world["county_admin"], json={"title": "y"}), 403, "forbidden")
    rid = review["id"]
    # the county assigns from its own selection only; another county cannot touch the review
    assert_error(api.post(f"/course-reviews/{rid}/reviewers", world["county_admin"],
                          json={"profile_ids": world["profiles"][:1]}), 400, "invalid_input")
    api.put(f"/experts/{world['profiles'][0]}/selection", world["county_admin"])
    assert_error(api.post(f"/course-reviews/{rid}/reviewers", world["other_county_admin"],
                          json={"profile_ids": world["profiles"][:1]}), 403, "forbidden")
    r = api.post(f"/course-reviews/{rid}/reviewers", world["county_admin"], json={"profile_ids": world["profiles"][:1]})
    assert r.status_code == 200 and [x["name"] for x in r.get_json()["reviewers"]] == ["专家1"]
    # the province adds a second from the whole pool
    r = api.post(f"/course-reviews/{rid}/reviewers", world["province_admin"], json={"profile_ids": world["profiles"]})
    assert len(r.get_json()["reviewers"]) == 2 and r.get_json()["outcome"] == "pending"
    assert api.get("/course-reviews", world["city_admin"]).get_json()["total"] == 1
    assert api.get("/course-reviews", world["other_city_admin"]).get_json()["total"] == 0
    assert_error(api.get(f"/course-reviews/{rid}", world["other_city_admin"]), 403, "forbidden")

    # the experts evaluate; publishing waits for every approval
    assert_error(api.put(f"/course-reviews/{rid}/evaluation", world["county_admin"], json=GOOD), 403, "forbidden")
    bad = api.put(f"/course-reviews/{rid}/evaluation", world["expert1"], json={**GOOD, "accuracy": 9})
    assert "accuracy" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    assert api.put(f"/course-reviews/{rid}/evaluation", world["expert1"], json=GOOD).status_code == 200
    assert_error(api.post(f"/course-reviews/{rid}/publish", world["province_admin"]), 409, "review_not_approved")
    mine = api.get("/me/course-reviews", world["expert2"]).get_json()["items"]
    assert mine[0]["review"]["can_evaluate"] is True and mine[0]["mine"]["verdict"] is None
    r = api.put(f"/course-reviews/{rid}/evaluation", world["expert2"], json={**GOOD, "production": 3})
    assert r.get_json()["outcome"] == "approved" and r.get_json()["average"] == pytest.approx(4.17, abs=0.01)
    assert_error(api.post(f"/course-reviews/{rid}/publish", world["county_admin"]), 403, "forbidden")
    r = api.post(f"/course-reviews/{rid}/publish", world["province_admin"])
    assert r.get_json()["state"] == "published" and r.get_json()["course"]["status"] == "published"
    # now in the province catalogue, for everyone, and a class may offer it
    assert api.get("/courses", world["other_city_admin"]).get_json()["total"] == 1
    assert api.get("/courses", world["teacher"]).get_json()["total"] == 1
    assert api.post("/classes", world["province_admin"], json={"course_id": course["id"],
                                                               "batch_id": batch}).status_code == 201


def test_one_request_for_revision_returns_the_course_to_its_owner(api, world):
    course = _local_course(api, world, "city_admin")
    rid = api.post(f"/courses/{course['id']}/review", world["city_admin"], json={}).get_json()["id"]
    api.post(f"/course-reviews/{rid}/reviewers", world["province_admin"], json={"profile_ids": world["profiles"]})
    assert "comment" in assert_error(api.put(f"/course-reviews/{rid}/evaluation", world["expert1"],
                                             json={**GOOD, "verdict": "revise", "comment": ""}), 400,
                                     "invalid_input")["error"]["fields"]
    r = api.put(f"/course-reviews/{rid}/evaluation", world["expert1"],
                json={**GOOD, "verdict": "revise", "comment": "案例需更新。"})
    assert r.get_json()["state"] == "returned" and r.get_json()["course"]["status"] == "draft"
    assert_error(api.put(f"/course-reviews/{rid}/evaluation", world["expert2"], json=GOOD), 403, "forbidden")
    assert_error(api.post(f"/course-reviews/{rid}/reviewers", world["province_admin"],
                          json={"profile_ids": world["profiles"]}), 409, "review_closed")
    # the owner corrects and sends it again: a second round
    assert api.patch(f"/courses/{course['id']}", world["city_admin"], json={"title": "更新版"}).status_code == 200
    again = api.post(f"/courses/{course['id']}/review", world["city_admin"], json={}).get_json()
    assert again["round"] == 2 and again["reviewers"] == []


def test_services_refuse_outside_the_subtree(app, world):
    """The services enforce the same policies when called from outside the web."""
    with app.app_context():
        county = db.session.get(User, world["county_admin"].id)
        other = db.session.get(User, world["other_county_admin"].id)
        course = projects.create_course(db.session, county, **COURSE)
        assert course.owner_unit_id == world["county11"].id and course.status == "draft"
        with pytest.raises(Forbidden):
            projects.update_course(db.session, other, course, {"title": "x"})
        with pytest.raises(Forbidden):
            services.submit(db.session, other, course)
        review = services.submit(db.session, county, course)
        with pytest.raises(Forbidden):
            services.assign(db.session, other, review, [])
        with pytest.raises(Forbidden):
            services.evaluate(db.session, other, review, {}, None, "approve")
        with pytest.raises(Forbidden):
            services.publish(db.session, county, review)
        db.session.rollback()


def test_existing_and_system_courses_are_published(app):
    with app.app_context():
        course = projects.create_course(db.session, None, **COURSE)
        assert course.status == "published" and course.published_at is not None
        assert db.session.query(CourseReview).count() == 0
        assert Course.__table__.c.status.server_default.arg == "published"
        db.session.rollback()
