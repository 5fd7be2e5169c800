"""The assignments API (API.md "Assignments and originality"): assignments, submissions, drafts,
the originality report, tutors' review and plagiarism decisions."""
from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.assignments import policies, queries, schemas, services
from lms.core.errors import Forbidden, InvalidInput
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.originality.schemas import QuotationFromMatchIn
from lms.projects import queries as project_queries
from lms.projects.models import TrainingClass
from lms.web.api import PageParams, body_checked_later, endpoint, json_body, page_of, parse_model

bp = Blueprint("assignments_api", __name__, url_prefix="/api/v1")


def _parse_assignment(data: dict):
    shape = schemas.ASSIGNMENT_SHAPES.get(data.get("kind"))
    if shape is None:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"kind": _("Must be one of: %(values)s.", values="'objective', 'subjective'")})
    return parse_model(shape, data)


@bp.post("/courses/<int:course_id>/assignments")
@body_checked_later(schemas.AssignmentIn)
@endpoint(summary="Set an assignment of a course: an objective quiz or a written assignment", status=201,
          errors=("404:not_found",))
def create_assignment(course_id: int):
    course = project_queries.course_for(db.session, current_user, course_id)
    if not policies.can_manage_assignments(current_user):
        raise Forbidden(_("Only province admins set a course's assignments."))
    assignment = services.create_assignment(db.session, current_user, course, _parse_assignment(json_body()))
    return assignment.to_dict(with_answers=True), 201


@bp.get("/courses/<int:course_id>/assignments")
@endpoint(summary="A course's assignments (quiz answers only to the province, tutors and experts)",
          errors=("404:not_found",))
def list_assignments(course_id: int):
    course = project_queries.course_for(db.session, current_user, course_id)
    if not queries.can_view_course_assignments(db.session, current_user, course.id):
        raise Forbidden(_("This course is not yours to see."))
    answers = policies.sees_answers_always(current_user)
    return {"items": [a.to_dict(with_answers=answers) for a in queries.course_assignments(db.session, course.id)]}


def _enrollment(enrollment_id: int | None, assignment):
    """The caller's own enrollment in the assignment's course, if named."""
    if enrollment_id is None:
        return None
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    if enrollment.training_class.course_id != assignment.course_id:
        raise InvalidInput(_("This assignment belongs to another course."),
                           {"enrollment_id": _("Not an enrollment in this assignment's course.")})
    return enrollment


@bp.get("/assignments/<int:assignment_id>")
@endpoint(summary="An assignment; with enrollment_id, the learner's submission, and after the batch "
                  "has ended the quiz's correct answers", query=schemas.AssignmentQuery, errors=("404:not_found",))
def get_assignment(assignment_id: int, params: schemas.AssignmentQuery):
    assignment = queries.assignment_for(db.session, current_user, assignment_id)
    enrollment = _enrollment(params.enrollment_id, assignment)
    return queries.assignment_view(db.session, current_user, assignment, enrollment)


@bp.post("/assignments/<int:assignment_id>/submissions")
@body_checked_later(schemas.SubmissionIn)
@endpoint(summary="Hand in: a quiz is scored at once, a written answer gets its originality check (J11)",
          status=201, errors=("404:not_found", "409:deadline_passed", "409:enrollment_inactive",
                              "409:already_submitted", "409:plagiarism_confirmed"))
def submit(assignment_id: int):
    assignment = queries.assignment_by_id(db.session, assignment_id)
    data = parse_model(schemas.SubmissionIn, json_body())
    submission = services.submit(db.session, current_user, assignment, data)
    if submission.kind == "objective":
        return {"id": submission.id, "score_percent": submission.score_percent,
                "submitted_at": submission.submitted_at.isoformat()}, 201
    klass = db.session.get(TrainingClass, submission.class_id)
    report = queries.originality_view(db.session, current_user, submission, klass)
    return {"id": submission.id, "version": submission.version, "submitted_at": submission.submitted_at.isoformat(),
            "originality": queries.learner_report(report)}, 201


@bp.get("/assignments/<int:assignment_id>/draft")
@endpoint(summary="The learner's saved draft of a written assignment", query=schemas.DraftQuery,
          errors=("404:not_found",))
def get_draft(assignment_id: int, params: schemas.DraftQuery):
    assignment = queries.assignment_by_id(db.session, assignment_id)
    enrollment, _klass, _batch = services.learner_context(db.session, current_user, assignment, params.enrollment_id)
    draft = queries.draft_of(db.session, assignment.id, enrollment.id)
    return {"assignment_id": assignment.id, "enrollment_id": enrollment.id, "text": draft.text if draft else "",
            "saved_at": draft.saved_at.isoformat() if draft else None}


