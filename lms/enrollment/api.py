"""JSON API of choices and enrollments (docs/API.md, "Enrollment")."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.errors import InvalidInput
from lms.enrollment import policies, queries, schemas, services
from lms.extensions import db
from lms.org import policies as org_policies
from lms.org.models import User
from lms.projects import queries as projects
from lms.projects.services import referenced
from lms.web.api import Page, endpoint, page_of

bp = Blueprint("enrollment_api", __name__, url_prefix="/api/v1")
REFUSALS = ("409:registration_closed", "409:quota_exhausted", "409:already_enrolled", "409:consecutive_year",
            "409:banned")


@bp.post("/classes/<int:class_id>/choices")
@endpoint(summary="A teacher chooses a class (visible to the school admin); choosing again changes nothing",
          response=schemas.ChoiceOut, status=(201, 200), load={"klass": queries.open_class}, allow=policies.CHOOSE,
          errors=("404:not_found", "409:registration_closed"))
def choose(klass):
    choice, created = services.choose(db.session, current_user, klass)
    return choice.to_dict(), 201 if created else 200


@bp.delete("/choices/<int:choice_id>")
@endpoint(summary="A teacher withdraws a choice", response=schemas.Deleted, load={"choice": queries.choice_for},
          allow=policies.WITHDRAW, errors=("404:not_found",))
def withdraw(choice):
    services.withdraw_choice(db.session, current_user, choice)
    return {"deleted": True}


@bp.get("/choices")
@endpoint(summary="Teachers' choices in the caller's area", query=schemas.ChoiceListQuery,
          response=Page[schemas.ChoiceOut], allow=org_policies.ADMINISTER)
def list_choices(params: schemas.ChoiceListQuery):
    rows, total = queries.choices_in_scope(db.session, current_user, batch_id=params.batch_id,
                                           school_id=params.school_id, page=params.page, per_page=params.per_page)
    return page_of([c.to_dict() for c in rows], total, params)


@bp.get("/me/choices")
@endpoint(summary="The signed-in teacher's choices", response=Page[schemas.ChoiceOut])
def my_choices():
    items = [c.to_dict() for c in queries.my_choices(db.session, current_user)]
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}


@bp.get("/me/enrollments")
@endpoint(summary="The signed-in teacher's enrollments", response=Page[schemas.EnrollmentOut])
def my_enrollments():
    items = [e.to_dict() for e in queries.my_enrollments(db.session, current_user)]
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}


@bp.post("/enrollments")
@endpoint(summary="Enroll a teacher in a class against the school's seats; first come, first served (J8)",
          body=schemas.EnrollmentCreate, response=schemas.EnrollmentOut, status=201,
          allow=policies.ENROLL_TEACHERS, errors=REFUSALS)
def enroll(data: schemas.EnrollmentCreate):
    klass = queries.class_to_enroll_in(db.session, data.class_id)
    if klass is None:
        raise InvalidInput(_("Please correct the marked fields."), {"class_id": _("Not found.")})
    teacher = queries.teacher_to_enroll(db.session, data.teacher_id)
    if teacher is None:
        raise InvalidInput(_("Please correct the marked fields."), {"teacher_id": _("Not found.")})
    # Any admin may call; the service checks that the caller administers the teacher's school (policies.ENROLL).
    return services.enroll(db.session, current_user, klass, teacher).to_dict(), 201


@bp.get("/enrollments")
@endpoint(summary="Enrollments in the caller's area, or of the classes a tutor tutors",
          query=schemas.EnrollmentListQuery, response=Page[schemas.EnrollmentOut], allow=policies.LIST_ENROLLMENTS)
def list_enrollments(params: schemas.EnrollmentListQuery):
    rows, total = queries.list_enrollments(db.session, current_user, batch_id=params.batch_id,
                                           class_id=params.class_id, school_id=params.school_id,
                                           status=params.status, page=params.page, per_page=params.per_page)
    return page_of([e.to_dict() for e in rows], total, params)


@bp.get("/enrollments/<int:enrollment_id>")
@endpoint(summary="An enrollment", response=schemas.EnrollmentOut, load={"enrollment": queries.enrollment},
          errors=("404:not_found",))
def get_enrollment(enrollment):
    return enrollment.to_dict()


@bp.post("/enrollments/<int:enrollment_id>/cancel")
@endpoint(summary="Cancel an enrollment before the batch ends; the seat returns to the school (J9)",
          response=schemas.Cancelled, load={"enrollment": queries.enrollment}, allow=policies.CHANGE_ENROLLMENT,
          errors=("404:not_found", "409:batch_ended", "409:enrollment_not_active"))
def cancel(enrollment):
    services.cancel(db.session, current_user, enrollment, queries.school_of(db.session, enrollment))
    return {"id": enrollment.id, "status": "cancelled"}


@bp.post("/enrollments/<int:enrollment_id>/replace")
@endpoint(summary="Give the seat to another teacher of the same school before the batch ends (J9)", status=201,
          body=schemas.Replacement, response=schemas.EnrollmentOut, load={"enrollment": queries.enrollment},
          allow=policies.CHANGE_ENROLLMENT,
          errors=("404:not_found", "409:batch_ended", "409:enrollment_not_active", "409:already_enrolled",
                  "409:consecutive_year", "409:banned"))
def replace(enrollment, data: schemas.Replacement):
    teacher = referenced(db.session, User, data.teacher_id, "teacher_id")
    return services.replace(db.session, current_user, enrollment, queries.school_of(db.session, enrollment),
                            teacher).to_dict(), 201


@bp.post("/projects/<int:project_id>/waivers")
@endpoint(summary="Province admin: let a teacher take the project's series two years running, with a reason (J2)",
          body=schemas.WaiverCreate, response=schemas.WaiverOut, status=201, load={"project": projects.project_for},
          allow=policies.GRANT_WAIVER, errors=("404:not_found",))
def grant_waiver(project, data: schemas.WaiverCreate):
    teacher = referenced(db.session, User, data.teacher_id, "teacher_id")
    return services.grant_waiver(db.session, current_user, project, teacher, data.reason).to_dict(), 201
