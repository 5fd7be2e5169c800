"""The read side of commendation lists: the batch, the confirmed list, the schools of the learners."""
from __future__ import annotations

from sqlalchemy import select

from lms.commendation.models import Commendation, CommendationEntry
from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.grading.models import Grade
from lms.org.models import OrgUnit
from lms.projects import queries as project_queries


def batch(session, actor, batch_id: int):
    """The pipeline's loader of the batch whose list is asked for (the policies decide who may)."""
    return project_queries.batch_for(session, actor, batch_id, viewers_only=False)


def recommended_ids(session, batch_id: int) -> set[int]:
    """The active enrollments of the batch whose stored grade carries a tutor's recommendation."""
    return set(session.scalars(select(Grade.enrollment_id).join(Enrollment, Grade.enrollment_id == Enrollment.id)
                               .where(Enrollment.batch_id == batch_id, Enrollment.status == "active",
                                      Grade.recommended.is_(True))))


def confirmed(session, batch_id: int) -> Commendation | None:
    return session.get(Commendation, batch_id)


def entries(session, batch_id: int, root) -> list[CommendationEntry]:
    """The confirmed list's entries whose school lies in ``root``'s subtree, by school then name."""
    return list(session.scalars(
        select(CommendationEntry).join(OrgUnit, CommendationEntry.school_id == OrgUnit.id)
        .where(CommendationEntry.batch_id == batch_id, scope.subtree_filter(OrgUnit, root))
        .order_by(CommendationEntry.school_name, CommendationEntry.name, CommendationEntry.id)))


def schools_within(session, school_ids, root) -> dict[int, OrgUnit]:
    """The schools among ``school_ids`` that lie in ``root``'s subtree, by id."""
    if not school_ids:
        return {}
    return {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(set(school_ids)),
                                                                   scope.subtree_filter(OrgUnit, root)))}


def listed(session, enrollment_id: int) -> bool | None:
    """Whether the confirmed list of the enrollment's batch holds it; None while that batch has no confirmed list
    (the certificate's outstanding-learner mark asks, through the ``commendation.listed`` hook)."""
    batch_id = session.scalar(select(Enrollment.batch_id).where(Enrollment.id == enrollment_id))
    if batch_id is None or session.get(Commendation, batch_id) is None:
        return None
    return session.scalar(select(CommendationEntry.id).where(CommendationEntry.batch_id == batch_id,
                                                             CommendationEntry.enrollment_id == enrollment_id)) is not None
