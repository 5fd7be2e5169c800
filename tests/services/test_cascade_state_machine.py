"""J4, J8, J9 against the real database: random hand-downs, enrollments, cancels and replaces.

The model is a plain dict of figures driven by the pure rules; after every step
the quota rows must equal it, ``allocated`` must be the sum of the children's
seats, ``enrolled`` the school's active enrollments, and every refusal must be
the one the rules predict.
"""
from __future__ import annotations

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete, func, select

from lms.core import clock
from lms.core.errors import DomainError
from lms.enrollment import services as enrollment
from lms.enrollment.models import Enrollment
from lms.extensions import db
from lms.org.models import OrgUnit, User
from lms.projects.models import Batch, TrainingClass
from lms.quotas import rules
from lms.quotas import services as quotas
from lms.quotas.models import Quota
from tests.programme import NOW, Programme

TEACHERS_PER_SCHOOL = 2


def test_random_cascade_keeps_the_invariant_and_exact_figures(app, make):
    tree = make.tree()
    units = [u for key, u in tree.items()]
    parent_of = {u.id: u.parent_id for u in units}
    level_of = {u.id: u.level for u in units}
    schools = [u.id for u in units if u.level == "school"]
    teachers = {s: [make.user(OrgUnit(id=s, level="school"), "teacher").id for _i in range(TEACHERS_PER_SCHOOL)]
                for s in schools}
    school_of = {t: s for s, ts in teachers.items() for t in ts}
    p = Programme(app)
    batch_id = p.batch(p.project(quota_deadline=NOW.date().replace(year=2099)))
    class_id = p.klass(batch_id)

    class Cascade(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            with app.app_context():
                db.session.execute(delete(Enrollment))
                db.session.execute(delete(Quota))
                db.session.commit()
            self.figures = {u.id: rules.QuotaFigures(0) for u in units}
            self.active: dict[int, int] = {}  # enrollment id -> teacher id

        def _call(self, fn) -> str | None:
            with app.app_context(), clock.frozen_at(NOW):
                try:
                    fn(db.session)
                except DomainError as error:
                    db.session.rollback()
                    return error.code
                db.session.commit()
                return None

        @rule(unit=st.sampled_from([u.id for u in units]), seats=st.integers(0, 12))
        def set_seats(self, unit, seats):
            parent = parent_of[unit]
            capacity = None if parent is None else rules.parent_capacity_for(self.figures[parent],
                                                                            self.figures[unit].seats)
            expected = rules.check_set_seats(self.figures[unit], seats, capacity)
            got = self._call(lambda s: quotas.set_seats(s, None, s.get(Batch, batch_id), s.get(OrgUnit, unit), seats))
            assert got == expected
            if expected is None:
                if parent is not None:
                    self.figures[parent], self.figures[unit] = rules.after_set_seats(self.figures[parent],
                                                                                     self.figures[unit], seats)
                else:
                    self.figures[unit] = rules.after_set_seats(None, self.figures[unit], seats)[1]

        @rule(teacher=st.sampled_from(sorted(school_of)))
        def enroll(self, teacher):
            school = school_of[teacher]
            if teacher in self.active.values():
                expected = "already_enrolled"
            else:
                expected = rules.check_can_enroll(self.figures[school])
            made = []
            got = self._call(lambda s: made.append(enrollment.enroll(s, None, s.get(TrainingClass, class_id),
                                                                     s.get(User, teacher)).id))
            assert got == expected
            if expected is None:
                self.active[made[0]] = teacher
                self.figures[school] = rules.after_enroll(self.figures[school])

        @rule(pick=st.integers(0, 100))
        def cancel(self, pick):
            if not self.active:
                return
            enrollment_id = sorted(self.active)[pick % len(self.active)]
            school = school_of[self.active[enrollment_id]]
            got = self._call(lambda s: enrollment.cancel(s, None, s.get(Enrollment, enrollment_id),
                                                         s.get(OrgUnit, school)))
            assert got is None
            del self.active[enrollment_id]
            self.figures[school] = rules.after_cancel(self.figures[school])

        @rule(pick=st.integers(0, 100), other=st.integers(0, TEACHERS_PER_SCHOOL - 1))
        def replace(self, pick, other):
            if not self.active:
                return
            enrollment_id = sorted(self.active)[pick % len(self.active)]
            school = school_of[self.active[enrollment_id]]
            newcomer = teachers[school][other]
            expected = "already_enrolled" if newcomer in self.active.values() else None
            made = []
            got = self._call(lambda s: made.append(enrollment.replace(
                s, None, s.get(Enrollment, enrollment_id), s.get(OrgUnit, school), s.get(User, newcomer)).id))
            assert got == expected
            if expected is None:
                del self.active[enrollment_id]
                self.active[made[0]] = newcomer

        @invariant()
        def database_matches_the_model(self):
            with app.app_context():
                rows = {q.org_unit_id: q for q in db.session.scalars(select(Quota).where(Quota.batch_id == batch_id))}
                for unit_id, expected in self.figures.items():
                    row = rows.get(unit_id)
                    got = rules.QuotaFigures(row.seats, row.allocated, row.enrolled) if row else rules.QuotaFigures(0)
                    assert got == expected, (level_of[unit_id], got, expected)
                    assert got.consistent
                    children = [u for u, par in parent_of.items() if par == unit_id]
                    assert got.allocated == sum(self.figures[c].seats for c in children)
                active = dict(db.session.execute(select(Enrollment.school_id, func.count()).where(
                    Enrollment.status == "active").group_by(Enrollment.school_id)).all())
                for school in schools:
                    assert active.get(school, 0) == self.figures[school].enrolled

    run_state_machine_as_test(Cascade, settings=settings(max_examples=25, stateful_step_count=30, deadline=None,
                                                         suppress_health_check=list(HealthCheck)))
