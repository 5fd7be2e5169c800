"""The assignments API (docs/API.md "Assignments and originality"): assignments, submissions, drafts,
the originality report, tutors' review and plagiarism decisions."""
from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.assignments import papers, policies, queries, schemas, services, verdicts
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.originality.schemas import QuotationFromMatchIn, QuotationOut
from lms.projects import queries as project_queries
from lms.web.api import Items, Page, PageParams, body_checked_later, endpoint, json_body, page_of, parse_model
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("assignments_api", __name__, url_prefix="/api/v1")

COURSE = {"course": project_queries.course_for}
ASSIGNMENT = {"assignment": queries.assignment_for}
SUBMISSION = {"submission": queries.submission_for}
APPEAL = {"appeal": verdicts.appeal_for}


def _parse_assignment(data: dict):
    kind = data.get("kind")
    shape = schemas.ASSIGNMENT_SHAPES.get(kind) if isinstance(kind, str) else None
    if shape is None:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"kind": _("Must be one of: %(values)s.", values="'objective', 'subjective'")})
    return parse_model(shape, data)


@bp.post("/courses/<int:course_id>/assignments")
@body_checked_later(schemas.AssignmentIn)
@endpoint(summary="Set an assignment of a course: an objective quiz or a written assignment", status=201,
          response=schemas.AssignmentOut, load=COURSE, allow=policies.MANAGE_ASSIGNMENTS,
          errors=("404:not_found",))
def create_assignment(course):
    assignment = services.create_assignment(db.session, current_user, course, _parse_assignment(json_body()))
    return assignment.to_dict(with_answers=True), 201


@bp.get("/courses/<int:course_id>/assignments")
@endpoint(summary="A course's assignments (quiz answers only to the province, the course's tutors and experts; "
                  "a drawn quiz gives how many questions it draws)", response=Items[schemas.AssignmentOut],
          load=COURSE, allow=policies.SEE_COURSE_ASSIGNMENTS, errors=("404:not_found",))
def list_assignments(course):
    answers = policies.sees_course_answers(db.session, current_user, course.id)
    return {"items": [a.to_dict(with_answers=answers) for a in queries.course_assignments(db.session, course.id)]}


@bp.get("/courses/<int:course_id>/question-bank")
@endpoint(summary="The course's question bank, the pool drawn quizzes take each learner's paper from",
          response=schemas.BankOut, load=COURSE, allow=policies.READ_BANK, errors=("403:forbidden", "404:not_found"))
def get_bank(course):
    return {"course_id": course.id, "items": [q.to_dict(with_answers=True) for q in papers.bank_of(db.session, course.id)]}


@bp.post("/courses/<int:course_id>/question-bank")
@endpoint(summary="Add questions to the course's question bank", status=201, response=schemas.BankOut,
          body=schemas.BankIn, load=COURSE, allow=policies.KEEP_BANK, errors=("403:forbidden", "404:not_found"))
def add_bank(course, data: schemas.BankIn):
    rows = papers.add_to_bank(db.session, current_user, course, [q.model_dump() for q in data.questions])
    return {"course_id": course.id, "items": [q.to_dict(with_answers=True) for q in rows]}, 201


@bp.delete("/bank-questions/<int:question_id>")
@endpoint(summary="Remove a question from the bank (papers handed in keep it)", response=schemas.RemovedOut,
          load={"question": queries.bank_question_for}, allow=policies.KEEP_BANK,
          errors=("403:forbidden", "404:not_found", "409:bank_too_small"))
def remove_bank_question(question):
    question_id = question.id
    papers.remove_from_bank(db.session, current_user, question)
    return {"id": question_id, "removed": True}


def _enrollment(enrollment_id: int | None, assignment):
    """The enrollment named in the query, in the assignment's course."""
    if enrollment_id is None:
        return None
    enrollment = enrollment_queries.enrollment(db.session, current_user, enrollment_id)
    if enrollment.training_class.course_id != assignment.course_id:
        raise InvalidInput(_("This assignment belongs to another course."),
                           {"enrollment_id": _("Not an enrollment in this assignment's course.")})
    return enrollment


@bp.get("/assignments/<int:assignment_id>")
@endpoint(summary="An assignment; with enrollment_id, the learner's own paper of a quiz (drawn and shuffled "
                  "for them, answered in its order) and submission, and the paper's correct answers once every "
                  "batch of the course has closed the quiz", query=schemas.AssignmentQuery,
          response=schemas.AssignmentView, load=ASSIGNMENT, errors=("404:not_found",))
