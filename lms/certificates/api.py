"""Certificates API: the PDF for a passed, final enrollment, public verification, a school's zip."""
from __future__ import annotations

import base64
import binascii

from typing import Literal

from flask import Blueprint, Response, url_for
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.certificates import live_terms, policies, queries, rules, services
from lms.core import scope
from lms.core.errors import InvalidInput, NotFound
from lms.exports.api import JobOut
from lms.exports import services as exports
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.live import queries as live_queries
from lms.web.api import ApiModel, Id, Page, PageParams, endpoint, page_of
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
          public=True, response=CertificateCheck, errors=("404:not_found",), replica=True)
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


# --- a user's own certificates, an admin's list, the live term certificates (docs/API.md "Grades and certificates")

class TrainingCertificateOut(CertificateCheck):
    """A training certificate as its holder or an admin lists it."""
    id: int
    enrollment_id: int
    teacher_id: int | None = Field(None, description="The learner (admins' list)")
    download_url: str | None = Field(None, description="The PDF (GET); null once revoked")
    verify_url: str = Field(description="The public verification page its QR code points to")


class LiveTermRef(ApiModel):
    id: int
    name: str
    starts_on: str
    ends_on: str


class LiveCertificateOut(ApiModel):
    """A live research term certificate (000 L60): stateless, recomputed from the term's data."""
    code: str
    kind: Literal["service", "star_tutor", "star_learner", "learner"]
    title: str
    valid: bool = Field(description="Today's data of the term still bear it out")
    name: str
    school: str
    term: LiveTermRef
    sessions: int | None = None
    points: float | None = Field(None, description="A tutor's points (service, star tutor)")
    counted_minutes: int | None = Field(None, description="A learner's counted minutes (star learner, learner)")
    study_hours: int | None = Field(None, description="The learner's 学时 recorded in the term (learner)")
    lines: list[str] = Field(description="The certificate's text, as printed")
    verify_url: str
    download_url: str | None = Field(None, description="The holder's PDF (GET, the holder only)")


class MyCertificatesOut(ApiModel):
    training: list[TrainingCertificateOut]
    live_terms: list[LiveCertificateOut]


def _training_dict(cert, enrollment_id: int, teacher_id: int | None = None) -> dict:
    data = cert.public_dict(outstanding=services.outstanding(db.session, cert))
    data["revoked_reason_text"] = services.revoked_reason_text(cert.revoked_reason) if cert.revoked_at else None
    data.update(id=cert.id, enrollment_id=enrollment_id, verify_url=services.verify_url(cert),
                download_url=None if cert.revoked_at else url_for("certificates_api.certificate",
                                                                   enrollment_id=enrollment_id, _external=True))
    if teacher_id is not None:
        data["teacher_id"] = teacher_id
    return data


@bp.get("/me/certificates")
@endpoint(summary="The caller's certificates: its training certificates and its live research term certificates "
                  "(every term that is over), each with its download and verification URLs",
          response=MyCertificatesOut)
def my_certificates():
    training = [_training_dict(c, c.enrollment_id) for c in queries.my_certificates(db.session, current_user.id)]
    live = []
    for row in live_terms.mine(db.session, current_user):
        row["download_url"] = url_for("certificates_api.live_certificate", term_id=row["term"]["id"],
                                      kind=row["kind"], _external=True)
        live.append(row)
    return {"training": training, "live_terms": live}


@bp.get("/live/terms/<int:term_id>/certificates/<kind>")
@endpoint(summary="The caller's own live research term certificate of a kind (service, star_tutor, star_learner, "
                  "learner) as a PDF, once the term is over", produces="application/pdf",
          errors=("404:not_found", "409:term_not_over"), load={"term": live_queries.term_for})
def live_certificate(term, kind: str):
    return live_terms.pdf_response(db.session, current_user, term, kind)


@bp.get("/live/certificates/<code>")
@endpoint(summary="Verify a live research term certificate by its code (public): whose, which term, and whether "
                  "today's data still bear it out", public=True, response=LiveCertificateOut,
          errors=("404:not_found",), replica=True)
def verify_live(code: str):
    return live_terms.check(db.session, code)


class AreaCertificatesQuery(PageParams):
    org_unit_id: Id | None = Field(None, description="A unit of the caller's area; default: all of it")
    batch_id: Id | None = None
    revoked: bool | None = Field(None, description="true: only revoked; false: only valid")


@bp.get("/certificates")
@endpoint(summary="Training certificates issued to learners of schools in the caller's area (admins; subtree "
                  "scope), newest first", query=AreaCertificatesQuery, response=Page[TrainingCertificateOut],
          allow=policies.LIST_AREA, errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def area_certificates(params: AreaCertificatesQuery):
    unit = org_queries.unit_in_scope(db.session, current_user, params.org_unit_id) if params.org_unit_id else None
    rows, total = queries.certificates_in_area(db.session, current_user, unit, batch_id=params.batch_id,
                                               revoked=params.revoked, page=params.page, per_page=params.per_page)
    return page_of([_training_dict(c, e.id, e.teacher_id) for c, e in rows], total, params)
