"""Certificates API: the PDF for a passed, final enrollment, public verification, a school's zip."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from lms.certificates import policies, queries, services
from lms.core import scope
from lms.core.errors import NotFound
from lms.exports.api import JobOut
from lms.exports import services as exports
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.web.api import ApiModel, Id, endpoint
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("certificates_api", __name__, url_prefix="/api/v1")


class ZipQuery(BaseModel):
    batch_id: Id | None = None


class CertificateCheck(ApiModel):
    """What anyone may read of a certificate by its code."""
    valid: bool
    code: str
    name: str
    school: str
    project: str
    course: str
    batch: str
    total: float
    study_hours: float
    issued_on: str = Field(description="YYYY-MM-DD")
    revoked: bool = False
    revoked_at: str | None = Field(None, description="ISO 8601, when the certificate was revoked")
    revoked_reason: str | None = Field(None, description="A reason code, e.g. result_withdrawn")
    revoked_reason_text: str | None = Field(None, description="The reason in neutral words")


def _pdf(cert) -> Response:
    return Response(services.render(cert), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="certificate-{cert.code}.pdf"'})


@bp.get("/enrollments/<int:enrollment_id>/certificate")
@endpoint(summary="The certificate as a PDF, once issued for a passed and final grade", produces="application/pdf",
          errors=("403:forbidden", "404:not_found", "409:not_passed", "409:not_final", "409:not_issued",
                  "409:revoked"),
          load={"enrollment": enrollment_queries.enrollment}, allow=policies.DOWNLOAD)
def certificate(enrollment):
    return _pdf(services.issued(db.session, enrollment))


@bp.post("/enrollments/<int:enrollment_id>/certificate")
@endpoint(summary="Issue the certificate of a passed and final grade now (once; later calls give the same one)",
          produces="application/pdf",
          errors=("403:forbidden", "404:not_found", "409:not_passed", "409:not_final", "409:revoked"),
          load={"enrollment": enrollment_queries.enrollment}, allow=policies.DOWNLOAD)
def issue_certificate(enrollment):
    return _pdf(services.issue(db.session, enrollment))


@bp.get("/certificates/<code>")
@endpoint(summary="Verify a certificate by its code (public): a revoked one says when and why, in neutral words",
          public=True, response=CertificateCheck, errors=("404:not_found",))
def verify(code: str):
    cert = queries.by_code(db.session, code)
    if cert is None:
        raise NotFound(_("No certificate has this code."))
    data = cert.public_dict()
    data["revoked_reason_text"] = services.revoked_reason_text(cert.revoked_reason) if cert.revoked_at else None
    return data


@bp.get("/schools/<int:unit_id>/certificates.zip")
@endpoint(summary="A school's issued certificates (passed, final) as a zip of PDFs", query=ZipQuery,
          produces="application/zip", errors=("403:forbidden", "404:not_found", "409:nothing_to_zip"),
          load={"unit": queries.school}, allow=policies.ZIP_SCHOOL)
def school_zip(unit, params: ZipQuery):
    content, _count = services.school_zip(db.session, unit, params.batch_id)
    return Response(content, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="certificates-{unit.id}.zip"'})


class ZipExportIn(BaseModel):
    batch_id: Id | None = None


@bp.post("/schools/<int:unit_id>/certificates/exports")
@endpoint(summary="Ask for the school's certificate zip as an export job (202; follow the job's URL)",
          body=ZipExportIn, response=JobOut, status=202,
          errors=("403:forbidden", "404:not_found", "409:nothing_to_zip"),
          load={"unit": queries.school}, allow=policies.ZIP_SCHOOL)
def school_zip_export(unit, data: ZipExportIn):
    return exports.accepted(services.start_zip(db.session, current_user, unit, data.batch_id))


class AreaZipExportIn(BaseModel):
    org_unit_id: Id | None = None


@bp.post("/batches/<int:batch_id>/certificates/exports")
@endpoint(summary="Ask for a batch's certificates in an admin's area (a county, a city, the province) as one zip, "
                  "one folder per school, made by an export job (202)",
          body=AreaZipExportIn, response=JobOut, status=202, errors=("404:not_found", "409:nothing_to_zip"),
          load={"batch": lambda session, actor, batch_id: project_queries.batch_for(session, actor, batch_id,
                                                                                   viewers_only=False)},
          allow=policies.ZIP_AREA)
def area_zip_export(batch, data: AreaZipExportIn):
    unit = (org_queries.unit_in_scope(db.session, current_user, data.org_unit_id) if data.org_unit_id
            else scope.highest_admin_unit(current_user))
    return exports.accepted(services.start_area_zip(db.session, current_user, unit, batch))
