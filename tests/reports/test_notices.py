"""Announcements reach the announcer's area only; briefings reach the class; evaluations are anonymous (J16, C5)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lms.core import clock
from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import TZ, Programme

STARTS = date(2026, 11, 16)  # ends Dec 5
EARLY = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
LAST_DAYS = datetime(2026, 12, 4, 9, 0, tzinfo=TZ)


@pytest.fixture
def world(app, make):
    t = make.tree()
    people = {"province": make.admin(t["province"]), "city1": make.admin(t["city1"]),
              "t111": make.user(t["school111"], "teacher", name="甲"), "t211": make.user(t["school211"], "teacher"),
              "outsider": make.user(t["school212"], "teacher"),
              "tutor": make.user(t["province"], "tutor"), "other_tutor": make.user(t["province"], "tutor")}
    programme = Programme(app)
    batch = programme.batch(programme.project(), number=9, starts_on=STARTS)
    klass = programme.klass(batch, tutor_ids=[people["tutor"].id])
    programme.seats_down_to(batch, t, "school111", 1)
    enrollment = programme.enroll(klass, people["t111"])
    # A class mixes schools: a second learner from the other city.
    programme.seats_down_to(batch, t, "school211", 1)
    other = programme.enroll(klass, people["t211"])
    return {"tree": t, "people": people, "class": klass, "enrollment": enrollment, "other_enrollment": other}


def test_announcements_reach_the_area_below_only(api, world):
    p = world["people"]
    assert api.post("/announcements", p["city1"], json={"title": "城市1通知", "body": "请按时报名"}).status_code == 201
    assert api.post("/announcements", p["province"], json={"title": "全省通知", "body": "培训启动"}).status_code == 201
    mine = {a["title"] for a in api.get("/announcements", p["t111"]).get_json()["items"]}
    other = {a["title"] for a in api.get("/announcements", p["t211"]).get_json()["items"]}
    assert mine == {"城市1通知", "全省通知"} and other == {"全省通知"}
    city2_unit = world["tree"]["city2"].id
    assert_error(api.post("/announcements", p["city1"], json={"title": "x", "body": "y", "org_unit_id": city2_unit}),
                 403, "forbidden")
    assert_error(api.post("/announcements", p["t111"], json={"title": "x", "body": "y"}), 403, "forbidden")
    for bad in ({}, {"title": "", "body": "y"}, {"title": "x", "body": "y", "extra": 1}, {"title": "x" * 300, "body": "y"}):
        assert_error(api.post("/announcements", p["city1"], json=bad), 400, "invalid_input")


def test_briefings_from_the_classs_tutor_to_its_people(api, world):
    p, klass = world["people"], world["class"]
    assert api.post(f"/classes/{klass}/briefings", p["tutor"], json={"title": "第一周简报", "body": "学习进度良好"}).status_code == 201
    assert_error(api.post(f"/classes/{klass}/briefings", p["other_tutor"], json={"title": "x", "body": "y"}), 403,
                 "forbidden")
    assert [b["title"] for b in api.get(f"/classes/{klass}/briefings", p["t111"]).get_json()["items"]] == ["第一周简报"]
    assert_error(api.get(f"/classes/{klass}/briefings", p["outsider"]), 403, "forbidden")
    assert_error(api.get("/classes/999999/briefings", p["tutor"]), 404, "not_found")
    assert_error(api.post(f"/classes/{klass}/briefings", p["tutor"], json={"title": "x"}), 400, "invalid_input")


def test_admins_of_the_learners_areas_write_briefings_too(api, make, world):
    """A school's, county's, city's or the province's admin briefs a class with a learner in its area; an admin of
    an area without one is refused (the page as the API)."""
    p, klass, t = world["people"], world["class"], world["tree"]
    admins = {"province": p["province"], "city1": p["city1"], "county11": make.admin(t["county11"]),
              "school111": make.admin(t["school111"])}
    for name, admin in admins.items():
        r = api.post(f"/classes/{klass}/briefings", admin, json={"title": f"{name}简报", "body": "本周情况"})
        assert r.status_code == 201, (name, r.get_json())
    titles = {b["title"] for b in api.get(f"/classes/{klass}/briefings", p["t111"]).get_json()["items"]}
    assert titles == {f"{name}简报" for name in admins}
    assert_error(api.post(f"/classes/{klass}/briefings", make.admin(t["school212"]), json={"title": "x", "body": "y"}),
                 403, "forbidden")
    client = api.app.test_client()
    sign_in(client, admins["county11"])
    page = client.get(f"/classes/{klass}/briefings").get_data(as_text=True)
    assert "Send to the class" in page or "发送给班级" in page or 'name="title"' in page
    r = client.post(f"/classes/{klass}/briefings", data={"csrf_token": csrf_token(page), "title": "区县简报",
                                                          "body": "请督促学员"})
    assert r.status_code == 302


def test_evaluation_once_at_the_end_and_anonymous(api, world):
    p, klass, enrollment = world["people"], world["class"], world["enrollment"]
    with clock.frozen_at(EARLY):
        api._tokens.clear()
        assert_error(api.post(f"/enrollments/{enrollment}/evaluation", p["t111"], json={"rating": 5}), 409,
                     "evaluation_not_open")
    with clock.frozen_at(LAST_DAYS):
        api._tokens.clear()
        for bad in ({"rating": 0}, {"rating": 6}, {"rating": "good"}, {}):
            assert_error(api.post(f"/enrollments/{enrollment}/evaluation", p["t111"], json=bad), 400, "invalid_input")
        assert api.post(f"/enrollments/{enrollment}/evaluation", p["t111"],
                        json={"rating": 4, "comment": "案例很实用"}).status_code == 201
        assert_error(api.post(f"/enrollments/{enrollment}/evaluation", p["t111"], json={"rating": 5}), 409,
                     "already_evaluated")
        assert_error(api.post(f"/enrollments/{enrollment}/evaluation", p["tutor"], json={"rating": 1}), 403,
                     "forbidden")
        summary = api.get(f"/classes/{klass}/evaluations", p["tutor"]).get_json()
        assert summary["count"] == 1 and summary["rating_avg"] == 4.0 and summary["comments"] == ["案例很实用"]
        assert "甲" not in str(summary)
        assert_error(api.get(f"/classes/{klass}/evaluations", p["t111"]), 403, "forbidden")
    api._tokens.clear()


def test_an_admin_reads_only_its_own_learners_evaluations(api, make, world):
    """A class mixes schools: city 1's admin reads the evaluations of city 1's learners, never city 2's."""
    p, t, klass = world["people"], world["tree"], world["class"]
    city2, school112 = make.admin(t["city2"]), make.admin(t["school112"])
    other = world["other_enrollment"]
    with clock.frozen_at(LAST_DAYS):
        api._tokens.clear()
        assert api.post(f"/enrollments/{world['enrollment']}/evaluation", p["t111"],
                        json={"rating": 2, "comment": "城市1的意见"}).status_code == 201
        assert api.post(f"/enrollments/{other}/evaluation", p["t211"],
                        json={"rating": 5, "comment": "城市2的意见"}).status_code == 201
        whole = api.get(f"/classes/{klass}/evaluations", p["tutor"]).get_json()
        assert whole["count"] == 2 and api.get(f"/classes/{klass}/evaluations", p["province"]).get_json()["count"] == 2
        mine = api.get(f"/classes/{klass}/evaluations", p["city1"]).get_json()
        assert mine["count"] == 1 and mine["rating_avg"] == 2.0 and mine["comments"] == ["城市1的意见"]
        theirs = api.get(f"/classes/{klass}/evaluations", city2).get_json()
        assert theirs["count"] == 1 and theirs["comments"] == ["城市2的意见"]
        # An admin with no learner of the class in its area is refused the class altogether.
        assert_error(api.get(f"/classes/{klass}/evaluations", school112), 403, "forbidden")
    api._tokens.clear()


