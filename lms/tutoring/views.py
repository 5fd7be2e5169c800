"""Students' tutoring pages: the tutoring area (offer, book, ask for a free tutor), a session (book, rate, score,
report, replay), its room (lms.live's engine and presence script), the tutors' points, the students' records."""
from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from lms.core import clock
from lms.core.errors import DomainError, Forbidden, NotFound
from lms.core.registry import for_students
from lms.extensions import db
from lms.live import engines
from lms.square.services import read_image, send_photo
from lms.tutoring import directory, forms, policies, qualification, queries, rules, services
from lms.web.pipeline import page
from lms.web.security import CONTENT_SECURITY_POLICY, bearer_token, body_limit

bp = Blueprint("tutoring", __name__)
LABELS = {"kind": forms.KIND_LABELS, "status": forms.STATUS_LABELS}


@for_students
def nav_entries(user) -> list[tuple[str, str]]:
    if not (policies.is_student(user) or policies.is_tutor(user) or user.is_admin):
        return []
    entries = [(url_for("tutoring.index"), _("Students' tutoring"))]
    if policies.is_student(user):
        entries.append((url_for("tutoring.record_page", student_id=user.id), _("My tutoring record")))
    return entries


def engine():
    return engines.from_config(current_app.config)


def _month():
    """``?month=YYYY-MM``, else this month."""
    text = request.args.get("month", "")
    if not text:
        return queries.this_month()
    try:
        year, month = (int(x) for x in text.split("-"))
    except ValueError:
        raise NotFound(_("No such month.")) from None
    queries.month_span(year, month)  # refuses months out of range
    return year, month


def _recommended(now, limit=5) -> list[tuple]:
    """The tutors recommended to the signed-in student, each with its reasons (B12)."""
    return [(r.card, directory.explain(r))
            for r in directory.recommendations(db.session, current_user, now, limit=limit)]


def _index(offer_form=None, ask_form=None):
    now = clock.now()
    kind = request.args.get("kind") if request.args.get("kind") in rules.KINDS else None
    student, tutor = policies.is_student(current_user), policies.is_tutor(current_user)
    return render_template(
        "tutoring/index.html", labels=LABELS, now=now, student=student, tutor=tutor,
        open_sessions=queries.open_sessions(db.session, now, kind=kind) if student or tutor or current_user.is_admin
        else [], kind=kind,
        booked=queries.booked_by(db.session, current_user) if student else [],
        requests=queries.requests_of(db.session, current_user) if student else [],
        hosted=queries.hosted(db.session, current_user) if tutor else [],
        waiting=queries.waiting_requests(db.session) if tutor else [],
        available=tutor and queries.is_available(db.session, current_user.id),
        week=queries.this_week(db.session, current_user) if tutor else None,
        request_opens=queries.next_request_window(db.session, now) if student else None,
        certifier=policies.is_certifier(current_user),
        students=queries.students_in_area(db.session, current_user) if current_user.is_admin else [],
        recommended=_recommended(now, limit=3) if student else [],
        offer_form=offer_form or forms.OfferForm(formdata=None),
        ask_form=ask_form or forms.AskForm(formdata=None), confirm=forms.ConfirmForm(formdata=None))


@bp.get("/tutoring/")
@page()
def index():
    return _index()


@bp.get("/tutoring/tutors")
@page()
def tutors():
    """The tutor directory (filter by subject and stage) and, for a student, its recommended tutors."""
    subjects, stages = directory.choices(db.session)
    chosen = {"subject": request.args.get("subject", "")[:40], "stage": request.args.get("stage", "")[:40]}
    now = clock.now()
    return render_template("tutoring/tutors.html", subjects=subjects, stages=stages, chosen=chosen,
                           cards=directory.directory(db.session, now, subject=chosen["subject"] or None,
                                                     stage=chosen["stage"] or None),
                           student=policies.is_student(current_user),
                           recommended=_recommended(now) if policies.is_student(current_user) else [])


@bp.post("/tutoring/sessions")
@page(allow=policies.OFFER, form=forms.OfferForm, again=lambda form, **_: (_index(offer_form=form), 400))
def offer(form):
    starts = form.starts_at.data.replace(tzinfo=clock.local_tz())
    kind = form.kind.data
    new = services.Offer(kind=kind, topic=form.topic.data.strip(), subject=(form.subject.data or "").strip(),
                         starts_at=starts, ends_at=starts + timedelta(minutes=form.minutes.data),
                         capacity=1 if kind == rules.ONE_TO_ONE else (form.capacity.data or rules.MAX_GROUP_SIZE))
    tutoring = services.offer(db.session, current_user, new)
    flash(_("Offered."), "success")
    return redirect(url_for("tutoring.session_page", tutoring_id=tutoring.id))