def get_assignment(assignment, params: schemas.AssignmentQuery):
    enrollment = _enrollment(params.enrollment_id, assignment)
    return queries.assignment_view(db.session, current_user, assignment, enrollment)


@bp.post("/assignments/<int:assignment_id>/submissions")
@endpoint(summary="Hand in: a quiz is scored at once, a written answer gets its originality check (J11)",
          response=schemas.SubmittedOut, body=schemas.SubmissionIn, load=ASSIGNMENT, allow=policies.HAND_IN,
          status=201, errors=("404:not_found", "409:deadline_passed", "409:enrollment_inactive",
                              "409:already_submitted", "409:plagiarism_confirmed"))
def submit(assignment, data: schemas.SubmissionIn):
    submission = services.submit(db.session, current_user, assignment, data)
    if submission.kind == "objective":
        return {"id": submission.id, "score_percent": submission.score_percent,
                "submitted_at": submission.submitted_at.isoformat()}, 201
    report = queries.originality_view(db.session, current_user, submission, submission.training_class)
    return {"id": submission.id, "version": submission.version, "submitted_at": submission.submitted_at.isoformat(),
            "originality": queries.learner_report(report)}, 201


@bp.get("/assignments/<int:assignment_id>/draft")
@endpoint(summary="The learner's saved draft of a written assignment", query=schemas.DraftQuery,
          response=schemas.DraftOut, load=ASSIGNMENT, allow=policies.HAND_IN, errors=("404:not_found",))
def get_draft(assignment, params: schemas.DraftQuery):
    enrollment, _klass, _batch = services.learner_context(db.session, current_user, assignment, params.enrollment_id)
    draft = queries.draft_of(db.session, assignment.id, enrollment.id)
    return {"assignment_id": assignment.id, "enrollment_id": enrollment.id, "text": draft.text if draft else "",
            "saved_at": draft.saved_at.isoformat() if draft else None}


@bp.put("/assignments/<int:assignment_id>/draft")
@endpoint(summary="Save the draft as the learner types (autosave)", response=schemas.DraftOut, body=schemas.DraftIn,
          load=ASSIGNMENT, allow=policies.HAND_IN,
          errors=("404:not_found", "409:deadline_passed", "409:enrollment_inactive"))
def put_draft(assignment, data: schemas.DraftIn):
    saved_at = services.save_draft(db.session, current_user, assignment, data.enrollment_id, data.text)
    return {"assignment_id": assignment.id, "enrollment_id": data.enrollment_id, "saved_at": saved_at.isoformat()}


@bp.get("/submissions/<int:submission_id>")
@endpoint(summary="A submission (the learner, the tutors of the class)",
          response=schemas.SubmissionOut, load=SUBMISSION, errors=("404:not_found",))
def get_submission(submission):
    return submission.to_dict()


@bp.get("/submissions/<int:submission_id>/originality")
@endpoint(summary="The full originality report with matched passages side by side (another learner's "
                  "text only to tutors)", response=schemas.OriginalityReport, load=SUBMISSION,
          errors=("404:not_found",))
def get_originality(submission):
    return queries.originality_view(db.session, current_user, submission, submission.training_class)


@bp.post("/submissions/<int:submission_id>/originality/matches/<index:match>/common-quotation")
@body_checked_later(QuotationFromMatchIn)
@endpoint(summary="Province admin: make a matched passage of the report a common quotation (left out of both "
                  "sides of later checks)", status=201, response=QuotationOut, load=SUBMISSION,
          allow=policies.MANAGE_QUOTATIONS, errors=("404:not_found",))
def quotation_from_match(submission, match: int):
    data = parse_model(QuotationFromMatchIn, json_body() if request.get_data() else {})  # the body is optional
    return services.quotation_from_match(db.session, current_user, submission, match, data.title).to_dict(), 201


@bp.post("/submissions/<int:submission_id>/review")
@endpoint(summary="A tutor's score (0-100), excellent work and comment", response=schemas.SubmissionOut,
          body=schemas.ReviewIn, load=SUBMISSION, allow=policies.REVIEW, errors=("404:not_found", "409:auto_graded"))
def review(submission, data: schemas.ReviewIn):
    return services.review(db.session, current_user, submission, submission.training_class, data).to_dict()


