"""The project evaluation API (docs/API.md "Project evaluation", JX11b): the province opens a project's round,
each area writes and submits its self-evaluation, outside evaluators score it, the province returns, closes and
exports."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from lms.evaluations import documents, policies, queries, schemas, services
from lms.evaluations.rules import DIMENSIONS
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.api import endpoint

bp = Blueprint("evaluations_api", __name__, url_prefix="/api/v1")
ROUND = {"round": queries.round_}
EVALUATION = {"evaluation": queries.evaluation}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def split(data: schemas.EvaluationDimensions) -> tuple[dict, dict]:
    """The body's scores and assessments, keyed by dimension."""
    return ({d: getattr(data, f"{d}_score") for d in DIMENSIONS}, {d: getattr(data, f"{d}_text") for d in DIMENSIONS})


def _detail(item):
    return {"round": queries.round_dict(current_user, item), "areas": queries.overview(db.session, current_user, item)}


@bp.get("/evaluations")
@endpoint(summary="The project evaluations the caller follows and the areas it is asked to evaluate",
          response=schemas.EvaluationRoundList)
def list_rounds():
    return queries.listing(db.session, current_user)


@bp.post("/evaluations")
@endpoint(summary="Open a project's evaluation (综合评估): a self-evaluation to write for the province, each city "
                  "and each county", status=201, response=schemas.EvaluationRoundOut, body=schemas.EvaluationRoundOpen,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:round_exists"), allow=policies.OPEN)
def open_round(data: schemas.EvaluationRoundOpen):
    project = project_queries.project_for(db.session, current_user, data.project_id)
    return queries.round_dict(current_user, services.open_round(db.session, current_user, project)), 201


@bp.get("/evaluations/<int:round_id>")
@endpoint(summary="A round with the areas of the caller's subtree: self and outside scores and the combined result",
          response=schemas.EvaluationRoundDetail, errors=("403:forbidden", "404:not_found"), load=ROUND,
          allow=policies.SEE_ROUND)
def get_round(round):
    return _detail(round)


@bp.post("/evaluations/<int:round_id>/close")
@endpoint(summary="Close the round: the results no longer change", response=schemas.EvaluationRoundOut,
          errors=("403:forbidden", "404:not_found"), load=ROUND, allow=policies.CLOSE)
def close_round(round):
    return queries.round_dict(current_user, services.close(db.session, current_user, round))


@bp.get("/evaluations/<int:round_id>.xlsx")
@endpoint(summary="The closed round's results (the caller's subtree) as an Excel workbook", produces=XLSX,
          errors=("403:forbidden", "404:not_found", "409:round_open"), load=ROUND, allow=policies.SEE_ROUND)
def round_xlsx(round):
    queries.exportable(round)
    return Response(documents.workbook(round, queries.overview(db.session, current_user, round)), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="evaluation-{round.id}.xlsx"'})


@bp.get("/evaluations/<int:round_id>.pdf")
@endpoint(summary="The closed round's results (the caller's subtree) as a PDF document", produces="application/pdf",
          errors=("403:forbidden", "404:not_found", "409:round_open"), load=ROUND, allow=policies.SEE_ROUND)
def round_pdf(round):
    queries.exportable(round)
    rows = queries.overview(db.session, current_user, round)
    return Response(documents.pdf(round, rows, queries.areas(db.session, current_user, round)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="evaluation-{round.id}.pdf"'})


@bp.get("/area-evaluations/<int:evaluation_id>")
@endpoint(summary="An area's evaluation: its self-evaluation with its figures, the outside evaluations, the result",
          response=schemas.AreaEvaluationOut, errors=("403:forbidden", "404:not_found"), load=EVALUATION,
          allow=policies.SEE)
def get_evaluation(evaluation):
    return queries.described(db.session, current_user, evaluation)


@bp.patch("/area-evaluations/<int:evaluation_id>")
@endpoint(summary="Write (and, with submit, submit) the area's self-evaluation", response=schemas.AreaEvaluationOut,
          body=schemas.AreaSelfEvaluation, errors=("400:invalid_input", "403:forbidden", "404:not_found"),
          load=EVALUATION, allow=policies.EDIT_SELF)
def save_self(evaluation, data: schemas.AreaSelfEvaluation):
    scores, texts = split(data)
    services.save_self(db.session, current_user, evaluation, scores, texts, submit=data.submit)
    return queries.described(db.session, current_user, evaluation)


@bp.post("/area-evaluations/<int:evaluation_id>/return")
@endpoint(summary="Return a submitted self-evaluation to its area for revision", response=schemas.AreaEvaluationOut,
          body=schemas.EvaluationReturn, errors=("400:invalid_input", "403:forbidden", "404:not_found"),
          load=EVALUATION, allow=policies.RETURN)
def return_evaluation(evaluation, data: schemas.EvaluationReturn):
    services.return_for_revision(db.session, current_user, evaluation, data.reason)
    return queries.described(db.session, current_user, evaluation)


@bp.post("/area-evaluations/<int:evaluation_id>/reviewers")
@endpoint(summary="Ask an outside evaluator: an expert of the pool or an admin of another city", status=201,
          response=schemas.AreaEvaluationOut, body=schemas.EvaluationAssign,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:already_assigned"), load=EVALUATION,
          allow=policies.MANAGE)
def assign(evaluation, data: schemas.EvaluationAssign):
    services.assign(db.session, current_user, evaluation, data.user_id)
    return queries.described(db.session, current_user, evaluation), 201


@bp.put("/area-evaluations/<int:evaluation_id>/review")
@endpoint(summary="The assigned evaluator's scores and comments on the submitted self-evaluation",
          response=schemas.AreaEvaluationOut, body=schemas.EvaluationDimensions,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"), load=EVALUATION, allow=policies.REVIEW)
def review(evaluation, data: schemas.EvaluationDimensions):
    scores, texts = split(data)
    services.review(db.session, current_user, evaluation, scores, texts)
    return queries.described(db.session, current_user, evaluation)
