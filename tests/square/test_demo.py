"""The demo shows the square and micro-lessons: students stu-… with questions (one adopted), a tutor with points, a
micro-lesson waiting for the printed city admin's certification."""
from __future__ import annotations

from sqlalchemy import select

from lms.demo.loader import load_demo
from lms.extensions import db
from lms.org.models import User
from lms.projects import media
from lms.square import policies, queries, rules
from lms.square.models import MicroLesson, SquareQuestion


def test_the_demo_has_questions_answers_and_micro_lessons(app):
    with app.app_context():
        accounts = dict((role, username) for role, username, _pw in load_demo(db.session))
        db.session.commit()
        students = list(db.session.scalars(select(User).where(User.username.like("stu-%"))))
        assert len(students) == 3 and all(s.has_role("student") for s in students)
        # the README names them: students of the printed teacher's school
        assert sorted(s.username for s in students) == [f"stu-3201150001{n:03d}" for n in (1, 2, 3)]
        teacher = db.session.scalar(select(User).where(User.username == accounts["teacher"]))
        assert {s.org_unit_id for s in students} == {teacher.org_unit_id}
        questions = list(db.session.scalars(select(SquareQuestion)))
        assert len(questions) == 4 and [q.status for q in questions].count(rules.ADOPTED) == 1
        adopted = next(q for q in questions if q.status == rules.ADOPTED).adopted
        tutor = adopted.tutor
        assert tutor.has_role("tutor") and adopted.points == 3
        assert queries.open_questions(db.session, tutor)  # the tutor has open questions of its subject
        city = db.session.scalar(select(User).where(User.username == accounts["city_admin"]))
        waiting = queries.waiting_for(db.session, city)
        assert [m.title for m in waiting] == ["二次函数的最值问题"]
        s = queries.statement(db.session, tutor.id)
        assert s["square_points"] == 3 and s["settled_points"] == 40 + 10 and s["provisional_points"] == 26 + 9
        listed = queries.listed_lessons(db.session)
        assert len(listed) == 2 and all(policies.can_read_lesson(students[0], m) for m in listed)
        uploaded = [m for m in listed if m.video_key is not None]
        assert len(uploaded) == 1 and uploaded[0].video_url is None and uploaded[0].video_seconds == 6
        assert media.probe_duration(media.configured_storage().path_for(uploaded[0].video_key)) == 6
        assert db.session.scalar(select(MicroLesson).where(MicroLesson.status == rules.SETTLED)).quality_points == 10