@bp.post("/tutoring/availability")
@page(allow=policies.OFFER, form=forms.ConfirmForm, back=lambda **_: url_for("tutoring.index"))
def availability(form):
    on = request.form.get("available") == "1"
    services.set_available(db.session, current_user, on)
    flash(_("You are available for on-demand requests.") if on else _("You are no longer available."), "success")
    return redirect(url_for("tutoring.index"))


@bp.post("/tutoring/requests")
@body_limit("MAX_QUESTION_UPLOAD_BYTES")
@page(allow=policies.REQUEST, form=forms.AskForm, again=lambda form, **_: (_index(ask_form=form), 400))
def ask(form):
    services.ask(db.session, current_user, subject=form.subject.data or "", question=form.question.data,
                 image=read_image(request.files.get("image")))
    flash(_("Your request is waiting for a free tutor."), "success")
    return redirect(url_for("tutoring.index"))


@bp.get("/tutoring/requests/<int:request_id>/image")
@page(load={"request": queries.request_for}, allow=policies.SEE_REQUEST)
def request_image(request):
    return send_photo(request)


@bp.post("/tutoring/requests/<int:request_id>/withdraw")
@page(load={"request": queries.request_for}, form=forms.ConfirmForm, back=lambda **_: url_for("tutoring.index"))
def withdraw(request, form):
    services.withdraw(db.session, current_user, request)
    flash(_("Your request is withdrawn."), "success")
    return redirect(url_for("tutoring.index"))


@bp.post("/tutoring/requests/<int:request_id>/accept")
@page(load={"request": queries.request_for}, allow=policies.OFFER, form=forms.ConfirmForm,
      back=lambda **_: url_for("tutoring.index"))
def accept(request, form):
    tutoring = services.accept(db.session, current_user, request)
    flash(_("You have taken the request: the room is open."), "success")
    return redirect(url_for("tutoring.session_page", tutoring_id=tutoring.id))


def _replay(tutoring) -> list[dict]:
    chosen = engine()
    if tutoring.kind != rules.GROUP or tutoring.starts_at > clock.now() or chosen.name != "bbb" \
            or not policies.can_watch_replay(current_user, tutoring):
        return []
    try:
        return services.replay(db.session, current_user, tutoring, chosen)
    except DomainError:
        return []  # the engine did not answer: the page shows none rather than fail


def _session_page(tutoring, rate_form=None, score_form=None, report_form=None):
    booking = queries.booking_of(tutoring, current_user.id)
    manage = policies.can_manage(current_user, tutoring)
    count, points = queries.session_points(db.session, tutoring) if manage else (None, None)
    over = tutoring.status == "ended" or (tutoring.status == "open" and tutoring.ends_at <= clock.now())
    return render_template(
        "tutoring/session.html", tutoring=tutoring, labels=LABELS, manage=manage, count=count, points=points,
        booking=booking if booking is not None and booking.status == "booked" else None,
        can_book=policies.can_book(current_user, tutoring), can_enter=policies.can_enter(current_user, tutoring),
        room_open=services.room_open(tutoring, clock.now()), over=over, now=clock.now(),
        is_tutor=current_user.id == tutoring.tutor_id, replay=_replay(tutoring),
        asked=queries.request_of_session(db.session, tutoring.id) if tutoring.on_demand else None,
        rate_form=rate_form or forms.RateForm(formdata=None), score_form=score_form or forms.ScoreForm(formdata=None),
        report_form=report_form or forms.ReportForm(formdata=None), confirm=forms.ConfirmForm(formdata=None))


def _back(tutoring, **_):
    return url_for("tutoring.session_page", tutoring_id=tutoring.id)


LOAD = {"tutoring": queries.tutoring_for}


@bp.get("/tutoring/sessions/<int:tutoring_id>")
@page(load=LOAD)
def session_page(tutoring):
    return _session_page(tutoring)


@bp.post("/tutoring/sessions/<int:tutoring_id>/book")
@page(load=LOAD, allow=policies.BOOK, form=forms.ConfirmForm, back=_back)
def book(tutoring, form):
    services.book(db.session, current_user, tutoring)
    flash(_("Booked."), "success")
    return redirect(_back(tutoring))


