"""The hand-counted area of the statistics' tests (tests/reports)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lms.core import clock
from tests.programme import TZ, Programme

STARTS = date(2026, 11, 16)
DURING = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
QUIZ = [{"type": "single", "text": "1+1=?", "options": ["1", "2"], "answer": [1], "points": 1}]


@pytest.fixture
def stats(app, api, make):
    """City 1: A, B, C at school111 and D at school121; city 2: E at school211.
    A studied 60 min, handed in the quiz, posted, passed with 85; C studied 30 min; B failed with 60."""
    from lms.extensions import db
    from lms.grading.models import Grade
    from lms.tracking.models import StudyTotal

    t = make.tree()
    admins = {k: make.admin(t[k]) for k in ("province", "city1", "city2", "county11", "school111")}
    people = {k: make.user(t[school], "teacher", name=f"学员{k}") for k, school in
              (("A", "school111"), ("B", "school111"), ("C", "school111"), ("D", "school121"), ("E", "school211"))}
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=9, starts_on=STARTS)
    course = programme.course(minutes=120)
    klass = programme.klass(batch, course)
    for school, n in (("school111", 3), ("school121", 1), ("school211", 1)):
        programme.seats_down_to(batch, t, school, n + 1)
    enrollments = {k: programme.enroll(klass, person) for k, person in people.items()}
    with clock.frozen_at(DURING):
        api._tokens.clear()
        quiz = api.post(f"/courses/{course}/assignments", admins["province"],
                        json={"kind": "objective", "title": "测验", "questions": QUIZ}).get_json()["id"]
        r = api.post(f"/assignments/{quiz}/submissions", people["A"], json={"enrollment_id": enrollments["A"],
                                                                           "answers": [[1]]})
        assert r.status_code == 201, r.get_json()
        r = api.post(f"/classes/{klass}/topics", people["A"],
                     json={"title": "教学反思", "body": "今天的课堂提问设计让我重新思考了学生的参与方式和反馈。"})
        assert r.status_code == 201 and r.get_json()["counts"], r.get_json()
    api._tokens.clear()
    with app.app_context():
        now = clock.now()
        for key, minutes in (("A", 60), ("C", 30)):
            db.session.merge(StudyTotal(enrollment_id=enrollments[key], credited_seconds=minutes * 60.0,
                                        day_seconds=0.0, started_at=now, updated_at=now))
        for key, total, passed in (("A", 85.0, True), ("B", 60.0, False)):
            db.session.merge(Grade(enrollment_id=enrollments[key], class_id=klass, total=total, passed=passed,
                                   excellent=False, plagiarism=False, final=True, components={}, hints=[],
                                   computed_at=now))
        db.session.commit()
    return {"tree": t, "admins": admins, "people": people, "batch": batch, "project": project,
            "enrollments": enrollments}
