"""Read side of students' tutoring: loaders, lists, minutes, the tutors' statement and the students' monthly
record. ``month_points_paid`` is what other student-facing domains (the question square, micro-lessons) use to
add a month's tutoring points to their own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from lms.core import clock, scope
from lms.core.errors import NotFound, get_or_404
from lms.live import queries as live_queries
from lms.live import rules as live_rules
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.square import queries as square_queries
from lms.tutoring import rules
from lms.tutoring.models import (TutorAvailability, TutoringBooking, TutoringMisconduct, TutoringPresence,
                                 TutoringRequest, TutoringSession)
from lms.tutors import queries as tutor_queries
from lms.tutors.models import TutorDisqualification


def tutoring_for(session, actor, tutoring_id: int) -> TutoringSession:
    return get_or_404(session, TutoringSession, tutoring_id, _("No such tutoring session."))


def request_for(session, actor, request_id: int) -> TutoringRequest:
    return get_or_404(session, TutoringRequest, request_id, _("No such request."))


def request_of_session(session, tutoring_id: int) -> TutoringRequest | None:
    """The on-demand request a session was started for."""
    return session.scalar(select(TutoringRequest).where(TutoringRequest.session_id == tutoring_id))


def student_for(session, actor, student_id: int) -> User:
    user = session.get(User, student_id)
    if user is None or not user.has_role("student"):
        raise NotFound(_("No such student."))
    return user


def tutor_for(session, actor, tutor_id: int) -> User:
    user = session.get(User, tutor_id)
    if user is None or not user.has_role("tutor"):
        raise NotFound(_("No such tutor."))
    return user


def person_for(session, actor, person_id: int) -> User:
    """A tutor whose qualification is decided (B17): holding the ``tutor`` role, or revoked and in force."""
    user = session.get(User, person_id)
    if user is None or not (user.has_role("tutor") or tutor_queries.disqualification_of(session, user.id)):
        raise NotFound(_("No such tutor."))
    return user


def disqualified_in_area(session, actor) -> list[TutorDisqualification]:
    """The revocations in force the actor decides (its city's tutors; the province's own for the province)."""
    rows = session.scalars(select(TutorDisqualification).where(TutorDisqualification.reinstated_at.is_(None))
                           .order_by(TutorDisqualification.decided_at.desc(), TutorDisqualification.id.desc()))
    return [r for r in rows if scope.city_authority(actor, r.tutor.org_unit)]


def qualified_in_area(session, actor) -> list[User]:
    """The tutors whose qualification the actor may revoke."""
    return [u for u in people_in_area(session, actor, "tutor", limit=5_000) if scope.city_authority(actor, u.org_unit)]


def open_sessions(session, now: datetime, *, kind: str | None = None, limit: int = 200) -> list[TutoringSession]:
    """Sessions students may still book: open, not started, not on demand."""
    query = (select(TutoringSession).where(TutoringSession.status == "open", TutoringSession.starts_at > now,
                                           TutoringSession.on_demand.is_(False))
             .order_by(TutoringSession.starts_at, TutoringSession.id).limit(limit))
    if kind:
        query = query.where(TutoringSession.kind == kind)
    return [s for s in session.scalars(query) if len(s.booked) < s.capacity]


def hosted(session, tutor, *, limit: int = 200) -> list[TutoringSession]:
    return list(session.scalars(select(TutoringSession).where(TutoringSession.tutor_id == tutor.id)
                                .order_by(TutoringSession.starts_at.desc(), TutoringSession.id.desc()).limit(limit)))


def booked_by(session, student, *, limit: int = 200) -> list[TutoringSession]:
    return list(session.scalars(select(TutoringSession).join(TutoringBooking)
                                .where(TutoringBooking.student_id == student.id, TutoringBooking.status == "booked")
                                .order_by(TutoringSession.starts_at.desc(), TutoringSession.id.desc()).limit(limit)))


def booking_of(tutoring: TutoringSession, student_id: int) -> TutoringBooking | None:
    return next((b for b in tutoring.bookings if b.student_id == student_id), None)


def week_minutes(session, tutor_id: int, day: date) -> int:
    """Minutes of the tutor's sessions (not cancelled, on-demand ones included) starting in ``day``'s local week."""
    return week_minutes_of(session, [tutor_id], rules.week_of(day)[0])[tutor_id]


def week_minutes_of(session, tutor_ids, monday: date) -> dict[int, int]:
    """``week_minutes`` of several tutors for the week starting ``monday``, in one query."""
    tz = clock.local_tz()
    found = {i: 0.0 for i in tutor_ids}
    if not found:
        return {}
    rows = session.execute(select(TutoringSession.tutor_id, TutoringSession.starts_at, TutoringSession.ends_at).where(
        TutoringSession.tutor_id.in_(list(found)), TutoringSession.status != "cancelled",
        TutoringSession.starts_at >= datetime.combine(monday, datetime.min.time(), tz),
        TutoringSession.starts_at < datetime.combine(monday + timedelta(days=7), datetime.min.time(), tz)))
    for tutor_id, a, b in rows:
        found[tutor_id] += (b - a).total_seconds()
    return {i: int(seconds // 60) for i, seconds in found.items()}


def week_in_term(session, monday: date) -> bool:
    """Whether the week starting ``monday`` holds a term day (a holiday week has no minimum)."""
    spans = live_queries.term_spans(session)
    return any(live_rules.in_term(monday + timedelta(days=n), spans) for n in range(7))


def term_names(session) -> list[dict]:
    """lms.live's terms, for the messages and pages that name them."""
    return [t.to_dict() for t in live_queries.terms(session)]


