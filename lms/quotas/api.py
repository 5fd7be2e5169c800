"""JSON API of the quota cascade (docs/API.md, "Quotas")."""
from __future__ import annotations

import io

from flask import Blueprint, current_app, request, send_file
from flask_login import current_user

from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.org.models import OrgUnit
from lms.projects import queries as projects
from lms.quotas import policies, queries, schemas, services, sheets
from lms.web.api import Page, endpoint
from lms.web.security import body_limit

bp = Blueprint("quotas_api", __name__, url_prefix="/api/v1")
XLSX = sheets.XLSX


def parent_unit(session, actor, parent_id: int | None = None) -> OrgUnit:
    """The unit whose children a call lists: ``parent_id`` when given, else the caller's own top unit."""
    if parent_id is not None:
        return org_queries.unit_in_scope(session, actor, parent_id)
    return scope.admin_root(session, actor)


@bp.put("/batches/<int:batch_id>/quotas/<int:unit_id>")
@endpoint(summary="Set a unit's seats in a batch; the parent's allocation follows (J4, J5)", response=schemas.QuotaOut,
          body=schemas.SeatsSet, load=queries.BATCH_AND_UNIT, allow=policies.SET_SEATS,
          errors=("404:not_found", "409:quota_exceeds_parent", "409:quota_below_usage", "409:quota_deadline_passed",
                  "409:batch_ended"))
def set_seats(batch, unit, data: schemas.SeatsSet):
    services.set_seats(db.session, current_user, batch, unit, data.seats)
    return queries.figures(db.session, batch.id, unit)


@bp.get("/batches/<int:batch_id>/quotas/<int:unit_id>")
@endpoint(summary="A unit's seats, handed-down seats, enrollments and seats left in a batch",
          response=schemas.QuotaOut, load=queries.BATCH_AND_UNIT, errors=("404:not_found",))
def get_quota(batch, unit):
    return queries.figures(db.session, batch.id, unit)


@bp.get("/batches/<int:batch_id>/quotas")
@endpoint(summary="The figures of the children of parent_id (default: the caller's unit) in a batch",
          query=schemas.ChildrenQuery, response=schemas.ChildrenQuotas, load={"batch": queries.batch},
          errors=("404:not_found",))
def children_quotas(batch, params: schemas.ChildrenQuery):
    parent = parent_unit(db.session, current_user, params.parent_id)
    items = queries.children_rows(db.session, batch.id, parent)
    answer = {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}
    answer["parent"] = dict(queries.figures(db.session, batch.id, parent), name=parent.name, level=parent.level)
    return answer


@bp.get("/batches/<int:batch_id>/quotas.xlsx")
@endpoint(summary="The children's figures as an Excel sheet", query=schemas.ChildrenQuery, produces=XLSX,
          load={"batch": queries.batch}, errors=("404:not_found",))
def export_quotas(batch, params: schemas.ChildrenQuery):
    parent = parent_unit(db.session, current_user, params.parent_id)
    data = sheets.export_workbook(batch, parent, queries.children_rows(db.session, batch.id, parent))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=sheets.file_name(batch, parent))


@bp.post("/batches/<int:batch_id>/quotas/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Set the children's seats from an Excel sheet: all rows or none", query=schemas.ChildrenQuery,
          response=schemas.SeatsImportOut, load={"batch": queries.batch},
          multipart={"type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"}}},
          errors=("404:not_found", "413:too_large", "415:unsupported_media_type"))
def import_quotas(batch, params: schemas.ChildrenQuery):
    parent = parent_unit(db.session, current_user, params.parent_id)
    return sheets.import_upload(db.session, current_user, batch, parent, request.files.get("file"),
                                current_app.config["MAX_IMPORT_BYTES"])


@bp.get("/projects/<int:project_id>/compliance")
@endpoint(summary="Per city: teachers, seats, participants and the 10% minimum (J6)",
          response=Page[schemas.CityCompliance], load={"project": projects.project_for},
          allow=policies.SEE_COMPLIANCE, errors=("404:not_found",))
def compliance(project):
    items = queries.compliance(db.session, project, queries.cities_in_scope(db.session, current_user))
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}
