"""The live sessions API (docs/API.md "Live sessions", docs/LIVE.md)."""
from __future__ import annotations

import io

from flask import Blueprint, current_app, send_file
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import NotFound
from lms.extensions import db
from lms.live import engines, policies, queries, schemas, services, sheets, statements
from lms.org.forms import TITLE_LABELS
from lms.web.api import Items, Page, body_checked_later, endpoint, form_or_json, page_of

bp = Blueprint("live_api", __name__, url_prefix="/api/v1/live")

LIVE = {"live": queries.session_for}
TERM = {"term": queries.term_for}


def engine():
    return engines.from_config(current_app.config)


@bp.get("/sessions")
@endpoint(summary="Live sessions: upcoming (everyone), the caller's hosted ones, or an admin's area",
          query=schemas.SessionQuery, response=Page[schemas.SessionOut])
def list_sessions(params: schemas.SessionQuery):
    rows, total = queries.sessions_page(db.session, current_user, params.scope, clock.now(), form=params.form,
                                        page=params.page, per_page=params.per_page)
    return page_of([s.to_dict() for s in rows], total, params)


@bp.post("/sessions")
@endpoint(summary="Schedule a session (tutors; admins for a tutor of their area): form bounds, service hours, "
                  "term time, two of each form a term", status=201, body=schemas.SessionIn,
          response=schemas.SessionOut, allow=policies.SCHEDULE,
          errors=("400:invalid_input", "403:forbidden", "409:bad_length", "409:outside_term",
                  "409:outside_service_window", "409:term_limit_reached", "409:too_many_reviewers"))
def create_session(data: schemas.SessionIn):
    new = services.NewSession(form=data.form, title=data.title, description=data.description,
                              starts_at=data.starts_at, ends_at=data.ends_at, capacity=data.capacity,
                              host_id=data.host_id, co_reviewer_ids=tuple(data.co_reviewer_ids))
    return services.schedule(db.session, current_user, new, tz=clock.local_tz()).to_dict(), 201


@bp.get("/sessions/<int:live_id>")
@endpoint(summary="A live session", response=schemas.SessionOut, load=LIVE, errors=("404:not_found",))
def get_session(live):
    return live.to_dict()


