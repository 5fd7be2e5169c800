"""Live research pages: the list, a session (book, cancel, attendance), its room, the admins' calendar."""
from __future__ import annotations

import json
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from lms.core import clock
from lms.core.errors import DomainError
from lms.extensions import db
from lms.live import engines, forms, policies, queries, rules, services, statements
from lms.live.models import LiveSession
from lms.web.pipeline import page
from lms.web.security import CONTENT_SECURITY_POLICY

bp = Blueprint("live", __name__)
FEEDBACK_LABELS = {"on_time": _l("given"), "late": _l("given late"), "pending": _l("awaited"),
                   "missing": _l("not given")}


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("live.index"), _("Live research"))]


def engine():
    return engines.from_config(current_app.config)


def _index(form):
    now = clock.now()
    return render_template("live/index.html", upcoming=queries.upcoming(db.session, now),
                           hosted=queries.hosted(db.session, current_user) if current_user.has_role("tutor") else [],
                           area=queries.in_area(db.session, current_user) if current_user.is_admin else [],
                           bookings=queries.my_bookings(db.session, current_user), form=form,
                           owed=[db.session.get(LiveSession, i) for i in services.owed_feedback(db.session, current_user,
                                                                                              now)],
                           labels=forms.FORM_LABELS, can_schedule=policies.can_schedule(current_user),
                           can_keep_calendar=policies.can_keep_calendar(current_user))


@bp.get("/live/")
@page(form=forms.SessionForm)
def index(form):
    return _index(form)


@bp.post("/live/sessions")
@page(allow=policies.SCHEDULE, form=forms.SessionForm, again=_index)
def create(form):
    tz = clock.local_tz()
    new = services.NewSession(form=form.form.data, title=form.title.data.strip(),
                              description=(form.description.data or "").strip(),
                              starts_at=form.starts_at.data.replace(tzinfo=tz),
                              ends_at=form.ends_at.data.replace(tzinfo=tz), capacity=form.capacity.data,
                              host_id=form.host_id.data)
    live = services.schedule(db.session, current_user, new, tz=tz)
    flash(_("Scheduled."), "success")
    return redirect(url_for("live.session_page", live_id=live.id))


def _recordings(live, chosen) -> list[dict]:
    if chosen.name != "bbb" or live.starts_at > clock.now() or not policies.can_watch_recordings(current_user, live):
        return []
    try:
        return services.recordings(db.session, current_user, live, chosen)
    except DomainError:
        return []  # the engine did not answer: the page shows none rather than fail


def _session_page(live, form=None, report_form=None):
    chosen = engine()
    manage = policies.can_manage(current_user, live)
    booking = queries.booking_of(live, current_user.id)
    feedback_form = form or forms.FeedbackForm(formdata=None)
    report = statements.report_of(db.session, live) if live.form == rules.REVIEW else None
    return render_template("live/session.html", live=live, labels=forms.FORM_LABELS, manage=manage,
                           feedback_form=feedback_form, cancel_form=forms.CancelForm(formdata=None),
                           can_feedback=services.can_give_feedback(db.session, current_user, live),
                           min_chars=rules.MIN_REFLECTION_CHARS, feedback_days=rules.FEEDBACK_DAYS,
                           feedback_labels=FEEDBACK_LABELS,
                           booked=booking is not None and booking.status == "booked",
                           can_book=policies.can_book(current_user, live),
                           can_enter=policies.can_enter(current_user, live),
                           attendance=services.attendance(db.session, current_user, live, chosen) if manage else None,
                           recordings=_recordings(live, chosen),
                           rule=rules.form_rule(live.form), now=clock.now(),
                           report=report,
                           report_hours=statements.review_hours(db.session, live)
                           if report is not None and policies.can_watch_recordings(current_user, live) else None,
                           can_report=live.form == rules.REVIEW and policies.can_record_report(current_user, live)
                           and live.starts_at <= clock.now() and live.status != "cancelled",
                           can_read_report=policies.can_watch_recordings(current_user, live),
                           report_form=report_form or forms.ReportForm(formdata=None),
                           min_report_chars=statements.MIN_REPORT_CHARS)


def session_again(live, **forms_):
    """The session page again with a form's messages (its status says the form was refused)."""
    return _session_page(live, **forms_), 400


@bp.get("/live/sessions/<int:live_id>")
@page(load={"live": queries.session_for})
def session_page(live):
    return _session_page(live)


@bp.post("/live/sessions/<int:live_id>/feedback")
@page(load={"live": queries.session_for}, allow=policies.BOOK, form=forms.FeedbackForm,
      again=lambda form, live, **_: _session_page(live, form))
