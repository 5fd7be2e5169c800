"""Who offers, books, enters, rates and reads in students' tutoring (docs/TUTORING.md)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.square.policies import is_certifier
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


def can_be_recommended(actor) -> bool:
    """Recommendations come from a student's own history (B12): students only."""
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


def can_read_area(actor) -> bool:
    """The term settlement and the month's points of the tutors of an area: its admins, each its own subtree."""
    return actor.is_admin


def settling_area(actor):
    """The area whose term settlement the actor confirms: its city's or the province's (001 L60 市级 budget); the
    top one where it holds both."""
    units = [a.org_unit for a in actor.role_assignments if a.role in ("city_admin", "province_admin")]
    return min(units, key=lambda u: scope.level_index(u.level)) if units else None


def can_settle(actor) -> bool:
    return settling_area(actor) is not None


def can_qualify(actor, person) -> bool:
    """Revoke or reinstate a tutor's qualification (B17): the admin of the tutor's city, the province's for a
    tutor of the province's own unit."""
    return scope.city_authority(actor, person.org_unit)


OFFER = policy(can_offer, message=_l("Only tutors offer tutoring sessions."))
MANAGE = policy(can_manage, "tutoring", message=_l("Only the session's tutor and the admins of its area manage it."))
BOOK = policy(can_book, "tutoring", message=_l("Only students book tutoring sessions."))
ENTER = policy(can_enter, "tutoring", message=_l("Book the session first: its room is for its tutor and the "
                                                 "students who booked it."))
REPLAY = policy(can_watch_replay, "tutoring", message=_l("The replay is for the session's participants and the "
                                                         "admins of its area."))
RATE = policy(can_rate, "tutoring", message=_l("Only the students who booked the session rate its tutor."))
SCORE = policy(can_score, "tutoring", message=_l("Only the session's tutor scores its students."))
def can_see_request(actor, request) -> bool:
    """An on-demand request's photo (001 L39 "拍照上传自己的问题"): its student; the tutors while it waits (to choose
    it); the tutor who took it, in its session."""
    return request.student_id == actor.id or (is_tutor(actor) and (
        request.status == "waiting" or (request.tutoring is not None and request.tutoring.tutor_id == actor.id)))


SEE_REQUEST = policy(can_see_request, "request", message=_l("A request's photo is its student's and its tutors'."))
REQUEST = policy(can_request, message=_l("Only students ask for a free tutor."))
RECOMMENDED = policy(can_be_recommended, message=_l("Tutors are recommended to students, from their own sessions "
                                                     "and questions."))
READ_RECORD = policy(can_read_record, "student", message=_l("A student's record is for the student and the admins "
                                                            "of its school and above."))
REPORT = policy(can_report, "student", message=_l("Only tutors and the admins of the student's area record "
                                                  "misconduct."))
READ_STATEMENT = policy(can_read_statement, "tutor", message=_l("A tutor's points are for the tutor and the admins "
                                                                "of its area."))
READ_AREA = policy(can_read_area, message=_l("Only admins read the tutors' figures of their area."))
SETTLE = policy(can_settle, message=_l("Only the city's and the province's admins confirm a term's settlement."))
QUALIFY = policy(can_qualify, "person", message=_l("Only the admin of the tutor's city (the province's for the "
                                                   "province's own tutors) revokes or reinstates its qualification."))
CERTIFIER = policy(is_certifier, message=_l("Only city and province admins decide tutors' qualifications."))