@bp.post("/sessions/<int:live_id>/cancel")
@body_checked_later(schemas.LiveCancelIn)
@endpoint(summary="Cancel a session before it starts (its host, the admins of its area), with an optional reason",
          response=schemas.SessionOut, load=LIVE, allow=policies.MANAGE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:already_started", "409:not_scheduled"))
def cancel_session(live):
    data = form_or_json(schemas.LiveCancelIn)  # the body is optional: a call without one cancels without a reason
    return services.cancel(db.session, current_user, live, reason=data.reason).to_dict()


@bp.post("/sessions/<int:live_id>/end")
@endpoint(summary="Close the meeting on the engine once the session has started (its organisers, the admins above)",
          response=schemas.SessionOut, load=LIVE, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found", "409:not_scheduled", "409:not_started", "409:engine_unavailable"))
def end_session(live):
    return services.end(db.session, current_user, live, engine()).to_dict()


@bp.get("/sessions/<int:live_id>/recordings")
@endpoint(summary="The engine's recordings of the session (BigBlueButton's getRecordings; none for Jitsi)",
          response=Items[schemas.RecordingOut], load=LIVE, allow=policies.RECORDINGS,
          errors=("403:forbidden", "404:not_found", "409:engine_unavailable"))
def recordings(live):
    return {"items": services.recordings(db.session, current_user, live, engine())}


@bp.post("/sessions/<int:live_id>/booking")
@endpoint(summary="Book a seat (a lecture) or the slot (one-to-one, review)", status=201,
          response=schemas.BookingOut, load=LIVE, allow=policies.BOOK,
          errors=("403:forbidden", "404:not_found", "409:full", "409:already_booked", "409:not_bookable",
                  "409:feedback_owed"))
def book(live):
    return services.book(db.session, current_user, live).to_dict(), 201


@bp.delete("/sessions/<int:live_id>/booking")
@endpoint(summary="Cancel the caller's booking before the start", response=schemas.BookingOut, load=LIVE,
          errors=("404:not_found", "409:already_started"))
def unbook(live):
    return services.unbook(db.session, current_user, live).to_dict()


@bp.get("/sessions/<int:live_id>/bookings")
@endpoint(summary="The session's bookings (its host, the admins of its area)", response=Items[schemas.BookingOut],
          load=LIVE, allow=policies.MANAGE, errors=("403:forbidden", "404:not_found"))
def bookings(live):
    return {"items": [b.to_dict() for b in live.bookings]}


@bp.post("/sessions/<int:live_id>/feedback")
@endpoint(summary="A learner's feedback on a session it took part in, within 7 days of its end (学时 need it in time)",
          status=201, body=schemas.FeedbackIn, response=schemas.FeedbackOut, load=LIVE, allow=policies.BOOK,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_attended", "409:feedback_given",
                  "409:not_ended"))
def feedback(live, data: schemas.FeedbackIn):
    return services.give_feedback(db.session, current_user, live, rating=data.rating, satisfaction=data.satisfaction,
                                  reflection=data.reflection).to_dict(), 201


@bp.get("/me/bookings")
@endpoint(summary="The caller's bookings, with their sessions", response=Items[schemas.MyBookingOut])
def my_bookings():
    return {"items": [{**b.to_dict(), "session": b.session.to_dict()}
                      for b in queries.my_bookings(db.session, current_user)]}


@bp.post("/sessions/<int:live_id>/join")
@endpoint(summary="The engine's join URL for the caller (the host as moderator); the room opens 15 minutes early",
          response=schemas.JoinOut, load=LIVE, allow=policies.ENTER,
          errors=("403:forbidden", "404:not_found", "409:room_closed", "409:engine_unavailable"))
def join(live):
    return services.join(db.session, current_user, live, engine())


@bp.post("/sessions/<int:live_id>/heartbeat")
@endpoint(summary="A presence beat from the room page, every ~15 s and on visibility changes (server clock)",
          body=schemas.BeatIn, response=schemas.BeatOut, load=LIVE, allow=policies.ENTER,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:room_closed", "409:session_superseded"))
def heartbeat(live, data: schemas.BeatIn):
    return services.beat(db.session, current_user, live, key=data.page_key, visible=data.visible,
                         in_room=data.in_room)


@bp.get("/sessions/<int:live_id>/attendance")
@endpoint(summary="Each participant's counted minutes, and the engine's own attendees when it has an API",
          response=schemas.AttendanceOut, load=LIVE, allow=policies.MANAGE, errors=("403:forbidden", "404:not_found"))
def attendance(live):
    return services.attendance(db.session, current_user, live, engine())


@bp.get("/calendar")
@endpoint(summary="Terms and marked days (holidays, worked weekend days)", response=schemas.CalendarOut)
def calendar():
    return {"terms": [t.to_dict() for t in queries.terms(db.session)],
            "days": [d.to_dict() for d in queries.calendar_days(db.session)]}


@bp.put("/calendar/days")
@endpoint(summary="Mark a day a holiday or a worked weekend day (province admins)", body=schemas.DayIn,
          response=schemas.DayOut, allow=policies.KEEP_CALENDAR, errors=("400:invalid_input", "403:forbidden"))
def mark_day(data: schemas.DayIn):
    return services.mark_day(db.session, current_user, data.day, data.kind, data.name).to_dict()


@bp.delete("/calendar/days/<day>")
@endpoint(summary="Unmark a day (province admins)", response=schemas.Deleted, allow=policies.KEEP_CALENDAR,
          errors=("403:forbidden", "404:not_found"))
def unmark_day(day: str):
    services.unmark_day(db.session, current_user, queries.parse_day(day))
    return {"deleted": True}


@bp.post("/calendar/terms")
@endpoint(summary="Add a school term (province admins)", status=201, body=schemas.TermIn, response=schemas.TermOut,
          allow=policies.KEEP_CALENDAR, errors=("400:invalid_input", "403:forbidden", "409:terms_overlap"))
def add_term(data: schemas.TermIn):
    return services.add_term(db.session, current_user, data.name, data.starts_on, data.ends_on).to_dict(), 201


@bp.delete("/calendar/terms/<int:term_id>")
@endpoint(summary="Remove a term (province admins)", response=schemas.Deleted, load={"term": queries.term_for},
          allow=policies.KEEP_CALENDAR, errors=("403:forbidden", "404:not_found", "409:term_settled"))
def delete_term(term):
    services.delete_term(db.session, current_user, term)
    return {"deleted": True}


# --- points and payment (docs/LIVE.md "Points and payment") -------------------------------------------------------

def _term(params: schemas.TermParams):
    term = queries.chosen_term(db.session, params.term_id, clock.now().astimezone(clock.local_tz()).date())
    if term is None:
        raise NotFound(_("No such term."))
    return term


@bp.get("/me/statement")
@endpoint(summary="The caller's running statement (tutors): each session's points by part, the term's total and fee",
          query=schemas.TermParams, response=schemas.StatementOut, errors=("403:forbidden", "404:not_found"))
def my_statement(params: schemas.TermParams):
    return statements.statement(db.session, current_user, current_user, _term(params))


@bp.get("/tutors/<int:tutor_id>/statement")
@endpoint(summary="A tutor's running statement (the tutor, the admins of its area)", query=schemas.TermParams,
          response=schemas.StatementOut, load={"tutor": queries.tutor_for}, allow=policies.READ_STATEMENT,
          errors=("403:forbidden", "404:not_found"))
def tutor_statement(tutor, params: schemas.TermParams):
    return statements.statement(db.session, current_user, tutor, _term(params))


@bp.get("/terms/<int:term_id>/settlement")
@endpoint(summary="A term's settlement for the tutors of the caller's area (admins): points, coefficient, yuan; "
                  "the locked rows once confirmed", response=schemas.SettlementOut, load=TERM,
          allow=policies.READ_SETTLEMENT, errors=("403:forbidden", "404:not_found"))
def settlement(term):
    return statements.settlement(db.session, current_user, term)


@bp.get("/terms/<int:term_id>/settlement.xlsx")
@endpoint(summary="A term's settlement as an Excel sheet for payment (admins, their area)", produces=sheets.XLSX,
          load=TERM, allow=policies.READ_SETTLEMENT, errors=("403:forbidden", "404:not_found"))
def settlement_xlsx(term):
    data = statements.settlement(db.session, current_user, term)
    return send_file(io.BytesIO(sheets.settlement_workbook(data, TITLE_LABELS)), mimetype=sheets.XLSX,
                     as_attachment=True, download_name=sheets.file_name(data["term"]))


@bp.post("/terms/<int:term_id>/settlement")
@endpoint(summary="Confirm (lock) a term's settlement once the term is over (province admins)", status=201,
          response=schemas.SettlementOut, load=TERM, allow=policies.SETTLE,
          errors=("403:forbidden", "404:not_found", "409:term_not_over", "409:already_settled"))
def settle(term):
    statements.settle(db.session, current_user, term)
    return statements.settlement(db.session, current_user, term), 201


@bp.get("/terms/<int:term_id>/stars")
@endpoint(summary="A term's star tutors and star learners (published to everyone signed in)",
          response=schemas.StarsOut, load=TERM, errors=("404:not_found",))
def stars(term):
    return statements.stars(db.session, term)


@bp.post("/sessions/<int:live_id>/report")
@endpoint(summary="Record an open lesson review's report (its reviewers; once; earns the report's 30 points)",
          status=201, body=schemas.ReportIn, response=schemas.ReportOut, load=LIVE, allow=policies.RECORD_REPORT,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_a_review", "409:not_started",
                  "409:report_recorded"))
def record_report(live, data: schemas.ReportIn):
    return statements.record_report(db.session, current_user, live, data.body).to_dict(), 201


@bp.get("/sessions/<int:live_id>/report")
@endpoint(summary="An open lesson review's report (its reviewers, the learners who booked it, the admins above)",
          response=schemas.ReportOut, load=LIVE, allow=policies.RECORDINGS, errors=("403:forbidden", "404:not_found"))
def get_report(live):
    report = statements.report_of(db.session, live)
    if report is None:
        raise NotFound(_("No review report is recorded yet."))
    return {**report.to_dict(), "hours": statements.review_hours(db.session, live)}
