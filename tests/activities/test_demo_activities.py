"""The demo's activities: the showcase learner's grade names the city's live lecture, the school's offline
discussion and its featured post; the printed school admin manages the discussion."""
from __future__ import annotations

from sqlalchemy import select

from lms.activities.models import Activity
from lms.demo.loader import DEMO_PASSWORD, load_demo
from lms.enrollment.models import Enrollment
from lms.extensions import db
from lms.grading import services as grading
from lms.notices.models import Notice
from lms.org.models import User
from tests.helpers import csrf_token


def _client(app, username):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    return client


def test_the_demo_shows_activities_and_a_featured_post_in_the_grade(app):
    with app.app_context():
        accounts = {role: username for role, username, _where in load_demo(db.session)}
        db.session.commit()
        learner = db.session.scalar(select(User).where(User.username == accounts["teacher"]))
        running = max(db.session.scalars(select(Enrollment).where(Enrollment.teacher_id == learner.id)),
                      key=lambda e: e.batch_id)
        grade = grading.grade_now(db.session, running)
        assert grade.components["study"]["activities"][0]["minutes"] == 90
        assert grade.components["interaction"]["activities"][0]["kind"] == "offline_discussion"
        assert grade.components["interaction"]["featured"]["count"] >= 1
        discussion = db.session.scalar(select(Activity.id).where(Activity.kind == "offline_discussion"))
        # The class's practice was called off and its guidance moved: the learner found both in its notices.
        told = set(db.session.scalars(select(Notice.kind).where(Notice.user_id == learner.id)))
        assert {"activity_cancelled", "activity_changed", "survey_published"} <= told, told
        enrollment_id = running.id
    page = _client(app, accounts["teacher"]).get(f"/grades/{enrollment_id}").get_data(as_text=True)
    assert "线下研讨 1 次" in page and "精华帖" in page and "直播讲座" in page
    sheet = _client(app, accounts["school_admin"]).get(f"/activities/{discussion}").get_data(as_text=True)
    assert "纸质签到表已扫描存档" in sheet and learner.name in sheet


def test_the_demo_shows_a_cancelled_activity_and_its_notice(app):
    with app.app_context():
        accounts = {role: username for role, username, _where in load_demo(db.session)}
        db.session.commit()
        cancelled = db.session.scalar(select(Activity).where(Activity.cancelled_at.is_not(None)))
        assert cancelled is not None and cancelled.kind == "practice"
        activity_id = cancelled.id
    client = _client(app, accounts["teacher"])
    assert "授课教师临时外出" in client.get("/notices").get_data(as_text=True)
    page = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert 'data-testid="cancelled"' in page
