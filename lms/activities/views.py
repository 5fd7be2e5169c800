"""Activity pages: the list (mine and those I manage), organising one, its page with the attendance sheet."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.activities import forms, policies, queries, rules, services
from lms.core import clock
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.projects import media
from lms.projects.models import Batch
from lms.web.params import arg_page
from lms.web.pipeline import page

bp = Blueprint("activities", __name__)
ACTIVITY = {"activity": queries.activity_for}


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("activities.index"), _("Activities"))]


def choose(form) -> None:
    """The batches (the latest first) and the classes the caller may address."""
    batches = list(db.session.scalars(select(Batch).order_by(Batch.starts_on.desc(), Batch.id.desc()).limit(50)))
    form.batch_id.choices = [(b.id, f"{b.project.name} · {_('Batch %(n)d', n=b.number)}") for b in batches]
    classes = queries.class_choices(db.session, current_user)[-200:]
    form.class_ids.choices = [(c.id, f"{c.name} ({c.batch.project.name} · {_('Batch %(n)d', n=c.batch.number)})")
                              for c in classes]


@bp.get("/activities/")
@page()
def index():
    mine, _n = queries.mine(db.session, current_user)
    managed, _m = (queries.managed(db.session, current_user) if policies.can_organise(current_user) else ([], 0))
    return render_template("activities/index.html", mine=mine, managed=managed, labels=forms.KIND_LABELS,
                           can_organise=policies.can_organise(current_user),
                           can_review=policies.can_review(current_user), now=clock.now())


@bp.get("/activities/review")
@page(allow=policies.REVIEW)
def review():
    """The province's queue: approve an activity as meeting its requirements, or reject it with a reason."""
    rows, total = queries.awaiting_review(db.session, page=arg_page())
    return render_template("activities/review.html", rows=rows, total=total, labels=forms.KIND_LABELS,
                           reject_form=forms.RejectForm())


def _back_to_activity(activity, **_objects):
    return url_for("activities.detail", activity_id=activity.id)


def _after_review(activity) -> str:
    """Back to the queue when decided there, else to the activity."""
    if request.form.get("next") == "review":
        return url_for("activities.review")
    return _back_to_activity(activity)


@bp.post("/activities/<int:activity_id>/approve")
@page(load=ACTIVITY, allow=policies.REVIEW, back=_back_to_activity)
def approve(activity):
    services.review(db.session, current_user, activity, "approved")
    flash(_("Approved: its attendance counts; the organiser is told."), "success")
    return redirect(_after_review(activity))


@bp.post("/activities/<int:activity_id>/reject")
@page(load=ACTIVITY, allow=policies.REVIEW, form=forms.RejectForm, back=_back_to_activity)
def reject(activity, form):
    services.review(db.session, current_user, activity, "rejected", form.reason.data)
    flash(_("Not approved: its attendance does not count; the organiser is told."), "success")
    return redirect(_after_review(activity))


def _new_page(form, **_objects):
    choose(form)
    return render_template("activities/new.html", form=form)