@bp.post("/tutoring/sessions/<int:tutoring_id>/unbook")
@page(load=LOAD, form=forms.ConfirmForm, back=_back)
def unbook(tutoring, form):
    services.unbook(db.session, current_user, tutoring)
    flash(_("Your booking is cancelled."), "success")
    return redirect(_back(tutoring))


@bp.post("/tutoring/sessions/<int:tutoring_id>/cancel")
@page(load=LOAD, allow=policies.MANAGE, form=forms.ConfirmForm, back=_back)
def cancel(tutoring, form):
    services.cancel(db.session, current_user, tutoring)
    flash(_("The session is cancelled."), "success")
    return redirect(_back(tutoring))


@bp.post("/tutoring/sessions/<int:tutoring_id>/end")
@page(load=LOAD, allow=policies.MANAGE, form=forms.ConfirmForm, back=_back)
def end(tutoring, form):
    services.end(db.session, current_user, tutoring, engine())
    flash(_("The session is ended."), "success")
    return redirect(_back(tutoring))


@bp.post("/tutoring/sessions/<int:tutoring_id>/rating")
@page(load=LOAD, allow=policies.RATE, form=forms.RateForm,
      again=lambda form, tutoring, **_: (_session_page(tutoring, rate_form=form), 400))
def rate(tutoring, form):
    services.rate(db.session, current_user, tutoring, int(form.rating.data))
    flash(_("Thank you for your rating."), "success")
    return redirect(_back(tutoring))


@bp.post("/tutoring/sessions/<int:tutoring_id>/scores")
@page(load=LOAD, allow=policies.SCORE, form=forms.ScoreForm,
      again=lambda form, tutoring, **_: (_session_page(tutoring, score_form=form), 400))
def score(tutoring, form):
    services.score(db.session, current_user, tutoring, form.student_id.data, form.score.data)
    flash(_("Saved."), "success")
    return redirect(_back(tutoring))


def _report_back(student, **_):
    """Refused: back to the session the report was made from, else to the student's record."""
    given = request.form.get("session_id", "")
    if given.isdigit() and len(given) < 10:
        return url_for("tutoring.session_page", tutoring_id=int(given))
    return url_for("tutoring.record_page", student_id=student.id)


@bp.post("/tutoring/students/<int:student_id>/misconduct")
@page(load={"student": queries.student_for}, allow=policies.REPORT, form=forms.ReportForm, back=_report_back)
def report(student, form):
    services.report(db.session, current_user, student, reason=form.reason.data, session_id=form.session_id.data)
    flash(_("The misconduct is recorded."), "success")
    if form.session_id.data:
        return redirect(url_for("tutoring.session_page", tutoring_id=form.session_id.data))
    return redirect(url_for("tutoring.record_page", student_id=student.id))


@bp.get("/tutoring/sessions/<int:tutoring_id>/room")
@page(load=LOAD, allow=policies.ENTER)
def room(tutoring):
    chosen = engine()
    config = {"heartbeat_url": url_for("tutoring_api.heartbeat", tutoring_id=tutoring.id),
              "join_url": url_for("tutoring_api.join", tutoring_id=tutoring.id),
              "page_key": secrets.token_hex(16), "embeddable": chosen.embeddable, "csrf_token": generate_csrf()}
    messages = {"counted": _("Counted so far: %(m)s minutes.", m="{m}"),
                "hidden": _("This page is hidden: the time does not count."),
                "paused": _("Open the room to be counted."),
                "superseded": _("The room is open in another window; this one no longer counts."),
                "offline": _("No connection to the server; presence is not being recorded.")}
    response = make_response(render_template(
        "tutoring/room.html", tutoring=tutoring, labels=LABELS, engine=chosen.name, config=json.dumps(config),
        messages=json.dumps(messages, ensure_ascii=False)))
    if chosen.embeddable and current_app.config.get("JITSI_URL"):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(current_app.config["JITSI_URL"]))
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + f"; frame-src {origin}"
        response.headers["Permissions-Policy"] = (f'camera=(self "{origin}"), microphone=(self "{origin}"), '
                                                  f'display-capture=(self "{origin}"), geolocation=()')
    return response


def _month_links(year, month):
    return {"previous": "%04d-%02d" % queries.previous_month(year, month),
            "next": "%04d-%02d" % queries.next_month(year, month), "shown": f"{year:04d}-{month:02d}"}


