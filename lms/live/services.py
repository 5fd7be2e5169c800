"""Live sessions: schedule, cancel, book, enter the room, presence beats, attendance; the calendar.

Services take the acting user, check its policy and never commit (the pipeline does).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.live import engines, policies, queries, rules
from lms.live.models import (LiveBooking, LiveCalendarDay, LiveFeedback, LivePresence, LiveReviewReport, LiveSession,
                             LiveSettlement, LiveTerm)
from lms.org.models import User

EARLY_ENTRY = timedelta(minutes=15)  # the room opens this long before the start
LATE_BEATS = timedelta(minutes=30)  # beats are taken this long after the span (counting cuts them anyway)


def _refusal_message(refusal: rules.Refusal) -> str:
    d = refusal.detail
    if refusal.code == rules.BAD_LENGTH:
        if d["max"] is None:
            return _("This form lasts at least %(min)d minutes.", min=d["min"])
        return _("This form lasts %(min)d to %(max)d minutes.", min=d["min"], max=d["max"])
    if refusal.code == rules.OUTSIDE_TERM:
        return _("%(day)s is not in a school term: live sessions run in term time only.", day=d["day"])
    if refusal.code == rules.OUTSIDE_WINDOW:
        return _("That day's service hours are %(opens)s to %(closes)s; the session must lie within them.",
                 opens=d["opens"][11:16], closes=d["closes"][11:16])
    if refusal.code == rules.TOO_MANY_REVIEWERS:
        return _("An open lesson review has at most %(n)d reviewers.", n=d["max"])
    return _("This tutor already hosts %(n)d sessions of this form this term.", n=d["max"])


YEARS = range(2000, 2101)  # dates beyond these are typing mistakes (and would overflow day arithmetic)


def _check_years(**values) -> None:
    wrong = {name: _("Give a date between 2000 and 2100.") for name, value in values.items()
             if value.year not in YEARS or (isinstance(value, datetime) and value.astimezone(clock.local_tz()).year
                                            not in YEARS)}
    if wrong:
        raise InvalidInput(_("Please correct the marked fields."), wrong)


def _users(session, ids: list[int]) -> list[User]:
    found = [session.get(User, i) for i in dict.fromkeys(ids)]
    if any(u is None or not u.has_role("tutor") for u in found):
        raise InvalidInput(_("Co-reviewers must be tutors."), {"co_reviewer_ids": _("Co-reviewers must be tutors.")})
    return found


@dataclass(frozen=True)
class NewSession:
    form: str
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    capacity: int | None = None
    host_id: int | None = None
    co_reviewer_ids: tuple[int, ...] = ()


def schedule(session, actor, new: NewSession, *, tz: ZoneInfo) -> LiveSession:
    policies.SCHEDULE.enforce(actor)
    _check_years(starts_at=new.starts_at, ends_at=new.ends_at)
    host = actor if new.host_id in (None, actor.id) else session.get(User, new.host_id)
    if host is None:
        raise InvalidInput(_("No such tutor."), {"host_id": _("No such tutor.")})
    if not policies.can_schedule_for(actor, host):
        raise InvalidInput(_("The host must be a tutor: yourself, or a tutor of your area."),
                           {"host_id": _("The host must be a tutor: yourself, or a tutor of your area.")})
    co = _users(session, [i for i in new.co_reviewer_ids if i != host.id]) if new.form == rules.REVIEW else []
    if new.starts_at <= clock.now():
        raise InvalidInput(_("The session must start in the future."), {"starts_at": _("The session must start in "
                                                                                      "the future.")})
    spans = queries.term_spans(session)
    day = new.starts_at.astimezone(tz).date()
    term = rules.term_of(day, spans)
    hosted = 0
    if term is not None:
        opens = datetime.combine(term[0], datetime.min.time(), tz)
        closes = datetime.combine(term[1] + timedelta(days=1), datetime.min.time(), tz)
        hosted = session.scalar(select(func.count()).select_from(LiveSession).where(
            LiveSession.host_id == host.id, LiveSession.form == new.form, LiveSession.status != "cancelled",
            LiveSession.starts_at >= opens, LiveSession.starts_at < closes))
    refusal = rules.check_schedule(new.form, new.starts_at, new.ends_at, tz=tz, terms=spans, hosted_in_term=hosted,
                                   calendar=queries.calendar_marks(session, day, day), reviewers=1 + len(co))
    if refusal is not None:
        raise Conflict(refusal.code, _refusal_message(refusal))
    rule = rules.form_rule(new.form)
    live = LiveSession(form=new.form, title=new.title, description=new.description, host_id=host.id,
                       org_unit_id=host.org_unit_id, created_by_id=actor.id, co_reviewer_ids=[u.id for u in co],
                       starts_at=new.starts_at, ends_at=new.ends_at,
                       capacity=new.capacity or rule.default_capacity, status="scheduled",
                       meeting_key=f"lms-live-{secrets.token_hex(12)}", host_secret=secrets.token_urlsafe(16),
                       guest_secret=secrets.token_urlsafe(16), created_at=clock.now())
    session.add(live)
    session.flush()
    audit.record(session, actor, "live_session.create", "live_session", live.id, org_unit_id=live.org_unit_id,
                 after={"form": live.form, "title": live.title, "starts_at": live.starts_at.isoformat()})
    return live


def cancel(session, actor, live: LiveSession, *, reason: str | None = None,
           host_disqualified: bool = False) -> LiveSession:
    """Cancel a coming session; its booked learners and its other reviewers hear why (``live.session_cancelled``:
    its host cancelled it, an admin did, or the host's qualification was revoked, B17), with the canceller's
    optional ``reason`` (at most CANCEL_REASON_MAX characters)."""
    policies.MANAGE.enforce(actor, live)
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > rules.CANCEL_REASON_MAX:
        said = _("The reason is at most %(n)d characters.", n=rules.CANCEL_REASON_MAX)
        raise InvalidInput(said, {"reason": said})
    if live.status != "scheduled":
        raise Conflict("not_scheduled", _("Only a scheduled session can be cancelled."))
    if live.starts_at <= clock.now():
        raise Conflict("already_started", _("The session has started: it can no longer be cancelled."))
    live.status, live.cancel_reason = "cancelled", reason
    audit.record(session, actor, "live_session.cancel", "live_session", live.id, org_unit_id=live.org_unit_id,
                 after={"reason": reason} if reason else None)
    cause = rules.HOST_DISQUALIFIED if host_disqualified else (
        rules.BY_HOST if actor.id == live.host_id else rules.BY_ADMIN)
    told = [b.user_id for b in live.bookings if b.status == "booked"] + list(live.co_reviewer_ids or [])
    if not host_disqualified:  # a disqualified host hears of it in its own notice (tutor_qualification)
        told.append(live.host_id)
    registry.emit(session, "live.session_cancelled", live=live, user_ids=told, cause=cause, actor=actor)
    return live


def end(session, actor, live: LiveSession, engine) -> LiveSession:
    """Close the meeting on the engine once the session has started; its room closes, attendance stays."""
    policies.MANAGE.enforce(actor, live)
    if live.status != "scheduled":
        raise Conflict("not_scheduled", _("Only a scheduled session can be ended."))
    if live.starts_at > clock.now():
        raise Conflict("not_started", _("The session has not started: cancel it instead."))
    try:
        engine.end(meeting_of(live))
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    live.status = "ended"
    audit.record(session, actor, "live_session.end", "live_session", live.id, org_unit_id=live.org_unit_id)
    return live


def recordings(session, actor, live: LiveSession, engine) -> list[dict]:
    """The engine's recordings of the session (BigBlueButton's getRecordings; none for Jitsi)."""
    policies.RECORDINGS.enforce(actor, live)
    try:
        found = engine.recordings(meeting_of(live))
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    return [{"record_id": r.record_id, "url": r.url, "minutes": r.minutes} for r in found]


def book(session, actor, live: LiveSession) -> LiveBooking:
    policies.BOOK.enforce(actor, live)
    now = clock.now()
    if live.status != "scheduled" or live.ends_at <= now:
        raise Conflict("not_bookable", _("This session is over or cancelled."))
    booking = queries.booking_of(live, actor.id)
    if booking is not None and booking.status == "booked":
        raise Conflict("already_booked", _("You have booked this session already."))
    if live.booked_count >= live.capacity:
        raise Conflict("full", _("This session is full."))
    owed = owed_feedback(session, actor, now)
    if owed:
        first = session.get(LiveSession, owed[0])
        raise Conflict("feedback_owed", _("Give your feedback on “%(title)s” first: a learner books again once the "
                                          "sessions it took part in have its feedback.", title=first.title),
                       extra={"session_ids": owed})
    if booking is None:
        booking = LiveBooking(session=live, user_id=actor.id, status="booked", booked_at=now)
        session.add(booking)
    else:
        booking.status, booking.booked_at, booking.cancelled_at = "booked", now, None
    session.flush()
    return booking


def unbook(session, actor, live: LiveSession) -> LiveBooking:
    booking = queries.booking_of(live, actor.id)
    if booking is None or booking.status != "booked":
        raise NotFound(_("You have no booking for this session."))
    if live.starts_at <= clock.now():
        raise Conflict("already_started", _("The session has started: the booking can no longer be cancelled."))
    booking.status, booking.cancelled_at = "cancelled", clock.now()
    return booking


def _room_open(live: LiveSession, now: datetime) -> bool:
    return live.status == "scheduled" and live.starts_at - EARLY_ENTRY <= now < live.ends_at


def meeting_of(live: LiveSession) -> engines.Meeting:
    return engines.Meeting(live.meeting_key, live.title, live.host_secret, live.guest_secret)


def join(session, actor, live: LiveSession, engine) -> dict:
    """The engine's join URL for the caller (host: moderator); creates the meeting on the engine first."""
    policies.ENTER.enforce(actor, live)
    if not _room_open(live, clock.now()):
        raise Conflict("room_closed", _("The room opens 15 minutes before the start and closes at the end."))
    meeting = meeting_of(live)
    minutes = int((live.ends_at - live.starts_at).total_seconds() // 60) + 15
    try:
        engine.create(meeting, minutes=minutes)
        url = engine.join_url(meeting, user_id=str(actor.id), name=actor.name, host=policies.is_organiser(actor, live))
    except engines.EngineError:
        raise Conflict("engine_unavailable", _("The conferencing service did not answer; try again in a moment."))
    return {"engine": engine.name, "url": url, "embeddable": engine.embeddable}


def record_presence(session, presence_model, session_id: int, user_id: int, *, key: str, visible: bool,
                    in_room: bool, now):
    """Judge one room beat against the user's presence row (locked; made on the first beat) and write it back:
    the rule of every room with presence heartbeats (a live session's, a students' tutoring session's), whose
    presence tables share these columns. Returns the row and the judgement; a superseded window is refused."""
    row = session.scalar(select(presence_model).where(presence_model.session_id == session_id,
                                                      presence_model.user_id == user_id).with_for_update())
    previous = None if row is None else rules.PresenceState(row.page_key, row.beat_at, row.visible, row.in_room)
    outcome = rules.judge_beat(previous, key, visible, in_room, now,
                               seen_before=row is not None and key in (row.old_keys or []))
    if outcome is None:
        raise Conflict("session_superseded", _("The room is open in another window; this one no longer counts."))
    if row is None:
        row = presence_model(session_id=session_id, user_id=user_id, page_key=key, old_keys=[], beat_at=now,
                             intervals=[])
        session.add(row)
    if row.page_key != key:
        row.old_keys = [*(row.old_keys or [])[-20:], row.page_key]
    row.page_key, row.beat_at = outcome.state.key, outcome.state.at
    row.visible, row.in_room = outcome.state.visible, outcome.state.in_room
    if outcome.stretch is not None:
        row.intervals = rules.add_stretch(row.intervals or [], outcome.stretch)
    return row, outcome


def beat(session, actor, live: LiveSession, *, key: str, visible: bool, in_room: bool) -> dict:
    """One presence beat from the room page, judged on the server's clock (rules.judge_beat)."""
    policies.ENTER.enforce(actor, live)
    now = clock.now()
    span_end = live.starts_at + timedelta(minutes=rules.form_rule(live.form).max_minutes or 0)
    if live.status != "scheduled" or not (live.starts_at - EARLY_ENTRY <= now < max(live.ends_at, span_end)
                                          + LATE_BEATS):
        raise Conflict("room_closed", _("The room is closed: presence counts only while the session runs."))
    row, outcome = record_presence(session, LivePresence, live.id, actor.id, key=key, visible=visible,
                                   in_room=in_room, now=now)
    counted = _count(session, live, row.intervals)
    return {"reason": outcome.reason, "credited_seconds": 0.0 if outcome.stretch is None
            else (outcome.stretch[1] - outcome.stretch[0]).total_seconds(),
            "present_seconds": counted.present_seconds, "counted_minutes": counted.counted_minutes}


def _count(session, live: LiveSession, intervals, tz: ZoneInfo | None = None) -> rules.Attendance:
    tz = tz or clock.local_tz()
    first = live.starts_at.astimezone(tz).date()
    last = (live.ends_at + timedelta(hours=2)).astimezone(tz).date()
    return rules.count_attendance(intervals or [], live.form, live.starts_at, live.ends_at, tz=tz,
                                  calendar=queries.calendar_marks(session, first, last),
                                  terms=queries.term_spans(session))


def learner_record(session, live: LiveSession, feedback: LiveFeedback) -> tuple[int, int]:
    """A learner's counted minutes in the session and the 学时 recorded for them (0 unless its feedback came in
    time): what the continuing-education record posts (lms.credits hears ``live.feedback_given``)."""
    presence = session.scalar(select(LivePresence).where(LivePresence.session_id == live.id,
                                                         LivePresence.user_id == feedback.user_id))
    counted = _count(session, live, presence.intervals if presence is not None else [])
    state = rules.feedback_state(live.ends_at, feedback.created_at, feedback.created_at)
    return counted.counted_minutes, rules.recorded_hours(counted.study_hours, state)


def attendance(session, actor, live: LiveSession, engine) -> dict:
    """Each participant's counted minutes (the product's heartbeats) and, beside, who the engine sees now."""
    policies.MANAGE.enforce(actor, live)
    presence = {p.user_id: p for p in session.scalars(select(LivePresence).where(LivePresence.session_id == live.id))}
    people: dict[int, User] = {live.host_id: live.host}
    for uid in live.co_reviewer_ids or []:
        people[uid] = session.get(User, uid)
    for b in live.bookings:
        if b.status == "booked":
            people[b.user_id] = b.user
    for p in presence.values():
        people.setdefault(p.user_id, p.user)
    info = None
    try:
        info = engine.info(meeting_of(live))
    except engines.EngineError:
        info = None
    in_engine = {a.user_id for a in info.attendees} if info else set()
    feedbacks = {f.user_id: f for f in session.scalars(select(LiveFeedback).where(LiveFeedback.session_id == live.id))}
    now = clock.now()
    reported = live.form == rules.REVIEW and session.scalar(
        select(LiveReviewReport.id).where(LiveReviewReport.session_id == live.id)) is not None
    rows = []
    for uid, user in people.items():
        counted = _count(session, live, presence[uid].intervals if uid in presence else [])
        organiser = policies.is_organiser(user, live)
        given = feedbacks.get(uid)
        state = None if organiser else rules.feedback_state(live.ends_at, given.created_at if given else None, now)
        earned = rules.session_hours(live.form, counted.counted_minutes, reported)  # a review's report hour too
        hours = earned if organiser else rules.recorded_hours(earned, state)
        rows.append({"user": {"id": user.id, "name": user.name}, "organiser": organiser,
                     "present_seconds": round(counted.present_seconds, 1), "counted_minutes": counted.counted_minutes,
                     "study_hours": hours, "feedback": state,
                     "rating": given.rating if given else None,
                     "in_engine_now": (str(uid) in in_engine) if info is not None else None})
    rows.sort(key=lambda r: (not r["organiser"], r["user"]["name"], r["user"]["id"]))
    return {"session_id": live.id, "engine": engine.name,
            "engine_running": info.running if info is not None else None,
            "engine_attendees": [{"user_id": a.user_id, "name": a.name, "role": a.role} for a in info.attendees]
            if info is not None else None, "participants": rows}


# --- feedback -----------------------------------------------------------------

def _attended(session, user_id: int) -> list[tuple[LiveSession, LiveFeedback | None]]:
    """The sessions the user booked and was present in, with its feedback (None: not given)."""
    rows = session.execute(
        select(LiveSession, LiveFeedback)
        .join(LivePresence, (LivePresence.session_id == LiveSession.id) & (LivePresence.user_id == user_id))
        .join(LiveBooking, (LiveBooking.session_id == LiveSession.id) & (LiveBooking.user_id == user_id))
        .outerjoin(LiveFeedback, (LiveFeedback.session_id == LiveSession.id) & (LiveFeedback.user_id == user_id))
        .where(LiveBooking.status == "booked", LiveSession.status != "cancelled")).all()
    return [(live, feedback) for live, feedback in rows if live.host_id != user_id]


def owed_feedback(session, actor, now: datetime) -> list[int]:
    return rules.owed_feedback([(live.id, live.ends_at, fb.created_at if fb else None)
                                for live, fb in _attended(session, actor.id)], now)


def can_give_feedback(session, actor, live: LiveSession) -> bool:
    """The learner booked it, was present, the session has ended and no feedback is given yet."""
    return any(s.id == live.id and fb is None for s, fb in _attended(session, actor.id)) \
        and live.ends_at <= clock.now()


def give_feedback(session, actor, live: LiveSession, *, rating: int, satisfaction: str,
                  reflection: str) -> LiveFeedback:
    policies.BOOK.enforce(actor, live)
    attended = {s.id: fb for s, fb in _attended(session, actor.id)}
    if live.id not in attended:
        raise Conflict("not_attended", _("Feedback is for the learners who took part in the session."))
    if attended[live.id] is not None:
        raise Conflict("feedback_given", _("You have given your feedback on this session already."))
    if live.ends_at > clock.now():
        raise Conflict("not_ended", _("Feedback opens when the session has ended."))
    errors = {}
    if not 1 <= rating <= 5:
        errors["rating"] = _("Rate from 1 to 5.")
    if satisfaction not in rules.SATISFACTION:
        errors["satisfaction"] = _("Choose how satisfied you are.")
    if rules.reflection_length(reflection) < rules.MIN_REFLECTION_CHARS:
        errors["reflection"] = _("Write at least %(n)d characters (%(have)d so far).", n=rules.MIN_REFLECTION_CHARS,
                                 have=rules.reflection_length(reflection))
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), errors)
    feedback = LiveFeedback(session_id=live.id, user_id=actor.id, rating=rating, satisfaction=satisfaction,
                            reflection=reflection.strip(), created_at=clock.now())
    session.add(feedback)
    session.flush()
    registry.emit(session, "live.feedback_given", live=live, feedback=feedback)
    return feedback


