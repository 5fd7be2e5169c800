"""Trainings in this product post their entry when a grade becomes final and passed — once (issue 17)."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from lms.core import clock
from lms.credits import rules, services
from lms.credits.models import CreditEntry
from lms.extensions import db
from lms.grading import services as grading
from lms.grading.models import Grade, GradingSettings
from lms.projects.models import Course
from tests.forum.conftest import DURING, FINAL, room  # noqa: F401


def _pass_everyone(room):
    with room.app.app_context():
        db.session.add(GradingSettings(project_id=room.project, pass_mark=0, outstanding_mark=100))
        db.session.commit()


def _entries(room):
    with room.app.app_context():
        return [(e.user_id, e.enrollment_id, e.status, e.hours, e.credits, e.category)
                for e in db.session.scalars(select(CreditEntry).order_by(CreditEntry.id))]


def test_a_final_passed_grade_posts_one_confirmed_entry(room):
    _pass_everyone(room)
    with room.app.app_context(), clock.frozen_at(DURING):
        grading.recompute_grade(db.session, room.enrollments["alice"])
        db.session.commit()
    assert _entries(room) == []  # not final yet
    with room.app.app_context(), clock.frozen_at(FINAL):
        course = db.session.get(Course, room.course)
        services.set_course_terms(db.session, db.session.merge(room.admin), course, D(24), rules.PROFESSIONAL,
                                  "subject")
        grading.recompute_grade(db.session, room.enrollments["alice"])
        grading.recompute_batch(db.session, room.batch)
        grading.recompute_grade(db.session, room.enrollments["alice"])
        db.session.commit()
    entries = _entries(room)
    assert sorted(e[1] for e in entries) == sorted(room.enrollments.values())  # one each, however often recomputed
    alice = next(e for e in entries if e[1] == room.enrollments["alice"])
    assert alice[2:] == (rules.CONFIRMED, D(24), D("2.4"), rules.PROFESSIONAL)  # L335: 10 学时 = 1


def test_a_grade_that_stops_passing_withdraws_its_entry_and_passing_again_restores_it(room):
    _pass_everyone(room)
    with room.app.app_context(), clock.frozen_at(FINAL):
        grade = grading.recompute_grade(db.session, room.enrollments["bob"])
        # The course states no terms: its 100 minutes at 45 a 学时 (000 L33), an elective.
        assert _entries_now()[0].hours == D("2.2")
        grade.passed = False
        services.reconcile_grades(db.session, [grade])
        assert _entries_now()[0].status == rules.REJECTED
        grade.passed = True
        services.reconcile_grades(db.session, [grade])
        assert _entries_now()[0].status == rules.CONFIRMED
        assert len(services.post_final_grades(db.session)) == 0  # nothing new to post
        db.session.commit()


def _entries_now():
    return list(db.session.scalars(select(CreditEntry)))


def test_a_failed_grade_posts_nothing(room):
    with room.app.app_context(), clock.frozen_at(FINAL):
        grade = grading.recompute_grade(db.session, room.enrollments["carol"])
        assert grade.final and not grade.passed
        assert db.session.scalars(select(Grade)).first() is not None
        assert _entries_now() == []
