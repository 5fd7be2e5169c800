"""Who schedules, books, enters and reads live sessions, and who keeps the calendar (docs/LIVE.md)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core import scope
from lms.web.pipeline import policy


def is_organiser(actor, live) -> bool:
    """The host and, in a review, its co-reviewers."""
    return actor.id == live.host_id or actor.id in (live.co_reviewer_ids or [])


def admin_covers(actor, live) -> bool:
    """An admin whose area holds the host's unit (subtree scope)."""
    return actor.is_admin and scope.covers(actor, live.org_unit)


def can_schedule(actor) -> bool:
    """Tutors (指导教师) schedule their own sessions; admins schedule for the tutors of their area."""
    return actor.has_role("tutor") or actor.is_admin


def can_schedule_for(actor, host) -> bool:
    if not host.has_role("tutor"):
        return False
    return host.id == actor.id or (actor.is_admin and scope.covers(actor, host.org_unit))


def can_manage(actor, live) -> bool:
    """Cancel the session, end its meeting, read its attendance: the host, its co-reviewers, the admins above."""
    return is_organiser(actor, live) or admin_covers(actor, live)


def can_book(actor, live) -> bool:
    """Learner teachers book; nobody books a session they organise."""
    return actor.has_role("teacher") and not is_organiser(actor, live)


def can_enter(actor, live) -> bool:
    """The room: its organisers and the learners holding a booking."""
    return is_organiser(actor, live) or any(b.user_id == actor.id and b.status == "booked" for b in live.bookings)


def can_watch_recordings(actor, live) -> bool:
    """Who may enter the room, and the admins above (watching a recording also counts as taking part)."""
    return can_enter(actor, live) or admin_covers(actor, live)


def can_keep_calendar(actor) -> bool:
    """Terms and holidays hold for the whole province: its admins keep them."""
    return actor.has_role("province_admin")


def can_read_statement(actor, tutor) -> bool:
    """A tutor's points and fee: the tutor itself and the admins whose area holds its unit."""
    return tutor.has_role("tutor") and (actor.id == tutor.id or (actor.is_admin and scope.covers(actor, tutor.org_unit)))


def can_read_settlement(actor) -> bool:
    """A term's settlement: every admin, each for the tutors of its own subtree."""
    return actor.is_admin


def can_settle(actor) -> bool:
    """The fees are paid from the province's budget: its admins confirm (lock) a term's settlement."""
    return actor.has_role("province_admin")


def can_record_report(actor, live) -> bool:
    """An open lesson review's report: written by its reviewers (the host and co-reviewers)."""
    return is_organiser(actor, live)


SCHEDULE = policy(can_schedule, message=_l("Only tutors and admins schedule live sessions."))
MANAGE = policy(can_manage, "live", message=_l("Only the session's host and the admins of its area manage it."))
BOOK = policy(can_book, "live", message=_l("Only learner teachers book a session, and not the one they host."))
ENTER = policy(can_enter, "live", message=_l("Book the session first: its room is for its host and the learners "
                                              "who booked it."))
RECORDINGS = policy(can_watch_recordings, "live", message=_l("The recordings are for the session's participants and "
                                                             "the admins of its area."))
KEEP_CALENDAR = policy(can_keep_calendar, message=_l("Only the province's admins keep the term and holiday "
                                                     "calendar."))
READ_STATEMENT = policy(can_read_statement, "tutor", message=_l("A tutor's statement is for the tutor and the admins "
                                                                   "of its area."))
READ_SETTLEMENT = policy(can_read_settlement, message=_l("Only admins read the tutors' settlement."))
SETTLE = policy(can_settle, message=_l("Only the province's admins confirm a term's settlement."))
RECORD_REPORT = policy(can_record_report, "live", message=_l("Only the review's reviewers record its report."))