def feedback(live, form):
    services.give_feedback(db.session, current_user, live, rating=int(form.rating.data),
                           satisfaction=form.satisfaction.data, reflection=form.reflection.data)
    flash(_("Thank you for your feedback."), "success")
    return redirect(url_for("live.session_page", live_id=live.id))


def _back(live, **_):
    return url_for("live.session_page", live_id=live.id)


@bp.post("/live/sessions/<int:live_id>/book")
@page(load={"live": queries.session_for}, allow=policies.BOOK, back=_back)
def book(live):
    services.book(db.session, current_user, live)
    flash(_("Booked."), "success")
    return redirect(_back(live))


@bp.post("/live/sessions/<int:live_id>/unbook")
@page(load={"live": queries.session_for}, back=_back)
def unbook(live):
    services.unbook(db.session, current_user, live)
    flash(_("Your booking is cancelled."), "success")
    return redirect(_back(live))


@bp.post("/live/sessions/<int:live_id>/cancel")
@page(load={"live": queries.session_for}, allow=policies.MANAGE, form=forms.CancelForm, back=_back)
def cancel(live, form):
    services.cancel(db.session, current_user, live, reason=form.reason.data)
    flash(_("The session is cancelled."), "success")
    return redirect(_back(live))


@bp.post("/live/sessions/<int:live_id>/end")
@page(load={"live": queries.session_for}, allow=policies.MANAGE, back=_back)
def end(live):
    services.end(db.session, current_user, live, engine())
    flash(_("The meeting is closed."), "success")
    return redirect(_back(live))


@bp.get("/live/sessions/<int:live_id>/room")
@page(load={"live": queries.session_for}, allow=policies.ENTER)
def room(live):
    chosen = engine()
    config = {"heartbeat_url": url_for("live_api.heartbeat", live_id=live.id),
              "join_url": url_for("live_api.join", live_id=live.id),
              "page_key": secrets.token_hex(16), "embeddable": chosen.embeddable,
              "csrf_token": generate_csrf()}
    messages = {"counted": _("Counted so far: %(m)s minutes.", m="{m}"),
                "hidden": _("This page is hidden: the time does not count."),
                "paused": _("Open the room to be counted."),
                "superseded": _("The room is open in another window; this one no longer counts."),
                "offline": _("No connection to the server; presence is not being recorded.")}
    response = make_response(render_template(
        "live/room.html", live=live, labels=forms.FORM_LABELS, engine=chosen.name,
        config=json.dumps(config), messages=json.dumps(messages, ensure_ascii=False)))
    if chosen.embeddable and current_app.config.get("JITSI_URL"):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(current_app.config["JITSI_URL"]))
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + f"; frame-src {origin}"
        response.headers["Permissions-Policy"] = (f'camera=(self "{origin}"), microphone=(self "{origin}"), '
                                                  f'display-capture=(self "{origin}"), geolocation=()')
    return response


def _calendar(form=None, term_form=None):
    return render_template("live/calendar.html", days=queries.calendar_days(db.session),
                           terms=queries.terms(db.session), form=form or forms.DayForm(formdata=None),
                           term_form=term_form or forms.TermForm(formdata=None),
                           can_keep=policies.can_keep_calendar(current_user))


@bp.get("/live/calendar")
@page()
def calendar():
    return _calendar()


@bp.post("/live/calendar/days")
@page(allow=policies.KEEP_CALENDAR, form=forms.DayForm, again=lambda form, **_: _calendar(form=form))
def mark_day(form):
    services.mark_day(db.session, current_user, form.day.data, form.kind.data, (form.name.data or "").strip())
    flash(_("Saved."), "success")
    return redirect(url_for("live.calendar"))


@bp.post("/live/calendar/terms")
@page(allow=policies.KEEP_CALENDAR, form=forms.TermForm, again=lambda form, **_: _calendar(term_form=form))
def add_term(form):
    services.add_term(db.session, current_user, form.name.data.strip(), form.starts_on.data, form.ends_on.data)
    flash(_("Saved."), "success")
    return redirect(url_for("live.calendar"))


@bp.post("/live/calendar/days/<day>/delete")
@page(allow=policies.KEEP_CALENDAR, back=lambda **_: url_for("live.calendar"))
def unmark_day(day):
    services.unmark_day(db.session, current_user, queries.parse_day(day))
    flash(_("Saved."), "success")
    return redirect(url_for("live.calendar"))


@bp.post("/live/calendar/terms/<int:term_id>/delete")
@page(load={"term": queries.term_for}, allow=policies.KEEP_CALENDAR, back=lambda **_: url_for("live.calendar"))
def delete_term(term):
    services.delete_term(db.session, current_user, term)
    flash(_("Saved."), "success")
    return redirect(url_for("live.calendar"))
