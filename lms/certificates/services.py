"""Issuing certificates (J16) for passed, final grades; verifying them; a school's certificates as a zip.

A certificate is issued (its row and code stored) when its grade is stored as final and passed — by the
grade-finalising path of grading (``issue_due``, the ``certificates.issue_due`` hook) — or when the learner or an
admin asks for it (``issue``, a POST). Downloads only read what was issued (``issued``).
"""
from __future__ import annotations

import io
import secrets
import zipfile

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.certificates import pdf, queries, rules
from lms.certificates.models import Certificate, CertificateIssuer
from lms.core import audit, clock
from lms.core.errors import Conflict, DomainError, InvalidInput, NotFound
from lms.core.registry import emit, hook
from lms.enrollment.models import Enrollment
from lms.exports import services as exports
from lms.grading import queries as grading_queries
from lms.grading import services as grading
from lms.org.models import OrgUnit
from lms.projects import rules as calendar
from lms.projects.models import Batch

# No 0/O or 1/I: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


# Why a certificate was revoked, in the neutral words the public verification shows.
RESULT_WITHDRAWN = "result_withdrawn"


def revoked_reason_text(code: str | None) -> str:
    if code == RESULT_WITHDRAWN:
        return _("The training result it attests was withdrawn after a review of the coursework.")
    return _("It was withdrawn by the issuer.")


def revoke(session, actor, enrollment_id: int, reason: str = RESULT_WITHDRAWN) -> Certificate | None:
    """A verdict failed the training (J12): its certificate, if one was issued, no longer verifies."""
    cert = queries.certificate_of(session, enrollment_id)
    if cert is None or cert.revoked_at is not None:
        return cert
    cert.revoked_at, cert.revoked_reason = clock.now(), reason
    session.flush()
    audit.record(session, actor, "certificate.revoke", "certificate", cert.id,
                 after={"name": cert.name, "code": cert.code, "reason": reason})
    return cert


def reinstate(session, actor, enrollment_id: int) -> Certificate | None:
    """The verdict was overturned on appeal: the certificate verifies again, under its old code."""
    cert = queries.certificate_of(session, enrollment_id)
    if cert is None or cert.revoked_at is None:
        return cert
    before = {"revoked_at": cert.revoked_at.isoformat(), "reason": cert.revoked_reason}
    cert.revoked_at, cert.revoked_reason = None, None
    session.flush()
    audit.record(session, actor, "certificate.reinstate", "certificate", cert.id, before=before,
                 after={"name": cert.name, "code": cert.code})
    return cert


def _revoked(cert: Certificate) -> Conflict:
    return Conflict("revoked", _("This certificate was revoked: %(why)s", why=revoked_reason_text(cert.revoked_reason)))


def _refusal(grade, enrollment: Enrollment) -> Conflict | None:
    """Why a grade earns no certificate (yet), or None when it does."""
    if not grade.passed or enrollment.status != "active":  # a cancelled or replaced place earns nothing
        return Conflict("not_passed", _("This training was not passed (%(total).2f points): there is no certificate.",
                                        total=grade.total))
    if not grade.final:
        return Conflict("not_final", _("The grade is not final yet: certificates are issued once grading closes."))
    return None


def issued(session, enrollment: Enrollment) -> Certificate:
    """The certificate as issued, for a download: reads only. 409 when there is none to give (not passed,
    not final, revoked) or when grading has closed but the certificate is not issued yet."""
    cert = queries.certificate_of(session, enrollment.id)
    if cert is not None and cert.revoked_at is not None:
        raise _revoked(cert)
    if cert is not None:
        return cert
    refusal = _refusal(grading.grade_now(session, enrollment), enrollment)
    if refusal is not None:
        raise refusal
    raise Conflict("not_issued", _("The grade is final but the certificate is not issued yet: the button on the "
                                   "grade page issues it now."))


def issue(session, enrollment: Enrollment) -> Certificate:
    """The enrollment's certificate, issued now if it was not yet; 409 unless the grade passed and is final,
    and never again once revoked. Stores the final grade first (grading's finalising path)."""
    existing = queries.certificate_of(session, enrollment.id)
    if existing is not None and existing.revoked_at is not None:
        raise _revoked(existing)
    if existing is not None:
        return existing
    grade = grading.recompute_grade(session, enrollment.id)  # a final, passed grade is issued its certificate there
    refusal = _refusal(grade, enrollment)
    if refusal is not None:
        raise refusal
    return queries.certificate_of(session, enrollment.id) or _make(session, enrollment, grade)


def issue_due(session, enrollment_ids) -> list[Certificate]:
    """Grading stored these grades as final and passed: each active enrollment among them without a
    certificate is issued one (revoked ones stay revoked)."""
    have = set(session.scalars(select(Certificate.enrollment_id).where(Certificate.enrollment_id.in_(enrollment_ids))))
    due = [i for i in enrollment_ids if i not in have]
    if not due:
        return []
    made, facts = [], {}
    for enrollment in list(session.scalars(select(Enrollment).where(Enrollment.id.in_(due),
                                                                    Enrollment.status == "active")
                                           .order_by(Enrollment.id))):
        grade = grading_queries.stored_grade(session, enrollment.id)
        if grade is not None and grade.final and grade.passed:
            made.append(_make(session, enrollment, grade, facts))
    return made


