"""Who may do what with study time: set a project's rules, study a lesson, review flags (docs/STUDY_TIME.md)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def can_set_study_rules(actor) -> bool:
    return actor.has_role("province_admin")


def can_study(actor, enrollment) -> bool:
    """Only the learner of an enrollment studies through it (tutors and admins see its progress)."""
    return enrollment.teacher_id == actor.id


def can_review_flags(actor) -> bool:
    return scope.highest_admin_unit(actor) is not None


SET_STUDY_RULES = policy(can_set_study_rules, message=_l("Only a province admin sets the study-time rules."))
STUDY = policy(can_study, "enrollment", message=_l("This is not your enrollment."))
REVIEW_FLAGS = policy(can_review_flags, message=_l("Only admins may open this page."))
