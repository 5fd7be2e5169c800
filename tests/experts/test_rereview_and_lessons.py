"""E2a (a published course whose lessons change goes back to its experts), E3a (the owners of a local course add
and edit its lessons) and E1a (a Q&A session's experts come from the pool as selected by the level or above):
rules, services, the JSON API and the pages."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lms.core.errors import Forbidden, InvalidInput
from lms.experts import rules
from lms.extensions import db
from lms.notices.models import Notice
from lms.org.models import User
from lms.projects import lessons
from lms.projects.models import Course, Lesson
from tests.helpers import assert_error, csrf_token, sign_in
from tests.programme import TZ, Programme

COURSE = {"title": "乡土地理", "subject": "数学", "stage": "初中", "required_minutes": 30}
GOOD = {"accuracy": 5, "curriculum_fit": 4, "production": 4, "comment": "内容准确。", "verdict": "approve"}
READING = {"title": "第一课", "kind": "reading", "body": "# 家乡的河流\n\n正文。", "reading_minutes": 20}


def _course(api, world, who="county_admin") -> int:
    r = api.post("/courses", world[who], json=COURSE)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _published(api, world) -> tuple[int, int]:
    """A county's local course with one reading, reviewed by both experts and published: (course, lesson)."""
    cid = _course(api, world)
    lid = api.post(f"/courses/{cid}/lessons", world["county_admin"], json=READING).get_json()["id"]
    rid = api.post(f"/courses/{cid}/review", world["county_admin"], json={}).get_json()["id"]
    api.post(f"/course-reviews/{rid}/reviewers", world["province_admin"], json={"profile_ids": world["profiles"]})
    for who in ("expert1", "expert2"):
        assert api.put(f"/course-reviews/{rid}/evaluation", world[who], json=GOOD).status_code == 200
    assert api.post(f"/course-reviews/{rid}/publish", world["province_admin"]).status_code == 200
    return cid, lid


def _notices(app, user) -> list[Notice]:
    with app.app_context():
        return list(db.session.query(Notice).filter_by(user_id=user.id, kind="course_rereview").order_by(Notice.id))


# --- rules -------------------------------------------------------------------------------------------------


def test_qa_hosts_come_from_the_levels_on_the_way_up():
    assert rules.qa_host_sources([]) == (False, set())
    # a county tutor: its county's and its city's selections, nobody else's
    assert rules.qa_host_sources([("school", 10, 11)]) == (False, {10, 11})
    assert rules.qa_host_sources([("city", 10, None)]) == (False, {10})
    assert rules.qa_host_sources([("county", 10, 11), ("county", 20, 21)]) == (False, {10, 11, 20, 21})
    # a role at the province reaches the whole pool
    assert rules.qa_host_sources([("province", None, None), ("school", 10, 11)])[0] is True


# --- E3a: local courses' lessons -------------------------------------------------------------------------


