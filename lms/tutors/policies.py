"""Who applies to be a tutor, who reviews an application at each level, who reads it (docs/LIVE.md "Tutors")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.tutors import rules
from lms.web.pipeline import policy


def can_apply(actor) -> bool:
    """Teachers of a school, a district or a city apply (the province's own staff have no review above them)."""
    return actor.has_role("teacher") and actor.org_unit is not None and \
        rules.first_level(actor.org_unit.level) is not None


def reviews_at(actor, level: str, unit) -> bool:
    """The actor holds the level's admin role on a unit whose subtree holds ``unit``."""
    role = rules.REVIEWER_ROLE[level]
    return any(a.role == role and scope.is_within(unit, a.org_unit) for a in actor.role_assignments)


def can_review(actor, application) -> bool:
    """The admin of the level the application waits at, for the applicant's own school, district or city."""
    role = rules.reviewer_role(application.status)
    return role is not None and reviews_at(actor, application.status, application.org_unit)


def is_reviewer(actor) -> bool:
    return actor.has_role(*rules.REVIEWER_ROLE.values())


def reads_area(actor) -> bool:
    """Admins read their area's applications (the province's oversee them; the others also decide them)."""
    return actor.is_admin


def can_read(actor, application) -> bool:
    """The applicant, and the admins whose area holds its unit."""
    return application.user_id == actor.id or (actor.is_admin and scope.covers(actor, application.org_unit))


APPLY = policy(can_apply, message=_l("Only teachers of a school, district or city apply to be a tutor."))
REVIEW = policy(can_review, "application", message=_l("This application waits for another reviewer: the admins of "
                                                      "the applicant's school, district and city review it in turn."))
READ_AREA = policy(reads_area, message=_l("Only admins read the tutor applications of their area."))
