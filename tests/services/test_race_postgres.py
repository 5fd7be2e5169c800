"""J8 under real concurrency on PostgreSQL: many threads race for fewer seats, exactly the right number win."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select

from lms.core import clock
from lms.core.errors import DomainError
from lms.enrollment import services as enrollment
from lms.enrollment.models import Enrollment
from lms.extensions import db
from lms.org.models import OrgUnit, User
from lms.projects.models import Batch, TrainingClass
from lms.quotas import services as quotas
from lms.quotas.models import Quota
from tests.programme import NOW, Programme

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(
    not os.environ.get("LMS_TEST_DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")]
THREADS = 60


def _race(app, jobs) -> list[str | None]:
    """Run each job(session) in its own thread and session, all released at once; None means success."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str | None] = [None] * len(jobs)

    def run(i, job):
        with app.app_context(), clock.frozen_at(NOW):
            barrier.wait()
            try:
                job(db.session)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                outcomes[i] = error.code
            except Exception as error:  # noqa: BLE001 - any other failure is a test failure below
                db.session.rollback()
                outcomes[i] = f"crash: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def _row(app, batch_id, unit_id) -> Quota:
    with app.app_context():
        row = db.session.scalar(select(Quota).where(Quota.batch_id == batch_id, Quota.org_unit_id == unit_id))
        db.session.expunge_all()
        return row


def test_teachers_race_for_a_schools_seats(app, make):
    tree = make.tree()
    school = tree["school111"]
    teachers = [make.user(school, "teacher", name=f"教师{i}").id for i in range(THREADS)]
    p = Programme(app)
    batch_id = p.batch(p.project())
    class_id = p.klass(batch_id)
    p.seats_down_to(batch_id, tree, "school111", 10)

    def job(teacher_id):
        return lambda s: enrollment.enroll(s, None, s.get(TrainingClass, class_id), s.get(User, teacher_id))

    outcomes = _race(app, [job(t) for t in teachers])
    assert outcomes.count(None) == 10
    assert set(outcomes) == {None, "quota_exhausted"}
    row = _row(app, batch_id, school.id)
    assert (row.seats, row.allocated, row.enrolled) == (10, 0, 10)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.status == "active")) == 10


def test_schools_race_for_a_countys_seats(app, make):
    tree = make.tree()
    county = tree["county11"]
    schools = [make.unit("school", county).id for _i in range(THREADS)]
    p = Programme(app)
    batch_id = p.batch(p.project(quota_deadline=NOW.date().replace(year=2099)))
    for unit in (tree["province"], tree["city1"], county):
        p.seats(batch_id, unit, 20)

    def job(school_id):
        return lambda s: quotas.set_seats(s, None, s.get(Batch, batch_id), s.get(OrgUnit, school_id), 1)

    outcomes = _race(app, [job(s) for s in schools])
    assert outcomes.count(None) == 20
    assert set(outcomes) == {None, "quota_exceeds_parent"}
    row = _row(app, batch_id, county.id)
    assert (row.seats, row.allocated, row.enrolled) == (20, 20, 0)
    with app.app_context():
        handed = db.session.scalar(select(func.sum(Quota.seats)).where(Quota.batch_id == batch_id,
                                                                       Quota.org_unit_id.in_(schools)))
    assert handed == 20


def test_same_teacher_enrolled_by_many_clicks_at_once_gets_one_seat(app, make):
    tree = make.tree()
    teacher = make.user(tree["school111"], "teacher").id
    p = Programme(app)
    batch_id = p.batch(p.project())
    classes = [p.klass(batch_id) for _i in range(3)]
    p.seats_down_to(batch_id, tree, "school111", 30)
    jobs = [lambda s, c=classes[i % 3]: enrollment.enroll(s, None, s.get(TrainingClass, c), s.get(User, teacher))
            for i in range(THREADS)]
    outcomes = _race(app, jobs)
    assert outcomes.count(None) == 1 and set(outcomes) == {None, "already_enrolled"}
    assert _row(app, batch_id, tree["school111"].id).enrolled == 1