def test_the_owning_county_adds_and_edits_its_local_courses_lessons(api, world, app):
    cid = _course(api, world)
    r = api.post(f"/courses/{cid}/lessons", world["county_admin"], json=READING)
    assert r.status_code == 201, r.get_json()
    lid = r.get_json()["id"]
    # its city (above it) too; never another county or city, nor a teacher
    assert api.post(f"/courses/{cid}/lessons", world["city_admin"], json={**READING, "title": "第二课"}).status_code == 201
    for outsider in ("other_county_admin", "other_city_admin", "teacher"):
        assert_error(api.post(f"/courses/{cid}/lessons", world[outsider], json=READING), 403, "forbidden")
        assert_error(api.patch(f"/lessons/{lid}", world[outsider], json={"title": "x"}), 403, "forbidden")
    r = api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": "第一课：河流", "reading_minutes": 25})
    assert r.status_code == 200 and r.get_json()["title"] == "第一课：河流" and r.get_json()["duration_seconds"] == 1500
    assert "title" in assert_error(api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": ""}), 400,
                                   "invalid_input")["error"]["fields"]
    assert_error(api.patch(f"/lessons/{lid}", world["county_admin"], json={"colour": "red"}), 400, "invalid_input")
    assert_error(api.patch("/lessons/999999", world["county_admin"], json={"title": "x"}), 404, "not_found")
    # a draft's changes open no review
    with app.app_context():
        assert db.session.get(Course, cid).lessons_changed_at is None
    # while the experts review it, its lessons do not change
    api.post(f"/courses/{cid}/review", world["county_admin"], json={})
    assert_error(api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": "y"}), 403, "forbidden")
    assert_error(api.post(f"/courses/{cid}/lessons", world["county_admin"], json=READING), 403, "forbidden")


def test_a_video_lesson_has_no_text_to_edit(app, world):
    with app.app_context():
        county = db.session.get(User, world["county_admin"].id)
        other = db.session.get(User, world["other_county_admin"].id)
        from lms.projects import services as projects
        course = projects.create_course(db.session, county, **COURSE)
        video = Lesson(course_id=course.id, position=1, title="视频", kind="video", duration_seconds=60,
                       created_at=course.created_at)
        db.session.add(video)
        db.session.flush()
        with pytest.raises(InvalidInput) as refused:
            lessons.edit_lesson(db.session, county, video, {"body": "文字"})
        assert "body" in refused.value.fields
        with pytest.raises(Forbidden):
            lessons.edit_lesson(db.session, other, video, {"title": "别人的"})
        with pytest.raises(Forbidden):
            lessons.add_reading(db.session, other, course, "x", "y", 5)
        assert lessons.edit_lesson(db.session, county, video, {"title": "新视频"}).title == "新视频"
        db.session.rollback()


def test_lesson_pages_for_the_owning_county(app, world, api):
    cid = _course(api, world)
    lid = api.post(f"/courses/{cid}/lessons", world["county_admin"], json=READING).get_json()["id"]
    client = app.test_client()
    sign_in(client, world["county_admin"])
    page = client.get(f"/courses/{cid}/lessons")
    assert page.status_code == 200 and f"/lessons/{lid}/edit" in page.get_data(as_text=True)
    form = client.get(f"/lessons/{lid}/edit")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "家乡的河流" in html
    r = client.post(f"/lessons/{lid}/edit", data={"csrf_token": csrf_token(html), "title": "", "body": "x",
                                                  "reading_minutes": 5})
    assert r.status_code == 400
    r = client.post(f"/lessons/{lid}/edit", data={"csrf_token": csrf_token(html), "title": "河流（修订）",
                                                  "body": "新的正文", "reading_minutes": 10})
    assert r.status_code == 302
    r = client.post(f"/courses/{cid}/lessons/reading", data={"csrf_token": csrf_token(html), "reading-title": "第二课",
                                                             "reading-body": "正文", "reading-reading_minutes": 5})
    assert r.status_code == 302
    with app.app_context():
        rows = lessons.course_lessons(db.session, cid)
        assert [(x.title, x.body, x.reading_minutes) for x in rows] == [("河流（修订）", "新的正文", 10),
                                                                        ("第二课", "正文", 5)]
    other = app.test_client()
    sign_in(other, world["other_city_admin"])
    assert other.get(f"/lessons/{lid}/edit").status_code in (403, 404)


# --- E2a: re-review ----------------------------------------------------------------------------------------


def test_changed_lessons_send_a_published_course_back_to_its_experts(api, world, app):
    cid, lid = _published(api, world)
    assert api.get(f"/courses/{cid}", world["teacher"]).get_json()["lessons_changed_at"] is None
    r = api.patch(f"/lessons/{lid}", world["county_admin"], json={"body": "修订后的正文。"})
    assert r.status_code == 200
    course = api.get(f"/courses/{cid}", world["teacher"]).get_json()
    # still offered (published), marked as changed since its approval
    assert course["status"] == "published" and course["lessons_changed_at"] is not None
    open_rounds = api.get("/course-reviews", world["province_admin"]).get_json()["items"]
    assert len(open_rounds) == 1
    again = open_rounds[0]
    assert again["reason"] == "lessons_changed" and again["round"] == 2 and again["outcome"] == "pending"
    assert sorted(x["name"] for x in again["reviewers"]) == ["专家1", "专家2"]
    # the experts who approved are told, with a link to the round
    for who in ("expert1", "expert2"):
        told = _notices(app, world[who])
        assert len(told) == 1 and told[0].params["review_id"] == again["id"] and told[0].params["lesson"] == "第一课"
    # a second change while the round is open starts it over: the given verdicts are cleared, the experts told
    rid = again["id"]
    api.put(f"/course-reviews/{rid}/evaluation", world["expert1"], json=GOOD)
    api.post(f"/courses/{cid}/lessons", world["county_admin"], json={**READING, "title": "补充阅读"})
    r = api.get(f"/course-reviews/{rid}", world["province_admin"]).get_json()
    assert [x["verdict"] for x in r["reviewers"]] == [None, None]
    assert len(_notices(app, world["expert1"])) == 2
    assert api.get("/course-reviews", world["province_admin"]).get_json()["total"] == 1
    # one "revise": the round is returned, the course stays offered and marked
    r = api.put(f"/course-reviews/{rid}/evaluation", world["expert2"],
                json={**GOOD, "verdict": "revise", "comment": "补充阅读有误。"})
    assert r.get_json()["state"] == "returned" and r.get_json()["course"]["status"] == "published"
    assert r.get_json()["course"]["lessons_changed_at"] is not None
    # the owner corrects the lesson: a third round, the same experts
    api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": "第一课（订正）"})
    third = api.get("/course-reviews", world["province_admin"]).get_json()["items"][0]
    assert third["round"] == 3 and len(third["reviewers"]) == 2
    for who in ("expert1", "expert2"):
        api.put(f"/course-reviews/{third['id']}/evaluation", world[who], json=GOOD)
    assert_error(api.post(f"/course-reviews/{third['id']}/publish", world["county_admin"]), 403, "forbidden")
    r = api.post(f"/course-reviews/{third['id']}/publish", world["province_admin"]).get_json()
    assert r["state"] == "published" and r["course"]["status"] == "published"
    assert r["course"]["lessons_changed_at"] is None


def test_a_course_published_without_review_gets_a_round_to_assign(api, world, app):
    """A system course (no approving round): the change opens a round with nobody assigned yet; nobody is told."""
    with app.app_context():
        from lms.projects import services as projects
        course = projects.create_course(db.session, None, **COURSE)
        db.session.add(Lesson(course_id=course.id, position=1, title="旧课", kind="reading", body="x",
                              reading_minutes=5, duration_seconds=300, created_at=course.created_at))
        db.session.commit()
        cid, lid = course.id, db.session.query(Lesson.id).filter_by(course_id=course.id).scalar()
    assert_error(api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": "y"}), 403, "forbidden")
    assert api.patch(f"/lessons/{lid}", world["province_admin"], json={"title": "新课"}).status_code == 200
    round_ = api.get("/course-reviews", world["province_admin"]).get_json()["items"][0]
    assert round_["course"]["id"] == cid and round_["reviewers"] == [] and round_["reason"] == "lessons_changed"
    assert _notices(app, world["expert1"]) == []


def test_the_catalogue_and_the_review_page_mark_a_re_review(api, world, app):
    cid, lid = _published(api, world)
    api.patch(f"/lessons/{lid}", world["county_admin"], json={"title": "第一课（修订）"})
    client = app.test_client()
    sign_in(client, world["province_admin"])
    with app.app_context():
        from flask_babel import force_locale, gettext
        with force_locale("zh_Hans_CN"):
            badge = gettext("Lessons changed: being re-reviewed")
    assert badge in client.get("/courses/").get_data(as_text=True)
    rid = api.get("/course-reviews", world["province_admin"]).get_json()["items"][0]["id"]
    expert = app.test_client()
    sign_in(expert, world["expert1"])
    page = expert.get(f"/reviews/{rid}")
    assert page.status_code == 200 and "alert-info" in page.get_data(as_text=True)
    notices = expert.get("/notices").get_data(as_text=True)
    assert "第一课（修订）" in notices  # the lesson named in the notice's sentence
    told = api.get("/notices", world["expert1"]).get_json()["items"][0]
    assert told["kind"] == "course_rereview" and told["link"].endswith(f"/reviews/{rid}")


# --- E1a: the experts of a Q&A session ------------------------------------------------------------------


@pytest.fixture
def qa_class(app, world, make):
    p = Programme(app)
    batch = p.batch(p.project())
    course = p.course(minutes=60)
    tutor = make.user(world["county11"], "tutor", name="县辅导员")
    klass = p.klass(batch, course, tutor_ids=[tutor.id])
    return {"klass": klass, "tutor": tutor}


def _qa(api, user, klass, expert_ids):
    starts = datetime(2026, 12, 20, 19, 0, tzinfo=TZ)
    return api.post(f"/classes/{klass}/qa-sessions", user, json={
        "title": "答疑", "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "expert_ids": expert_ids})


def test_a_county_tutor_names_only_experts_its_county_or_city_selected(api, world, qa_class):
    e1, e2 = world["expert1"].id, world["expert2"].id
    klass, tutor = qa_class["klass"], qa_class["tutor"]
    # nothing selected yet: both refused, by name
    body = assert_error(_qa(api, tutor, klass, [e1]), 400, "invalid_input")
    assert "专家1" in body["error"]["fields"]["expert_ids"]
    api.put(f"/experts/{world['profiles'][0]}/selection", world["county_admin"])   # its county picks expert1
    api.put(f"/experts/{world['profiles'][1]}/selection", world["other_county_admin"])  # a neighbour picks expert2
    r = _qa(api, tutor, klass, [e1])
    assert r.status_code == 201 and [x["name"] for x in r.get_json()["experts"]] == ["专家1"]
    body = assert_error(_qa(api, tutor, klass, [e1, e2]), 400, "invalid_input")
    assert "专家2" in body["error"]["fields"]["expert_ids"] and "专家1" not in body["error"]["fields"]["expert_ids"]
    # its city's choice counts too (a level above)
    api.put(f"/experts/{world['profiles'][1]}/selection", world["city_admin"])
    assert _qa(api, tutor, klass, [e1, e2]).status_code == 201
    # a user with the expert role who is not in the pool is refused
    with api.app.app_context():
        stranger = db.session.query(User).filter_by(username="newcomer").one()
    assert_error(_qa(api, tutor, klass, [stranger.id]), 400, "invalid_input")


def test_a_retired_expert_is_no_longer_a_host(api, world, make, qa_class):
    tutor = make.user(world["province"], "tutor", name="省辅导员")
    p = Programme(api.app)
    klass = p.klass(p.batch(p.project()), p.course(minutes=60), tutor_ids=[tutor.id])
    assert _qa(api, tutor, klass, [world["expert2"].id]).status_code == 201  # the province: the whole pool
    api.post(f"/experts/{world['profiles'][1]}/retire", world["province_admin"])
    assert_error(_qa(api, tutor, klass, [world["expert2"].id]), 400, "invalid_input")


def test_the_scheduling_page_offers_the_selected_experts(app, api, world, qa_class):
    api.put(f"/experts/{world['profiles'][0]}/selection", world["county_admin"])
    client = app.test_client()
    sign_in(client, qa_class["tutor"])
    page = client.get(f"/classes/{qa_class['klass']}/qa")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "专家1" in html and "专家2" not in html
    r = client.post(f"/classes/{qa_class['klass']}/qa", data={
        "csrf_token": csrf_token(html), "title": "县级答疑", "starts_at": "2026-12-20T19:00",
        "ends_at": "2026-12-20T20:00", "expert_ids": [str(world["expert2"].id)]})
    assert r.status_code != 302 and "is-invalid" in r.get_data(as_text=True)  # not a choice offered
    with app.app_context():
        from lms.forum.models import QaSession
        assert db.session.query(QaSession).count() == 0
    r = client.post(f"/classes/{qa_class['klass']}/qa", data={
        "csrf_token": csrf_token(html), "title": "县级答疑", "starts_at": "2026-12-20T19:00",
        "ends_at": "2026-12-20T20:00", "expert_ids": [str(world["expert1"].id)]})
    assert r.status_code == 302
    with app.app_context():
        from lms.forum.models import QaSession
        qa = db.session.query(QaSession).filter_by(title="县级答疑").one()
        assert [e.name for e in qa.experts] == ["专家1"]
