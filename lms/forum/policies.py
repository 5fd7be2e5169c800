"""Who may read, write and moderate a class's forum and its expert Q&A."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import object_session

from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.projects.policies import is_tutor_of
from lms.web.pipeline import policy


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


def admin_reaches(session, actor, klass) -> bool:
    """An admin whose area the class reaches: the province's admins for every class, the others for a class
    with one of its learners in their area (a class mixes schools)."""
    return actor.has_role("province_admin") or (actor.is_admin and _admin_covers_a_learner(session, actor, klass))


def is_learner_in(actor, klass) -> bool:
    return learner_enrollment(object_session(klass), actor, klass) is not None


def can_write(actor, klass) -> bool:
    """The class's tutors and its learners write in its forum (learners while the batch runs: services)."""
    return is_tutor_of(actor, klass) or is_learner_in(actor, klass)


def can_reply(actor, topic) -> bool:
    return can_write(actor, topic.training_class)


def can_moderate(actor, klass) -> bool:
    """Featuring (精华帖), pinning and hiding are the class tutors' (J16: tutors run the discussion)."""
    return is_tutor_of(actor, klass)


def can_moderate_post(actor, post) -> bool:
    return can_moderate(actor, post.training_class)


def can_schedule_qa(actor, klass) -> bool:
    return is_tutor_of(actor, klass) or actor.has_role("expert")


def can_ask(actor, qa_session) -> bool:
    """The learners of the class ask in its Q&A (while it runs: services)."""
    return is_learner_in(actor, qa_session.training_class)


def can_answer(actor, qa_session, klass) -> bool:
    return is_tutor_of(actor, klass) or any(e.id == actor.id for e in qa_session.experts)


def can_answer_question(actor, question) -> bool:
    """The session's experts and the class tutors; and the class's other learners, whose answer is taking part
    (while the session runs: services)."""
    klass = question.qa_session.training_class
    return can_answer(actor, question.qa_session, klass) or (actor.id != question.author_id
                                                             and is_learner_in(actor, klass))


_WRITERS = _l("Only the learners and tutors of this class write in its forum.")
WRITE = policy(can_write, "klass", message=_WRITERS)
REPLY = policy(can_reply, "topic", message=_WRITERS)
MODERATE = policy(can_moderate_post, "post", message=_l("Only the tutors of the class feature, pin or hide its posts."))
SCHEDULE_QA = policy(can_schedule_qa, "klass", message=_l("Only a tutor of the class or an expert schedules its Q&A."))
ASK = policy(can_ask, "qa", message=_l("Only the learners of this class ask in its Q&A."))
ANSWER = policy(can_answer_question, "question", message=_l("Only the session's experts, the class tutors and the "
                                                            "class's other learners answer."))
