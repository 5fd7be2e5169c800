"""Issuing certificates (J16) for passed, final grades; verifying them; a school's certificates as a zip."""
from __future__ import annotations

import io
import secrets
import zipfile

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.certificates import pdf
from lms.certificates.models import Certificate
from lms.core import audit, clock, scope
from lms.core.errors import Conflict, Forbidden
from lms.enrollment.models import Enrollment
from lms.grading import services as grading
from lms.org.models import OrgUnit
from lms.projects import rules as calendar

# No 0/O or 1/I: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def can_download(actor, enrollment: Enrollment, school: OrgUnit) -> bool:
    """The learner and admins in scope (docs/API.md); tutors see grades, not certificates."""
    return actor.id == enrollment.teacher_id or scope.covers(actor, school)


# Why a certificate was revoked, in the neutral words the public verification shows.
RESULT_WITHDRAWN = "result_withdrawn"


def revoked_reason_text(code: str | None) -> str:
    if code == RESULT_WITHDRAWN:
        return _("The training result it attests was withdrawn after a review of the coursework.")
    return _("It was withdrawn by the issuer.")


def certificate_of(session, enrollment_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.enrollment_id == enrollment_id))


def revoke(session, actor, enrollment_id: int, reason: str = RESULT_WITHDRAWN) -> Certificate | None:
    """A verdict failed the training (J12): its certificate, if one was issued, no longer verifies."""
    cert = certificate_of(session, enrollment_id)
    if cert is None or cert.revoked_at is not None:
        return cert
    cert.revoked_at, cert.revoked_reason = clock.now(), reason
    session.flush()
    audit.record(session, actor, "certificate.revoke", "certificate", cert.id,
                 after={"name": cert.name, "code": cert.code, "reason": reason})
    return cert


def reinstate(session, actor, enrollment_id: int) -> Certificate | None:
    """The verdict was overturned on appeal: the certificate verifies again, under its old code."""
    cert = certificate_of(session, enrollment_id)
    if cert is None or cert.revoked_at is None:
        return cert
    before = {"revoked_at": cert.revoked_at.isoformat(), "reason": cert.revoked_reason}
    cert.revoked_at, cert.revoked_reason = None, None
    session.flush()
    audit.record(session, actor, "certificate.reinstate", "certificate", cert.id, before=before,
                 after={"name": cert.name, "code": cert.code})
    return cert


def issue(session, enrollment: Enrollment) -> Certificate:
    """The enrollment's certificate, made on first request; 409 unless the grade passed and is final,
    and never again once revoked."""
    existing = certificate_of(session, enrollment.id)
    if existing is not None and existing.revoked_at is not None:
        raise Conflict("revoked", _("This certificate was revoked: %(why)s",
                                    why=revoked_reason_text(existing.revoked_reason)))
    if existing is not None:
        return existing
    grade = grading.recompute_grade(session, enrollment.id)
    if not grade.passed or enrollment.status != "active":  # a cancelled or replaced place earns nothing
        raise Conflict("not_passed", _("This training was not passed (%(total).2f points): there is no certificate.",
                                       total=grade.total))
    if not grade.final:
        raise Conflict("not_final", _("The grade is not final yet: certificates are issued once grading closes."))
    klass = enrollment.training_class
    school = session.get(OrgUnit, enrollment.school_id)
    study_seconds = grade.components.get("study", {}).get("credited_seconds", 0)
    cert = Certificate(enrollment_id=enrollment.id, code=new_code(), name=enrollment.teacher.name,
                       school=school.name, project=klass.batch.project.name, course=klass.course.title,
                       batch=_("Batch %(n)d", n=klass.batch.number), total=grade.total,
                       study_hours=round(study_seconds / 3600, 1), issued_at=clock.now(),
                       issued_on=calendar.local_date(clock.now(), clock.local_tz()))
    try:
        with session.begin_nested():  # two first downloads at once: the second reads the first's row
            session.add(cert)
            session.flush()
    except IntegrityError:
        return session.scalar(select(Certificate).where(Certificate.enrollment_id == enrollment.id))
    return cert


def verify_url(cert: Certificate) -> str:
    return url_for("certificates.verify", code=cert.code, _external=True)


def render(cert: Certificate) -> bytes:
    return pdf.render(cert, verify_url(cert))


def by_code(session, code: str) -> Certificate | None:
    if not code or len(code) > 32:
        return None
    return session.scalar(select(Certificate).where(Certificate.code == code.strip().upper()))


def school_zip(session, actor, school: OrgUnit, batch_id: int | None) -> tuple[bytes, int]:
    """Every passed, final certificate of the school's learners (issuing the missing ones), zipped."""
    if not scope.covers(actor, school):
        raise Forbidden(_("%(name)s is outside your area.", name=school.name))
    query = select(Enrollment).where(Enrollment.school_id == school.id, Enrollment.status == "active")
    if batch_id is not None:
        query = query.where(Enrollment.batch_id == batch_id)
    out, count = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for enrollment in session.scalars(query.order_by(Enrollment.id)):
            grade = grading.recompute_grade(session, enrollment.id)
            cert = certificate_of(session, enrollment.id)
            if not (grade.passed and grade.final) or (cert is not None and cert.revoked_at is not None):
                continue
            cert = issue(session, enrollment)
            archive.writestr(f"{cert.name}-{cert.course}-{cert.code}.pdf", render(cert))
            count += 1
    return out.getvalue(), count
