"""Pages: announcements, class briefings, the learner's course evaluation and its anonymous summary."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lms.core import scope
from lms.extensions import db
from lms.reports import notices, policies, services
from lms.web.pipeline import page
from lms.enrollment import queries as enrollment_queries
from lms.forum import policies as forum_policies

bp = Blueprint("notices", __name__)
CLASS = {"klass": notices.class_for_people}
ENROLLMENT = {"enrollment": enrollment_queries.enrollment}


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


def _announcements_page(form=None, **_):
    return render_template("reports/announcements.html", items=notices.announcements_for(db.session, current_user),
                           form=form or NoticeForm(), unit=scope.highest_admin_unit(current_user))


@bp.get("/announcements")
@page()
def announcements():
    return _announcements_page()


@bp.post("/announcements")
@page(load={"root": scope.admin_root}, allow=policies.ANNOUNCE, form=NoticeForm, again=_announcements_page)
def announce(root, form):
    services.announce(db.session, current_user, root, form.title.data, form.body.data)
    flash(_("Announced to %(name)s.", name=root.name), "success")
    return redirect(url_for("notices.announcements"))


def _briefings_page(klass, form=None, **_):
    return render_template("reports/briefings.html", klass=klass, items=notices.briefings(db.session, klass),
                           form=form or NoticeForm(), tutor=policies.can_brief(current_user, klass))


@bp.get("/classes/<int:class_id>/briefings")
@page(load=CLASS)
def briefings(klass):
    return _briefings_page(klass)


@bp.post("/classes/<int:class_id>/briefings")
@page(load=CLASS, allow=policies.BRIEF, form=NoticeForm, again=_briefings_page)
def brief(klass, form):
    services.brief(db.session, current_user, klass, form.title.data, form.body.data)
    flash(_("The briefing was sent to the class."), "success")
    return redirect(url_for("notices.briefings", class_id=klass.id))


def _evaluation_page(enrollment, form=None, **_):
    return render_template("reports/evaluation.html", enrollment=enrollment, form=form or EvaluationForm(),
                           refusal=services.evaluation_refusal(db.session, enrollment))


@bp.get("/enrollments/<int:enrollment_id>/evaluation")
@page(load=ENROLLMENT, allow=policies.EVALUATE)
def evaluation(enrollment):
    return _evaluation_page(enrollment)


@bp.post("/enrollments/<int:enrollment_id>/evaluation")
@page(load=ENROLLMENT, allow=policies.EVALUATE, form=EvaluationForm, again=_evaluation_page)
def evaluate(enrollment, form):
    services.evaluate(db.session, current_user, enrollment, form.rating.data, form.comment.data)
    flash(_("Thank you for your evaluation."), "success")
    return redirect(url_for("tracking.course_page", enrollment_id=enrollment.id))


@bp.get("/classes/<int:class_id>/evaluations")
@page(load=CLASS, allow=policies.READ_EVALUATIONS)
def evaluations(klass):
    return render_template("reports/evaluations.html", klass=klass,
                           summary=notices.evaluation_summary(db.session, klass, current_user))


def class_links(user, klass) -> list[tuple[str, str]]:
    """Briefings for the people of the class; the evaluations' summary for those of them who read it."""
    if not forum_policies.can_view(db.session, user, klass):
        return []
    links = [(url_for("notices.briefings", class_id=klass.id), _("Briefings"))]
    if policies.can_read_evaluations(user, klass):
        links.append((url_for("notices.evaluations", class_id=klass.id), _("Course evaluations")))
    return links
