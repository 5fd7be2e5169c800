"""The grades API (docs/API.md "Grades and certificates"): an enrollment's grade, the project's policy,
tutors' recommendations and the class export."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.errors import Forbidden, NotFound
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.grading import queries, schemas, services, sheets
from lms.projects.models import Project, TrainingClass
from lms.web.api import Items, body_checked_later, endpoint, json_body, parse_model
from lms.web.locking import writes_on_read

bp = Blueprint("grading_api", __name__, url_prefix="/api/v1")


def grade_dict(grade) -> dict:
    """docs/API.md's shape exactly, plus what the learner's page needs (hints, recommended)."""
    return {"total": grade.total, "passed": grade.passed, "excellent": grade.excellent,
            "plagiarism": grade.plagiarism, "final": grade.final, "components": grade.components,
            "recommended": grade.recommended, "missing": grade.hints}


@bp.get("/enrollments/<int:enrollment_id>/grade")
@writes_on_read
@endpoint(summary="An enrollment's grade with its 50/10/20/2/18 breakdown",
          response=schemas.GradeWithNeeds, errors=("403:forbidden", "404:not_found"))
def get_grade(enrollment_id: int):
    enrollment, school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    grade = services.recompute_grade(db.session, enrollment.id)
    db.session.commit()  # a GET that stores: the recomputed (or just frozen) grade
    row = services.settings_for(db.session, enrollment.training_class.batch.project_id)
    return {**grade_dict(grade), "needed": services.needed(grade, row)}


@bp.post("/enrollments/<int:enrollment_id>/recommend")
@body_checked_later(schemas.RecommendIn)
@endpoint(summary="A tutor recommends an outstanding learner (score at the outstanding mark or above)",
          response=schemas.GradeOut,
          errors=("403:forbidden", "404:not_found", "409:below_outstanding"))
def recommend(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    data = parse_model(schemas.RecommendIn, json_body())
    return grade_dict(services.recommend(db.session, current_user, enrollment, data.recommended, data.note))


def _project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound(_("No such project."))
    return project


@bp.get("/projects/<int:project_id>/grading-policy")
@endpoint(summary="A project's grading policy (weights, pass and outstanding marks, interaction targets)",
          response=schemas.GradingPolicyOut,
          errors=("403:forbidden", "404:not_found"))
def get_policy(project_id: int):
    project = _project(project_id)
    if not (current_user.is_admin or current_user.has_role("tutor", "expert")):
        raise Forbidden(_("Only admins, tutors and experts see the grading policy."))
    return services.settings_dict(services.settings_for(db.session, project.id))


@bp.put("/projects/<int:project_id>/grading-policy")
@body_checked_later(schemas.GradingPolicyIn)
@endpoint(summary="Set a project's grading policy, before its first batch starts", response=schemas.GradingPolicyOut,
          errors=("403:forbidden", "404:not_found", "409:project_started"))
def put_policy(project_id: int):
    project = _project(project_id)
    if not current_user.has_role("province_admin"):
        raise Forbidden(_("Only a province admin sets the grading policy."))
    data = parse_model(schemas.GradingPolicyIn, json_body())
    return services.settings_dict(services.save_settings(db.session, current_user, project, data.model_dump()))


def _class_for_grades(class_id: int) -> TrainingClass:
    klass = db.session.get(TrainingClass, class_id)
    if klass is None:
        raise NotFound(_("No such class."))
    if not queries.can_view_class_grades(db.session, current_user, klass):
        raise Forbidden(_("Only the class's tutors and province admins see the class's grades."))
    return klass


@bp.get("/classes/<int:class_id>/grades")
@writes_on_read
@endpoint(summary="Every active learner's grade in the class",
          response=Items[schemas.ClassGrade], errors=("403:forbidden", "404:not_found"))
def class_grades(class_id: int):
    klass = _class_for_grades(class_id)
    rows = sheets.class_rows(db.session, klass)
    db.session.commit()
    return {"items": [{"enrollment_id": e.id, "teacher_id": e.teacher_id, "name": e.teacher.name,
                       **grade_dict(g)} for e, g, _school in rows]}


@bp.get("/classes/<int:class_id>/grades.xlsx")
@writes_on_read
@endpoint(summary="The class's grades as an Excel workbook", errors=("403:forbidden", "404:not_found"),
          produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def class_grades_xlsx(class_id: int):
    klass = _class_for_grades(class_id)
    content = sheets.class_workbook(db.session, klass)
    db.session.commit()
    return Response(content, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="grades-class-{klass.id}.xlsx"'})
