"""The surveys API (docs/API.md "Surveys"): write, publish and close surveys, answer them, read and export the
results. Answers are checked against each question: problems come back as ``answers.<question id>``."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.surveys import documents, policies, queries, schemas, services
from lms.web.api import Items, Page, endpoint, page_of

bp = Blueprint("surveys_api", __name__, url_prefix="/api/v1")
SURVEY = {"survey": queries.survey}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settings(data: schemas.SurveyIn) -> dict:
    return {"title": data.title, "intro": data.intro, "anonymous": data.anonymous, "opens_at": data.opens_at,
            "closes_at": data.closes_at, "target_kind": data.target_kind, "target_id": data.target_id,
            "audience": data.audience}


@bp.get("/survey-templates")
@endpoint(summary="The built-in questionnaires to start from: course, tutoring team and management team "
                  "evaluations, the project's self-evaluation", response=Items[schemas.SurveyTemplateOut],
          allow=policies.WRITE, errors=("403:forbidden",))
def templates():
    return {"items": services.starter_list()}


@bp.get("/surveys")
@endpoint(summary="Surveys open to the caller now, or (scope=managed) those it manages", query=schemas.SurveyQuery,
          response=Page[schemas.SurveyOut])
def list_surveys(params: schemas.SurveyQuery):
    if params.scope == "managed":
        rows, total = queries.managed(db.session, current_user, page=params.page, per_page=params.per_page)
    else:
        found = [s for s, _answered in queries.open_for(db.session, current_user, clock.now())]
        total = len(found)
        rows = found[(params.page - 1) * params.per_page:params.page * params.per_page]
    return page_of([services.survey_dict(db.session, current_user, s) for s in rows], total, params)


@bp.post("/surveys")
@endpoint(summary="Write a draft survey (admins for their subtree, tutors for their classes), with questions or "
                  "from a template", status=201, body=schemas.SurveyCreateIn, response=schemas.SurveyOut,
          allow=policies.WRITE, errors=("400:invalid_input", "403:forbidden"))
def create(data: schemas.SurveyCreateIn):
    survey = services.create(db.session, current_user, questions=[q.model_dump() for q in data.questions],
                             template=data.template, **_settings(data))
    return services.survey_dict(db.session, current_user, survey), 201


@bp.get("/surveys/<int:survey_id>")
@endpoint(summary="A survey with its questions (its managers; a published one also whom it addresses)",
          response=schemas.SurveyOut, load=SURVEY, errors=("403:forbidden", "404:not_found"))
def get_survey(survey):
    return services.survey_dict(db.session, current_user, survey)


@bp.put("/surveys/<int:survey_id>")
@endpoint(summary="Change a draft: its settings and all its questions", body=schemas.SurveyIn,
          response=schemas.SurveyOut, load=SURVEY, allow=policies.EDIT,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def update(survey, data: schemas.SurveyIn):
    services.update(db.session, current_user, survey, questions=[q.model_dump() for q in data.questions],
                    **_settings(data))
    return services.survey_dict(db.session, current_user, survey)


@bp.post("/surveys/<int:survey_id>/publish")
@endpoint(summary="Publish a draft: its questions are frozen; open in its window to whom it addresses",
          response=schemas.SurveyOut, load=SURVEY, allow=policies.EDIT,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:no_questions"))
def publish(survey):
    services.publish(db.session, current_user, survey)
    return services.survey_dict(db.session, current_user, survey)


@bp.post("/surveys/<int:survey_id>/close")
@endpoint(summary="Close a published survey: no more answers", response=schemas.SurveyOut, load=SURVEY,
          allow=policies.MANAGE, errors=("403:forbidden", "404:not_found", "409:not_published"))
def close(survey):
    services.close(db.session, current_user, survey)
    return services.survey_dict(db.session, current_user, survey)


@bp.post("/surveys/<int:survey_id>/responses")
@endpoint(summary="Answer an open survey addressed to the caller, once (final; anonymous answers keep no link "
                  "to the caller)", status=201, body=schemas.SurveyResponseIn, response=schemas.SurveyResponseOut,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_open", "409:already_answered"),
          load={"survey": queries.survey_to_answer})
def respond(survey, data: schemas.SurveyResponseIn):
    strangers = [k for k in data.answers if not (k.isdigit() and len(k) <= 12)]
    if strangers:
        raise InvalidInput(_("Please correct the marked answers."),
                           {f"answers.{k[:20]}": _("Not a question of this survey.") for k in strangers[:10]})
    services.answer(db.session, current_user, survey, {int(k): v for k, v in data.answers.items()})
    return {"survey_id": survey.id, "anonymous": survey.anonymous, "answered": True}, 201


@bp.get("/surveys/<int:survey_id>/results")
@endpoint(summary="The results: per question counts and percentages, a scale's mean, the free texts, the response "
                  "rate", response=schemas.SurveyResultsOut, load=SURVEY, allow=policies.MANAGE,
          errors=("403:forbidden", "404:not_found"))
def results(survey):
    return services.results(db.session, current_user, survey)


@bp.get("/surveys/<int:survey_id>/results.xlsx")
@endpoint(summary="The results as an Excel workbook (a summary sheet and one of the free texts)",
          produces=XLSX, load=SURVEY, allow=policies.MANAGE, errors=("403:forbidden", "404:not_found"))
def results_xlsx(survey):
    content = documents.workbook(services.results(db.session, current_user, survey))
    return Response(content, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="survey-{survey.id}-results.xlsx"'})
