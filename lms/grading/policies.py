"""Who may see and change grades, the grading policy and recommendations (J13, J14)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.projects.policies import can_view_catalogue, is_tutor_of
from lms.web.pipeline import policy


def can_view_class_grades(actor, klass) -> bool:
    """A class's grades: its tutors and the province's admins."""
    return is_tutor_of(actor, klass) or actor.has_role("province_admin")


def can_recommend(actor, enrollment) -> bool:
    """J14: the tutors of the learner's class recommend outstanding learners."""
    return is_tutor_of(actor, enrollment.training_class)


def can_see_grading_policy(actor, project) -> bool:
    return can_view_catalogue(actor)


def can_set_grading_policy(actor, project) -> bool:
    return actor.has_role("province_admin")


VIEW_CLASS_GRADES = policy(can_view_class_grades, "klass",
                           message=_l("Only the class's tutors and province admins see the class's grades."))
RECOMMEND = policy(can_recommend, "enrollment", message=_l("Only the tutors of the class recommend its learners."))
SEE_GRADING_POLICY = policy(can_see_grading_policy, "project",
                            message=_l("Only admins, tutors and experts see the grading policy."))
SET_GRADING_POLICY = policy(can_set_grading_policy, "project",
                            message=_l("Only a province admin sets the grading policy."))
