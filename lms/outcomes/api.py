"""The outcomes API (docs/API.md "Training outcomes and the showcase"): hand in, take in or return, recommend,
propose excellent written work, showcase, withdraw; the showcase; a school's teaching-research group space and its notes."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from lms.extensions import db
from lms.outcomes import policies, queries, rules, schemas, services
from lms.projects import media
from lms.web.api import Page, endpoint, page_of, parse_model
from lms.web.security import body_limit

bp = Blueprint("outcomes_api", __name__, url_prefix="/api/v1")
OUTCOME = {"outcome": queries.outcome}
SCHOOL = {"school": queries.school}
_FIELD = {"type": "string"}
HAND_IN = {"type": "object", "required": ["enrollment_id", "title", "kind"], "properties": {
    "enrollment_id": {"type": "integer"}, "title": _FIELD, "kind": {"type": "string", "enum": list(rules.KINDS)},
    "description": _FIELD, "submission_id": {"type": "integer"}, "file": {"type": "string", "format": "binary"}}}
RESUBMIT = {"type": "object", "required": ["title", "kind"], "properties": {
    k: v for k, v in HAND_IN["properties"].items() if k != "enrollment_id"}}
UPLOAD_ERRORS = ("400:invalid_input", "413:too_large", "415:unsupported_media_type")


def _fields(model):
    """The hand-in's fields and file: a multipart form (with ``file``) or JSON (with ``submission_id``)."""
    data = parse_model(model, (request.get_json(silent=True) or {}) if request.is_json else request.form.to_dict())
    upload = None if request.is_json else request.files.get("file")
    config = current_app.config
    return data, services.read_file(upload, config["MAX_DOCUMENT_BYTES"], config["MAX_OUTCOME_VIDEO_BYTES"])


def _one(outcome) -> dict:
    return queries.as_dicts(db.session, current_user, [outcome], with_text=True)[0]


@bp.get("/outcomes")
@endpoint(summary="The outcomes the caller works with: its own (learners), its classes' (tutors), its subtree's "
                  "(admins), newest first", response=Page[schemas.OutcomeOut], query=schemas.OutcomesQuery)
def list_outcomes(params: schemas.OutcomesQuery):
    rows, total = queries.outcomes_page(db.session, current_user, state=params.state, page=params.page,
                                        per_page=params.per_page)
    return page_of(queries.as_dicts(db.session, current_user, rows), total, params)


@bp.post("/outcomes")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@endpoint(summary="A learner hands an outcome of its training in to its school: multipart with a file, or JSON "
                  "naming one of its written assignments", response=schemas.OutcomeOut, status=201,
          allow=policies.HAND_IN, multipart=HAND_IN, errors=UPLOAD_ERRORS + ("409:already_an_outcome",))
def hand_in():
    data, upload = _fields(schemas.OutcomeFields)
    row = services.hand_in(db.session, current_user, services.HandIn(
        enrollment_id=data.enrollment_id, title=data.title, kind=data.kind,
        description=data.description, submission_id=data.submission_id, file=upload))
    return _one(row), 201


@bp.get("/outcomes/<int:outcome_id>")
@endpoint(summary="One outcome (with its written work's text)", response=schemas.OutcomeOut, load=OUTCOME,
          allow=policies.SEE, errors=("403:forbidden", "404:not_found"))
def get_outcome(outcome):
    return _one(outcome)


@bp.get("/outcomes/<int:outcome_id>/file")
@endpoint(summary="An outcome's file", produces="application/octet-stream", load=OUTCOME, allow=policies.SEE,
          errors=("403:forbidden", "404:not_found"))
