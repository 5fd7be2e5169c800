"""Who may see learning statistics, announce, brief a class, evaluate a course and read the evaluations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from sqlalchemy.orm import object_session

from lms.core import scope
from lms.forum import policies as forum_policies
from lms.projects.policies import is_tutor_of
from lms.web.pipeline import policy


def can_see_statistics(actor) -> bool:
    return actor.is_admin


def can_announce(actor) -> bool:
    """Admins announce, each to its own area (ANNOUNCE_TO for the unit)."""
    return actor.is_admin


def can_announce_to(actor, unit) -> bool:
    return scope.covers(actor, unit)


def can_brief(actor, klass) -> bool:
    """The class's tutors, and the admins whose area the class reaches (school, county, city, province)."""
    return is_tutor_of(actor, klass) or forum_policies.admin_reaches(object_session(klass), actor, klass)


def can_evaluate(actor, enrollment) -> bool:
    """C5: only the learner evaluates its course (once, at the end: services.evaluate)."""
    return enrollment.teacher_id == actor.id


def reads_every_evaluation(actor, klass) -> bool:
    """The class's tutors read all its evaluations."""
    return is_tutor_of(actor, klass)


def can_read_evaluations(actor, klass) -> bool:
    """Tutors of the class and admins. A class mixes schools: an admin reads only the evaluations of the
    learners in its own subtree (notices.readable_evaluations filters by it), and an admin with none of the
    class's learners in its area does not reach the class at all (the loader, notices.class_for_people)."""
    return reads_every_evaluation(actor, klass) or actor.is_admin


SEE_STATISTICS = policy(can_see_statistics, message=_l("Only admins see learning statistics."))
ANNOUNCE = policy(can_announce, message=_l("Only admins announce."))
ANNOUNCE_TO = policy(can_announce_to, "unit", message=_l("You may announce only to your own area."))
BRIEF = policy(can_brief, "klass",
               message=_l("Only the tutors of the class and the admins of its learners' areas write its briefings."))
EVALUATE = policy(can_evaluate, "enrollment", message=_l("Only the learner evaluates the course."))
READ_EVALUATIONS = policy(can_read_evaluations, "klass", message=_l("Only tutors and admins read the course evaluations."))
