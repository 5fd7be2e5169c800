"""Students' tutoring: offer, book, on-demand requests, the room (lms.live's engines and presence rules),
ratings both ways and misconduct. Services take the acting user, check its policy and never commit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.live import engines
from lms.live import queries as live_queries
from lms.live import services as live_services
from lms.org.models import User
from lms.square.services import Upload
from lms.tutoring import policies, queries, rules
from lms.tutoring.models import (TutorAvailability, TutoringBooking, TutoringMisconduct, TutoringPresence,
                                 TutoringRequest, TutoringSession)

EARLY_ENTRY = timedelta(minutes=15)  # the room opens this long before the start
LATE_BEATS = timedelta(minutes=15)  # beats are taken this long after the end (counting cuts them anyway)
MIN_REASON_CHARS = 5


def _refusal(refusal: rules.Refusal):
    if refusal.code == "in_the_past":
        return InvalidInput(_("Please correct the marked fields."),
                            {"starts_at": _("The session must start in the future.")})
    if refusal.code == "bad_length":
        return Conflict("bad_length", _("A tutoring session lasts %(min)d to %(max)d minutes.",
                                        min=refusal.detail["min"], max=refusal.detail["max"]))
    if refusal.code == rules.OUTSIDE_WINDOW:
        tz = clock.local_tz()
        return Conflict(rules.OUTSIDE_WINDOW, _(
            "Tutoring takes place within the service windows: that day from %(opens)s to %(closes)s (working days "
            "18:00–22:00, weekends and holidays 08:00–22:00).",
            opens=refusal.detail["opens"].astimezone(tz).strftime("%H:%M"),
            closes=refusal.detail["closes"].astimezone(tz).strftime("%H:%M")))
    if refusal.code == rules.OUTSIDE_TERM:
        if not refusal.detail["terms"]:
            return Conflict(rules.OUTSIDE_TERM, _(
                "No school term is set: tutoring runs in term time only. Ask the province's admins to set the terms "
                "on the live research calendar."))
        return Conflict(rules.OUTSIDE_TERM, _(
            "%(day)s is not in a school term: tutoring runs in term time only (%(terms)s).",
            day=refusal.detail["day"].isoformat(), terms="; ".join(refusal.detail["names"])))
    if refusal.code == rules.WEEKLY_LIMIT:
        return Conflict(rules.WEEKLY_LIMIT, _(
            "A tutor is online at most %(max)d hours a week: that week already has %(used)d minutes, %(left)d "
            "minutes are left.", max=refusal.detail["max"] // 60, used=refusal.detail["used"],
            left=refusal.detail["left"]))
    if refusal.code == "bad_capacity":
        return Conflict("bad_capacity", _("This session takes at most %(n)d students.", n=refusal.detail["max"]))
    return InvalidInput(_("Choose one-to-one or one-to-many."), {"kind": _("Choose one-to-one or one-to-many.")})


def _new_session(tutor, **values) -> TutoringSession:
    return TutoringSession(tutor_id=tutor.id, org_unit_id=tutor.org_unit_id, status="open",
                           meeting_key=f"lms-tutoring-{secrets.token_hex(12)}", host_secret=secrets.token_urlsafe(16),
                           guest_secret=secrets.token_urlsafe(16), created_at=clock.now(), **values)


def _check_term(session, moment: datetime) -> None:
    """The day of ``moment`` lies in one of lms.live's terms (001 L29: term time, no holidays)."""
    terms = queries.term_names(session)
    spans = [(date.fromisoformat(t["starts_on"]), date.fromisoformat(t["ends_on"])) for t in terms]
    refusal = rules.check_term(moment.astimezone(clock.local_tz()).date(), spans)
    if refusal is not None:
        names = [_("%(name)s (%(first)s to %(last)s)", name=t["name"], first=t["starts_on"], last=t["ends_on"])
                 for t in terms]
        raise _refusal(rules.Refusal(refusal.code, {**refusal.detail, "names": names}))


def _on_demand_end(session, now: datetime) -> datetime:
    """An on-demand session taken (or asked for) now: inside a term day's window, with 10 minutes left in it."""
    _check_term(session, now)
    opens, closes = queries.window_today(session, now)
    ends = rules.on_demand_end(now, opens, closes)
    if ends is None:
        raise _refusal(rules.Refusal(rules.OUTSIDE_WINDOW, {"opens": opens, "closes": closes}))
    return ends