def get_file(outcome):
    return services.deliver_file(outcome, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


@bp.post("/outcomes/<int:outcome_id>/resubmit")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@endpoint(summary="The learner hands a returned outcome in again, corrected", response=schemas.OutcomeOut,
          load=OUTCOME, allow=policies.RESUBMIT, multipart=RESUBMIT,
          errors=UPLOAD_ERRORS + ("403:forbidden", "404:not_found", "409:wrong_state", "409:already_an_outcome"))
def resubmit(outcome):
    data, upload = _fields(schemas.OutcomeResubmitFields)
    services.resubmit(db.session, current_user, outcome, services.HandIn(
        enrollment_id=outcome.enrollment_id, title=data.title, kind=data.kind,
        description=data.description, submission_id=data.submission_id, file=upload))
    return _one(outcome)


@bp.post("/outcomes/<int:outcome_id>/withdraw")
@endpoint(summary="The learner withdraws an outcome its school has not taken in (handed in or returned): it is "
                  "removed", response=schemas.OutcomeWithdrawnOut, load=OUTCOME, allow=policies.WITHDRAW,
          errors=("403:forbidden", "404:not_found", "409:wrong_state"))
def withdraw(outcome):
    outcome_id = outcome.id
    services.withdraw(db.session, current_user, outcome)
    return {"id": outcome_id, "state": rules.WITHDRAWN}


@bp.post("/outcomes/<int:outcome_id>/review")
@endpoint(summary="The school's admin takes the outcome in (accept) or returns it with a reason",
          response=schemas.OutcomeOut, body=schemas.OutcomeReviewIn, load=OUTCOME, allow=policies.REVIEW,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:wrong_state"))
def review(outcome, data):
    services.review(db.session, current_user, outcome, data.action, data.reason)
    return _one(outcome)


@bp.post("/outcomes/<int:outcome_id>/recommend")
@endpoint(summary="A tutor of the learner's class recommends an accepted outcome for the province showcase",
          response=schemas.OutcomeOut, body=schemas.OutcomeRecommendIn, load=OUTCOME, allow=policies.RECOMMEND,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:wrong_state"))
def recommend(outcome, data):
    services.recommend(db.session, current_user, outcome, data.note)
    return _one(outcome)


@bp.post("/submissions/<int:submission_id>/propose")
@endpoint(summary="A tutor proposes written work it marked excellent for the showcase: it becomes the learner's "
                  "outcome, recommended", response=schemas.OutcomeOut, status=201, body=schemas.OutcomeProposeIn,
          load={"submission": queries.submission}, allow=policies.PROPOSE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:already_an_outcome"))
def propose(submission, data):
    row = services.propose(db.session, current_user, submission, data.kind, data.title,
                           data.note)
    return _one(row), 201


@bp.post("/outcomes/<int:outcome_id>/showcase")
@endpoint(summary="The province showcases a recommended outcome, or declines it with a reason",
          response=schemas.OutcomeOut, body=schemas.ShowcaseDecisionIn, load=OUTCOME, allow=policies.SHOWCASE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:wrong_state"))
def decide(outcome, data):
    services.decide(db.session, current_user, outcome, data.action, data.reason)
    return _one(outcome)


@bp.get("/showcase")
@endpoint(summary="The province showcase of training outcomes, filtered by project, batch, subject, stage, kind "
                  "(open to everyone signed in)", response=Page[schemas.OutcomeOut], query=schemas.ShowcaseQuery)
def showcase(params: schemas.ShowcaseQuery):
    rows, total = queries.showcase_page(db.session, project_id=params.project_id, batch_id=params.batch_id,
                                        subject=params.subject, stage=params.stage, kind=params.kind,
                                        page=params.page, per_page=params.per_page)
    return page_of(queries.as_dicts(db.session, current_user, rows), total, params)


@bp.get("/schools/<int:school_id>/group")
@endpoint(summary="A school's teaching-research group space of one subject: its teachers' outcomes and the "
                  "showcased ones, with the group's lesson-preparation notes", response=schemas.TeachingGroupOut,
          query=schemas.TeachingGroupQuery, load=SCHOOL, allow=policies.SEE_GROUP, errors=("403:forbidden", "404:not_found"))
def group(school, params: schemas.TeachingGroupQuery):
    return queries.group_space(db.session, current_user, school, params.subject)


@bp.post("/schools/<int:school_id>/group/outcomes/<int:outcome_id>/notes")
@endpoint(summary="A note of the group's collective lesson preparation on an outcome of its space",
          response=schemas.OutcomeNoteOut, status=201, body=schemas.OutcomeNoteIn, load={**SCHOOL, **OUTCOME}, allow=policies.NOTE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def add_note(school, outcome, data):
    note = services.add_note(db.session, current_user, school, outcome, data.body)
    return {"id": note.id, "author": current_user.name, "body": note.body, "created_at": note.created_at.isoformat()}, 201
