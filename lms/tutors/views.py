"""Tutor pages: the library and a tutor's profile, apply and my application, the reviewers' queue."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.extensions import db
from lms.live.forms import FORM_LABELS
from lms.projects import media
from lms.tutors import forms, policies, queries, rules, services
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("tutors", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    entries = [(url_for("tutors.library"), _("Tutor library"))]
    if policies.reads_area(user):
        waiting = len(queries.queue(db.session, user)) if policies.is_reviewer(user) else 0
        entries.append((url_for("tutors.reviews"), _("Tutor reviews"), waiting))
    return entries


LABELS = {"status": forms.STATUS_LABELS, "level": forms.LEVEL_LABELS, "form": FORM_LABELS}


@bp.get("/tutors/")
@page()
def library():
    now = clock.now()
    subject, stage, topic = (request.args.get(k, "").strip()[:40] for k in ("subject", "stage", "topic"))
    rows = queries.library(db.session, subject=subject, stage=stage, topic=topic)
    subjects, stages = queries.choices(db.session)
    picked = ([] if subject or stage or topic or not current_user.has_role("teacher")
              else queries.recommendations(db.session, current_user, now))
    return render_template("tutors/library.html", rows=rows, picked=picked, subjects=subjects, stages=stages,
                           chosen={"subject": subject, "stage": stage, "topic": topic},
                           upcoming=queries.upcoming_by_tutor(db.session, [r.user_id for r in rows], now),
                           can_apply=policies.can_apply(current_user), labels=LABELS)


@bp.get("/tutors/<int:tutor_id>")
@page(load={"tutor": queries.tutor_for})
def profile(tutor):
    upcoming = queries.upcoming_by_tutor(db.session, [tutor.user_id], clock.now())[tutor.user_id]
    return render_template("tutors/profile.html", tutor=tutor, upcoming=upcoming, labels=LABELS)


def _apply_page(form=None):
    mine = queries.open_of(db.session, current_user.id)
    approved = queries.approved_of(db.session, current_user.id)
    if form is None:
        form = forms.ApplicationForm(formdata=None)
        source = mine or approved
        if source is not None:
            form.subjects.data = "、".join(source.subjects)
            form.stages.data = list(source.stages)
            form.topics.data = "、".join(source.topics)
            form.introduction.data, form.achievements.data = source.introduction, source.achievements
            form.sample_url.data = source.sample_url
        elif current_user.subject or current_user.stage:
            form.subjects.data = current_user.subject or ""
            form.stages.data = [current_user.stage] if current_user.stage else []
    return render_template("tutors/apply.html", form=form, mine=mine, approved=approved,
                           can_apply=policies.can_apply(current_user), labels=LABELS)


@bp.get("/tutors/apply")
@page()
def apply():
    return _apply_page()


@bp.post("/tutors/apply")
@body_limit("MAX_VIDEO_BYTES")
@page(allow=policies.APPLY, form=forms.ApplicationForm, again=lambda form, **_: _apply_page(form))
def submit(form):
    profile = rules.Profile(tuple(rules.split_items(form.subjects.data)), tuple(form.stages.data or ()),
                            tuple(rules.split_items(form.topics.data)), form.introduction.data or "",
                            form.achievements.data or "", form.sample_url.data or "")
    upload = form.sample_video.data
    video = media.Upload.of(upload if getattr(upload, "filename", "") else None,
                                 current_app.config["MAX_VIDEO_BYTES"])
    services.submit(db.session, current_user, profile, video=video, remove_video=bool(form.remove_sample_video.data))
    flash(_("Submitted: your school's admin reviews it first."), "success")
    return redirect(url_for("tutors.apply"))


@bp.get("/tutors/reviews")
@page(allow=policies.READ_AREA)
def reviews():
    return render_template("tutors/reviews.html", waiting=queries.queue(db.session, current_user),
                           area=queries.area_applications(db.session, current_user, limit=100), labels=LABELS,
                           is_reviewer=policies.is_reviewer(current_user))


def _application_page(application, form=None):
    return render_template("tutors/application.html", application=application,
                           can_review=policies.can_review(current_user, application),
                           form=form or forms.ReturnForm(formdata=None), labels=LABELS)


@bp.get("/tutors/applications/<int:application_id>")
@page(load={"application": queries.application_for})
def application_page(application):
    return _application_page(application)


def _back(application, **_):
    return url_for("tutors.application_page", application_id=application.id)


@bp.post("/tutors/applications/<int:application_id>/approve")
@page(load={"application": queries.application_for}, allow=policies.REVIEW, back=_back)
def approve(application):
    services.approve(db.session, current_user, application)
    flash(_("Approved.") if application.status != rules.APPROVED
          else _("Approved: %(name)s is now a tutor in the library.", name=application.applicant.name), "success")
    return redirect(url_for("tutors.reviews"))


@bp.post("/tutors/applications/<int:application_id>/return")
@page(load={"application": queries.application_for}, allow=policies.REVIEW, form=forms.ReturnForm,
      again=lambda form, application, **_: _application_page(application, form))
def return_application(application, form):
    services.return_application(db.session, current_user, application, form.reason.data)
    flash(_("Returned to the applicant."), "success")
    return redirect(url_for("tutors.reviews"))


@bp.get("/tutors/applications/<int:application_id>/sample-video")
@page(load={"application": queries.sample_video_of})
def sample_video(application):
    """The uploaded sample micro-lesson, played in the application's and the profile's <video>."""
    return services.deliver_sample(application, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])