def window_today(session, now: datetime) -> tuple[datetime, datetime]:
    today = now.astimezone(clock.local_tz()).date()
    return live_rules.day_window(today, live_queries.calendar_marks(session, today, today), clock.local_tz())


def next_request_window(session, now: datetime, *, horizon: int = 400) -> datetime | None:
    """When students may next ask for a free tutor: ``now`` while a term day's window is open, else the next
    term day's opening (None: no term ahead)."""
    tz = clock.local_tz()
    today = now.astimezone(tz).date()
    spans = live_queries.term_spans(session)
    marks = live_queries.calendar_marks(session, today, today + timedelta(days=horizon))
    days = ((d, live_rules.day_window(d, marks, tz)) for d in (today + timedelta(days=n) for n in range(horizon))
            if live_rules.in_term(d, spans))
    return rules.next_opening(now, days)


def this_week(session, tutor) -> dict:
    """The tutor's hours of this week against the weekly minimum and maximum (001 L29)."""
    today = clock.now().astimezone(clock.local_tz()).date()
    monday, after = rules.week_of(today)
    hours = rules.week_hours(week_minutes(session, tutor.id, today))
    return {"starts_on": monday.isoformat(), "ends_on": (after - timedelta(days=1)).isoformat(),
            "minutes": hours.minutes, "minimum": hours.minimum, "maximum": hours.maximum,
            "short_by": hours.short_by, "left": hours.left}


def is_available(session, tutor_id: int) -> bool:
    return session.get(TutorAvailability, tutor_id) is not None


def waiting_requests(session, *, limit: int = 100) -> list[TutoringRequest]:
    return list(session.scalars(select(TutoringRequest).where(TutoringRequest.status == "waiting")
                                .order_by(TutoringRequest.created_at, TutoringRequest.id).limit(limit)))


def requests_of(session, student, *, limit: int = 20) -> list[TutoringRequest]:
    return list(session.scalars(select(TutoringRequest).where(TutoringRequest.student_id == student.id)
                                .order_by(TutoringRequest.created_at.desc(), TutoringRequest.id.desc()).limit(limit)))


def students_in_area(session, actor, *, limit: int = 500) -> list[User]:
    """The students of an admin's subtree, by name."""
    return people_in_area(session, actor, "student", limit=limit)


def people_in_area(session, actor, role: str, *, limit: int = 500) -> list[User]:
    """The users holding ``role`` in an admin's subtree (students, tutors), by name."""
    units = scope.admin_units(actor)
    if not units:
        return []
    return list(session.scalars(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                .join(OrgUnit, User.org_unit_id == OrgUnit.id)
                                .where(RoleAssignment.role == role,
                                       or_(*(scope.subtree_filter(OrgUnit, u) for u in units)))
                                .distinct().order_by(User.name, User.id).limit(limit)))


def area_week(session, actor, day: date) -> dict:
    """The hours of the admin's tutors in ``day``'s week against the 2-hour minimum (001 L29); a week holding
    no term day has no minimum, so nobody is short."""
    monday, after = rules.week_of(day)
    tutors = people_in_area(session, actor, "tutor", limit=5_000)
    minutes = week_minutes_of(session, [t.id for t in tutors], monday)
    in_term = week_in_term(session, monday)
    items = [{"tutor": {"id": t.id, "name": t.name}, "unit": t.org_unit.name, "minutes": minutes[t.id],
              "short_by": rules.week_hours(minutes[t.id]).short_by if in_term else 0,
              "short": rules.is_short(minutes[t.id], in_term)} for t in tutors]
    return {"starts_on": monday.isoformat(), "ends_on": (after - timedelta(days=1)).isoformat(),
            "minimum": rules.MIN_WEEKLY_MINUTES, "in_term": in_term,
            "short": sum(1 for i in items if i["short"]), "items": items}


# --- minutes and points ---------------------------------------------------------------------------------------

def presence_of(session, tutoring: TutoringSession) -> dict[int, list]:
    return {p.user_id: p.intervals or [] for p in
            session.scalars(select(TutoringPresence).where(TutoringPresence.session_id == tutoring.id))}


@dataclass(frozen=True)
class Counted:
    tutored_minutes: int  # the tutor with at least one student
    student_minutes: dict[int, int]  # each booked student with the tutor


