"""The students' tutoring API (docs/API.md "Students' tutoring")."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, url_for
from flask_login import current_user

from lms.core import clock
from lms.extensions import db
from lms.live import engines
from lms.live import schemas as live_schemas
from lms.square.services import read_image, send_photo
from lms.tutoring import directory, policies, qualification, queries, schemas, services
from lms.web.api import Items, Page, endpoint, form_or_json, page_of, uploaded_file
from lms.web.security import body_limit

bp = Blueprint("tutoring_api", __name__, url_prefix="/api/v1/tutoring")

LOAD = {"tutoring": queries.tutoring_for}
PERSON = {"person": queries.person_for}


def engine():
    return engines.from_config(current_app.config)


def _month(params: schemas.TutoringMonthQuery) -> tuple[int, int]:
    year, month = queries.this_month()
    return params.year or year, params.month or month


@bp.get("/sessions")
@endpoint(summary="Tutoring sessions: open to book (default), the caller's booked ones, or the tutor's own",
          query=schemas.TutoringSessionQuery, response=Page[schemas.TutoringSessionOut])
def list_sessions(params: schemas.TutoringSessionQuery):
    if params.scope == "booked":
        rows = queries.booked_by(db.session, current_user, limit=100_000)
    elif params.scope == "hosted":
        rows = queries.hosted(db.session, current_user, limit=100_000)
    else:
        rows = queries.open_sessions(db.session, clock.now(), limit=100_000)
    rows = [s for s in rows if params.kind in (None, s.kind)]
    start = (params.page - 1) * params.per_page
    return page_of([s.to_dict() for s in rows[start:start + params.per_page]], len(rows), params)


@bp.post("/sessions")
@endpoint(summary="Offer a one-to-one slot or a one-to-many session (tutors): 10–60 minutes, at most 10 students",
          status=201, body=schemas.TutoringOfferIn, response=schemas.TutoringSessionOut, allow=policies.OFFER,
          errors=("400:invalid_input", "403:forbidden", "409:bad_length", "409:bad_capacity", "409:overlaps",
                  "409:outside_service_window", "409:outside_term", "409:weekly_hours_exceeded"))
def offer(data: schemas.TutoringOfferIn):
    new = services.Offer(kind=data.kind, topic=data.topic, subject=data.subject, starts_at=data.starts_at,
                         ends_at=data.starts_at + timedelta(minutes=data.minutes), capacity=data.capacity)
    return services.offer(db.session, current_user, new).to_dict(), 201


@bp.get("/sessions/<int:tutoring_id>")
@endpoint(summary="A tutoring session", response=schemas.TutoringSessionOut, load=LOAD, errors=("404:not_found",))
def get_session(tutoring):
    return tutoring.to_dict()


@bp.post("/sessions/<int:tutoring_id>/cancel")
@endpoint(summary="Cancel a session before it starts (its tutor, the admins of its area)",
          response=schemas.TutoringSessionOut, load=LOAD, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found", "409:not_open", "409:already_started"))
def cancel(tutoring):
    return services.cancel(db.session, current_user, tutoring).to_dict()


@bp.post("/sessions/<int:tutoring_id>/end")
@endpoint(summary="End a started session and close its meeting (its tutor, the admins of its area)",
          response=schemas.TutoringSessionOut, load=LOAD, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found", "409:not_open", "409:not_started", "409:engine_unavailable"))
def end(tutoring):
    return services.end(db.session, current_user, tutoring, engine()).to_dict()


@bp.post("/sessions/<int:tutoring_id>/booking")
@endpoint(summary="Book the slot or a seat (students)", status=201, response=schemas.TutoringBookingOut, load=LOAD,
          allow=policies.BOOK, errors=("403:forbidden", "404:not_found", "409:not_bookable", "409:already_booked",
                                       "409:full", "409:overlaps"))
def book(tutoring):
    return services.book(db.session, current_user, tutoring).to_dict(), 201


@bp.delete("/sessions/<int:tutoring_id>/booking")
@endpoint(summary="Cancel the caller's booking before the start", response=schemas.TutoringBookingOut, load=LOAD,
          errors=("404:not_found", "409:already_started"))
def unbook(tutoring):
    return services.unbook(db.session, current_user, tutoring).to_dict()


@bp.get("/sessions/<int:tutoring_id>/bookings")
@endpoint(summary="The session's bookings with both sides' ratings (its tutor, the admins of its area)",
          response=Items[schemas.TutoringBookingOut], load=LOAD, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found"))
def bookings(tutoring):
    return {"items": [b.to_dict() for b in tutoring.booked]}


@bp.post("/sessions/<int:tutoring_id>/join")
@endpoint(summary="The engine's join URL (lms.live's engines; the tutor as moderator); open 15 minutes early",
          response=live_schemas.JoinOut, load=LOAD, allow=policies.ENTER,
          errors=("403:forbidden", "404:not_found", "409:room_closed", "409:engine_unavailable"))
def join(tutoring):
    return services.join(db.session, current_user, tutoring, engine())


@bp.post("/sessions/<int:tutoring_id>/heartbeat")
@endpoint(summary="A presence beat from the room page (lms.live's presence rules, server clock)",
          body=live_schemas.BeatIn, response=live_schemas.BeatOut, load=LOAD, allow=policies.ENTER,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:room_closed", "409:session_superseded"))
def heartbeat(tutoring, data: live_schemas.BeatIn):
    return services.beat(db.session, current_user, tutoring, key=data.page_key, visible=data.visible,
                         in_room=data.in_room)


@bp.get("/sessions/<int:tutoring_id>/replay")
@endpoint(summary="A one-to-many session's recordings for replay (BigBlueButton; none for Jitsi)",
          response=Items[schemas.TutoringRecordingOut], load=LOAD, allow=policies.REPLAY,
          errors=("403:forbidden", "404:not_found", "409:engine_unavailable"))
def replay(tutoring):
    return {"items": services.replay(db.session, current_user, tutoring, engine())}


@bp.post("/sessions/<int:tutoring_id>/rating")
@endpoint(summary="The student rates the session's tutor, 1–5 (the tutor's 6–12 performance points), once it is over",
          response=schemas.TutoringBookingOut, body=schemas.TutoringRateIn, load=LOAD, allow=policies.RATE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_over", "409:already_rated"))
def rate(tutoring, data: schemas.TutoringRateIn):
    return services.rate(db.session, current_user, tutoring, data.rating).to_dict()


@bp.post("/sessions/<int:tutoring_id>/scores")
@endpoint(summary="The tutor scores a student of the session out of 10, once it is over",
          response=schemas.TutoringBookingOut, body=schemas.TutoringScoreIn, load=LOAD, allow=policies.SCORE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_over", "409:already_scored"))
def score(tutoring, data: schemas.TutoringScoreIn):
    return services.score(db.session, current_user, tutoring, data.student_id, data.score).to_dict()


@bp.get("/tutors")
@endpoint(summary="The tutor directory: the approved tutors with their specialties, open sessions and certified "
                  "micro-lessons, filtered by subject and stage", query=schemas.TutorDirectoryQuery,
          response=Items[schemas.TutorCardOut])
def tutors(params: schemas.TutorDirectoryQuery):
    return {"items": [c.to_dict() for c in directory.directory(db.session, clock.now(), subject=params.subject,
                                                                 stage=params.stage)]}


@bp.get("/tutors/recommended")
@endpoint(summary="The tutors recommended to the calling student (its stage, its sessions' and questions' "
                  "subjects, its ratings), with why", response=Items[schemas.RecommendedTutorOut],
          allow=policies.RECOMMENDED, errors=("403:forbidden",))
def recommended():
    return {"items": [{"tutor": r.card.to_dict(), "score": r.score, "reasons": directory.explain(r)}
                      for r in directory.recommendations(db.session, current_user, clock.now())]}


@bp.put("/me/availability")
@endpoint(summary="A tutor marks itself available (or not) for on-demand requests", body=schemas.TutoringAvailabilityIn,
          response=schemas.TutoringAvailabilityOut, allow=policies.OFFER, errors=("400:invalid_input", "403:forbidden"))
def availability(data: schemas.TutoringAvailabilityIn):
    return {"available": services.set_available(db.session, current_user, data.available)}


ASK = {"type": "object", "required": ["question"], "properties": {
    "subject": {"type": "string"}, "question": {"type": "string"}, "image": {"type": "string", "format": "binary"}}}


def _request(r) -> dict:
    return {**r.to_dict(), "image_url": url_for("tutoring_api.request_image", request_id=r.id) if r.image_name else None}


@bp.get("/requests")
@endpoint(summary="Waiting on-demand requests (tutors); a student's own requests", response=Items[schemas.TutoringRequestOut])
def requests():
    rows = queries.waiting_requests(db.session) if policies.is_tutor(current_user) \
        else queries.requests_of(db.session, current_user)
    return {"items": [_request(r) for r in rows]}


@bp.post("/requests")
@body_limit("MAX_QUESTION_UPLOAD_BYTES")
@endpoint(summary="A student asks for any free tutor now (a term day, inside the day's service window): JSON, or "
                  "multipart with an optional photo of the problem ``image`` (≤ 5 MB, as the square's)", status=201,
          response=schemas.TutoringRequestOut, allow=policies.REQUEST, multipart=ASK,
          errors=("400:invalid_input", "403:forbidden", "409:already_waiting", "409:outside_service_window",
                  "409:outside_term", "413:too_large", "415:unsupported_media_type"))
def ask():
    data = form_or_json(schemas.TutoringAskIn)
    request = services.ask(db.session, current_user, subject=data.subject, question=data.question,
                           image=read_image(uploaded_file("image")))
    return _request(request), 201


@bp.get("/requests/<int:request_id>/image")
@endpoint(summary="An on-demand request's photo (its student; the tutors while it waits; the tutor who took it)",
          produces="image/*", load={"request": queries.request_for}, allow=policies.SEE_REQUEST,
          errors=("403:forbidden", "404:not_found"))
def request_image(request):
    return send_photo(request)


@bp.post("/requests/<int:request_id>/accept")
@endpoint(summary="A tutor marked available takes a waiting request: a one-to-one session starts now, 60 minutes "
                  "cut at the service window's close", status=201, response=schemas.TutoringSessionOut,
          load={"request": queries.request_for}, allow=policies.OFFER,
          errors=("403:forbidden", "404:not_found", "409:not_available", "409:not_waiting", "409:own_request",
                  "409:outside_service_window", "409:outside_term", "409:weekly_hours_exceeded"))
def accept(request):
    return services.accept(db.session, current_user, request).to_dict(), 201


@bp.post("/requests/<int:request_id>/withdraw")
@endpoint(summary="The student withdraws its waiting request", response=schemas.TutoringRequestOut,
          load={"request": queries.request_for}, errors=("404:not_found", "409:not_waiting"))
def withdraw(request):
    return _request(services.withdraw(db.session, current_user, request))


@bp.get("/me/week")
@endpoint(summary="The tutor's online hours this week (Monday–Sunday) against the 2-hour minimum and 10-hour maximum",
          response=schemas.TutoringWeekOut, allow=policies.OFFER, errors=("403:forbidden",))
def my_week():
    return queries.this_week(db.session, current_user)


@bp.get("/me/statement")
@endpoint(summary="The tutor's running statement of a month: each session's time and performance points",
          query=schemas.TutoringMonthQuery, response=schemas.TutoringStatementOut, allow=policies.OFFER,
          errors=("403:forbidden",))
def my_statement(params: schemas.TutoringMonthQuery):
    return queries.statement(db.session, current_user, *_month(params))


@bp.get("/tutors/<int:tutor_id>/statement")
@endpoint(summary="A tutor's statement of a month (the tutor, the admins of its area)", query=schemas.TutoringMonthQuery,
          response=schemas.TutoringStatementOut, load={"tutor": queries.tutor_for}, allow=policies.READ_STATEMENT,
          errors=("403:forbidden", "404:not_found"))
def tutor_statement(tutor, params: schemas.TutoringMonthQuery):
    return queries.statement(db.session, tutor, *_month(params))


@bp.get("/students/<int:student_id>/record")
@endpoint(summary="A student's monthly record: time tutored, points paid, ratings given and received, misconduct "
                  "(the student, the admins of its school and above)", query=schemas.TutoringMonthQuery,
          response=schemas.TutoringRecordOut, load={"student": queries.student_for}, allow=policies.READ_RECORD,
          errors=("403:forbidden", "404:not_found"))
def record(student, params: schemas.TutoringMonthQuery):
    return queries.month_record(db.session, student, *_month(params))


@bp.post("/students/<int:student_id>/misconduct")
@endpoint(summary="Record misconduct on a student, with its reason (its tutors, the admins of its area)",
          status=201, body=schemas.TutoringReportIn, response=schemas.TutoringMisconductOut, load={"student": queries.student_for},
          allow=policies.REPORT, errors=("400:invalid_input", "403:forbidden", "404:not_found",
                                         "409:not_your_student"))
def report(student, data: schemas.TutoringReportIn):
    return services.report(db.session, current_user, student, reason=data.reason,
                           session_id=data.session_id).to_dict(), 201


# --- the admins: tutors' weekly hours (B13c) and qualifications (B17) -------------------------------------------

@bp.get("/tutors/hours")
@endpoint(summary="The area's tutors' online hours of a week against the 2-hour minimum, those short marked (admins, "
                  "their subtree)", query=schemas.TutoringAreaWeekQuery, response=schemas.TutoringAreaWeekOut,
          allow=policies.READ_AREA, errors=("400:invalid_input", "403:forbidden"))
def area_hours(params: schemas.TutoringAreaWeekQuery):
    day = params.week or clock.now().astimezone(clock.local_tz()).date()
    return queries.area_week(db.session, current_user, day)


@bp.get("/disqualifications")
@endpoint(summary="The revoked tutors' qualifications the caller decides (city admins: their city's; the province's: "
                  "its own unit's)", response=Items[schemas.TutorDisqualificationOut], allow=policies.CERTIFIER,
          errors=("403:forbidden",))
def disqualifications():
    return {"items": [r.to_dict() for r in queries.disqualified_in_area(db.session, current_user)]}


@bp.post("/tutors/<int:person_id>/disqualify")
@endpoint(summary="Revoke a tutor's qualification with a reason: out of the library, its coming tutoring and live "
                  "sessions cancelled, the tutor told (the admin of its city)", status=201,
          body=schemas.TutorDisqualifyIn, response=schemas.TutorDisqualificationOut, load=PERSON,
          allow=policies.QUALIFY, errors=("400:invalid_input", "403:forbidden", "404:not_found",
                                          "409:already_disqualified"))
def disqualify(person, data: schemas.TutorDisqualifyIn):
    return qualification.disqualify(db.session, current_user, person, data.reason).to_dict(), 201


@bp.post("/tutors/<int:person_id>/reinstate")
@endpoint(summary="Reinstate a revoked tutor's qualification (the admin of its city)",
          response=schemas.TutorDisqualificationOut, load=PERSON, allow=policies.QUALIFY,
          errors=("403:forbidden", "404:not_found", "409:not_disqualified"))
def reinstate(person):
    return qualification.reinstate(db.session, current_user, person).to_dict()
