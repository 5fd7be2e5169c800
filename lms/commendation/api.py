"""The commendation API (docs/API.md "Outstanding learners"): a batch's list, its confirmation by the province,
its Excel and PDF. Every admin reads the list of its own subtree; only a province admin confirms."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from lms.commendation import documents, policies, queries, schemas, services
from lms.extensions import db
from lms.web.api import endpoint

bp = Blueprint("commendation_api", __name__, url_prefix="/api/v1")
BATCH = {"batch": queries.batch}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/batches/<int:batch_id>/commendation")
@endpoint(summary="A batch's commendation list of outstanding learners and the tutors' recommendations, with "
                  "each learner's criteria (the caller's subtree)",
          response=schemas.CommendationList, errors=("403:forbidden", "404:not_found"), load=BATCH,
          allow=policies.SEE_LIST)
def get_list(batch):
    return services.listing(db.session, current_user, batch)


@bp.post("/batches/<int:batch_id>/commendation/confirm")
@endpoint(summary="The province confirms the batch's commendation list (replacing any earlier one)",
          response=schemas.CommendationList, body=schemas.ConfirmIn,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:not_recommended"), load=BATCH,
          allow=policies.CONFIRM)
def confirm(batch, data: schemas.ConfirmIn):
    services.confirm(db.session, current_user, batch, data.enrollment_ids, data.note)
    return services.listing(db.session, current_user, batch)


def _file(batch, content: bytes, mimetype: str, ext: str) -> Response:
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="commendation-batch-{batch.id}.{ext}"'})


@bp.get("/batches/<int:batch_id>/commendation.xlsx")
@endpoint(summary="The commendation list as an Excel workbook (a draft until the province confirms)",
          errors=("403:forbidden", "404:not_found"), produces=XLSX, load=BATCH, allow=policies.SEE_LIST)
def list_xlsx(batch):
    return _file(batch, documents.workbook(services.listing(db.session, current_user, batch)), XLSX, "xlsx")


@bp.get("/batches/<int:batch_id>/commendation.pdf")
@endpoint(summary="The commendation list as a PDF (a draft until the province confirms)",
          errors=("403:forbidden", "404:not_found"), produces="application/pdf", load=BATCH,
          allow=policies.SEE_LIST)
def list_pdf(batch):
    return _file(batch, documents.pdf(services.listing(db.session, current_user, batch)), "application/pdf", "pdf")
