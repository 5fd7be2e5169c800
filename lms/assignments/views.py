"""Assignment pages: learners take quizzes and write (with autosave) and read their report; tutors
review a class's queue side by side with the sources; province admins set a course's assignments."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from lms.assignments import forms, papers, policies, queries, schemas, services, verdicts
from lms.assignments.models import BankQuestion, Submission
from lms.core.errors import DomainError, InvalidInput
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.api import parse_model
from lms.web.params import arg_page
from lms.web.locking import writes_on_read

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


def _flash_error(error: DomainError, form=None) -> None:
    if isinstance(error, InvalidInput) and form is not None:
        for name, message in error.fields.items():
            field = getattr(form, name.split(".")[0], None)
            if field is not None:
                field.errors = list(field.errors) + [message]
                continue
            flash(f"{name}: {message}", "danger")
        return
    for message in [error.message, *error.fields.values()]:
        flash(message, "danger")


# --- learners -----------------------------------------------------------------------------------

@bp.get("/enrollments/<int:enrollment_id>/assignments")
@login_required
def learner_list(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    rows = queries.learner_overview(db.session, enrollment)
    return render_template("assignments/learner_list.html", enrollment=enrollment, rows=rows,
                           closed=services.deadline_passed(enrollment.training_class.batch),
                           deadline=services.deadline(enrollment.training_class.batch),
                           is_learner=enrollment.teacher_id == current_user.id)


def _own(enrollment_id: int, assignment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    if enrollment.teacher_id != current_user.id:
        abort(403)
    assignment = queries.assignment_by_id(db.session, assignment_id)
    if assignment.course_id != enrollment.training_class.course_id:
        abort(404)
    return enrollment, assignment


@bp.route("/enrollments/<int:enrollment_id>/assignments/<int:assignment_id>", methods=["GET", "POST"])
@writes_on_read
@login_required
def work(enrollment_id: int, assignment_id: int):
    enrollment, assignment = _own(enrollment_id, assignment_id)
    # A quiz's inputs (q0, q1, …) are read by _submission_data; its bare form checks the CSRF token.
    form = forms.EssayForm() if assignment.kind == "subjective" else FlaskForm()
    if form.validate_on_submit():
        try:
            data = _submission_data(assignment, enrollment)
            submission = services.submit(db.session, current_user, assignment, data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            _flash_error(error, form if assignment.kind == "subjective" else None)
        else:
            if submission.kind == "subjective":
                flash(_("Handed in. Here is the originality report of your text."), "success")
                return redirect(url_for("assignments.report", submission_id=submission.id))
            flash(_("Handed in: %(score)s%% of the points.", score=submission.score_percent), "success")
            return redirect(url_for("assignments.work", enrollment_id=enrollment.id, assignment_id=assignment.id))
    view = queries.assignment_view(db.session, current_user, assignment, enrollment)
    db.session.commit()  # the learner's paper, drawn on the first look
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
@login_required
def report(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    data = queries.originality_view(db.session, current_user, submission, klass)
    return render_template("assignments/report.html", submission=submission, klass=klass, report=data,
                           segments=_segments(submission.text or "", data.get("matches", [])),
                           tutor=policies.can_review(current_user, klass),
                           quotation_form=FlaskForm() if policies.reads_reports(current_user) else None)


@bp.post("/submissions/<int:submission_id>/matches/<index:match>/common-quotation")
@login_required
def quotation_from_match(submission_id: int, match: int):
    """Province admin: "add to common quotations" on a matched passage of the report."""
    submission, _klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.reads_reports(current_user):
        abort(403)
    if FlaskForm().validate_on_submit():
        try:
            quotation = services.quotation_from_match(db.session, current_user, submission, match,
                                                      request.form.get("title", "")[:200])
            db.session.commit()
            flash(_("Added to the common quotations (%(n)d characters): later checks leave quotations of it out.",
                    n=len(quotation.text)), "success")
        except DomainError as error:
            db.session.rollback()
            _flash_error(error)
    return redirect(url_for("assignments.report", submission_id=submission.id))


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
@login_required
def tutor_home():
    if not current_user.has_role("tutor"):
        abort(403)
    return render_template("assignments/tutor_home.html", classes=queries.tutor_classes(db.session, current_user))


@bp.get("/classes/<int:class_id>/review")
@login_required
def queue(class_id: int):
    klass = queries.class_for_tutor(db.session, current_user, class_id)
    status = request.args.get("status", "all")
    if status not in ("all", "ungraded", "suspected"):
        status = "all"
    page = arg_page()
    rows, total = queries.class_queue(db.session, klass, status=status, page=page, per_page=50)
    return render_template("assignments/queue.html", klass=klass, rows=rows, total=total, status=status,
                           page=page, pages=max(1, (total + 49) // 50))


@bp.route("/submissions/<int:submission_id>/review", methods=["GET", "POST"])
@login_required
def review_page(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.can_review(current_user, klass):
        abort(403)
    form = forms.ReviewForm(prefix="review", obj=None if request.method == "POST" else submission)
    decision_form = forms.PlagiarismForm(prefix="plagiarism")
    if form.validate_on_submit():
        try:
            services.review(db.session, current_user, submission, klass,
                            schemas.ReviewIn(score=form.score.data, excellent=form.excellent.data,
                                             comment=form.comment.data or None))
            db.session.commit()
            flash(_("Review saved."), "success")
            return redirect(url_for("assignments.queue", class_id=klass.id))
        except DomainError as error:
            db.session.rollback()
            _flash_error(error, form)
    data = queries.originality_view(db.session, current_user, submission, klass)
    return render_template("assignments/review.html", submission=submission, klass=klass, report=data, form=form,
                           decision_form=decision_form,
                           segments=_segments(submission.text or "", data.get("matches", [])))


@bp.post("/submissions/<int:submission_id>/plagiarism-decision")
@login_required
def plagiarism_decision(submission_id: int):
    submission, klass = queries.submission_for(db.session, current_user, submission_id)
    if not policies.can_review(current_user, klass):
        abort(403)
    form = forms.PlagiarismForm(prefix="plagiarism")
    _act_on_posted_form(form, lambda: verdicts.decide(db.session, current_user, submission, klass, schemas.PlagiarismIn(
        decision=form.decision.data, reason=form.reason.data, confirm=form.confirm.data)),
        lambda: _("Plagiarism confirmed: the training has failed, its certificate is revoked and the teacher is "
                  "barred for the rest of the year.") if form.decision.data == "confirmed" else _("Suspicion cleared."))
    return redirect(url_for("assignments.review_page", submission_id=submission.id))


def _act_on_posted_form(form, action, success) -> None:
    """A form posted from another page: validate it, run ``action`` and commit once, then say how it went
    (``success()`` on success; a refusal or each field's error otherwise). The caller redirects back."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return
    try:
        action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        _flash_error(error)
        return
    flash(success(), "success")


# --- appeals ------------------------------------------------------------------------------------

@bp.post("/plagiarism-decisions/<int:decision_id>/appeal")
@login_required
def appeal(decision_id: int):
    decision = verdicts.decision_for(db.session, current_user, decision_id)
    submission = db.session.get(Submission, decision.submission_id)
    form = forms.AppealForm(prefix="appeal")
    _act_on_posted_form(form, lambda: verdicts.appeal(db.session, current_user, decision,
                                                      schemas.AppealIn(reason=form.reason.data)),
                        lambda: _("Your appeal was sent to the province admins; their decision is final."))
    return redirect(url_for("assignments.work", enrollment_id=submission.enrollment_id,
                            assignment_id=submission.assignment_id))


@bp.get("/appeals")
@login_required
def appeals():
    if not policies.can_decide_appeals(current_user):
        abort(403)
    status = request.args.get("status", "pending")
    if status not in ("pending", "upheld", "overturned", "all"):
        status = "pending"
    page = arg_page()
    rows, total = verdicts.appeals_queue(db.session, current_user, status=status, page=page)
    return render_template("assignments/appeals.html", rows=rows, total=total, status=status, page=page,
                           pages=max(1, (total + 49) // 50))


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
@login_required
def appeal_page(appeal_id: int):
    row = verdicts.appeal_for(db.session, current_user, appeal_id)
    deciding = policies.can_decide_appeals(current_user)
    form = forms.AppealDecisionForm(prefix="decision")
    if request.method == "POST":
        if not deciding:
            abort(403)
        if form.validate_on_submit():
            try:
                verdicts.decide_appeal(db.session, current_user, row, schemas.AppealDecisionIn(
                    outcome=form.outcome.data, note=form.note.data, confirm=form.confirm.data))
                db.session.commit()
                flash(_("Decision recorded; it is final."), "success")
                return redirect(url_for("assignments.appeal_page", appeal_id=row.id))
            except DomainError as error:
                db.session.rollback()
                _flash_error(error, form)
    submission = db.session.get(Submission, row.decision.submission_id)
    return render_template("assignments/appeal.html", appeal=row, decision=row.decision, submission=submission,
                           form=form, deciding=deciding)


# --- province admins ----------------------------------------------------------------------------

@bp.route("/courses/<int:course_id>/question-bank", methods=["GET", "POST"])
@login_required
def question_bank(course_id: int):
    course = project_queries.course_for(db.session, current_user, course_id)
    if not papers.sees_answers_always(db.session, current_user, course.id):
        abort(403)
    managing = policies.can_manage_assignments(current_user)
    form = forms.BankForm(prefix="bank")
    if request.method == "POST":
        if not managing:
            abort(403)
        if form.validate_on_submit():
            try:
                questions, problems = forms.parse_questions(form.questions.data)
                if problems:
                    raise InvalidInput(_("Please correct the questions."), {"questions": " ".join(problems)})
                data = parse_model(schemas.BankIn, {"questions": questions})
                papers.add_to_bank(db.session, current_user, course, [q.model_dump() for q in data.questions])
                db.session.commit()
                flash(_("Questions added to the bank."), "success")
                return redirect(url_for("assignments.question_bank", course_id=course.id))
            except DomainError as error:
                db.session.rollback()
                _flash_error(error, form)
    return render_template("assignments/bank.html", course=course, form=form, managing=managing,
                           questions=papers.bank_of(db.session, course.id), question_help=forms.QUESTION_FORMAT_HELP)


@bp.post("/bank-questions/<int:question_id>/remove")
@login_required
def remove_bank_question(question_id: int):
    question = db.session.get(BankQuestion, question_id)
    if question is None:
        abort(404)
    course_id = question.course_id
    try:
        papers.remove_from_bank(db.session, current_user, question)
        db.session.commit()
        flash(_("Question removed from the bank."), "success")
    except DomainError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        _flash_error(error)
    return redirect(url_for("assignments.question_bank", course_id=course_id))


@bp.route("/courses/<int:course_id>/assignments", methods=["GET", "POST"])
@login_required
def manage(course_id: int):
    course = project_queries.course_for(db.session, current_user, course_id)
    if not policies.can_manage_assignments(current_user):
        abort(403)
    kind = request.form.get("kind") if request.method == "POST" else None
    subjective = forms.SubjectiveAssignmentForm(prefix="s", formdata=None if kind != "subjective" else request.form)
    objective = forms.ObjectiveAssignmentForm(prefix="o", formdata=None if kind != "objective" else request.form)
    form = {"subjective": subjective, "objective": objective}.get(kind)
    if form is not None and form.validate_on_submit():
        try:
            data = _assignment_data(kind, form)
            services.create_assignment(db.session, current_user, course, data)
            db.session.commit()
            flash(_("Assignment added."), "success")
            return redirect(url_for("assignments.manage", course_id=course.id))
        except DomainError as error:
            db.session.rollback()
            _flash_error(error, form)
    return render_template("assignments/manage.html", course=course, subjective=subjective, objective=objective,
                           assignments=queries.course_assignments(db.session, course.id),
                           question_help=forms.QUESTION_FORMAT_HELP)


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
