"""The briefings API (docs/API.md "Briefings and summary reports"): an admin starts a briefing or summary report
for its unit from the template of the area's figures, revises and publishes it; readers list and download."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from lms.briefings import documents, policies, queries, schemas, services
from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.web.api import endpoint

bp = Blueprint("briefings_api", __name__, url_prefix="/api/v1")
BRIEFING = {"briefing": queries.briefing}


@bp.get("/briefings")
@endpoint(summary="The briefings and summary reports the caller reads, with its classes' newest briefings",
          response=schemas.AreaBriefingList, query=schemas.ListParams)
def list_briefings(params: schemas.ListParams):
    return queries.listing(db.session, current_user, params.page, params.per_page)


@bp.post("/briefings")
@endpoint(summary="Start a briefing (简报) or summary report (总结报告) for the caller's unit: a draft whose text "
                  "is written from the area's figures", status=201, response=schemas.AreaBriefingOut,
          body=schemas.AreaBriefingStart, errors=("400:invalid_input", "403:forbidden", "404:not_found"),
          load={"root": scope.admin_root}, allow=policies.WRITE)
def start(root, data: schemas.AreaBriefingStart):
    unit = org_queries.unit_in_scope(db.session, current_user, data.org_unit_id) if data.org_unit_id else root
    project = project_queries.project_for(db.session, current_user, data.project_id)
    batch = project_queries.batch_for(db.session, current_user, data.batch_id) if data.batch_id else None
    item = services.start(db.session, current_user, unit, data.kind, project, batch)
    return queries.described(current_user, item), 201


@bp.get("/briefings/<int:briefing_id>")
@endpoint(summary="One briefing or summary report", response=schemas.AreaBriefingOut,
          errors=("403:forbidden", "404:not_found"), load=BRIEFING, allow=policies.READ)
def get_briefing(briefing):
    return queries.described(current_user, briefing)


@bp.patch("/briefings/<int:briefing_id>")
@endpoint(summary="Revise a draft's title and text", response=schemas.AreaBriefingOut, body=schemas.AreaBriefingRevise,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"), load=BRIEFING, allow=policies.EDIT)
def revise(briefing, data: schemas.AreaBriefingRevise):
    return queries.described(current_user, services.revise(db.session, current_user, briefing, data.title, data.body))


@bp.post("/briefings/<int:briefing_id>/publish")
@endpoint(summary="Publish a draft to the unit's area", response=schemas.AreaBriefingOut,
          errors=("403:forbidden", "404:not_found"), load=BRIEFING, allow=policies.EDIT)
def publish(briefing):
    return queries.described(current_user, services.publish(db.session, current_user, briefing))


@bp.get("/briefings/<int:briefing_id>.pdf")
@endpoint(summary="The briefing or summary report as a PDF document", errors=("403:forbidden", "404:not_found"),
          produces="application/pdf", load=BRIEFING, allow=policies.READ)
def briefing_pdf(briefing):
    return Response(documents.pdf(briefing), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="briefing-{briefing.id}.pdf"'})