@bp.post("/submissions/<int:submission_id>/plagiarism")
@endpoint(summary="Confirm or clear a suspected plagiarism, with confirm: true. Confirmed, at any time (also "
                  "after grading closed): the training fails, its certificate is revoked, the teacher is banned "
                  "for the rest of the year and their other places that year are cancelled (J12)",
          response=schemas.DecisionOut, body=schemas.PlagiarismIn, load=SUBMISSION,
          allow=policies.RULE_ON_PLAGIARISM, errors=("404:not_found", "409:not_suspected"))
def plagiarism(submission, data: schemas.PlagiarismIn):
    decision = verdicts.decide(db.session, current_user, submission, submission.training_class, data)
    return {**decision.to_dict(), "submission": submission.to_dict()}


def _appeal_dict(row) -> dict:
    decision = row.decision
    return {**row.to_dict(), "teacher_name": row.teacher.name,
            "verdict": {**decision.to_dict(), "submission_id": decision.submission_id}}


@bp.post("/plagiarism-decisions/<int:decision_id>/appeal")
@endpoint(summary="The teacher appeals a confirmed verdict to the province admins (once, with reasons)", status=201,
          response=schemas.AppealOut, body=schemas.AppealIn, load={"decision": verdicts.decision_for},
          allow=policies.APPEAL,
          errors=("403:forbidden", "404:not_found", "409:not_appealable", "409:already_appealed"))
def appeal(decision, data: schemas.AppealIn):
    return _appeal_dict(verdicts.appeal(db.session, current_user, decision, data)), 201


@bp.get("/appeals")
@endpoint(summary="Plagiarism appeals of the province admin's area (status: pending, upheld, overturned, all)",
          query=schemas.AppealQuery, response=Page[schemas.AppealOut], allow=policies.DECIDE_APPEALS,
          errors=("403:forbidden",))
def appeals(params: schemas.AppealQuery):
    rows, total = verdicts.appeals_queue(db.session, current_user, status=params.status, page=params.page,
                                         per_page=params.per_page)
    return page_of([_appeal_dict(r) for r in rows], total, PageParams(page=params.page, per_page=params.per_page))


@bp.get("/appeals/<int:appeal_id>")
@endpoint(summary="An appeal (the teacher, the province admins of the area)", response=schemas.AppealOut,
          load=APPEAL, errors=("403:forbidden", "404:not_found"))
def get_appeal(appeal):
    return _appeal_dict(appeal)


@bp.post("/appeals/<int:appeal_id>/decision")
@endpoint(summary="A province admin's final decision on an appeal, with confirm: true: upheld keeps everything; "
                  "overturned restores the grade, the certificate and the teacher's places and lifts the ban",
          response=schemas.AppealOut, body=schemas.AppealDecisionIn, load=APPEAL, allow=policies.DECIDE_APPEAL,
          errors=("403:forbidden", "404:not_found", "409:appeal_decided"))
def decide_appeal(appeal, data: schemas.AppealDecisionIn):
    return _appeal_dict(verdicts.decide_appeal(db.session, current_user, appeal, data))


@bp.get("/classes/<int:class_id>/submissions")
@endpoint(summary="The tutors' review queue of a class (status: all, ungraded, suspected)",
          query=schemas.QueueQuery, response=Page[schemas.QueueItem], load={"klass": project_queries.class_for},
          allow=policies.REVIEW_CLASS, errors=("404:not_found",))
def class_submissions(klass, params: schemas.QueueQuery):
    rows, total = queries.class_queue(db.session, klass, status=params.status, assignment_id=params.assignment_id,
                                      page=params.page, per_page=params.per_page)
    items = [{**s.to_dict(), "learner_name": s.learner.name, "assignment_title": s.assignment.title} for s in rows]
    return page_of(items, total, params)


@bp.get("/enrollments/<int:enrollment_id>/assignments")
@endpoint(summary="The assignments of an enrollment's course with the learner's submissions",
          response=schemas.EnrollmentAssignments, load={"enrollment": enrollment_queries.enrollment},
          errors=("404:not_found",))
def enrollment_assignments(enrollment):
    items = []
    for row in queries.learner_overview(db.session, enrollment):
        a, s = row["assignment"], row["submission"]
        mine = s.to_dict() if s else None
        if mine is not None and current_user.id != enrollment.teacher_id:
            mine.pop("text", None)  # the writing itself is read on the submission (learner, tutors)
        items.append({"assignment": a.to_dict(with_answers=False), "submission": mine})
    return {"enrollment_id": enrollment.id, "items": items}