@bp.put("/assignments/<int:assignment_id>/draft")
@body_checked_later(schemas.DraftIn)
@endpoint(summary="Save the draft as the learner types (autosave)",
          errors=("404:not_found", "409:deadline_passed", "409:enrollment_inactive"))
def put_draft(assignment_id: int):
    assignment = queries.assignment_by_id(db.session, assignment_id)
    data = parse_model(schemas.DraftIn, json_body())
    saved_at = services.save_draft(db.session, current_user, assignment, data.enrollment_id, data.text)
    return {"assignment_id": assignment.id, "enrollment_id": data.enrollment_id, "saved_at": saved_at.isoformat()}


@bp.get("/submissions/<int:submission_id>")
@endpoint(summary="A submission (the learner, the tutors of the class)", errors=("404:not_found",))
def get_submission(submission_id: int):
    submission, _klass = queries.submission_for(db.session, current_user, submission_id)
    return submission.to_dict()


@bp.get("/submissions/<int:submission_id>/originality")
@endpoint(summary="The full originality report with matched passages side by side (another learner's "
                  "text only to tutors)", errors=("404:not_found",))
def get_originality(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    return queries.originality_view(db.session, current_user, submission, klass)


@bp.post("/submissions/<int:submission_id>/originality/matches/<int:match>/common-quotation")
@body_checked_later(QuotationFromMatchIn)
@endpoint(summary="Province admin: make a matched passage of the report a common quotation (left out of both "
                  "sides of later checks)", status=201, errors=("404:not_found",))
def quotation_from_match(submission_id: int, match: int):
    submission, _klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.reads_reports(current_user):
        raise Forbidden(_("Only province admins manage the originality corpus."))
    data = parse_model(QuotationFromMatchIn, json_body() if request.get_data() else {})  # the body is optional
    return services.quotation_from_match(db.session, current_user, submission, match, data.title).to_dict(), 201


@bp.post("/submissions/<int:submission_id>/review")
@body_checked_later(schemas.ReviewIn)
@endpoint(summary="A tutor's score (0-100), excellent work and comment", errors=("404:not_found", "409:auto_graded"))
def review(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.can_review(current_user, klass):
        raise Forbidden(_("Only the tutors of the class review its assignments."))
    data = parse_model(schemas.ReviewIn, json_body())
    return services.review(db.session, current_user, submission, klass, data).to_dict()


@bp.post("/submissions/<int:submission_id>/plagiarism")
@body_checked_later(schemas.PlagiarismIn)
@endpoint(summary="Confirm (the training fails, the teacher is banned for the year: J12) or clear a "
                  "suspected plagiarism", errors=("404:not_found", "409:not_suspected"))
def plagiarism(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.can_review(current_user, klass):
        raise Forbidden(_("Only the tutors of the class rule on plagiarism."))
    data = parse_model(schemas.PlagiarismIn, json_body())
    decision = services.decide_plagiarism(db.session, current_user, submission, klass, data)
    return {**decision.to_dict(), "submission": submission.to_dict()}


@bp.get("/classes/<int:class_id>/submissions")
@endpoint(summary="The tutors' review queue of a class (status: all, ungraded, suspected)",
          query=schemas.QueueQuery, errors=("404:not_found",))
def class_submissions(class_id: int, params: schemas.QueueQuery):
    klass = queries.class_for_tutor(db.session, current_user, class_id)
    rows, total = queries.class_queue(db.session, klass, status=params.status, assignment_id=params.assignment_id,
                                      page=params.page, per_page=params.per_page)
    items = [{**s.to_dict(), "learner_name": s.learner.name, "assignment_title": s.assignment.title} for s in rows]
    return page_of(items, total, PageParams(page=params.page, per_page=params.per_page))


@bp.get("/enrollments/<int:enrollment_id>/assignments")
@endpoint(summary="The assignments of an enrollment's course with the learner's submissions",
          errors=("404:not_found",))
def enrollment_assignments(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    items = []
    for row in queries.learner_overview(db.session, enrollment):
        a, s = row["assignment"], row["submission"]
        mine = s.to_dict() if s else None
        if mine is not None and current_user.id != enrollment.teacher_id:
            mine.pop("text", None)  # the writing itself is read on the submission (learner, tutors)
        items.append({"assignment": a.to_dict(with_answers=False), "submission": mine})
    return {"enrollment_id": enrollment.id, "items": items}