def test_pages(app, world):
    p, klass = world["people"], world["class"]
    admin = app.test_client()
    sign_in(admin, p["city1"])
    page = admin.get("/announcements").get_data(as_text=True)
    r = admin.post("/announcements", data={"csrf_token": csrf_token(page), "title": "页面通知", "body": "内容"})
    assert r.status_code == 302
    learner = app.test_client()
    sign_in(learner, p["t111"])
    assert "页面通知" in learner.get("/").get_data(as_text=True)
    tutor = app.test_client()
    sign_in(tutor, p["tutor"])
    page = tutor.get(f"/classes/{klass}/briefings").get_data(as_text=True)
    assert tutor.post(f"/classes/{klass}/briefings", data={"csrf_token": csrf_token(page), "title": "简报一",
                                                           "body": "本周情况"}).status_code == 302
    assert "简报一" in learner.get(f"/classes/{klass}/briefings").get_data(as_text=True)
    early = learner.get(f"/enrollments/{world['enrollment']}/evaluation").get_data(as_text=True)
    assert "课程评价在本期最后 3 天开放" in early and 'name="rating"' not in early  # said before, not after typing
    with clock.frozen_at(LAST_DAYS):
        page = learner.get(f"/enrollments/{world['enrollment']}/evaluation").get_data(as_text=True)
        r = learner.post(f"/enrollments/{world['enrollment']}/evaluation",
                         data={"csrf_token": csrf_token(page), "rating": "5", "comment": ""})
        assert r.status_code == 302
        assert "1" in tutor.get(f"/classes/{klass}/evaluations").get_data(as_text=True)
        again = learner.get(f"/enrollments/{world['enrollment']}/evaluation").get_data(as_text=True)
        assert 'name="rating"' not in again


