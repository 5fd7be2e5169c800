"""Pages: announcements, class briefings, the learner's course evaluation and its anonymous summary."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.core import scope
from lms.core.errors import DomainError
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.projects import policies as project_policies
from lms.reports import notices, services

bp = Blueprint("notices", __name__)


class NoticeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20_000)])


class EvaluationForm(FlaskForm):
    rating = RadioField(_l("How useful was this course to your teaching?"), coerce=int,
                        choices=[(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")], validators=[DataRequired()])
    comment = TextAreaField(_l("What should be kept or changed? (optional, anonymous)"),
                            validators=[Optional(), Length(max=5000)])


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("notices.announcements"), _("Announcements"))]


def home_section(user):
    items = notices.announcements_for(db.session, user, limit=3)
    return {"template": "reports/_home_announcements.html", "items": items} if items else None



@bp.route("/announcements", methods=["GET", "POST"])
@login_required
def announcements():
    unit = scope.highest_admin_unit(current_user)
    form = NoticeForm()
    if unit is not None and form.validate_on_submit():
        services.announce(db.session, current_user, unit, form.title.data, form.body.data)
        db.session.commit()
        flash(_("Announced to %(name)s.", name=unit.name), "success")
        return redirect(url_for("notices.announcements"))
    return render_template("reports/announcements.html", items=notices.announcements_for(db.session, current_user),
                           form=form, unit=unit)


@bp.route("/classes/<int:class_id>/briefings", methods=["GET", "POST"])
@login_required
def briefings(class_id: int):
    klass = notices.class_for_people(db.session, current_user, class_id)
    form = NoticeForm()
    tutor = project_policies.is_tutor_of(current_user, klass)
    if tutor and form.validate_on_submit():
        services.brief(db.session, current_user, klass, form.title.data, form.body.data)
        db.session.commit()
        flash(_("The briefing was sent to the class."), "success")
        return redirect(url_for("notices.briefings", class_id=klass.id))
    return render_template("reports/briefings.html", klass=klass, items=notices.briefings(db.session, klass),
                           form=form, tutor=tutor)


@bp.route("/enrollments/<int:enrollment_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluation(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    if enrollment.teacher_id != current_user.id:
        abort(403)
    form = EvaluationForm()
    if form.validate_on_submit():
        try:
            services.evaluate(db.session, current_user, enrollment, form.rating.data, form.comment.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "warning")
        else:
            db.session.commit()
            flash(_("Thank you for your evaluation."), "success")
            return redirect(url_for("tracking.course_page", enrollment_id=enrollment.id))
    return render_template("reports/evaluation.html", enrollment=enrollment, form=form)


@bp.get("/classes/<int:class_id>/evaluations")
@login_required
def evaluations(class_id: int):
    klass = notices.class_for_staff(db.session, current_user, class_id)
    return render_template("reports/evaluations.html", klass=klass,
                           summary=notices.evaluation_summary(db.session, klass, current_user))