@bp.route("/activities/new", methods=["GET", "POST"])
@page(allow=policies.ORGANISE, form=forms.ActivityForm, again=_new_page)
def new(form):
    if request.method == "GET":
        return _new_page(form)
    tz = clock.local_tz()
    activity = services.create(db.session, current_user, services.NewActivity(
        kind=form.kind.data, title=form.title.data.strip(), description=(form.description.data or "").strip(),
        batch_id=form.batch_id.data, class_ids=tuple(form.class_ids.data or ()),
        starts_at=form.starts_at.data.replace(tzinfo=tz), ends_at=form.ends_at.data.replace(tzinfo=tz),
        room_url=(form.room_url.data or "").strip() or None, location=(form.location.data or "").strip() or None,
        capacity=form.capacity.data))
    flash(_("Saved."), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


def _edit_page(activity, form, **_objects):
    return render_template("activities/edit.html", activity=activity, form=form)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@page(load=ACTIVITY, allow=policies.MANAGE, form=forms.EditForm, again=_edit_page)
def edit(activity, form):
    tz = clock.local_tz()
    if request.method == "GET":
        if activity.cancelled:
            flash(_("This activity was cancelled."), "warning")
            return redirect(url_for("activities.detail", activity_id=activity.id))
        form.process(data={"kind": activity.kind, "title": activity.title, "description": activity.description,
                           "starts_at": activity.starts_at.astimezone(tz).replace(tzinfo=None),
                           "ends_at": activity.ends_at.astimezone(tz).replace(tzinfo=None),
                           "room_url": activity.room_url, "location": activity.location,
                           "capacity": activity.capacity})
        return _edit_page(activity, form)
    services.update(db.session, current_user, activity, services.Changes(
        kind=form.kind.data, title=form.title.data.strip(), description=(form.description.data or "").strip(),
        starts_at=form.starts_at.data.replace(tzinfo=tz), ends_at=form.ends_at.data.replace(tzinfo=tz),
        room_url=(form.room_url.data or "").strip() or None, location=(form.location.data or "").strip() or None,
        capacity=form.capacity.data))
    flash(_("Saved."), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


@bp.post("/activities/<int:activity_id>/cancel")
@page(load=ACTIVITY, allow=policies.MANAGE, form=forms.CancelForm, back=_back_to_activity)
def cancel(activity, form):
    services.cancel(db.session, current_user, activity, form.reason.data)
    flash(_("The activity is cancelled; its learners are told."), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


def _detail(activity, form=None, error=None, **_objects):
    manage = policies.can_manage(current_user, activity)
    form = form or forms.AttendanceForm(note=activity.evidence_note)
    if error is not None:  # the sheet's marks are not form fields: their messages go at the top
        form.form_errors.extend(m for name, m in error.fields.items() if not hasattr(form, name))
    sheet = queries.audience(db.session, activity) if manage else []
    mine = None
    if not manage:
        enrollment_id = queries.my_enrollment(db.session, current_user, activity)
        mine = next((r for r in queries.audience(db.session, activity) if r.id == enrollment_id), None)
    return render_template("activities/detail.html", activity=activity, manage=manage, sheet=sheet, mine=mine,
                           form=form, cancel_form=forms.CancelForm(), reject_form=forms.RejectForm(),
                           review=policies.can_review(current_user),
                           labels=forms.KIND_LABELS, synchronous=rules.is_synchronous(activity.kind),
                           started=clock.now() >= activity.starts_at)


@bp.get("/activities/<int:activity_id>")
@page(load=ACTIVITY)
def detail(activity):
    return _detail(activity)


def _marks(activity) -> list[services.Mark]:
    """The sheet's marks: ``seen`` lists the learners on it; ``attended_<id>`` ticked, ``minutes_<id>`` filled."""
    marks, synchronous = [], rules.is_synchronous(activity.kind)
    for raw in request.form.getlist("seen"):
        if not raw.isdigit():
            raise InvalidInput(_("Please correct the marked fields."), {"seen": _("Not a learner.")})
        minutes = (request.form.get(f"minutes_{raw}") or "").strip()
        if minutes and not minutes.isdigit():
            raise InvalidInput(_("Please correct the marked fields."), {f"minutes_{raw}": _("A whole number of minutes.")})
        minutes_value = int(minutes) if minutes else None
        attended = minutes_value is not None and minutes_value > 0 if synchronous else bool(
            request.form.get(f"attended_{raw}"))
        marks.append(services.Mark(int(raw), attended, (minutes_value or 0) if synchronous else None))
    return marks


@bp.post("/activities/<int:activity_id>/attendance")
@page(load=ACTIVITY, allow=policies.MANAGE, form=forms.AttendanceForm, again=_detail)
def attendance(activity, form):
    upload = request.files.get("evidence")
    evidence = services.read_evidence(upload) if upload is not None and upload.filename else None
    services.record_attendance(db.session, current_user, activity, _marks(activity), form.note.data or "", evidence)
    flash(_("Attendance saved."), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


@bp.get("/activities/<int:activity_id>/evidence")
@page(load=ACTIVITY, allow=policies.MANAGE)
def evidence(activity):
    return services.deliver_evidence(current_user, activity, media.configured_storage(),
                                     current_app.config["MEDIA_URL_SECONDS"])
