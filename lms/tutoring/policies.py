"""Who offers, books, enters, rates and reads in students' tutoring (docs/TUTORING.md)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def is_student(actor) -> bool:
    return actor.has_role("student")


def is_tutor(actor) -> bool:
    return actor.has_role("tutor")


def admin_covers(actor, unit) -> bool:
    return actor.is_admin and scope.covers(actor, unit)


def can_offer(actor) -> bool:
    """Tutors (在线教师) offer one-to-one slots and one-to-many sessions, and take on-demand requests."""
    return is_tutor(actor)


def can_manage(actor, tutoring) -> bool:
    """Cancel or end a session: its tutor, and the admins whose area holds the tutor's unit."""
    return actor.id == tutoring.tutor_id or admin_covers(actor, tutoring.org_unit)


def can_book(actor, tutoring) -> bool:
    return is_student(actor) and actor.id != tutoring.tutor_id


def can_enter(actor, tutoring) -> bool:
    """The room: the tutor and the students holding a booking."""
    return actor.id == tutoring.tutor_id or any(b.student_id == actor.id for b in tutoring.booked)


def can_watch_replay(actor, tutoring) -> bool:
    return can_enter(actor, tutoring) or admin_covers(actor, tutoring.org_unit)


def can_rate(actor, tutoring) -> bool:
    """A student rates the tutor of a session it booked."""
    return is_student(actor) and any(b.student_id == actor.id for b in tutoring.booked)


def can_score(actor, tutoring) -> bool:
    """The tutor scores the session's students."""
    return actor.id == tutoring.tutor_id


def can_request(actor) -> bool:
    return is_student(actor)


def can_read_record(actor, student) -> bool:
    """A student's monthly record: the student itself and the admins whose area holds its school."""
    return actor.id == student.id or admin_covers(actor, student.org_unit)


def can_report(actor, student) -> bool:
    """Misconduct on a student: a tutor (whom the service checks had the student in a session) or the admins
    whose area holds its school."""
    return is_tutor(actor) or admin_covers(actor, student.org_unit)


def can_read_statement(actor, tutor) -> bool:
    return actor.id == tutor.id or admin_covers(actor, tutor.org_unit)


def can_qualify(actor, person) -> bool:
    """Revoke or reinstate a tutor's qualification (B17): the admin of the tutor's city, the province's for a
    tutor of the province's own unit."""
    return scope.city_authority(actor, person.org_unit)


def can_read_area_hours(actor) -> bool:
    """The tutors' weekly hours: the admins, each of its own subtree (the query keeps to it)."""
    return actor.is_admin


def is_certifier(actor) -> bool:
    return actor.has_role("city_admin", "province_admin")


OFFER = policy(can_offer, message=_l("Only tutors offer tutoring sessions."))
MANAGE = policy(can_manage, "tutoring", message=_l("Only the session's tutor and the admins of its area manage it."))
BOOK = policy(can_book, "tutoring", message=_l("Only students book tutoring sessions."))
ENTER = policy(can_enter, "tutoring", message=_l("Book the session first: its room is for its tutor and the "
                                                 "students who booked it."))
REPLAY = policy(can_watch_replay, "tutoring", message=_l("The replay is for the session's participants and the "
                                                         "admins of its area."))
RATE = policy(can_rate, "tutoring", message=_l("Only the students who booked the session rate its tutor."))
SCORE = policy(can_score, "tutoring", message=_l("Only the session's tutor scores its students."))
REQUEST = policy(can_request, message=_l("Only students ask for a free tutor."))
READ_RECORD = policy(can_read_record, "student", message=_l("A student's record is for the student and the admins "
                                                            "of its school and above."))
REPORT = policy(can_report, "student", message=_l("Only tutors and the admins of the student's area record "
                                                  "misconduct."))
READ_STATEMENT = policy(can_read_statement, "tutor", message=_l("A tutor's points are for the tutor and the admins "
                                                                "of its area."))
AREA_HOURS = policy(can_read_area_hours, message=_l("Only admins read their area's tutors' hours."))
QUALIFY = policy(can_qualify, "person", message=_l("Only the admin of the tutor's city (the province's for the "
                                                   "province's own tutors) revokes or reinstates its qualification."))
CERTIFIER = policy(is_certifier, message=_l("Only city and province admins decide tutors' qualifications."))
