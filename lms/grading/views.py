"""Grade pages: the learner's breakdown with what is missing in words; a class's grades for its tutors
(recommendations, Excel); the project's grading policy for province admins."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import DomainError
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.grading import forms, queries, services, sheets
from lms.projects.models import Project, TrainingClass
from lms.web.locking import writes_on_read

bp = Blueprint("grading", __name__)

COMPONENT_LABELS = {"study": _l("Course study time"), "objective": _l("Objective questions"),
                    "subjective": _l("Written assignment"), "excellent_work": _l("Excellent work"),
                    "interaction": _l("Interaction (forum and Q&A)")}


def hint_text(hint: dict) -> str:
    """One line of "what is missing" in words, from rules.what_is_missing's plain hint."""
    points = "%g" % hint.get("points", 0)
    component, reason = hint["component"], hint.get("reason")
    if component == "plagiarism":
        return _("Plagiarism was confirmed: this training has failed, whatever the score.")
    if component == "study":
        return _("Watch %(n)d more minutes of the course for full marks.", n=hint["minutes"])
    if component == "objective":
        return (_("Take the course quiz: up to %(points)s points.", points=points) if reason == "missing"
                else _("Your quiz results leave %(points)s points open.", points=points))
    if component == "subjective":
        return (_("Hand in the written assignment; once a tutor reviews it, it earns up to %(points)s points.",
                  points=points) if reason == "missing"
                else _("Your reviewed written work leaves %(points)s points open.", points=points))
    if component == "excellent_work":
        return _("Work a tutor marks as excellent earns %(points)s more points.", points=points)
    part, n = hint.get("part"), hint.get("count", 0)
    if part == "topics":
        return _("Start %(n)d more forum topic(s) that count: %(points)s points.", n=n, points=points)
    if part == "replies":
        return _("Write %(n)d more forum replies that count: %(points)s points.", n=n, points=points)
    return _("Ask a question in %(n)d more expert Q&A session(s): %(points)s points.", n=n, points=points)


@bp.get("/grades/<int:enrollment_id>")
@writes_on_read
@login_required
def grade_page(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    grade = services.recompute_grade(db.session, enrollment.id)
    db.session.commit()
    row = services.settings_for(db.session, enrollment.training_class.batch.project_id)
    return render_template("grading/grade.html", enrollment=enrollment, grade=grade, settings=row,
                           needed=services.needed(grade, row), hints=[hint_text(h) for h in grade.hints],
                           labels=COMPONENT_LABELS, closes_at=services.closes_at(enrollment.training_class.batch, row))


def _class(class_id: int) -> TrainingClass:
    klass = db.session.get(TrainingClass, class_id)
    if klass is None:
        abort(404)
    if not queries.can_view_class_grades(db.session, current_user, klass):
        abort(403)
    return klass


@bp.get("/classes/<int:class_id>/grades")
@writes_on_read
@login_required
def class_page(class_id: int):
    klass = _class(class_id)
    rows = sheets.class_rows(db.session, klass)
    db.session.commit()
    row = services.settings_for(db.session, klass.batch.project_id)
    return render_template("grading/class.html", klass=klass, rows=rows, settings=row)


@bp.post("/classes/<int:class_id>/grades/<int:enrollment_id>/recommend")
@login_required
def recommend(class_id: int, enrollment_id: int):
    klass = _class(class_id)
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    if enrollment.class_id != klass.id:
        abort(404)
    form = forms.RecommendForm()
    if form.validate_on_submit():
        try:
            services.recommend(db.session, current_user, enrollment, request.form.get("recommended") == "1",
                               form.note.data)
            db.session.commit()
            flash(_("Saved."), "success")
        except DomainError as error:
            flash(error.message, "danger")
    return redirect(url_for("grading.class_page", class_id=klass.id))


@bp.route("/projects/<int:project_id>/grading-policy", methods=["GET", "POST"])
@login_required
def policy_page(project_id: int):
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if not current_user.has_role("province_admin"):
        abort(403)
    row = services.settings_for(db.session, project.id)
    form = forms.GradingPolicyForm(obj=row)
    if form.validate_on_submit():
        try:
            services.save_settings(db.session, current_user, project,
                                   {f.name: f.data for f in form if f.name != "csrf_token"})
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("grading.policy_page", project_id=project.id))
        except DomainError as error:
            db.session.rollback()
            flash(" ".join([error.message, *error.fields.values()]), "danger")
    return render_template("grading/policy.html", project=project, form=form,
                           started=services.project_started(project, clock.now()))
