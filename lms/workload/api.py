"""The workload API (docs/API.md "Workload statements"): a batch's statement for the caller's area, as JSON and
as an Excel workbook."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.web.api import endpoint
from lms.workload import documents, policies, queries, schemas, services

bp = Blueprint("workload_api", __name__, url_prefix="/api/v1")
LOAD = {"root": scope.admin_root, "batch": queries.batch}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _statement(root, batch, params: schemas.StatementParams) -> dict:
    unit = org_queries.unit_in_scope(db.session, current_user, params.org_unit_id) if params.org_unit_id else root
    return services.statement(db.session, current_user, unit, batch, params.sort, params.desc)


@bp.get("/batches/<int:batch_id>/workload")
@endpoint(summary="A batch's workload statement: each tutor's and admin's counted work in the caller's area",
          response=schemas.WorkloadStatement, query=schemas.StatementParams,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"), load=LOAD, allow=policies.SEE, replica=True)
def statement(root, batch, params: schemas.StatementParams):
    return _statement(root, batch, params)


@bp.get("/batches/<int:batch_id>/workload.xlsx")
@endpoint(summary="The workload statement as an Excel workbook", query=schemas.StatementParams,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"), produces=XLSX, load=LOAD,
          allow=policies.SEE, replica=True)
def statement_xlsx(root, batch, params: schemas.StatementParams):
    data = _statement(root, batch, params)
    return Response(documents.workbook(services.title(data), data["rows"]), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="workload-batch-{batch.id}.xlsx"'})
