"""Who may read, write and moderate a class's forum and its expert Q&A."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.projects.policies import is_tutor_of


def learner_enrollment(session, actor, klass) -> Enrollment | None:
    """The caller's active enrollment in the class: what makes it a learner there."""
    return session.scalar(select(Enrollment).where(Enrollment.class_id == klass.id, Enrollment.teacher_id == actor.id,
                                                   Enrollment.status == "active"))


def _admin_covers_a_learner(session, actor, klass) -> bool:
    """A class mixes schools: an admin may read it when one of its learners is in the admin's area."""
    for unit in scope.admin_units(actor):
        found = session.scalar(select(Enrollment.id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
                               .where(Enrollment.class_id == klass.id, scope.subtree_filter(OrgUnit, unit))
                               .limit(1))
        if found:
            return True
    return False


def can_view(session, actor, klass) -> bool:
    """People of the class: its tutors, experts, its learners, admins whose area has one of its learners."""
    if is_tutor_of(actor, klass) or actor.has_role("expert", "province_admin"):
        return True
    if learner_enrollment(session, actor, klass) is not None:
        return True
    return actor.is_admin and _admin_covers_a_learner(session, actor, klass)


def can_moderate(actor, klass) -> bool:
    """Featuring (精华帖), pinning and hiding are the class tutors' (J16: tutors run the discussion)."""
    return is_tutor_of(actor, klass)


def can_schedule_qa(actor, klass) -> bool:
    return is_tutor_of(actor, klass) or actor.has_role("expert")


def can_answer(actor, qa_session, klass) -> bool:
    return is_tutor_of(actor, klass) or any(e.id == actor.id for e in qa_session.experts)
