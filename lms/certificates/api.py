"""Certificates API: the PDF for a passed, final enrollment, public verification, a school's zip."""
from __future__ import annotations

import base64
import binascii

from flask import Blueprint, Response
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.certificates import policies, queries, rules, services
from lms.core import scope
from lms.core.errors import InvalidInput, NotFound
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
    issuing_body: str | None = Field(None, description="Who issued it, as printed")
    project: str
    project_code: str | None = Field(None, description="The project's code, as printed")
    course: str
    batch: str
    total: float
    credit_hours: float | None = Field(None, description="The course's 学时, as printed")
    study_hours: float = Field(description="Credited online study time in hours")
    outstanding: bool = Field(False, description="Outstanding learner: outstanding mark reached and recommended")
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
    data = cert.public_dict(outstanding=services.outstanding(db.session, cert))
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


class IssuerIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    issuing_body: str | None = Field(None, max_length=rules.ISSUING_BODY_MAX,
                                     description="Printed under the seal; null or empty: the province's name")
    seal_png_base64: str | None = Field(None, max_length=800_000,
                                        description="A new seal: a PNG with transparency, base64, at most 512 KB")
    remove_seal: bool = False


class IssuerOut(ApiModel):
    project_id: int
    project_code: str
    issuing_body: str | None
    issuing_body_printed: str
    seal_uploaded: bool
    updated_at: str | None


@bp.get("/projects/<int:project_id>/certificate-issuer")
@endpoint(summary="Who issues a project's certificates: its issuing body, whether a seal is uploaded, its code",
          response=IssuerOut, errors=("403:forbidden", "404:not_found"),
          load={"project": queries.project}, allow=policies.SET_ISSUER)
def get_issuer(project):
    return services.issuer_dict(db.session, project)


@bp.put("/projects/<int:project_id>/certificate-issuer")
@endpoint(summary="Set the issuing body and seal printed on a project's certificates", response=IssuerOut,
          body=IssuerIn, errors=("403:forbidden", "404:not_found", "400:seal_empty", "400:seal_not_png",
                                 "400:seal_too_large", "400:seal_bad_size", "400:seal_not_transparent"),
          load={"project": queries.project}, allow=policies.SET_ISSUER)
def put_issuer(project, data: IssuerIn):
    seal = None
    if data.seal_png_base64 is not None:
        try:
            seal = base64.b64decode(data.seal_png_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(_("The seal is not valid base64."),
                               fields={"seal_png_base64": _("Not valid base64.")}) from None
    services.set_issuer(db.session, current_user, project, data.issuing_body, seal=seal, remove_seal=data.remove_seal)
    return services.issuer_dict(db.session, project)
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