def _paper_facts(session, klass, facts: dict) -> tuple[str, str, float]:
    """(issuing body, project code, the course's 学时) of a class's certificates, once per class and run."""
    if klass.id not in facts:
        project = klass.batch.project
        facts[klass.id] = (issuing_body(session, project), project.code,
                           float(hook("credits.course_hours")(session, klass.course)))
    return facts[klass.id]


def _make(session, enrollment: Enrollment, grade, facts: dict | None = None) -> Certificate:
    klass = enrollment.training_class
    school = session.get(OrgUnit, enrollment.school_id)
    body, project_code, credit_hours = _paper_facts(session, klass, {} if facts is None else facts)
    study_seconds = grade.components.get("study", {}).get("credited_seconds", 0)
    cert = Certificate(enrollment_id=enrollment.id, code=new_code(), name=enrollment.teacher.name,
                       school=school.name, project=klass.batch.project.name, course=klass.course.title,
                       batch=_("Batch %(n)d", n=klass.batch.number), total=grade.total,
                       study_hours=round(study_seconds / 3600, 1), issuing_body=body, project_code=project_code,
                       credit_hours=credit_hours, issued_at=clock.now(),
                       issued_on=calendar.local_date(clock.now(), clock.local_tz()))
    try:
        with session.begin_nested():  # two first requests at once: the second reads the first's row
            session.add(cert)
            session.flush()
    except IntegrityError:
        return queries.certificate_of(session, enrollment.id)
    emit(session, "certificate.issued", certificate=cert, enrollment=enrollment)
    return cert


def verify_url(cert: Certificate) -> str:
    return url_for("certificates.verify", code=cert.code, _external=True)


def outstanding(session, cert: Certificate) -> bool:
    """J14's mark, read from the stored grade and the province's commendation list each time (a tutor may
    recommend, the province confirm, after the certificate is out). The list lives above (``commendation.listed``
    hook: True / False once the batch's list is confirmed, None before)."""
    return rules.outstanding(grading_queries.stored_grade(session, cert.enrollment_id),
                             hook("commendation.listed")(session, cert.enrollment_id))


def seal_for(session, cert: Certificate) -> bytes | None:
    """The uploaded seal of the certificate's project, while its issuing body is still the one printed on the
    certificate; None (a seal drawn from the printed name) otherwise."""
    enrollment = session.get(Enrollment, cert.enrollment_id)
    project = enrollment.training_class.batch.project if enrollment is not None else None
    row = session.get(CertificateIssuer, project.id) if project is not None else None
    if row is None or row.seal_png is None or issuing_body(session, project) != cert.issuing_body:
        return None
    return row.seal_png


def render(cert: Certificate) -> bytes:
    session = queries.session_of(cert)
    return pdf.render(cert, verify_url(cert), outstanding=outstanding(session, cert),
                      seal_png=seal_for(session, cert))


# --- the issuing body and its seal, per project ----------------------------------------------------------------------

def default_issuing_body(session) -> str:
    """Without a project's own: the province (the root unit), which issues certificates (004 L46)."""
    return session.scalar(select(OrgUnit.name).where(OrgUnit.level == "province").order_by(OrgUnit.id).limit(1)) or ""


def issuing_body(session, project) -> str:
    row = session.get(CertificateIssuer, project.id)
    return (row.issuing_body if row is not None and row.issuing_body else None) or default_issuing_body(session)


def issuer_dict(session, project) -> dict:
    row = session.get(CertificateIssuer, project.id)
    return {"project_id": project.id, "project_code": project.code,
            "issuing_body": row.issuing_body if row is not None else None,
            "issuing_body_printed": issuing_body(session, project),
            "seal_uploaded": row is not None and row.seal_png is not None,
            "updated_at": row.updated_at.isoformat() if row is not None else None}


def set_issuer(session, actor, project, body: str | None, seal: bytes | None = None,
               remove_seal: bool = False) -> CertificateIssuer:
    """A province admin sets the project's issuing body (blank: the province's name) and, optionally, a new seal
    (checked by rules.check_seal: 400 with the reason) or removes it. Certificates issued later print them."""
    body = (body or "").strip() or None
    if body is not None and len(body) > rules.ISSUING_BODY_MAX:
        raise InvalidInput(_("The issuing body's name is at most %(n)d characters.", n=rules.ISSUING_BODY_MAX),
                      fields={"issuing_body": _("At most %(n)d characters.", n=rules.ISSUING_BODY_MAX)})
    if seal is not None:
        try:
            rules.check_seal(seal)
        except rules.SealRefused as refused:
            raise DomainError(refused.code, str(refused.message), status=400,
                              fields={"seal": str(refused.message)}) from None
    row = session.get(CertificateIssuer, project.id)
    before = issuer_dict(session, project) if row is not None else None
    if row is None:
        row = CertificateIssuer(project_id=project.id)
        session.add(row)
    row.issuing_body, row.updated_at = body, clock.now()
    if seal is not None:
        row.seal_png = seal
    elif remove_seal:
        row.seal_png = None
    session.flush()
    audit.record(session, actor, "certificate_issuer.update", "project", project.id, before=before,
                 after=issuer_dict(session, project))
    return row


