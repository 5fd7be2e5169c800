"""Who may choose, enroll, cancel, replace and see enrollments."""
from __future__ import annotations

from lms.core import scope


def can_choose(actor) -> bool:
    return actor.has_role("teacher") and actor.org_unit.level == "school"


def can_enroll(actor, school) -> bool:
    """J4: a school's admins enroll its teachers against the school's seats."""
    return any(a.role == "school_admin" and a.org_unit_id == school.id for a in actor.role_assignments)


def can_grant_waiver(actor) -> bool:
    """J2's exception is the province's to make."""
    return actor.has_role("province_admin")


def can_view_school(actor, school) -> bool:
    return scope.covers(actor, school)


def can_view_enrollment(actor, enrollment, school) -> bool:
    if actor.id == enrollment.teacher_id or scope.covers(actor, school):
        return True
    return any(t.id == actor.id for t in enrollment.training_class.tutors)
