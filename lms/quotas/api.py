"""JSON API of the quota cascade (docs/API.md, "Quotas")."""
from __future__ import annotations

import io

from flask import Blueprint, current_app, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import scope
from lms.core.errors import Forbidden
from lms.extensions import db
from lms.org import queries as org_queries
from lms.org.models import OrgUnit
from lms.projects import queries as projects
from lms.quotas import policies, queries, schemas, services, sheets
from lms.web.api import Page, body_checked_later, endpoint, json_body, parse_model
from lms.web.security import body_limit

bp = Blueprint("quotas_api", __name__, url_prefix="/api/v1")
XLSX = sheets.XLSX


def _unit(unit_id: int) -> OrgUnit:
    return org_queries.unit_in_scope(db.session, current_user, unit_id)


def _parent(params) -> OrgUnit:
    if params.parent_id is not None:
        return _unit(params.parent_id)
    root = scope.highest_admin_unit(current_user)
    if root is None:
        raise Forbidden(_("Only admins see quotas."))
    return root


@bp.put("/batches/<int:batch_id>/quotas/<int:unit_id>")
@body_checked_later(schemas.SeatsSet)
@endpoint(summary="Set a unit's seats in a batch; the parent's allocation follows (J4, J5)", response=schemas.QuotaOut,
          errors=("404:not_found", "409:quota_exceeds_parent", "409:quota_below_usage", "409:quota_deadline_passed"))
def set_seats(batch_id: int, unit_id: int):
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    unit = _unit(unit_id)
    if not policies.can_set_seats(current_user, unit):
        raise Forbidden(_("You may not set the seats of %(name)s.", name=unit.name))
    data = parse_model(schemas.SeatsSet, json_body())
    return services.set_seats(db.session, current_user, batch, unit, data.seats).to_dict()


@bp.get("/batches/<int:batch_id>/quotas/<int:unit_id>")
@endpoint(summary="A unit's seats, handed-down seats, enrollments and seats left in a batch",
          response=schemas.QuotaOut,
          errors=("404:not_found",))
def get_quota(batch_id: int, unit_id: int):
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    return queries.figures(db.session, batch.id, _unit(unit_id))


@bp.get("/batches/<int:batch_id>/quotas")
@endpoint(summary="The figures of the children of parent_id (default: the caller's unit) in a batch",
          query=schemas.ChildrenQuery, response=schemas.ChildrenQuotas, errors=("404:not_found",))
def children_quotas(batch_id: int, params: schemas.ChildrenQuery):
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    parent = _parent(params)
    items = queries.children_rows(db.session, batch.id, parent)
    answer = {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}
    answer["parent"] = dict(queries.figures(db.session, batch.id, parent), name=parent.name, level=parent.level)
    return answer


@bp.get("/batches/<int:batch_id>/quotas.xlsx")
@endpoint(summary="The children's figures as an Excel sheet", query=schemas.ChildrenQuery, produces=XLSX,
          errors=("404:not_found",))
def export_quotas(batch_id: int, params: schemas.ChildrenQuery):
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    parent = _parent(params)
    data = sheets.export_workbook(batch, parent, queries.children_rows(db.session, batch.id, parent))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"quotas-{batch.project.code}-{batch.number}-{parent.code or parent.id}.xlsx")


@bp.post("/batches/<int:batch_id>/quotas/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Set the children's seats from an Excel sheet: all rows or none", query=schemas.ChildrenQuery,
          response=schemas.SeatsImportOut,
          multipart={"type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"}}},
          errors=("404:not_found", "413:too_large", "415:unsupported_media_type"))
def import_quotas(batch_id: int, params: schemas.ChildrenQuery):
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    parent = _parent(params)
    result = run_import(batch, parent, request.files.get("file"))
    if result["errors"]:
        return {"error": {"code": "invalid_input", "message": _("Nothing was changed: %(n)d rows have problems.",
                                                                 n=len(result["errors"]))}, **result}, 400
    return result


def run_import(batch, parent, upload) -> dict:
    return sheets.import_upload(db.session, current_user, batch, parent, upload,
                                current_app.config["MAX_IMPORT_BYTES"])


@bp.get("/projects/<int:project_id>/compliance")
@endpoint(summary="Per city: teachers, seats, participants and the 10% minimum (J6)",
          response=Page[schemas.CityCompliance], errors=("404:not_found",))
def compliance(project_id: int):
    project = projects.project_for(db.session, current_user, project_id)
    if not current_user.is_admin:
        raise Forbidden(_("Only admins see compliance figures."))
    items = queries.compliance(db.session, project, queries.cities_in_scope(db.session, current_user))
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}
