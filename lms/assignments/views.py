"""Assignment pages: learners take quizzes and write (with autosave) and read their report; tutors
review a class's queue side by side with the sources; province admins set a course's assignments."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from lms.assignments import forms, papers, policies, queries, schemas, services, verdicts
from lms.assignments.models import Assignment, Submission
from lms.core.errors import InvalidInput, NotFound
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.api import parse_model
from lms.web.params import arg_page
from lms.web.pipeline import page

bp = Blueprint("assignments", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    items = [(url_for("assignments.tutor_home"), _("Review assignments"))] if user.has_role("tutor") else []
    if policies.can_decide_appeals(user):
        items.append((url_for("assignments.appeals"), _("Plagiarism appeals")))
    return items


def learner_section(user):
    if not user.has_role("teacher"):
        return None
    rows = [e for e in enrollment_queries.my_enrollments(db.session, user) if e.status == "active"]
    if not rows:
        return None
    items = []
    for e in rows:
        overview = queries.learner_overview(db.session, e)
        items.append({"enrollment": e, "total": len(overview),
                      "done": sum(1 for row in overview if row["submission"] is not None)})
    return {"template": "assignments/_home_learner.html", "rows": items}


def tutor_section(user):
    if not user.has_role("tutor"):
        return None
    classes = queries.tutor_classes(db.session, user)[:6]
    return {"template": "assignments/_home_tutor.html", "classes": classes} if classes else None


# --- learners -----------------------------------------------------------------------------------

ENROLLMENT = {"enrollment": enrollment_queries.enrollment}
WORK = {"enrollment": enrollment_queries.enrollment, "assignment": queries.assignment_for}
SUBMISSION = {"submission": queries.submission_for}


@bp.get("/enrollments/<int:enrollment_id>/assignments")
@page(load=ENROLLMENT)
def learner_list(enrollment):
    rows = queries.learner_overview(db.session, enrollment)
    return render_template("assignments/learner_list.html", enrollment=enrollment, rows=rows,
                           closed=services.deadline_passed(enrollment.training_class.batch),
                           deadline=services.deadline(enrollment.training_class.batch),
                           is_learner=enrollment.teacher_id == current_user.id)


def _in_course(enrollment, assignment) -> None:
    if assignment.course_id != enrollment.training_class.course_id:
        raise NotFound(_("No such assignment."))


def _answer_form():
    """A written answer's form, or a quiz's bare form (its inputs q0, q1, … are read by _submission_data)."""
    assignment = db.session.get(Assignment, request.view_args["assignment_id"])
    return forms.EssayForm() if assignment.kind == "subjective" else FlaskForm()


def _work(enrollment, assignment, form, error=None):
    _in_course(enrollment, assignment)
    if error is not None and assignment.kind == "objective":
        form.form_errors.extend(message for name, message in error.fields.items() if name != "enrollment_id")
    view = queries.assignment_view(db.session, current_user, assignment, enrollment)
    draft = queries.draft_of(db.session, assignment.id, enrollment.id)
    if assignment.kind == "subjective" and request.method == "GET":
        submitted = view.get("submission") or {}
        form.text.data = draft.text if draft else submitted.get("text", "")
    verdict = appeal = None
    if view.get("submission") and assignment.kind == "subjective":
        verdict = verdicts.verdict_in_force(db.session, view["submission"]["id"])
        appeal = verdicts.appeal_of(db.session, verdict.id) if verdict else None
    return render_template("assignments/work.html", enrollment=enrollment, assignment=assignment, view=view,
                           form=form, draft=draft, csrf=generate_csrf(), verdict=verdict, appeal=appeal,
                           appeal_form=forms.AppealForm(prefix="appeal"),
                           deadline=services.deadline(enrollment.training_class.batch),
                           draft_url=url_for("assignments_api.put_draft", assignment_id=assignment.id))


@bp.get("/enrollments/<int:enrollment_id>/assignments/<int:assignment_id>")
@page(load=WORK, allow=policies.OWN_ENROLLMENT, form=_answer_form)
def work(enrollment, assignment, form):
    return _work(enrollment, assignment, form)


@bp.post("/enrollments/<int:enrollment_id>/assignments/<int:assignment_id>")
@page(load=WORK, allow=policies.OWN_ENROLLMENT, form=_answer_form, again=_work)
def hand_in(enrollment, assignment, form):
    _in_course(enrollment, assignment)
    submission = services.submit(db.session, current_user, assignment, _submission_data(assignment, enrollment))
    if submission.kind == "subjective":
        flash(_("Handed in. Here is the originality report of your text."), "success")
        return redirect(url_for("assignments.report", submission_id=submission.id))
    # The quiz page itself says the result ("Handed in: …% of the points"): no second, flashed copy of it.
    return redirect(url_for("assignments.work", enrollment_id=enrollment.id, assignment_id=assignment.id))


def _submission_data(assignment, enrollment):
    if assignment.kind == "subjective":
        return parse_model(schemas.SubmissionIn, {"enrollment_id": enrollment.id, "text": request.form.get("text", "")})
    answers = []
    paper = papers.paper_of(db.session, assignment, enrollment, draw=True) or []
    for i in range(len(paper)):
        chosen = request.form.getlist(f"q{i}")
        if not all(c.isdigit() for c in chosen):
            raise InvalidInput(_("Please correct the marked fields."), {f"answers.{i}": _("Choose an option.")})
        answers.append(sorted(int(c) for c in chosen))
    return parse_model(schemas.SubmissionIn, {"enrollment_id": enrollment.id, "answers": answers})


@bp.get("/submissions/<int:submission_id>/report")
@page(load=SUBMISSION)
def report(submission):
    klass = submission.training_class
    data = queries.originality_view(db.session, current_user, submission, klass)
    return render_template("assignments/report.html", submission=submission, klass=klass, report=data,
                           segments=_segments(submission.text or "", data.get("matches", [])),
                           tutor=policies.can_review(current_user, klass),
                           quotation_form=FlaskForm() if policies.reads_reports(current_user) else None)


def _to_report(submission, **_):
    return url_for("assignments.report", submission_id=submission.id)


@bp.post("/submissions/<int:submission_id>/matches/<index:match>/common-quotation")
@page(load=SUBMISSION, allow=policies.MANAGE_QUOTATIONS, form=FlaskForm, back=_to_report)
def quotation_from_match(submission, match: int):
    """Province admin: "add to common quotations" on a matched passage of the report."""
    quotation = services.quotation_from_match(db.session, current_user, submission, match,
                                              request.form.get("title", "")[:200])
    flash(_("Added to the common quotations (%(n)d characters): later checks leave quotations of it out.",
            n=len(quotation.text)), "success")
    return redirect(_to_report(submission))


def _segments(text: str, matches: list[dict]) -> list[tuple[str, int | None]]:
    """The text cut into plain and copied stretches (index of the first match covering it)."""
    marks = [None] * len(text)
    for n, m in enumerate(matches):
        for i in range(m["start"], min(m["end"], len(text))):
            if marks[i] is None:
                marks[i] = n
    segments: list[tuple[str, int | None]] = []
    for ch, mark in zip(text, marks):
        if segments and segments[-1][1] == mark:
            segments[-1] = (segments[-1][0] + ch, mark)
        else:
            segments.append((ch, mark))
    return segments


# --- tutors -------------------------------------------------------------------------------------

@bp.get("/review")
@page(allow=policies.TUTOR)
def tutor_home():
    return render_template("assignments/tutor_home.html", classes=queries.tutor_classes(db.session, current_user))


@bp.get("/classes/<int:class_id>/review")
@page(load={"klass": project_queries.class_for}, allow=policies.REVIEW_CLASS)
def queue(klass):
    status = request.args.get("status", "all")
    if status not in ("all", "ungraded", "suspected"):
        status = "all"
    page_number = arg_page()
    rows, total = queries.class_queue(db.session, klass, status=status, page=page_number, per_page=50)
    return render_template("assignments/queue.html", klass=klass, rows=rows, total=total, status=status,
                           page=page_number, pages=max(1, (total + 49) // 50))


def _review_form():
    return forms.ReviewForm(prefix="review")


def _review(submission, form):
    klass = submission.training_class
    data = queries.originality_view(db.session, current_user, submission, klass)
    return render_template("assignments/review.html", submission=submission, klass=klass, report=data, form=form,
                           decision_form=forms.PlagiarismForm(prefix="plagiarism"),
                           segments=_segments(submission.text or "", data.get("matches", [])))


@bp.get("/submissions/<int:submission_id>/review")
@page(load=SUBMISSION, allow=policies.REVIEW)
def review_page(submission):
    return _review(submission, forms.ReviewForm(prefix="review", obj=submission))


@bp.post("/submissions/<int:submission_id>/review")
@page(load=SUBMISSION, allow=policies.REVIEW, form=_review_form, again=_review)
def review(submission, form):
    services.review(db.session, current_user, submission, submission.training_class,
                    schemas.ReviewIn(score=form.score.data, excellent=form.excellent.data,
                                     comment=form.comment.data or None))
    flash(_("Review saved."), "success")
    return redirect(url_for("assignments.queue", class_id=submission.class_id))


def _to_review(submission, **_):
    return url_for("assignments.review_page", submission_id=submission.id)


@bp.post("/submissions/<int:submission_id>/plagiarism-decision")
@page(load=SUBMISSION, allow=policies.RULE_ON_PLAGIARISM, form=lambda: forms.PlagiarismForm(prefix="plagiarism"),
      back=_to_review)
def plagiarism_decision(submission, form):
    verdicts.decide(db.session, current_user, submission, submission.training_class, schemas.PlagiarismIn(
        decision=form.decision.data, reason=form.reason.data, confirm=form.confirm.data))
    if form.decision.data == "confirmed":
        flash(_("Plagiarism confirmed: the training has failed, its certificate is revoked and the teacher is "
                "barred for the rest of the year."), "success")
    else:
        flash(_("Suspicion cleared."), "success")
    return redirect(_to_review(submission))


# --- appeals ------------------------------------------------------------------------------------

def _to_work_of(decision, **_):
    submission = db.session.get(Submission, decision.submission_id)
    return url_for("assignments.work", enrollment_id=submission.enrollment_id, assignment_id=submission.assignment_id)


@bp.post("/plagiarism-decisions/<int:decision_id>/appeal")
@page(load={"decision": verdicts.decision_for}, allow=policies.APPEAL,
      form=lambda: forms.AppealForm(prefix="appeal"), back=_to_work_of)
def appeal(decision, form):
    verdicts.appeal(db.session, current_user, decision, schemas.AppealIn(reason=form.reason.data))
    flash(_("Your appeal was sent to the province admins; their decision is final."), "success")
    return redirect(_to_work_of(decision))


@bp.get("/appeals")
@page(allow=policies.DECIDE_APPEALS)
def appeals():
    status = request.args.get("status", "pending")
    if status not in ("pending", "upheld", "overturned", "all"):
        status = "pending"
    page_number = arg_page()
    rows, total = verdicts.appeals_queue(db.session, current_user, status=status, page=page_number)
    return render_template("assignments/appeals.html", rows=rows, total=total, status=status, page=page_number,
                           pages=max(1, (total + 49) // 50))


APPEAL = {"appeal": verdicts.appeal_for}


def _decision_form():
    return forms.AppealDecisionForm(prefix="decision")


def _appeal(appeal, form):
    submission = db.session.get(Submission, appeal.decision.submission_id)
    return render_template("assignments/appeal.html", appeal=appeal, decision=appeal.decision, submission=submission,
                           form=form, deciding=policies.can_decide_appeals(current_user))


@bp.get("/appeals/<int:appeal_id>")
@page(load=APPEAL, form=_decision_form)
def appeal_page(appeal, form):
    return _appeal(appeal, form)


@bp.post("/appeals/<int:appeal_id>")
@page(load=APPEAL, allow=policies.DECIDE_APPEAL, form=_decision_form, again=_appeal)
def decide_appeal(appeal, form):
    verdicts.decide_appeal(db.session, current_user, appeal, schemas.AppealDecisionIn(
        outcome=form.outcome.data, note=form.note.data, confirm=form.confirm.data))
    flash(_("Decision recorded; it is final."), "success")
    return redirect(url_for("assignments.appeal_page", appeal_id=appeal.id))


# --- province admins ----------------------------------------------------------------------------

COURSE = {"course": project_queries.course_for}


def _bank_form():
    return forms.BankForm(prefix="bank")


def _bank(course, form):
    return render_template("assignments/bank.html", course=course, form=form,
                           managing=policies.can_manage_assignments(current_user),
                           questions=papers.bank_of(db.session, course.id), question_help=forms.QUESTION_FORMAT_HELP)


@bp.get("/courses/<int:course_id>/question-bank")
@page(load=COURSE, allow=policies.READ_BANK, form=_bank_form)
def question_bank(course, form):
    return _bank(course, form)


@bp.post("/courses/<int:course_id>/question-bank")
@page(load=COURSE, allow=policies.KEEP_BANK, form=_bank_form, again=_bank)
def add_to_bank(course, form):
    questions, problems = forms.parse_questions(form.questions.data)
    if problems:
        raise InvalidInput(_("Please correct the questions."), {"questions": " ".join(problems)})
    data = parse_model(schemas.BankIn, {"questions": questions})
    papers.add_to_bank(db.session, current_user, course, [q.model_dump() for q in data.questions])
    flash(_("Questions added to the bank."), "success")
    return redirect(url_for("assignments.question_bank", course_id=course.id))


@bp.post("/bank-questions/<int:question_id>/remove")
@page(load={"question": queries.bank_question_for}, allow=policies.KEEP_BANK, form=FlaskForm,
      back=lambda question, **_: url_for("assignments.question_bank", course_id=question.course_id))
def remove_bank_question(question):
    course_id = question.course_id
    papers.remove_from_bank(db.session, current_user, question)
    flash(_("Question removed from the bank."), "success")
    return redirect(url_for("assignments.question_bank", course_id=course_id))


def _assignment_form():
    """The form of the kind posted (each has its own prefix and token)."""
    kind = request.form.get("kind")
    if kind == "subjective":
        return forms.SubjectiveAssignmentForm(prefix="s")
    if kind == "objective":
        return forms.ObjectiveAssignmentForm(prefix="o")
    return FlaskForm(prefix="kind")  # no such kind: refused like a form without its token


def _manage(course, form=None):
    subjective = form if isinstance(form, forms.SubjectiveAssignmentForm) else \
        forms.SubjectiveAssignmentForm(prefix="s", formdata=None)
    objective = form if isinstance(form, forms.ObjectiveAssignmentForm) else \
        forms.ObjectiveAssignmentForm(prefix="o", formdata=None)
    return render_template("assignments/manage.html", course=course, subjective=subjective, objective=objective,
                           assignments=queries.course_assignments(db.session, course.id),
                           question_help=forms.QUESTION_FORMAT_HELP)


@bp.get("/courses/<int:course_id>/assignments")
@page(load=COURSE, allow=policies.MANAGE_ASSIGNMENTS)
def manage(course):
    return _manage(course)


@bp.post("/courses/<int:course_id>/assignments")
@page(load=COURSE, allow=policies.MANAGE_ASSIGNMENTS, form=_assignment_form, again=_manage)
def create_assignment(course, form):
    services.create_assignment(db.session, current_user, course, _assignment_data(request.form["kind"], form))
    flash(_("Assignment added."), "success")
    return redirect(url_for("assignments.manage", course_id=course.id))


def _assignment_data(kind: str, form):
    if kind == "subjective":
        return parse_model(schemas.SubjectiveIn, {"kind": kind, "title": form.title.data, "prompt": form.prompt.data,
                                                  "min_chars": form.min_chars.data or 0})
    if form.draw.data:
        if (form.questions.data or "").strip():
            raise InvalidInput(_("Please correct the marked fields."),
                               {"questions": _("Give the quiz's questions, or how many to draw from the question "
                                               "bank.")})
        return parse_model(schemas.ObjectiveIn, {"kind": kind, "title": form.title.data, "draw": form.draw.data})
    questions, problems = forms.parse_questions(form.questions.data or "")
    if problems:
        raise InvalidInput(_("Please correct the questions."), {"questions": " ".join(problems)})
    if not questions:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"questions": _("Give the quiz's questions, or how many to draw from the question bank.")})
    return parse_model(schemas.ObjectiveIn, {"kind": kind, "title": form.title.data, "questions": questions})


def class_links(user, klass) -> list[tuple[str, str]]:
    return [(url_for("assignments.queue", class_id=klass.id), _("Work to review"))] \
        if policies.can_review(user, klass) else []
