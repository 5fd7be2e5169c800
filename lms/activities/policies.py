"""Who organises activities, who manages one (edits it, records its attendance): subtree scope."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.projects.policies import is_tutor_of
from lms.web.pipeline import policy


def can_organise(actor) -> bool:
    """Province, city, county and school admins for their area; tutors for their classes."""
    return actor.is_admin or actor.has_role("tutor")


def can_address(actor, org_unit, klass) -> bool:
    """Whom an organiser may address: an admin its own subtree (an area inside it, or one class, whose learners
    are still those of its area); a tutor one of its classes."""
    if org_unit is not None and not (actor.is_admin and scope.covers(actor, org_unit)):
        return False
    if klass is not None and org_unit is None:
        return is_tutor_of(actor, klass)
    return org_unit is not None


def can_manage(actor, activity) -> bool:
    """Its organiser, the admins whose area holds the activity's area; a tutor's activity (no area, one class):
    the tutors of its class. An admin's activity of one class is not its tutors' to manage
    (queries._managed_filter lists the same)."""
    if activity.created_by_id == actor.id:
        return True
    if activity.org_unit is not None:
        return actor.is_admin and scope.covers(actor, activity.org_unit)
    return activity.training_class is not None and is_tutor_of(actor, activity.training_class)


ORGANISE = policy(can_organise, message=_l("Only admins and tutors organise activities."))
MANAGE = policy(can_manage, "activity", message=_l("Only the activity's organiser and the admins of its area manage "
                                                   "it."))
