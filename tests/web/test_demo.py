"""The demo of `lms serve --demo`: built around the day it starts, idempotent, every printed account signs in."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lms.assignments.models import Submission
from lms.certificates.models import Certificate
from lms.core import clock
from lms.demo import calendar as demo_calendar
from lms.demo.loader import DEMO_PASSWORD, load_demo
from lms.demo.loader import today as demo_today
from lms.demo.programme import fits
from lms.enrollment.models import Choice, Enrollment
from lms.extensions import db
from lms.forum.models import ForumPost, QaQuestion, QaSession
from lms.grading.models import Grade
from lms.org import services as org
from lms.org.models import OrgUnit, User
from lms.projects import rules as calendar
from lms.projects.models import Batch, Project, TrainingClass
from lms.quotas.models import Quota
from lms.tracking.models import LearnerState, StudyTotal, TrackingPolicy
from tests.helpers import csrf_token

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROLES = ["province_admin", "city_admin", "county_admin", "school_admin", "teacher", "tutor", "expert", "student"]


def _sign_in(app, username: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client, client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_demo_loads_once_and_every_account_sees_its_home(app):
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
        counts = {model: db.session.scalar(select(func.count()).select_from(model))
                  for model in (User, Enrollment, Submission, ForumPost, Certificate)}
        assert load_demo(db.session) == accounts  # a second run adds nothing and does not fail
        db.session.commit()
        assert counts == {model: db.session.scalar(select(func.count()).select_from(model)) for model in counts}
        cities = db.session.scalars(select(OrgUnit.name).where(OrgUnit.level == "city")).all()
        assert len(cities) == 13 and "南京市" in cities and "宿迁市" in cities
        teachers = db.session.scalar(select(func.count(User.id)).where(User.username.like("t%")))
        assert 1500 <= teachers <= 3000
    assert [role for role, _username, _where in accounts] == ROLES
    for _role, username, where in accounts:
        client, r = _sign_in(app, username)
        assert r.status_code == 302, username
        page = client.get("/").get_data(as_text=True)
        assert where in page, username
    client, _r = _sign_in(app, "student")  # the students' tutoring: its sessions, one rated, one coming
    page = client.get("/tutoring/").get_data(as_text=True)
    assert "一元二次方程的解法答疑" in page and "初二数学：函数图像专题" in page
    with app.app_context():
        student_id = db.session.scalar(select(User.id).where(User.username == "student"))
        held = demo_today() - timedelta(days=2)
    record = client.get(f"/tutoring/students/{student_id}/record?month={held:%Y-%m}").get_data(as_text=True)
    assert "一元二次方程的解法答疑" in record and "初三物理：浮力专题" in record


@pytest.mark.parametrize("day", ["2026-07-20", "2026-12-31", "2027-03-01", "2028-02-29"])
def test_demo_is_built_around_the_day_it_starts(app, day):
    now = datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI)
    clock.start_at(now)
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        project = db.session.scalar(select(Project))
        batches = {b.number: b for b in project.batches}
        assert len(batches) == 9 and all((b.ends_on - b.starts_on).days == 19 for b in batches.values())
        now = clock.now()
        finished, running, enrolling = (batches[n] for n in (demo_calendar.FINISHED, demo_calendar.RUNNING,
                                                             demo_calendar.ENROLLING))
        assert calendar.batch_phase(finished.starts_on, finished.ends_on, now, SHANGHAI) == "ended"
        assert calendar.batch_phase(running.starts_on, running.ends_on, now, SHANGHAI) == "running"
        assert calendar.registration_open((enrolling.registration_opens_at, enrolling.registration_closes_at), now)
        assert sum(calendar.registration_open((b.registration_opens_at, b.registration_closes_at), now)
                   for b in batches.values()) == 1

        # Enrolling today: seats handed down to the schools, choices waiting, seats free.
        school_seats = db.session.scalar(select(func.sum(Quota.seats)).join(OrgUnit).where(
            Quota.batch_id == enrolling.id, OrgUnit.level == "school"))
        waiting = db.session.scalar(select(func.count(Choice.id)).where(Choice.batch_id == enrolling.id))
        enrolled = db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.batch_id == enrolling.id))
        assert school_seats > enrolled and waiting > enrolled > 0
        # Running: credited study, quizzes, reflections with originality reports, posts, live grades.
        running_ids = select(Enrollment.id).where(Enrollment.batch_id == running.id)
        assert db.session.scalar(select(func.count()).select_from(StudyTotal)
                                 .where(StudyTotal.enrollment_id.in_(running_ids))) > 100
        assert db.session.scalar(select(LearnerState.last_reason)) == "credited"  # the printed teacher's beats
        written = db.session.scalars(select(Submission).where(Submission.enrollment_id.in_(running_ids),
                                                              Submission.kind == "subjective")).all()
        assert written and all(s.originality is not None for s in written)
        assert sorted(s.plagiarism for s in written if s.plagiarism) == ["suspected", "suspected"]
        assert db.session.scalar(select(func.count(ForumPost.id)).where(ForumPost.enrollment_id.in_(running_ids))) > 100
        live = db.session.scalars(select(Grade).where(Grade.enrollment_id.in_(running_ids))).all()
        assert live and not any(g.final for g in live)
        # An expert answered questions, and the next session is ahead.
        sessions = db.session.scalars(select(QaSession).join(TrainingClass).where(
            TrainingClass.batch_id == running.id)).all()
        assert any(s.starts_at > now for s in sessions) and any(s.ends_at < now for s in sessions)
        assert db.session.scalar(select(func.count(QaQuestion.id)).where(QaQuestion.answer.is_not(None))) > 0
        # Finished: final grades and a certificate for every pass.
        finished_grades = db.session.scalars(select(Grade).join(Enrollment).where(
            Enrollment.batch_id == finished.id)).all()
        assert finished_grades and all(g.final for g in finished_grades)
        passed = sum(g.passed for g in finished_grades)
        assert passed > 100
        assert db.session.scalar(select(func.count(Certificate.id))) == passed
        # Presence checks are on in the demo's study rules.
        assert db.session.get(TrackingPolicy, project.id).presence_check_minutes > 0


def test_teachers_sit_only_in_classes_of_their_stage_and_subject_and_figures_add_up(app):
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        rows = db.session.execute(select(User, TrainingClass).join(Enrollment, Enrollment.teacher_id == User.id)
                                  .join(TrainingClass, Enrollment.class_id == TrainingClass.id)).all()
        assert rows and all(fits(klass.course, teacher) for teacher, klass in rows)
        assert not any(teacher.stage == "幼儿园" and klass.course.stage != "幼儿园" for teacher, klass in rows)
        # Teacher counts are the demo's own accounts: every city meets the 10% minimum with room to spare.
        from lms.quotas import queries

        project = db.session.scalar(select(Project))
        cities = db.session.scalars(select(OrgUnit).where(OrgUnit.level == "city")).all()
        for row in queries.compliance(db.session, project, cities):
            assert row["meets_minimum"] and row["shortfall"] == 0, row
            accounts = db.session.scalar(select(func.count(User.id)).join(OrgUnit, User.org_unit_id == OrgUnit.id)
                                         .where(OrgUnit.city_id == row["org_unit_id"], User.stage.is_not(None)))
            assert row["teacher_count"] == accounts
        # Reflections read as prose about their course, not as word lists.
        texts = db.session.scalars(select(Submission.text).where(Submission.kind == "subjective")).all()
        assert all(len(t) >= 300 and t.count("。") >= 8 for t in texts)


def test_printed_accounts_sign_in_after_any_use_and_imports(app):
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
    usernames = {role: username for role, username, _where in accounts}
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == usernames["teacher"]))
        org.change_password(db.session, teacher, DEMO_PASSWORD, "another9pass")
        school_admin = db.session.scalar(select(User).where(User.username == usernames["school_admin"]))
        province_admin = db.session.scalar(select(User).where(User.username == usernames["province_admin"]))
        org.reset_password(db.session, province_admin, school_admin)  # a fresh one, to be changed at next sign-in
        # An imported teacher in the printed school, enrolled in the running batch.
        batch = db.session.scalar(select(Batch).where(Batch.number == demo_calendar.RUNNING))
        klass = db.session.scalar(select(TrainingClass).where(TrainingClass.batch_id == batch.id))
        imported, _password = org.create_user(db.session, None, org.NewUser(
            username="aaa-imported", name="导入教师", org_unit=school_admin.org_unit, roles=["teacher"],
            password="imported1pass"))
        db.session.add(Enrollment(class_id=klass.id, batch_id=batch.id, teacher_id=imported.id,
                                  school_id=school_admin.org_unit_id, status="active", created_at=clock.now()))
        db.session.commit()
    for _n in range(6):  # wrong passwords lock the expert
        _client, r = _sign_in(app, usernames["expert"], "wrong-password1")
    _client, r = _sign_in(app, usernames["expert"])
    assert r.status_code != 302
    _client, r = _sign_in(app, usernames["teacher"])
    assert r.status_code != 302

    with app.app_context():  # the next `lms serve --demo`
        again = load_demo(db.session)
        db.session.commit()
    assert again == accounts and "aaa-imported" not in {u for _r, u, _w in again}
    for _role, username, _where in again:
        client, r = _sign_in(app, username)
        assert r.status_code == 302 and "/password" not in r.headers["Location"], username
