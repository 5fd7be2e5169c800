"""Learning statistics (学情, J6 and J15) for an admin's area: one aggregate query per report.

Every figure is computed in the database by grouping active enrollments under the requested unit by
the child unit they fall in (the ancestor-id columns make that one GROUP BY); nothing loops over rows
in Python except the (few) child units themselves.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select

from lms.assignments.models import Assignment, Submission
from lms.core import scope
from lms.core.cache import recent
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost
from lms.grading.models import Grade
from lms.org.models import OrgUnit, User
from lms.projects.models import Batch, TrainingClass
from lms.quotas.models import Quota
from lms.tracking.models import StudyTotal


def _facts(unit: OrgUnit, batch_ids: list[int]):
    """Per active enrollment of the batches in ``unit``'s area: its school and the facts each figure needs.

    Below the root the submissions and posts are counted for the area's enrollments only, so a city's report
    reads its own rows (at 100,000 enrollments: city 131–141 → 82–89 ms, county 113–127 → 54–56 ms). The root's area
    is every enrollment of the batches, so its report counts them over the batches' classes (an index on each
    table) and joins after: joining its enrollments instead cost a quarter more, and counting the whole tables
    grows with every earlier batch of the year (docs/PERFORMANCE.md "Reports")."""
    in_area = (Enrollment.batch_id.in_(batch_ids), Enrollment.status == "active", scope.subtree_filter(OrgUnit, unit))

    def of_area(query, row):
        if unit.parent_id is None:
            # A row of an enrollment of the batches is always in one of the batches' classes.
            batch_classes = select(TrainingClass.id).where(TrainingClass.batch_id.in_(batch_ids))
            return query.where(row.enrollment_id.isnot(None), row.class_id.in_(batch_classes))
        return (query.join(Enrollment, row.enrollment_id == Enrollment.id)
                .join(OrgUnit, Enrollment.school_id == OrgUnit.id).where(*in_area))

    submitted = of_area(select(Submission.enrollment_id, func.count().label("n")), Submission) \
        .group_by(Submission.enrollment_id).subquery()
    assigned = select(Assignment.course_id, func.count().label("n")).group_by(Assignment.course_id).subquery()
    posted = of_area(select(ForumPost.enrollment_id), ForumPost).where(ForumPost.counts.is_(True)).distinct().subquery()
    return (select(Enrollment.id, Enrollment.teacher_id, Enrollment.school_id,
                   func.coalesce(StudyTotal.credited_seconds, 0.0).label("seconds"),
                   func.coalesce(submitted.c.n, 0).label("submitted"), func.coalesce(assigned.c.n, 0).label("assigned"),
                   case((posted.c.enrollment_id.isnot(None), 1), else_=0).label("discussed"),
                   Grade.total.label("grade"), case((Grade.passed.is_(True), 1), else_=0).label("passed"))
            .join(OrgUnit, Enrollment.school_id == OrgUnit.id)
            .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
            .outerjoin(StudyTotal, StudyTotal.enrollment_id == Enrollment.id)
            .outerjoin(submitted, submitted.c.enrollment_id == Enrollment.id)
            .outerjoin(assigned, assigned.c.course_id == TrainingClass.course_id)
            .outerjoin(posted, posted.c.enrollment_id == Enrollment.id)
            .outerjoin(Grade, Grade.enrollment_id == Enrollment.id)
            .where(*in_area))


def _figures(enrolled, started, seconds, submitted, assigned, discussed, passed, graded, grade_sum) -> dict:
    rate = lambda part: round(part / enrolled, 4) if enrolled else None  # noqa: E731
    return {"enrolled": enrolled, "started": started,
            "study_hours_avg": round(seconds / enrolled / 3600, 2) if enrolled else None,
            "assignment_completion_rate": round(submitted / assigned, 4) if assigned else None,
            "discussion_rate": rate(discussed), "pass_rate": rate(passed),
            "grade_avg": round(grade_sum / graded, 2) if graded else None}


def batch_ids_for(session, *, batch_id: int | None = None, project_id: int | None = None) -> list[int]:
    if batch_id is not None:
        return [batch_id]
    return list(session.scalars(select(Batch.id).where(Batch.project_id == project_id)))


def participation(session, unit: OrgUnit, batch_ids: list[int]) -> list[dict]:
    """One row per child unit of ``unit`` (per learner when ``unit`` is a school)."""
    child_level = scope.child_level(unit.level)
    facts = _facts(unit, batch_ids)
    if child_level is None:
        return _learner_rows(session, facts)
    group = getattr(OrgUnit, scope.ancestor_column(child_level))
    facts = facts.add_columns(group.label("child_id")).subquery()
    totals = {row.child_id: row for row in session.execute(
        select(facts.c.child_id, func.count().label("enrolled"),
               func.sum(case((facts.c.seconds > 0, 1), else_=0)).label("started"),
               func.sum(facts.c.seconds).label("seconds"), func.sum(facts.c.submitted).label("submitted"),
               func.sum(facts.c.assigned).label("assigned"), func.sum(facts.c.discussed).label("discussed"),
               func.sum(facts.c.passed).label("passed"), func.count(facts.c.grade).label("graded"),
               func.sum(facts.c.grade).label("grade_sum")).group_by(facts.c.child_id))}
    children = session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.code, OrgUnit.id))
    seats = dict(session.execute(select(Quota.org_unit_id, func.sum(Quota.seats))
                                 .join(OrgUnit, Quota.org_unit_id == OrgUnit.id)
                                 .where(OrgUnit.parent_id == unit.id, Quota.batch_id.in_(batch_ids))
                                 .group_by(Quota.org_unit_id)).all())
    rows = []
    for child in children:
        t = totals.get(child.id)
        numbers = (int(t.enrolled), int(t.started or 0), float(t.seconds or 0), int(t.submitted or 0),
                   int(t.assigned or 0), int(t.discussed or 0), int(t.passed or 0), int(t.graded or 0),
                   float(t.grade_sum or 0)) if t else (0, 0, 0.0, 0, 0, 0, 0, 0, 0.0)
        rows.append({"org_unit_id": child.id, "name": child.name, "level": child.level,
                     "teacher_count": child.teacher_count, "seats": int(seats.get(child.id) or 0),
                     **_figures(*numbers)})
    return rows


def area_figures(session, unit: OrgUnit, batch_ids: list[int]) -> tuple[list[dict], dict, datetime]:
    """What the home page and the dashboard show of an area: its participation rows, the unit's own line, and when
    they were computed. Computed at most once per ``STATISTICS_SECONDS`` for every worker (lms.core.cache): at
    province scale one computation reads each enrollment of the batch. The API and the exports compute afresh."""
    def compute() -> tuple[list[dict], dict]:
        rows = participation(session, unit, batch_ids)
        return rows, summary(rows, unit_seats(session, unit, batch_ids))

    (rows, line), as_of = recent(f"participation:{unit.id}:{','.join(map(str, sorted(batch_ids)))}", compute)
    return rows, line, as_of


def _learner_rows(session, facts) -> list[dict]:
    facts = facts.subquery()
    rows = session.execute(select(facts, User.name).join(User, User.id == facts.c.teacher_id)
                           .order_by(User.name)).all()
    return [{"org_unit_id": None, "user_id": r.teacher_id, "enrollment_id": r.id, "name": r.name, "level": "teacher",
             "teacher_count": 1, "seats": None,
             **_figures(1, int(r.seconds > 0), float(r.seconds), int(r.submitted), int(r.assigned),
                        int(r.discussed), int(r.passed), int(r.grade is not None), float(r.grade or 0))}
            for r in rows]


def unit_seats(session, unit: OrgUnit, batch_ids: list[int]) -> int:
    """The seats ``unit`` itself received in those batches: the same figure as its quota page shows."""
    return int(session.scalar(select(func.coalesce(func.sum(Quota.seats), 0))
                              .where(Quota.org_unit_id == unit.id, Quota.batch_id.in_(batch_ids))) or 0)


def summary(rows: list[dict], seats: int) -> dict:
    """The unit's own line: the children's figures added up (rates weighted by enrollment) beside the seats the
    unit itself received (``unit_seats``; a school's learner rows carry none)."""
    enrolled = sum(r["enrolled"] for r in rows)
    weighted = lambda key: sum((r[key] or 0) * r["enrolled"] for r in rows)  # noqa: E731
    return {"enrolled": enrolled, "started": sum(r["started"] for r in rows),
            "seats": seats, "teacher_count": sum(r["teacher_count"] for r in rows),
            "study_hours_avg": round(weighted("study_hours_avg") / enrolled, 2) if enrolled else None,
            "discussion_rate": round(weighted("discussion_rate") / enrolled, 4) if enrolled else None,
            "pass_rate": round(weighted("pass_rate") / enrolled, 4) if enrolled else None}
