"""Certificates API: the PDF for a passed, final enrollment, public verification, a school's zip."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, Field

from lms.certificates import services
from lms.core.errors import Forbidden, NotFound
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.org.models import OrgUnit
from lms.web.api import ApiModel, Id, endpoint
from lms.web.locking import writes_on_read

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


@bp.get("/enrollments/<int:enrollment_id>/certificate")
@writes_on_read
@endpoint(summary="The certificate as a PDF, for a passed and final grade", produces="application/pdf",
          errors=("403:forbidden", "404:not_found", "409:not_passed", "409:not_final", "409:revoked"))
def certificate(enrollment_id: int):
    enrollment, school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    if not services.can_download(current_user, enrollment, school):
        raise Forbidden(_("Only the learner and admins of the area download the certificate."))
    cert = services.issue(db.session, enrollment)
    db.session.commit()  # the first download issues the certificate and its code
    return Response(services.render(cert), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="certificate-{cert.code}.pdf"'})


@bp.get("/certificates/<code>")
@endpoint(summary="Verify a certificate by its code (public): a revoked one says when and why, in neutral words",
          public=True, response=CertificateCheck, errors=("404:not_found",))
def verify(code: str):
    cert = services.by_code(db.session, code)
    if cert is None:
        raise NotFound(_("No certificate has this code."))
    data = cert.public_dict()
    data["revoked_reason_text"] = services.revoked_reason_text(cert.revoked_reason) if cert.revoked_at else None
    return data


@bp.get("/schools/<int:unit_id>/certificates.zip")
@writes_on_read
@endpoint(summary="A school's certificates (passed, final) as a zip of PDFs", query=ZipQuery,
          produces="application/zip", errors=("403:forbidden", "404:not_found"))
def school_zip(unit_id: int, params: ZipQuery):
    school = db.session.get(OrgUnit, unit_id)
    if school is None or school.level != "school":
        raise NotFound(_("No such school."))
    content, _count = services.school_zip(db.session, current_user, school, params.batch_id)
    db.session.commit()
    return Response(content, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="certificates-{school.id}.zip"'})
