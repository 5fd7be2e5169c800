"""The tutors API: applications and their three-level review, the library, recommendations (docs/API.md "Tutors")."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import InvalidInput
from lms.projects import media
from lms.extensions import db
from lms.tutors import policies, queries, rules, schemas, services
from lms.tutors.presenters import tutor_dict
from lms.web.api import Items, Page, body_checked_later, endpoint, json_body, page_of, parse_model
from lms.web.security import body_limit

bp = Blueprint("tutors_api", __name__, url_prefix="/api/v1/tutors")

APPLICATION = {"application": queries.application_for}
TUTOR = {"tutor": queries.tutor_for}


@bp.get("")
@endpoint(summary="The tutor library: approved tutors with their upcoming live sessions, by subject, stage, topic",
          query=schemas.TutorLibraryQuery, response=Page[schemas.TutorProfileOut])
def library(params: schemas.TutorLibraryQuery):
    rows = queries.library(db.session, subject=params.subject, stage=params.stage, topic=params.topic)
    chosen = rows[(params.page - 1) * params.per_page:params.page * params.per_page]
    upcoming = queries.upcoming_by_tutor(db.session, [r.user_id for r in chosen], clock.now())
    return page_of([tutor_dict(r, upcoming[r.user_id]) for r in chosen], len(rows), params)


@bp.get("/recommended")
@endpoint(summary="The tutors the library recommends to the caller (its subject, stage, bookings and ratings)",
          response=Items[schemas.TutorRecommendationOut])
def recommended():
    now = clock.now()
    picked = queries.recommendations(db.session, current_user, now)
    upcoming = queries.upcoming_by_tutor(db.session, [r.user_id for r, _s in picked], now)
    return {"items": [{"score": points, "tutor": tutor_dict(r, upcoming[r.user_id])} for r, points in picked]}


@bp.get("/<int:tutor_id>")
@endpoint(summary="A tutor's approved profile with its upcoming live sessions", response=schemas.TutorProfileOut,
          load=TUTOR, errors=("404:not_found",))
def tutor(tutor):
    return tutor_dict(tutor, queries.upcoming_by_tutor(db.session, [tutor.user_id], clock.now())[tutor.user_id])


@bp.get("/me/application")
@endpoint(summary="The caller's tutor application: the version in review (or returned) and the approved one",
          response=schemas.MyTutorApplicationOut)
def my_application():
    found = [queries.open_of(db.session, current_user.id), queries.approved_of(db.session, current_user.id)]
    return {"open": found[0].to_dict() if found[0] else None, "approved": found[1].to_dict() if found[1] else None}


@bp.put("/me/application")
@body_limit("MAX_VIDEO_BYTES")
@body_checked_later(schemas.TutorApplicationIn)
@endpoint(summary="Apply to be a tutor, or change the application or the approved profile (reviewed again from "
                  "the school; the approved profile stays in the library meanwhile): JSON, or multipart "
                  "{profile: the JSON as text, file: the sample micro-lesson's video}",
          response=schemas.TutorApplicationOut, allow=policies.APPLY,
          multipart={"type": "object", "required": ["profile"], "properties": {
              "profile": {"type": "string", "description": "TutorApplicationIn as JSON"},
              "file": {"type": "string", "format": "binary", "description": "MP4 or WebM"}}},
          errors=("400:invalid_input", "403:forbidden", "409:disqualified", "413:too_large",
                  "415:unsupported_media_type"))
def submit():
    video = None
    if request.mimetype == "multipart/form-data":
        try:
            raw = json.loads(request.form.get("profile") or "")
        except ValueError:
            raise InvalidInput(_("Please correct the marked fields."),
                               {"profile": _("Send the profile as JSON text in the field 'profile'.")}) from None
        data = parse_model(schemas.TutorApplicationIn, raw if isinstance(raw, dict) else {})
        video = media.Upload.of(request.files.get("file"), current_app.config["MAX_VIDEO_BYTES"])
    else:
        data = parse_model(schemas.TutorApplicationIn, json_body())
    profile = rules.Profile(tuple(data.subjects), tuple(data.stages), tuple(data.topics), data.introduction,
                            data.achievements, data.sample_url)
    return services.submit(db.session, current_user, profile, video=video,
                           remove_video=data.remove_sample_video).to_dict()


@bp.get("/applications/<int:application_id>/sample-video")
@endpoint(summary="An application's uploaded sample micro-lesson video, with HTTP range requests (the applicant, "
                  "its reviewing admins; an approved profile's, anyone signed in)", produces="video/*",
          load={"application": queries.sample_video_of}, errors=("403:forbidden", "404:not_found"))
def sample_video(application):
    return services.deliver_sample(application, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


@bp.get("/applications")
@endpoint(summary="Applications waiting for the caller's review (its level, its subtree), or all of its area",
          query=schemas.TutorApplicationsQuery, response=Page[schemas.TutorApplicationOut], allow=policies.READ_AREA,
          errors=("400:invalid_input", "403:forbidden"))
def applications(params: schemas.TutorApplicationsQuery):
    if params.scope == "waiting":
        rows = [r for r in queries.queue(db.session, current_user) if params.status in (None, r.status)]
    else:
        rows = queries.area_applications(db.session, current_user, params.status, limit=100_000)
    chosen = rows[(params.page - 1) * params.per_page:params.page * params.per_page]
    return page_of([r.to_dict() for r in chosen], len(rows), params)


@bp.get("/applications/<int:application_id>")
@endpoint(summary="An application with its reviews (its applicant, the admins of its area)",
          response=schemas.TutorApplicationOut, load=APPLICATION, errors=("403:forbidden", "404:not_found"))
def application(application):
    return application.to_dict()


@bp.post("/applications/<int:application_id>/approve")
@endpoint(summary="Approve at the caller's level: school → district → city; the city's makes the applicant a tutor",
          response=schemas.TutorApplicationOut, load=APPLICATION, allow=policies.REVIEW,
          errors=("403:forbidden", "404:not_found", "409:disqualified"))
def approve(application):
    return services.approve(db.session, current_user, application).to_dict()


@bp.post("/applications/<int:application_id>/return")
@endpoint(summary="Return the application to its applicant with a reason", body=schemas.TutorReturnIn,
          response=schemas.TutorApplicationOut, load=APPLICATION, allow=policies.REVIEW,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def return_application(application, data: schemas.TutorReturnIn):
    return services.return_application(db.session, current_user, application, data.reason).to_dict()


