"""Who organises activities, who manages one (edits it, records its attendance): subtree scope."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.projects.policies import is_tutor_of
from lms.web.pipeline import policy


def can_organise(actor) -> bool:
    """Province, city, county and school admins for their area; tutors for their classes."""
    return actor.is_admin or actor.has_role("tutor")


def can_address(actor, org_unit, classes) -> bool:
    """Whom an organiser may address: an admin its own subtree (an area inside it, or some classes, whose
    learners are still those of its area); a tutor some of its own classes (every one named must be its own)."""
    if org_unit is not None:
        return actor.is_admin and scope.covers(actor, org_unit)
    return bool(classes) and all(is_tutor_of(actor, klass) for klass in classes)


def can_manage(actor, activity) -> bool:
    """Its organiser, the admins whose area holds the activity's area; a tutor's activity (no area, its classes):
    the tutors of every class it addresses (a tutor of one of them does not mark another tutor's learners). An
    admin's activity of some classes is not their tutors' to manage (queries._managed_filter lists the same)."""
    if activity.created_by_id == actor.id:
        return True
    if activity.org_unit is not None:
        return actor.is_admin and scope.covers(actor, activity.org_unit)
    return bool(activity.classes) and all(is_tutor_of(actor, klass) for klass in activity.classes)


def can_review(actor, activity=None) -> bool:
    """The province decides which activities meet its requirements (004 L135 "符合省级要求")."""
    return actor.has_role("province_admin")


ORGANISE = policy(can_organise, message=_l("Only admins and tutors organise activities."))
REVIEW = policy(can_review, message=_l("Only province admins approve activities."))
MANAGE = policy(can_manage, "activity", message=_l("Only the activity's organiser and the admins of its area manage "
                                                   "it."))