def counted(session, tutoring: TutoringSession) -> Counted:
    present = presence_of(session, tutoring)
    tutor = present.get(tutoring.tutor_id, [])
    students = {b.student_id: present.get(b.student_id, []) for b in tutoring.booked}
    own = {sid: rules.tutored_minutes(tutor, [p], tutoring.starts_at, tutoring.ends_at)
           for sid, p in students.items()}
    return Counted(rules.tutored_minutes(tutor, students.values(), tutoring.starts_at, tutoring.ends_at), own)


def session_points(session, tutoring: TutoringSession) -> tuple[Counted, rules.SessionPoints]:
    count = counted(session, tutoring)
    attended = [b for b in tutoring.booked if count.student_minutes.get(b.student_id, 0) > 0]
    ratings = [b.rating for b in attended if b.rating is not None]
    return count, rules.session_points(tutoring.kind, count.tutored_minutes, ratings, len(attended))


def month_span(year: int, month: int) -> tuple[datetime, datetime]:
    """The local month [first day 00:00, next month's first day 00:00) as aware datetimes."""
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise NotFound(_("No such month."))
    tz = clock.local_tz()
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(first, datetime.min.time(), tz), datetime.combine(after, datetime.min.time(), tz)


def held_between(session, *, opens: datetime, closes: datetime, now: datetime):
    """Sessions held in [opens, closes): not cancelled, started by ``now`` (the month's and the term's figures)."""
    return (select(TutoringSession).where(TutoringSession.status != "cancelled", TutoringSession.starts_at >= opens,
                                          TutoringSession.starts_at < closes, TutoringSession.starts_at <= now)
            .order_by(TutoringSession.starts_at, TutoringSession.id))


def statement(session, tutor, year: int, month: int) -> dict:
    """A tutor's running statement for a month: each session held (started, not cancelled) with its points."""
    opens, closes = month_span(year, month)
    rows, total = [], 0.0
    for tutoring in session.scalars(held_between(session, opens=opens, closes=closes, now=clock.now())
                                    .where(TutoringSession.tutor_id == tutor.id)):
        count, points = session_points(session, tutoring)
        rows.append({"session": tutoring.to_dict(), "minutes": count.tutored_minutes,
                     "students": sum(1 for m in count.student_minutes.values() if m > 0),
                     "ratings": [b.rating for b in tutoring.booked if b.rating is not None],
                     "time_points": points.time, "performance_points": points.performance,
                     "coefficient": points.coefficient, "points": points.total})
        total += points.total
    square = square_queries.month_points(session, tutor.id, year, month)
    return {"tutor": {"id": tutor.id, "name": tutor.name}, "year": year, "month": month, "sessions": rows,
            "total_points": round(total, 1), "square_points": square, "all_points": round(total + square, 1)}


def _student_sessions(session, student_id: int, year: int, month: int):
    opens, closes = month_span(year, month)
    query = held_between(session, opens=opens, closes=closes, now=clock.now()).join(TutoringBooking).where(
        TutoringBooking.student_id == student_id, TutoringBooking.status == "booked")
    for tutoring in session.scalars(query):
        booking = booking_of(tutoring, student_id)
        minutes = counted(session, tutoring).student_minutes.get(student_id, 0)
        yield tutoring, booking, minutes


def month_points_paid(session, student_id: int, year: int, month: int) -> int:
    """The points a student paid its tutors in a local month for live tutoring (time tutored + its ratings)."""
    return sum(rules.points_paid(minutes, booking.rating) for _t, booking, minutes
               in _student_sessions(session, student_id, year, month))


def month_record(session, student, year: int, month: int) -> dict:
    """A student's month (001 L51): time tutored, points paid, ratings given and received, misconduct."""
    rows = []
    for tutoring, booking, minutes in _student_sessions(session, student.id, year, month):
        rows.append({"session": tutoring.to_dict(), "minutes": minutes, "rating_given": booking.rating,
                     "score_received": booking.score, "points_paid": rules.points_paid(minutes, booking.rating)})
    opens, closes = month_span(year, month)
    misconduct = list(session.scalars(select(TutoringMisconduct).where(
        TutoringMisconduct.student_id == student.id, TutoringMisconduct.created_at >= opens,
        TutoringMisconduct.created_at < closes).order_by(TutoringMisconduct.created_at, TutoringMisconduct.id)))
    scores = [r["score_received"] for r in rows if r["score_received"] is not None]
    # Adopted answers in the question square are paid by the student too (001 L48).
    square = square_queries.student_month_points(session, student.id, year, month)
    return {"student": {"id": student.id, "name": student.name, "username": student.username,
                        "school": student.org_unit.name},
            "year": year, "month": month, "sessions": rows,
            "minutes": sum(r["minutes"] for r in rows),
            "points_paid": sum(r["points_paid"] for r in rows) + square, "square_points_paid": square,
            "ratings_given": [r["rating_given"] for r in rows if r["rating_given"] is not None],
            "average_score": round(sum(scores) / len(scores), 1) if scores else None,
            "misconduct": [m.to_dict() for m in misconduct]}


def this_month() -> tuple[int, int]:
    today = clock.now().astimezone(clock.local_tz()).date()
    return today.year, today.month


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)