def test_two_schools_in_one_class_each_admin_reads_its_own_schools_evaluations(app, api, make, world):
    """Access control (issue 10): a school admin with one learner in a class reads that learner's evaluation,
    never those of the other school's learners sitting in the same class — in the API and on the page."""
    t, klass = world["tree"], world["class"]
    neighbour = make.user(t["school112"], "teacher", name="乙")
    programme = Programme(app)
    from lms.extensions import db
    from lms.projects.models import TrainingClass
    with app.app_context():
        batch = db.session.get(TrainingClass, klass).batch_id
    programme.seats_down_to(batch, t, "school112", 1)
    theirs = programme.enroll(klass, neighbour)
    school111, school112 = make.admin(t["school111"]), make.admin(t["school112"])
    county11 = make.admin(t["county11"])
    with clock.frozen_at(LAST_DAYS):
        api._tokens.clear()
        assert api.post(f"/enrollments/{world['enrollment']}/evaluation", world["people"]["t111"],
                        json={"rating": 3, "comment": "学校111的意见"}).status_code == 201
        assert api.post(f"/enrollments/{theirs}/evaluation", neighbour,
                        json={"rating": 5, "comment": "学校112的意见"}).status_code == 201
        mine = api.get(f"/classes/{klass}/evaluations", school111).get_json()
        assert mine["count"] == 1 and mine["rating_avg"] == 3.0 and mine["comments"] == ["学校111的意见"]
        other = api.get(f"/classes/{klass}/evaluations", school112).get_json()
        assert other["count"] == 1 and other["comments"] == ["学校112的意见"]
        both = api.get(f"/classes/{klass}/evaluations", county11).get_json()
        assert both["count"] == 2 and sorted(both["comments"]) == ["学校111的意见", "学校112的意见"]
        client = app.test_client()
        sign_in(client, school111)
        page = client.get(f"/classes/{klass}/evaluations")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "学校111的意见" in html and "学校112的意见" not in html
    api._tokens.clear()