def seal_preview(session, project) -> bytes | None:
    row = session.get(CertificateIssuer, project.id)
    return row.seal_png if row is not None else None


NOTHING_TO_ZIP = "nothing_to_zip"


def nothing_to_zip(school: OrgUnit) -> Conflict:
    return Conflict(NOTHING_TO_ZIP, _("No certificate has been issued to %(school)s's learners yet: a certificate "
                                      "is issued when a passed grade becomes final.", school=school.name))


def zip_of(certificates: list[Certificate]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for cert in certificates:
            archive.writestr(f"{cert.name}-{cert.course}-{cert.code}.pdf", render(cert))
    return out.getvalue()


def school_zip(session, school: OrgUnit, batch_id: int | None) -> tuple[bytes, int]:
    """Every valid certificate issued to the school's learners (passed, final), zipped; reads only.

    With none, a refusal in words instead of an empty archive."""
    certificates = queries.school_certificates(session, school, batch_id)
    if not certificates:
        raise nothing_to_zip(school)
    return zip_of(certificates), len(certificates)


ZIP_KIND = "certificates_zip"


def start_zip(session, actor, school: OrgUnit, batch_id: int | None):
    """Ask for the school's zip as an export job; refused at once (nothing queued) when there is nothing to zip."""
    if not queries.school_certificates(session, school, batch_id):
        raise nothing_to_zip(school)
    batch = session.get(Batch, batch_id) if batch_id else None
    title = (_("Certificates of %(school)s: %(project)s, batch %(n)d", school=school.name,
               project=batch.project.name, n=batch.number) if batch is not None
             else _("Certificates of %(school)s", school=school.name))
    return exports.start(session, actor, ZIP_KIND, title, {"unit_id": school.id, "batch_id": batch_id})


def build_zip(session, job, out, progress) -> str:
    """The export job's builder (hook ``exports.certificates_zip``): the PDFs written into the zip one by one."""
    school = session.get(OrgUnit, job.params["unit_id"])
    batch_id = job.params.get("batch_id")
    certificates = queries.school_certificates(session, school, batch_id) if school is not None else []
    if not certificates:
        raise nothing_to_zip(school) if school is not None else NotFound(_("No such school."))
    step = max(1, len(certificates) // 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, cert in enumerate(certificates, 1):
            archive.writestr(f"{cert.name}-{cert.course}-{cert.code}.pdf", render(cert))
            if done % step == 0 or done == len(certificates):
                progress(5 + 90 * done // len(certificates),
                         _("%(done)d of %(total)d certificates", done=done, total=len(certificates)))
    return f"certificates-{school.id}" + (f"-batch{batch_id}" if batch_id else "") + ".zip"


AREA_ZIP_KIND = "certificates_area_zip"


def nothing_to_zip_in_area(unit: OrgUnit, batch) -> Conflict:
    return Conflict(NOTHING_TO_ZIP, _("No certificate of %(project)s, batch %(n)d has been issued in %(unit)s yet: "
                                      "a certificate is issued when a passed grade becomes final.",
                                      project=batch.project.name, n=batch.number, unit=unit.name))


def start_area_zip(session, actor, unit: OrgUnit, batch):
    """A batch's certificates in the whole of ``unit`` (a county, a city, the province) as an export job,
    one folder per school; refused at once when there is nothing to zip."""
    if not queries.area_certificates(session, unit, batch.id):
        raise nothing_to_zip_in_area(unit, batch)
    return exports.start(session, actor, AREA_ZIP_KIND,
                         _("Certificates of %(unit)s: %(project)s, batch %(n)d", unit=unit.name,
                           project=batch.project.name, n=batch.number),
                         {"unit_id": unit.id, "batch_id": batch.id})


def build_area_zip(session, job, out, progress) -> str:
    """The export job's builder (hook ``exports.certificates_area_zip``): ``<school>/<name>-<course>-<code>.pdf``."""
    unit = session.get(OrgUnit, job.params["unit_id"])
    batch = session.get(Batch, job.params["batch_id"])
    if unit is None or batch is None:
        raise NotFound(_("No such unit."))
    certificates = queries.area_certificates(session, unit, batch.id)
    if not certificates:
        raise nothing_to_zip_in_area(unit, batch)
    step = max(1, len(certificates) // 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, cert in enumerate(certificates, 1):
            archive.writestr(f"{cert.school}/{cert.name}-{cert.course}-{cert.code}.pdf", render(cert))
            if done % step == 0 or done == len(certificates):
                progress(5 + 90 * done // len(certificates),
                         _("%(done)d of %(total)d certificates", done=done, total=len(certificates)))
    return f"certificates-{unit.code or unit.id}-batch{batch.id}.zip"
