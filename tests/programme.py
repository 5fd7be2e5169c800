"""make_* helpers for the training programme: projects, batches, classes, seats, enrollments.

Like tests/factories.py: each call runs in its own app context and returns plain
values (ids, dicts), so tests never share a session with the requests they make.
"""
from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.core import clock
from lms.extensions import db
from lms.org.models import OrgUnit, User
from lms.projects import services as projects
from lms.projects.models import Batch, Course, Project, TrainingClass
from lms.quotas import services as quotas

TZ = ZoneInfo("Asia/Shanghai")
# "Now" for these tests: enrollment for a batch opening on Nov 26 runs Nov 21 00:00 – Nov 26 00:00.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
OPENS_ON = date(2026, 11, 26)
_counter = itertools.count(1)


@contextmanager
def at(api, moment: datetime):
    """Freeze the clock at ``moment``; tokens are minted on the clock, so the API client signs in afresh
    on the way in and on the way out."""
    api._tokens.clear()
    try:
        with clock.frozen_at(moment):
            yield
    finally:
        api._tokens.clear()


class Programme:
    def __init__(self, app):
        self.app = app

    def _run(self, fn):
        with self.app.app_context():
            result = fn(db.session)
            db.session.commit()
            return result

    def project(self, *, year: int = 2026, series: str = "jsjy", calendar: str = "none", **kw) -> int:
        n = next(_counter)
        return self._run(lambda s: projects.create_project(s, None, code=f"PRJ{n}", name=f"项目{n}", year=year,
                                                          series=series, calendar=calendar, **kw).id)

    def batch(self, project_id: int, *, number: int = 1, starts_on: date = OPENS_ON, days: int = 20, **kw) -> int:
        def go(s):
            return projects.add_batch(s, None, s.get(Project, project_id), number=number, starts_on=starts_on,
                                      ends_on=starts_on + timedelta(days=days - 1), **kw).id
        return self._run(go)

    def course(self, title: str = "课程", minutes: int = 600) -> int:
        return self._run(lambda s: projects.create_course(s, None, title=title, subject="数学", stage="初中",
                                                         required_minutes=minutes).id)

    def klass(self, batch_id: int, course_id: int | None = None, tutor_ids=()) -> int:
        course_id = course_id or self.course()
        return self._run(lambda s: projects.create_class(s, None, s.get(Course, course_id), s.get(Batch, batch_id),
                                                        tutor_ids=list(tutor_ids)).id)

    def seats(self, batch_id: int, unit, seats: int) -> None:
        def go(s):
            quotas.set_seats(s, None, s.get(Batch, batch_id), s.get(OrgUnit, unit.id), seats)
        self._run(go)

    def seats_down_to(self, batch_id: int, tree: dict, school_key: str, seats: int) -> None:
        """``seats`` all the way down from the province to one school (adding to what is there)."""
        school = tree[school_key]
        chain = [tree["province"], tree[f"city{school_key[6]}"], tree[f"county{school_key[6:8]}"], school]
        for unit in chain:
            current = self.figures(batch_id, unit)["seats"]
            self.seats(batch_id, unit, current + seats)

    def figures(self, batch_id: int, unit) -> dict:
        from lms.quotas.queries import figures
        return self._run(lambda s: figures(s, batch_id, s.get(OrgUnit, unit.id)))

    def enroll(self, class_id: int, teacher) -> int:
        from lms.enrollment import services
        with clock.frozen_at(self._registration_moment(class_id)):
            return self._run(lambda s: services.enroll(s, None, s.get(TrainingClass, class_id),
                                                       s.get(User, teacher.id)).id)

    def _registration_moment(self, class_id: int) -> datetime:
        def go(s):
            batch = s.get(TrainingClass, class_id).batch
            return batch.registration_opens_at + timedelta(hours=1)
        return self._run(go)

    def ban(self, teacher, year: int, reason: str = "抄袭") -> None:
        from lms.enrollment import services
        self._run(lambda s: services.ban_teacher(s, None, s.get(User, teacher.id), year, reason))

    def crowd(self, class_id: int, schools, n: int, *, start: int = 0) -> list[int]:
        """``n`` more learners in the class, spread over ``schools`` (units), written in bulk with what grades
        read: study time, a quiz result, a forum topic for every other one, a stored grade for every third.
        For tests bounding a page's SQL statements by something other than its number of rows; returns
        the new enrollments' ids."""
        from sqlalchemy import insert

        from lms.assignments.models import Assignment, Submission
        from lms.enrollment.models import Enrollment
        from lms.forum.models import ForumPost
        from lms.grading.models import Grade
        from lms.org.models import RoleAssignment
        from lms.tracking.models import StudyTotal

        def go(s):
            klass = s.get(TrainingClass, class_id)
            now = clock.now()
            quiz = s.scalar(select(Assignment).where(Assignment.course_id == klass.course_id,
                                                     Assignment.kind == "objective"))
            if quiz is None:
                quiz = Assignment(course_id=klass.course_id, kind="objective", title="测验", questions=[],
                                  created_at=now)
                s.add(quiz)
                s.flush()
            serial = next(_counter)
            people = [{"username": f"crowd{serial}_{start + i}", "name": f"学员{start + i}",
                       "org_unit_id": schools[i % len(schools)].id, "password_hash": "x", "is_active_account": True,
                       "failed_logins": 0, "must_change_password": False, "session_version": 1, "created_at": now}
                      for i in range(n)]
            ids = [s.execute(insert(User).returning(User.id), [p]).scalar_one() for p in people]
            s.execute(insert(RoleAssignment), [{"user_id": uid, "role": "teacher", "org_unit_id": p["org_unit_id"]}
                                               for uid, p in zip(ids, people)])
            enrollments = [s.execute(insert(Enrollment).returning(Enrollment.id), [
                {"class_id": class_id, "batch_id": klass.batch_id, "teacher_id": uid, "school_id": p["org_unit_id"],
                 "status": "active", "created_at": now}]).scalar_one() for uid, p in zip(ids, people)]
            pairs = list(zip(enrollments, ids))
            s.execute(insert(StudyTotal), [{"enrollment_id": e, "credited_seconds": 600.0 * (i % 12),
                                            "day_seconds": 0.0, "started_at": now, "updated_at": now}
                                           for i, (e, _u) in enumerate(pairs)])
            s.execute(insert(Submission), [
                {"assignment_id": quiz.id, "enrollment_id": e, "class_id": class_id, "learner_id": u,
                 "kind": "objective", "version": 1, "submitted_at": now, "answers": [],
                 "score_percent": (60.0, 80.0, 100.0)[i % 3], "excellent": False} for i, (e, u) in enumerate(pairs)])
            s.execute(insert(ForumPost), [
                {"class_id": class_id, "author_id": u, "enrollment_id": e, "title": "讨论", "body": "研讨内容" * 8,
                 "counts": True, "featured": False, "pinned": False, "hidden": False, "reply_count": 0,
                 "created_at": now, "last_activity_at": now} for i, (e, u) in enumerate(pairs) if i % 2 == 0])
            s.execute(insert(Grade), [
                {"enrollment_id": e, "class_id": class_id, "total": 50.0, "passed": False, "excellent": False,
                 "plagiarism": False, "final": False, "components": {}, "hints": [], "computed_at": now}
                for i, (e, _u) in enumerate(pairs) if i % 3 == 0])
            return enrollments
        return self._run(go)
