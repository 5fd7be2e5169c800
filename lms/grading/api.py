"""The grades API (docs/API.md "Grades and certificates"): an enrollment's grade, the project's policy,
tutors' recommendations and the class export. Reads compute grades without writing (services.grade_now)."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from lms.core.texts import text_renderer
from lms.extensions import db
from lms.grading import policies, queries, rules, schemas, services, sheets
from lms.web.api import Items, endpoint
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("grading_api", __name__, url_prefix="/api/v1")


def grade_dict(grade) -> dict:
    """docs/API.md's shape exactly, plus what the learner's page needs (hints, recommended)."""
    return {"total": grade.total, "passed": grade.passed, "excellent": grade.excellent,
            "plagiarism": grade.plagiarism, "final": grade.final, "components": grade.components,
            "recommended": grade.recommended, "missing": grade.hints}


@bp.get("/enrollments/<int:enrollment_id>/grade")
@endpoint(summary="An enrollment's grade with its 50/10/20/2/18 breakdown",
          response=schemas.GradeWithNeeds, errors=("403:forbidden", "404:not_found"),
          load={"enrollment": enrollment_queries.enrollment})
def get_grade(enrollment):
    grade = services.grade_now(db.session, enrollment)
    row = services.settings_for(db.session, enrollment.training_class.batch.project_id)
    return {**grade_dict(grade), "needed": rules.points_needed(grade, services.policy_of(row))}


@bp.post("/enrollments/<int:enrollment_id>/recommend")
@endpoint(summary="A tutor recommends an outstanding learner (score at the outstanding mark or above; a reason "
                  "for one who misses another criterion)",
          response=schemas.GradeOut, body=schemas.RecommendIn,
          errors=("403:forbidden", "404:not_found", "409:below_outstanding", "409:reason_required"),
          load={"enrollment": enrollment_queries.enrollment}, allow=policies.RECOMMEND)
def recommend(enrollment, data: schemas.RecommendIn):
    return grade_dict(services.recommend(db.session, current_user, enrollment, data.recommended, data.note))


@bp.get("/projects/<int:project_id>/grading-policy")
@endpoint(summary="A project's grading policy (weights, pass and outstanding marks, interaction targets)",
          response=schemas.GradingPolicyOut, errors=("403:forbidden", "404:not_found"),
          load={"project": queries.project}, allow=policies.SEE_GRADING_POLICY)
def get_policy(project):
    return services.settings_dict(services.settings_for(db.session, project.id))


@bp.put("/projects/<int:project_id>/grading-policy")
@endpoint(summary="Set a project's grading policy, before its first batch starts", response=schemas.GradingPolicyOut,
          body=schemas.GradingPolicyIn, errors=("403:forbidden", "404:not_found", "409:project_started"),
          load={"project": queries.project}, allow=policies.SET_GRADING_POLICY)
def put_policy(project, data: schemas.GradingPolicyIn):
    values = data.model_dump()
    reason = values.pop("reason")
    return services.settings_dict(services.save_settings(db.session, current_user, project, values, reason))


@bp.get("/classes/<int:class_id>/grades")
@endpoint(summary="Every active learner's grade in the class, with the outstanding learner's criteria",
          response=Items[schemas.ClassGrade], errors=("403:forbidden", "404:not_found"),
          load={"klass": queries.klass}, allow=policies.VIEW_CLASS_GRADES)
def class_grades(klass):
    rows, assessed = services.class_grades_now(db.session, klass)
    render = text_renderer()
    return {"items": [{"enrollment_id": r.enrollment_id, "teacher_id": r.teacher_id, "name": r.name,
                       **grade_dict(r.grade), **assessed[r.enrollment_id].as_dict(render)} for r in rows]}


@bp.get("/classes/<int:class_id>/grades.xlsx")
@endpoint(summary="The class's grades as an Excel workbook", errors=("403:forbidden", "404:not_found"),
          produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          load={"klass": queries.klass}, allow=policies.VIEW_CLASS_GRADES)
def class_grades_xlsx(klass):
    content = sheets.class_workbook(db.session, klass)
    return Response(content, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="grades-class-{klass.id}.xlsx"'})
