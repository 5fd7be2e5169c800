"""Who may choose, enroll, cancel, replace and see enrollments: routes name these, services enforce them."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def can_choose(actor) -> bool:
    return actor.has_role("teacher") and actor.org_unit.level == "school"


def _admins_school(actor, school_id: int) -> bool:
    return any(a.role == "school_admin" and a.org_unit_id == school_id for a in actor.role_assignments)


def can_enroll(actor, school) -> bool:
    """J4: a school's admins enroll its teachers against the school's seats."""
    return _admins_school(actor, school.id)


def enrolls_for_a_school(actor) -> bool:
    """May call the enrollment route at all: a school admin (which school's seats, the body's teacher says)."""
    return actor.has_role("school_admin")


def can_change_enrollment(actor, enrollment) -> bool:
    """J9: the admins of the enrolling school cancel an enrollment or give its seat to another teacher."""
    return _admins_school(actor, enrollment.school_id)


def can_withdraw(actor, choice) -> bool:
    return choice.teacher_id == actor.id


def can_grant_waiver(actor) -> bool:
    """J2's exception is the province's to make."""
    return actor.has_role("province_admin")


def can_list_enrollments(actor) -> bool:
    """Admins list their area's enrollments, tutors those of the classes they tutor."""
    return actor.is_admin or actor.has_role("tutor")


def can_view_school(actor, school) -> bool:
    return scope.covers(actor, school)


def can_view_enrollment(actor, enrollment, school) -> bool:
    if actor.id == enrollment.teacher_id or scope.covers(actor, school):
        return True
    return any(t.id == actor.id for t in enrollment.training_class.tutors)


ENROLL_TEACHERS = policy(enrolls_for_a_school, message=_l("Only school admins enroll teachers."))
CHOOSE = policy(can_choose, message=_l("Only teachers of a school choose classes."))
WITHDRAW = policy(can_withdraw, "choice", message=_l("Only the teacher withdraws a choice."))
# The school is the URL's ``unit`` on the pages; services pass it positionally.
ENROLL = policy(can_enroll, "unit", message=lambda unit: _("Only the admins of %(school)s enroll its teachers.",
                                                           school=unit.name))
CHANGE_ENROLLMENT = policy(can_change_enrollment, "enrollment",
                           message=_l("Only the admins of the enrolling school change its enrollments."))
GRANT_WAIVER = policy(can_grant_waiver, message=_l(
    "Only a province admin makes exceptions to the consecutive-year rule."))
LIST_ENROLLMENTS = policy(can_list_enrollments, message=_l("Only admins and tutors list enrollments."))