# --- the calendar -------------------------------------------------------------

def mark_day(session, actor, day: date, kind: str, name: str) -> LiveCalendarDay:
    policies.KEEP_CALENDAR.enforce(actor)
    _check_years(day=day)
    if kind not in rules.DAY_KINDS:
        raise InvalidInput(_("Choose holiday or working day."), {"kind": _("Choose holiday or working day.")})
    row = session.get(LiveCalendarDay, day)
    if row is None:
        row = LiveCalendarDay(day=day)
        session.add(row)
    row.kind, row.name = kind, name
    audit.record(session, actor, "live_calendar.change", "live_calendar_day", None,
                 after={"day": day.isoformat(), "kind": kind, "name": name})
    return row


def unmark_day(session, actor, day: date) -> None:
    policies.KEEP_CALENDAR.enforce(actor)
    row = session.get(LiveCalendarDay, day)
    if row is None:
        raise NotFound(_("That day is not marked."))
    session.delete(row)
    audit.record(session, actor, "live_calendar.change", "live_calendar_day", None,
                 before={"day": day.isoformat(), "kind": row.kind})


def add_term(session, actor, name: str, starts_on: date, ends_on: date) -> LiveTerm:
    policies.KEEP_CALENDAR.enforce(actor)
    _check_years(starts_on=starts_on, ends_on=ends_on)
    if starts_on > ends_on:
        raise InvalidInput(_("A term ends after it starts."), {"ends_on": _("A term ends after it starts.")})
    for t in queries.terms(session):
        if t.starts_on <= ends_on and starts_on <= t.ends_on:
            raise Conflict("terms_overlap", _("Terms may not overlap: %(name)s runs from %(a)s to %(b)s.",
                                              name=t.name, a=t.starts_on.isoformat(), b=t.ends_on.isoformat()))
    term = LiveTerm(name=name, starts_on=starts_on, ends_on=ends_on)
    session.add(term)
    session.flush()
    audit.record(session, actor, "live_calendar.change", "live_term", term.id, after=term.to_dict())
    return term


def delete_term(session, actor, term: LiveTerm) -> None:
    policies.KEEP_CALENDAR.enforce(actor)
    # Students' tutoring settles by the same terms (lms.tutoring.terms): its settlement keeps a term too.
    if session.scalar(select(LiveSettlement.id).where(LiveSettlement.term_id == term.id)) is not None or \
            registry.hook("tutoring.term_settled")(session, term):
        raise Conflict("term_settled", _("%(name)s is settled: its tutors' fees rest on it, so it stays.",
                                         name=term.name))
    audit.record(session, actor, "live_calendar.change", "live_term", term.id, before=term.to_dict())
    session.delete(term)
