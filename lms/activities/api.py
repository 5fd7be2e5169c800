"""The activities API (docs/API.md "Activities")."""
from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from lms.activities import policies, queries, schemas, services
from lms.extensions import db
from lms.web.api import Items, Page, endpoint, page_of

bp = Blueprint("activities_api", __name__, url_prefix="/api/v1/activities")

ACTIVITY = {"activity": queries.activity_for}
EVIDENCE_SCHEMA = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary", "description": ".jpg, .png or .pdf, at most 5 MB"},
    "note": {"type": "string"}}}


def _sheet(activity) -> dict:
    return {"items": [{"enrollment_id": r.id, "name": r.name, "school": r.school, "class_name": r.class_name,
                       "attended": r.attended, "minutes": r.minutes,
                       "recorded_at": r.recorded_at.isoformat() if r.recorded_at else None}
                      for r in queries.audience(db.session, activity)]}


@bp.get("")
@endpoint(summary="Activities addressed to the caller (scope=mine, with its attendance) or that it manages "
                  "(scope=managed)", query=schemas.ActivityQuery, response=Page[schemas.ActivityOut])
def list_activities(params: schemas.ActivityQuery):
    if params.scope == "managed":
        rows, total = queries.managed(db.session, current_user, page=params.page, per_page=params.per_page)
        return page_of([a.to_dict() for a in rows], total, params)
    rows, total = queries.mine(db.session, current_user, page=params.page, per_page=params.per_page)
    return page_of([{**a.to_dict(), "my_attendance": att.to_dict() if att else None} for a, att in rows], total,
                   params)


@bp.post("")
@endpoint(summary="Organise an activity (admins for their area, tutors for one of their classes)", status=201,
          body=schemas.ActivityIn, response=schemas.ActivityOut, allow=policies.ORGANISE,
          errors=("400:invalid_input", "403:forbidden"))
def create(data: schemas.ActivityIn):
    given = data.model_dump()
    class_id = given.pop("class_id")
    given["class_ids"] = tuple(given["class_ids"] + ([class_id] if class_id is not None else []))
    return services.create(db.session, current_user, services.NewActivity(**given)).to_dict(), 201


@bp.get("/review")
@endpoint(summary="The province's queue: activities waiting for its approval (province admins)",
          query=schemas.ReviewQuery, response=Page[schemas.ActivityOut], allow=policies.REVIEW,
          errors=("403:forbidden",))
def review_queue(params: schemas.ReviewQuery):
    rows, total = queries.awaiting_review(db.session, page=params.page, per_page=params.per_page)
    return page_of([a.to_dict() for a in rows], total, params)


@bp.post("/<int:activity_id>/approve")
@endpoint(summary="Approve an activity as meeting the province's requirements (province admins): its attendance "
                  "counts; the organiser is told", response=schemas.ActivityOut, load=ACTIVITY,
          allow=policies.REVIEW, errors=("403:forbidden", "404:not_found", "409:cancelled", "409:already_approved"))
def approve_activity(activity):
    return services.review(db.session, current_user, activity, "approved").to_dict()


@bp.post("/<int:activity_id>/reject")
@endpoint(summary="Reject an activity, or revoke its approval, with a reason (province admins): its attendance "
                  "counts nothing; the organiser is told", body=schemas.ActivityRejectIn, response=schemas.ActivityOut,
          load=ACTIVITY, allow=policies.REVIEW,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:cancelled", "409:already_rejected"))
def reject_activity(activity, data: schemas.ActivityRejectIn):
    return services.review(db.session, current_user, activity, "rejected", data.reason).to_dict()


@bp.get("/<int:activity_id>")
@endpoint(summary="An activity (its managers and the learners it addresses)", response=schemas.ActivityOut,
          load=ACTIVITY, errors=("404:not_found",))
def get_activity(activity):
    return activity.to_dict()


@bp.patch("/<int:activity_id>")
@endpoint(summary="Edit an activity (its managers; not once cancelled; recorded attendance must still read as "
                  "recorded)", body=schemas.ActivityPatch, response=schemas.ActivityOut, load=ACTIVITY,
          allow=policies.MANAGE, errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:cancelled"))
def patch_activity(activity, data: schemas.ActivityPatch):
    given = data.model_dump(exclude_unset=True)
    changes = services.Changes.of(activity, **{k: v for k, v in given.items() if v is not None or k == "capacity"})
    return services.update(db.session, current_user, activity, changes).to_dict()


@bp.post("/<int:activity_id>/cancel")
@endpoint(summary="Cancel an activity (its managers): the learners it addresses are told; its attendance counts "
                  "nothing", body=schemas.CancelIn, response=schemas.ActivityOut, load=ACTIVITY,
          allow=policies.MANAGE, errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:cancelled"))
def cancel_activity(activity, data: schemas.CancelIn):
    return services.cancel(db.session, current_user, activity, data.reason).to_dict()


@bp.get("/<int:activity_id>/attendance")
@endpoint(summary="The attendance sheet: every learner addressed, with what is recorded",
          response=Items[schemas.AttendanceRowOut], load=ACTIVITY, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found"))
def get_attendance(activity):
    return _sheet(activity)


@bp.put("/<int:activity_id>/attendance")
@endpoint(summary="Record attendance (minutes of a live or practice activity, yes/no of an offline one); "
                  "only learners the activity addresses", body=schemas.AttendanceIn,
          response=Items[schemas.AttendanceRowOut], load=ACTIVITY, allow=policies.MANAGE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:cancelled", "409:not_started",
                  "409:over_capacity"))
def put_attendance(activity, data: schemas.AttendanceIn):
    marks = [services.Mark(m.enrollment_id, m.attended, m.minutes) for m in data.marks]
    services.record_attendance(db.session, current_user, activity, marks, data.note)
    return _sheet(activity)


@bp.post("/<int:activity_id>/evidence")
@endpoint(summary="Attach the attendance's evidence file (a photo or scan) and note", multipart=EVIDENCE_SCHEMA,
          response=schemas.ActivityOut, load=ACTIVITY, allow=policies.MANAGE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:cancelled", "409:not_started",
                  "413:too_large",
                  "415:unsupported_media_type"))
def post_evidence(activity):
    evidence = services.read_evidence(request.files.get("file"))
    services.record_attendance(db.session, current_user, activity, [], request.form.get("note"), evidence)
    return activity.to_dict()
