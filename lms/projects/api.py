"""JSON API of projects, batches, courses and classes (docs/API.md, "Projects, batches, courses, classes")."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.projects import policies, queries, schemas, services
from lms.projects.models import Batch, Course
from lms.web.api import Page, endpoint, page_of

bp = Blueprint("projects_api", __name__, url_prefix="/api/v1")


@bp.post("/projects")
@endpoint(summary="Create a project; the jiangsu calendar generates its 9 batches (J3, J7)",
          body=schemas.ProjectCreate, response=schemas.ProjectOut, status=201, allow=policies.MANAGE_CATALOGUE,
          errors=("409:code_taken",))
def create_project(data: schemas.ProjectCreate):
    project = services.create_project(db.session, current_user, **data.model_dump())
    return project.to_dict(), 201


@bp.get("/projects")
@endpoint(summary="Projects, newest year first", query=schemas.ProjectListQuery, response=Page[schemas.ProjectOut],
          allow=policies.VIEW_CATALOGUE)
def list_projects(params: schemas.ProjectListQuery):
    rows, total = queries.list_projects(db.session, year=params.year, page=params.page, per_page=params.per_page)
    return page_of([p.to_dict() for p in rows], total, params)


@bp.get("/projects/<int:project_id>")
@endpoint(summary="A project with its batches", response=schemas.ProjectOut, load={"project": queries.project_for},
          errors=("404:not_found",))
def get_project(project):
    return project.to_dict()


@bp.patch("/projects/<int:project_id>")
@endpoint(summary="Correct a project's name, series, quota deadline and enrollment rules (a reason once a batch "
                  "has started)", body=schemas.ProjectUpdate, response=schemas.ProjectOut,
          load={"project": queries.project_for}, allow=policies.MANAGE_CATALOGUE,
          errors=("404:not_found", "409:reason_required"))
def update_project(project, data: schemas.ProjectUpdate):
    values = data.model_dump(exclude_unset=True)
    reason = values.pop("reason", None)
    if any(values.get(k, 0) is None for k in ("name", "series", "quota_deadline", "consecutive_year_rule",
                                              "minimum_percent")):
        raise InvalidInput(_("Please correct the marked fields."),
                           {k: _("Must not be empty.") for k, v in values.items() if v is None})
    return services.update_project(db.session, current_user, project, values, reason).to_dict()


@bp.get("/projects/<int:project_id>/batches")
@endpoint(summary="The batches of a project", response=Page[schemas.BatchOut], load={"project": queries.project_for},
          errors=("404:not_found",))
def list_batches(project):
    items = [b.to_dict() for b in project.batches]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/projects/<int:project_id>/batches")
@endpoint(summary="Add a batch with any dates (other provinces' calendars)", body=schemas.BatchCreate,
          response=schemas.BatchOut, status=201, load={"project": queries.project_for},
          allow=policies.MANAGE_CATALOGUE, errors=("404:not_found", "409:batch_number_taken"))
def add_batch(project, data: schemas.BatchCreate):
    return services.add_batch(db.session, current_user, project, **data.model_dump()).to_dict(), 201


@bp.get("/batches/<int:batch_id>")
@endpoint(summary="A batch with its project", response=schemas.BatchWithProject, load={"batch": queries.batch_for},
          errors=("404:not_found",))
def get_batch(batch):
    return dict(batch.to_dict(), project=batch.project.to_dict(with_batches=False))


@bp.patch("/batches/<int:batch_id>")
@endpoint(summary="Correct a batch's days and enrollment window (its first day never moves once it has started; its "
                  "last day then only with a reason)", body=schemas.BatchUpdate, response=schemas.BatchWithProject,
          load={"batch": queries.batch_for}, allow=policies.MANAGE_CATALOGUE,
          errors=("404:not_found", "409:batch_started", "409:batch_order", "409:reason_required"))
def update_batch(batch, data: schemas.BatchUpdate):
    batch = services.update_batch(db.session, current_user, batch, **data.model_dump())
    return dict(batch.to_dict(), project=batch.project.to_dict(with_batches=False))


@bp.get("/projects/<int:project_id>/changes")
@endpoint(summary="Corrections of a project and its batches, newest first, with their reasons",
          response=Page[schemas.ProjectChange], load={"project": queries.project_for}, errors=("404:not_found",))
def project_changes(project):
    items = [queries.change_dict(e) for e in queries.project_changes(db.session, project)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/courses")
@endpoint(summary="Create a course of the caller's level (province, city or county), a draft until expert review "
                  "passes and the province publishes it; required_minutes earns the full study-time score", body=schemas.CourseCreate,
          response=schemas.CourseOut, status=201, allow=policies.MAKE_COURSES)
def create_course(data: schemas.CourseCreate):
    return services.create_course(db.session, current_user, **data.model_dump()).to_dict(), 201


@bp.get("/courses")
@endpoint(summary="The caller's catalogue: published courses, and its own area's drafts and courses under review; "
                  "q searches titles and subjects", query=schemas.CourseListQuery,
          response=Page[schemas.CourseOut])
def list_courses(params: schemas.CourseListQuery):
    rows, total = queries.list_courses(db.session, current_user, text=params.q, subject=params.subject,
                                       stage=params.stage, status=params.status, page=params.page,
                                       per_page=params.per_page)
    return page_of([c.to_dict() for c in rows], total, params)


@bp.get("/courses/<int:course_id>")
@endpoint(summary="A course", response=schemas.CourseOut, load={"course": queries.course_for}, errors=("404:not_found",))
def get_course(course):
    return course.to_dict()


@bp.patch("/courses/<int:course_id>")
@endpoint(summary="Correct a draft course (its owning level only)", body=schemas.CourseUpdate,
          response=schemas.CourseOut, load={"course": queries.course_for}, allow=policies.EDIT_COURSE,
          errors=("403:forbidden", "404:not_found"))
def update_course(course, data: schemas.CourseUpdate):
    return services.update_course(db.session, current_user, course, data.model_dump(exclude_unset=True)).to_dict()


@bp.post("/classes")
@endpoint(summary="Create a class: one course in one batch, with its tutors", body=schemas.ClassCreate,
          response=schemas.ClassOut, status=201, allow=policies.MANAGE_CATALOGUE,
          errors=("404:not_found", "409:course_not_published"))
def create_class(data: schemas.ClassCreate):
    course = services.referenced(db.session, Course, data.course_id, "course_id")
    batch = services.referenced(db.session, Batch, data.batch_id, "batch_id")
    klass = services.create_class(db.session, current_user, course, batch, name=data.name, tutor_ids=data.tutor_ids)
    return klass.to_dict(), 201


@bp.get("/classes")
@endpoint(summary="Classes; open=true keeps those teachers may still choose", query=schemas.ClassListQuery,
          response=Page[schemas.ClassOut])
def list_classes(params: schemas.ClassListQuery):
    now = clock.now()
    open_at = now if params.open or not current_user.is_admin and not current_user.has_role("tutor", "expert") else None
    rows, total = queries.list_classes(db.session, batch_id=params.batch_id, course_id=params.course_id,
                                       open_at=open_at, page=params.page, per_page=params.per_page)
    return page_of([c.to_dict() for c in rows], total, params)


@bp.get("/classes/<int:class_id>")
@endpoint(summary="A class with its course, batch and tutors", response=schemas.ClassOut,
          load={"klass": queries.class_for}, errors=("404:not_found",))
def get_class(klass):
    return klass.to_dict()


@bp.patch("/classes/<int:class_id>")
@endpoint(summary="Rename a class or set its tutors", body=schemas.ClassUpdate,
          response=schemas.ClassOut, load={"klass": queries.class_for}, allow=policies.MANAGE_CATALOGUE,
          errors=("404:not_found",))
def update_class(klass, data: schemas.ClassUpdate):
    return services.update_class(db.session, current_user, klass, name=data.name, tutor_ids=data.tutor_ids).to_dict()