def _check_week(session, tutor, starts_at: datetime, ends_at: datetime) -> None:
    day = starts_at.astimezone(clock.local_tz()).date()
    refusal = rules.check_weekly(queries.week_minutes(session, tutor.id, day),
                                 int((ends_at - starts_at).total_seconds() // 60))
    if refusal is not None:
        raise _refusal(refusal)


@dataclass(frozen=True)
class Offer:
    kind: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    capacity: int = 1
    subject: str = ""


def offer(session, actor, new: Offer) -> TutoringSession:
    """A one-to-one slot or a one-to-many session (topic, time, ≤ 10 students); never two at once."""
    policies.OFFER.enforce(actor)
    for name, value in (("starts_at", new.starts_at), ("ends_at", new.ends_at)):
        if value.astimezone(clock.local_tz()).year not in range(2000, 2101):
            raise InvalidInput(_("Please correct the marked fields."), {name: _("Give a date between 2000 and 2100.")})
    refusal = rules.check_offer(new.kind, new.starts_at, new.ends_at, new.capacity, clock.now())
    tz = clock.local_tz()
    day = new.starts_at.astimezone(tz).date()
    refusal = refusal or rules.check_window(new.starts_at, new.ends_at, live_queries.calendar_marks(session, day, day),
                                            tz)
    if refusal is not None:
        raise _refusal(refusal)
    _check_term(session, new.starts_at)
    clash = session.scalar(select(TutoringSession.id).where(
        TutoringSession.tutor_id == actor.id, TutoringSession.status == "open",
        TutoringSession.starts_at < new.ends_at, TutoringSession.ends_at > new.starts_at))
    if clash is not None:
        raise Conflict("overlaps", _("You already offer a session at that time."))
    _check_week(session, actor, new.starts_at, new.ends_at)
    tutoring = _new_session(actor, kind=new.kind, topic=new.topic, subject=new.subject, starts_at=new.starts_at,
                            ends_at=new.ends_at, capacity=new.capacity, on_demand=False)
    session.add(tutoring)
    session.flush()
    audit.record(session, actor, "tutoring_session.offer", "tutoring_session", tutoring.id,
                 org_unit_id=tutoring.org_unit_id, after={"kind": new.kind, "starts_at": new.starts_at.isoformat()})
    return tutoring


def cancel(session, actor, tutoring: TutoringSession) -> TutoringSession:
    policies.MANAGE.enforce(actor, tutoring)
    if tutoring.status != "open":
        raise Conflict("not_open", _("Only an open session can be cancelled."))
    if tutoring.starts_at <= clock.now():
        raise Conflict("already_started", _("The session has started: it can no longer be cancelled."))
    tutoring.status = "cancelled"
    audit.record(session, actor, "tutoring_session.cancel", "tutoring_session", tutoring.id,
                 org_unit_id=tutoring.org_unit_id)
    registry.emit(session, "tutoring.session_cancelled", tutoring=tutoring,
                  student_ids=[b.student_id for b in tutoring.booked], actor=actor)
    return tutoring


def end(session, actor, tutoring: TutoringSession, engine) -> TutoringSession:
    policies.MANAGE.enforce(actor, tutoring)
    if tutoring.status != "open":
        raise Conflict("not_open", _("Only an open session can be ended."))
    if tutoring.starts_at > clock.now():
        raise Conflict("not_started", _("The session has not started: cancel it instead."))
    try:
        engine.end(meeting_of(tutoring))
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    tutoring.status = "ended"
    now = clock.now()
    if now < tutoring.ends_at:
        tutoring.ends_at = max(now, tutoring.starts_at + timedelta(seconds=1))
    return tutoring


def book(session, actor, tutoring: TutoringSession) -> TutoringBooking:
    policies.BOOK.enforce(actor, tutoring)
    now = clock.now()
    if tutoring.status != "open" or tutoring.starts_at <= now or tutoring.on_demand:
        raise Conflict("not_bookable", _("This session has started, is over or is cancelled."))
    booking = queries.booking_of(tutoring, actor.id)
    if booking is not None and booking.status == "booked":
        raise Conflict("already_booked", _("You have booked this session already."))
    if len(tutoring.booked) >= tutoring.capacity:
        raise Conflict("full", _("This session is full."))
    clash = session.scalar(select(TutoringSession.id).join(TutoringBooking).where(
        TutoringBooking.student_id == actor.id, TutoringBooking.status == "booked",
        TutoringSession.status == "open", TutoringSession.starts_at < tutoring.ends_at,
        TutoringSession.ends_at > tutoring.starts_at))
    if clash is not None:
        raise Conflict("overlaps", _("You have booked another session at that time."))
    if booking is None:
        booking = TutoringBooking(session=tutoring, student_id=actor.id, status="booked", booked_at=now)
        session.add(booking)
    else:
        booking.status, booking.booked_at = "booked", now
    session.flush()
    return booking


def unbook(session, actor, tutoring: TutoringSession) -> TutoringBooking:
    booking = queries.booking_of(tutoring, actor.id)
    if booking is None or booking.status != "booked":
        raise NotFound(_("You have no booking for this session."))
    if tutoring.starts_at <= clock.now():
        raise Conflict("already_started", _("The session has started: the booking can no longer be cancelled."))
    booking.status = "cancelled"
    return booking


# --- on demand: "any free tutor now" ----------------------------------------------------------------------------

def set_available(session, actor, available: bool) -> bool:
    policies.OFFER.enforce(actor)
    row = session.get(TutorAvailability, actor.id)
    if available and row is None:
        session.add(TutorAvailability(tutor_id=actor.id, since=clock.now()))
    elif not available and row is not None:
        session.delete(row)
    session.flush()
    return available


def ask(session, actor, *, subject: str, question: str, image: Upload | None = None) -> TutoringRequest:
    """A student asks any free tutor now, optionally with a photo of its problem (001 L39; read as the square's
    question photo is: lms.square.services.read_image)."""
    policies.REQUEST.enforce(actor)
    if not question.strip():
        raise InvalidInput(_("Please correct the marked fields."), {"question": _("Say what you need help with.")})
    _on_demand_end(session, clock.now())
    waiting = session.scalar(select(TutoringRequest.id).where(TutoringRequest.student_id == actor.id,
                                                              TutoringRequest.status == "waiting"))
    if waiting is not None:
        raise Conflict("already_waiting", _("You are already waiting for a free tutor."))
    request = TutoringRequest(student_id=actor.id, subject=subject.strip(), question=question.strip(),
                              status="waiting", created_at=clock.now())
    if image is not None:
        request.image_name, request.image_type, request.image_data = image.name, image.content_type, image.data
    session.add(request)
    session.flush()
    return request


def withdraw(session, actor, request: TutoringRequest) -> TutoringRequest:
    if request.student_id != actor.id:
        raise NotFound(_("No such request."))
    if request.status != "waiting":
        raise Conflict("not_waiting", _("This request is no longer waiting."))
    request.status = "withdrawn"
    return request


def accept(session, actor, request: TutoringRequest) -> TutoringSession:
    """A tutor marked available takes a waiting request: a one-to-one session starts now (60 minutes at most, cut
    at the window's close) and the tutor is no longer marked available."""
    policies.OFFER.enforce(actor)
    if not queries.is_available(session, actor.id):
        raise Conflict("not_available", _("Mark yourself available first."))
    if request.status != "waiting":
        raise Conflict("not_waiting", _("Another tutor has taken this request, or it was withdrawn."))
    if request.student_id == actor.id:
        raise Conflict("own_request", _("You cannot take your own request."))
    now = clock.now()
    ends = _on_demand_end(session, now)
    _check_week(session, actor, now, ends)
    topic = (request.subject + "：" if request.subject else "") + request.question
    tutoring = _new_session(actor, kind=rules.ONE_TO_ONE, topic=topic[:200], subject=request.subject,
                            starts_at=now, ends_at=ends, capacity=1, on_demand=True)
    tutoring.bookings.append(TutoringBooking(student_id=request.student_id, status="booked", booked_at=now))
    session.add(tutoring)
    session.flush()
    request.status, request.session_id = "accepted", tutoring.id
    set_available(session, actor, False)
    registry.emit(session, "tutoring.request_accepted", request=request, tutoring=tutoring)
    return tutoring


# --- the room: lms.live's engines and presence rules ---------------------------------------------------------

def meeting_of(tutoring: TutoringSession) -> engines.Meeting:
    return engines.Meeting(tutoring.meeting_key, tutoring.topic, tutoring.host_secret, tutoring.guest_secret)


def room_open(tutoring: TutoringSession, now: datetime) -> bool:
    return tutoring.status == "open" and tutoring.starts_at - EARLY_ENTRY <= now < tutoring.ends_at


def join(session, actor, tutoring: TutoringSession, engine) -> dict:
    policies.ENTER.enforce(actor, tutoring)
    if not room_open(tutoring, clock.now()):
        raise Conflict("room_closed", _("The room opens 15 minutes before the start and closes at the end."))
    meeting = meeting_of(tutoring)
    minutes = int((tutoring.ends_at - tutoring.starts_at).total_seconds() // 60) + 15
    try:
        engine.create(meeting, minutes=minutes)
        url = engine.join_url(meeting, user_id=str(actor.id), name=actor.name, host=actor.id == tutoring.tutor_id)
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    return {"engine": engine.name, "url": url, "embeddable": engine.embeddable}


def beat(session, actor, tutoring: TutoringSession, *, key: str, visible: bool, in_room: bool) -> dict:
    """One presence beat from the room page, judged as lms.live judges its rooms (live rules.judge_beat)."""
    policies.ENTER.enforce(actor, tutoring)
    now = clock.now()
    if tutoring.status != "open" or not (tutoring.starts_at - EARLY_ENTRY <= now < tutoring.ends_at + LATE_BEATS):
        raise Conflict("room_closed", _("The room is closed: presence counts only while the session runs."))
    row, outcome = live_services.record_presence(session, TutoringPresence, tutoring.id, actor.id, key=key,
                                                 visible=visible, in_room=in_room, now=now)
    session.flush()
    count = queries.counted(session, tutoring)
    mine = count.tutored_minutes if actor.id == tutoring.tutor_id else count.student_minutes.get(actor.id, 0)
    present = sum(b - a for a, b in rules.merge(row.intervals or []))
    return {"reason": outcome.reason, "credited_seconds": 0.0 if outcome.stretch is None
            else (outcome.stretch[1] - outcome.stretch[0]).total_seconds(),
            "present_seconds": present, "counted_minutes": mine}


def replay(session, actor, tutoring: TutoringSession, engine) -> list[dict]:
    """A one-to-many session's recordings on the engine (BigBlueButton's getRecordings), for replay."""
    policies.REPLAY.enforce(actor, tutoring)
    if tutoring.kind != rules.GROUP:
        return []
    try:
        found = engine.recordings(meeting_of(tutoring))
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    return [{"record_id": r.record_id, "url": r.url, "minutes": r.minutes} for r in found]


# --- ratings both ways, misconduct ------------------------------------------------------------------------------

def _over(tutoring: TutoringSession) -> bool:
    return tutoring.status == "ended" or (tutoring.status == "open" and tutoring.ends_at <= clock.now())


def rate(session, actor, tutoring: TutoringSession, rating: int) -> TutoringBooking:
    """The student's stars for the session (1–5: the tutor's 6–12 performance points), once, after it is over."""
    policies.RATE.enforce(actor, tutoring)
    if not _over(tutoring):
        raise Conflict("not_over", _("Rate the session once it is over."))
    booking = queries.booking_of(tutoring, actor.id)
    if booking.rating is not None:
        raise Conflict("already_rated", _("You have rated this session already."))
    low, high = rules.RATING_RANGE
    if not low <= rating <= high:
        raise InvalidInput(_("Please correct the marked fields."), {"rating": _("Rate from 1 to 5.")})
    booking.rating, booking.rated_at = rating, clock.now()
    return booking


def score(session, actor, tutoring: TutoringSession, student_id: int, value: int) -> TutoringBooking:
    """The tutor's score of a student out of 10, once, after the session is over."""
    policies.SCORE.enforce(actor, tutoring)
    if not _over(tutoring):
        raise Conflict("not_over", _("Score the students once the session is over."))
    booking = queries.booking_of(tutoring, student_id)
    if booking is None or booking.status != "booked":
        raise NotFound(_("That student did not book this session."))
    if booking.score is not None:
        raise Conflict("already_scored", _("You have scored this student already."))
    low, high = rules.SCORE_RANGE
    if not low <= value <= high:
        raise InvalidInput(_("Please correct the marked fields."), {"score": _("Score from 0 to 10.")})
    booking.score, booking.scored_at = value, clock.now()
    return booking


def report(session, actor, student: User, *, reason: str, session_id: int | None = None) -> TutoringMisconduct:
    """Misconduct on a student, with its reason: a tutor on a student of one of its sessions, or an admin above."""
    policies.REPORT.enforce(actor, student)
    reason = reason.strip()
    if len(reason) < MIN_REASON_CHARS:
        said = _("Give the reason (at least %(n)d characters).", n=MIN_REASON_CHARS)
        raise InvalidInput(said, {"reason": said})
    tutoring = None
    if session_id is not None:
        tutoring = session.get(TutoringSession, session_id)
        if tutoring is None or queries.booking_of(tutoring, student.id) is None:
            raise InvalidInput(_("Please correct the marked fields."),
                               {"session_id": _("The student took no part in that session.")})
    if not policies.admin_covers(actor, student.org_unit):
        taught = session.scalar(select(TutoringBooking.id).join(TutoringSession).where(
            TutoringSession.tutor_id == actor.id, TutoringBooking.student_id == student.id,
            TutoringBooking.status == "booked"))
        if taught is None or (tutoring is not None and tutoring.tutor_id != actor.id):
            raise Conflict("not_your_student", _("A tutor records misconduct only on students of its own sessions."))
    row = TutoringMisconduct(student_id=student.id, reported_by_id=actor.id, session_id=session_id, reason=reason,
                             created_at=clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "tutoring_misconduct.report", "user", student.id, org_unit_id=student.org_unit_id,
                 after={"reason": reason})
    registry.emit(session, "tutoring.misconduct_recorded", misconduct=row, student=student, actor=actor)
    return row