@bp.get("/tutoring/statement")
@page(allow=policies.OFFER)
def statement_page():
    year, month = _month()
    return render_template("tutoring/statement.html", data=queries.statement(db.session, current_user, year, month),
                           months=_month_links(year, month), labels=LABELS)


@bp.get("/tutoring/students/<int:student_id>/record")
@page(load={"student": queries.student_for}, allow=policies.READ_RECORD)
def record_page(student):
    year, month = _month()
    return render_template("tutoring/record.html", data=queries.month_record(db.session, student, year, month),
                           months=_month_links(year, month), labels=LABELS, student=student,
                           can_report=policies.can_report(current_user, student) and current_user.is_admin,
                           report_form=forms.ReportForm(formdata=None))


# Students see their tutoring, their account and the shared pages, nothing of the teachers' training.
STUDENT_ENDPOINTS = {"pages.home", "pages.set_language", "pages.healthz", "org.login", "org.logout",
                     "org.change_password", "org.account", "static", "org_api.issue_token", "org_api.me",
                     "org_api.change_password", "org_api.update_me", "openapi.openapi_document"}
# The question square and micro-lessons (lms.square) are the students' too, and so are their notices (a cancelled
# session, a request taken).
# The term pages (lms.tutoring.term_views: the stars are every student's too; the rest refuse them by policy), and
# the organisation awards' (lms.tutoring.award_views: the winners are published to all).
STUDENT_BLUEPRINTS = {"tutoring", "tutoring_api", "tutoring_terms", "tutoring_terms_api", "square", "square_api",
                      "notice_centre", "notice_centre_api", "tutoring_awards", "tutoring_awards_api"}


@bp.before_app_request
def keep_students_to_tutoring():
    """A student-only account (no other role) is refused every page and API call outside its area."""
    endpoint = request.endpoint or ""
    if endpoint in STUDENT_ENDPOINTS or endpoint.split(".")[0] in STUDENT_BLUEPRINTS:
        return None
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "checks_token_itself", False) and bearer_token():
        # The handler's own query checks the token and refuses whom it does not serve (a student has no
        # enrollment to beat for); loading the account here would cost the heartbeat a round trip.
        return None
    if not current_user.is_authenticated or not for_students.only(current_user):
        return None
    raise Forbidden(_("Students have the tutoring area only."))


# --- the admins: tutors' weekly hours (B13c) and qualifications (B17) -------------------------------------------

@bp.get("/tutoring/hours")
@page(allow=policies.READ_AREA)
def hours_page():
    text = request.args.get("week", "")
    try:
        day = date.fromisoformat(text) if text else clock.now().astimezone(clock.local_tz()).date()
    except ValueError:
        raise NotFound(_("No such week.")) from None
    data = queries.area_week(db.session, current_user, day)
    monday = date.fromisoformat(data["starts_on"])
    return render_template("tutoring/hours.html", data=data, previous=(monday - timedelta(days=7)).isoformat(),
                           following=(monday + timedelta(days=7)).isoformat())


def _qualifications(form=None):
    form = form or forms.DisqualifyForm(formdata=None)
    form.person_id.choices = [(u.id, f"{u.name}（{u.org_unit.name}）") for u in
                              queries.qualified_in_area(db.session, current_user)]
    return render_template("tutoring/qualifications.html", form=form,
                           revoked=queries.disqualified_in_area(db.session, current_user),
                           confirm=forms.ConfirmForm(formdata=None))


@bp.get("/tutoring/qualifications")
@page(allow=policies.CERTIFIER)
def qualifications_page():
    return _qualifications()


@bp.post("/tutoring/qualifications")
@page(allow=policies.CERTIFIER, form=forms.DisqualifyForm, again=lambda form, **_: (_qualifications(form), 400))
def disqualify(form):
    person = queries.person_for(db.session, current_user, form.person_id.data)
    qualification.disqualify(db.session, current_user, person, form.reason.data)
    flash(_("The tutor's qualification is revoked; its coming sessions are cancelled."), "success")
    return redirect(url_for("tutoring.qualifications_page"))


@bp.post("/tutoring/qualifications/<int:person_id>/reinstate")
@page(load={"person": queries.person_for}, allow=policies.QUALIFY, form=forms.ConfirmForm,
      back=lambda **_: url_for("tutoring.qualifications_page"))
def reinstate(person, form):
    qualification.reinstate(db.session, current_user, person)
    flash(_("The tutor's qualification is reinstated."), "success")
    return redirect(url_for("tutoring.qualifications_page"))
