"""Read side of certificates: loaders of the certificate routes and the stored certificates."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import object_session

from lms.certificates.models import Certificate
from lms.core import scope
from lms.core.errors import NotFound
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.projects import queries as project_queries


def school_of(enrollment: Enrollment) -> OrgUnit:
    return object_session(enrollment).get(OrgUnit, enrollment.school_id)


def session_of(cert: Certificate):
    return object_session(cert)


def project(session, actor, project_id: int):
    """The pipeline's loader of the project whose issuing body and seal are set (policies.SET_ISSUER)."""
    return project_queries.project_for(session, actor, project_id)


def school(session, actor, unit_id: int) -> OrgUnit:
    """The pipeline's loader of the school whose certificates are zipped; who may is policies.ZIP_SCHOOL."""
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.level != "school":
        raise NotFound(_("No such school."))
    return unit


def certificate_of(session, enrollment_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.enrollment_id == enrollment_id))


def by_code(session, code: str) -> Certificate | None:
    if not code or len(code) > 32:
        return None
    return session.scalar(select(Certificate).where(Certificate.code == code.strip().upper()))


def school_certificates(session, school: OrgUnit, batch_id: int | None) -> list[Certificate]:
    """The valid (issued, not revoked) certificates of the school's active learners, of one batch if given."""
    query = (select(Certificate).join(Enrollment, Certificate.enrollment_id == Enrollment.id)
             .where(Enrollment.school_id == school.id, Enrollment.status == "active", Certificate.revoked_at.is_(None)))
    if batch_id is not None:
        query = query.where(Enrollment.batch_id == batch_id)
    return list(session.scalars(query.order_by(Enrollment.id)))


def area_certificates(session, unit: OrgUnit, batch_id: int) -> list[Certificate]:
    """The valid certificates of one batch's active learners of every school under ``unit``, school by school."""
    return list(session.scalars(
        select(Certificate).join(Enrollment, Certificate.enrollment_id == Enrollment.id)
        .join(OrgUnit, Enrollment.school_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, unit), Enrollment.batch_id == batch_id, Enrollment.status == "active",
               Certificate.revoked_at.is_(None))
        .order_by(Enrollment.school_id, Enrollment.id)))


def my_certificates(session, user_id: int) -> list[Certificate]:
    """The training certificates issued to the user (revoked ones too: they say so), newest first."""
    return list(session.scalars(select(Certificate).join(Enrollment, Certificate.enrollment_id == Enrollment.id)
                                .where(Enrollment.teacher_id == user_id)
                                .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def certificates_in_area(session, actor, unit: OrgUnit | None, *, batch_id: int | None, revoked: bool | None,
                         page: int, per_page: int) -> tuple[list[tuple[Certificate, Enrollment]], int]:
    """Training certificates of learners of schools under ``unit`` (or under any of the actor's admin units),
    with their enrollments, newest first, a page at a time."""
    units = [unit] if unit is not None else scope.admin_units(actor)
    if not units:
        return [], 0
    query = (select(Certificate, Enrollment).join(Enrollment, Certificate.enrollment_id == Enrollment.id)
             .join(OrgUnit, Enrollment.school_id == OrgUnit.id)
             .where(or_(*(scope.subtree_filter(OrgUnit, u) for u in units))))
    if batch_id is not None:
        query = query.where(Enrollment.batch_id == batch_id)
    if revoked is not None:
        query = query.where(Certificate.revoked_at.is_not(None) if revoked else Certificate.revoked_at.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                           .limit(per_page).offset((page - 1) * per_page)).all()
    return [(cert, enrollment) for cert, enrollment in rows], total
