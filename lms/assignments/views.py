"""Assignment pages: learners take quizzes and write (with autosave) and read their report; tutors
review a class's queue side by side with the sources; province admins set a course's assignments."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from lms.assignments import forms, policies, queries, schemas, services
from lms.core.errors import DomainError, InvalidInput
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.api import parse_model
from lms.web.pages import HOME_SECTIONS
from lms.web.templating import AUDIT_LABELS, NAV_PROVIDERS

bp = Blueprint("assignments", __name__)

AUDIT_LABELS.update({
    "assignment.create": _l("Assignment set"), "submission.review": _l("Assignment reviewed"),
    "plagiarism.confirmed": _l("Plagiarism confirmed"), "plagiarism.cleared": _l("Plagiarism cleared"),
    "plagiarism.ban": _l("Teacher banned for plagiarism"),
    "reference_text.create": _l("Reference text added"),
    "boilerplate_template.create": _l("Template registered"), "boilerplate_template.delete": _l("Template removed"),
    "common_quotation.create": _l("Common quotation added"), "common_quotation.delete": _l("Common quotation removed"),
})


def _nav(user) -> list[tuple[str, str]]:
    return [(url_for("assignments.tutor_home"), _("Review assignments"))] if user.has_role("tutor") else []


NAV_PROVIDERS.append(_nav)


def _learner_section(user):
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


def _tutor_section(user):
    if not user.has_role("tutor"):
        return None
    classes = queries.tutor_classes(db.session, user)[:6]
    return {"template": "assignments/_home_tutor.html", "classes": classes} if classes else None


HOME_SECTIONS.extend([_learner_section, _tutor_section])


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
    draft = queries.draft_of(db.session, assignment.id, enrollment.id)
    if assignment.kind == "subjective" and request.method == "GET":
        submitted = view.get("submission") or {}
        form.text.data = draft.text if draft else submitted.get("text", "")
    return render_template("assignments/work.html", enrollment=enrollment, assignment=assignment, view=view,
                           form=form, draft=draft, csrf=generate_csrf(),
                           deadline=services.deadline(enrollment.training_class.batch),
                           draft_url=url_for("assignments_api.put_draft", assignment_id=assignment.id))


def _submission_data(assignment, enrollment):
    if assignment.kind == "subjective":
        return parse_model(schemas.SubmissionIn, {"enrollment_id": enrollment.id, "text": request.form.get("text", "")})
    answers = []
    for i in range(len(assignment.questions or [])):
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


@bp.post("/submissions/<int:submission_id>/matches/<int:match>/common-quotation")
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
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
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
    if form.validate_on_submit():
        try:
            services.decide_plagiarism(db.session, current_user, submission, klass,
                                       schemas.PlagiarismIn(decision=form.decision.data, reason=form.reason.data))
            db.session.commit()
            flash(_("Plagiarism confirmed: the training has failed and the teacher is banned for this year.")
                  if form.decision.data == "confirmed" else _("Suspicion cleared."), "success")
        except DomainError as error:
            db.session.rollback()
            _flash_error(error)
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
    return redirect(url_for("assignments.review_page", submission_id=submission.id))


# --- province admins ----------------------------------------------------------------------------

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
    questions, problems = forms.parse_questions(form.questions.data)
    if problems:
        raise InvalidInput(_("Please correct the questions."), {"questions": " ".join(problems)})
    return parse_model(schemas.ObjectiveIn, {"kind": kind, "title": form.title.data, "questions": questions})
