"""Pages of the programme: projects and their batches, courses, classes (province admins manage them)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.core import clock, registry
from lms.core.errors import DomainError
from lms.extensions import db
from lms.org.models import RoleAssignment, User
from lms.projects import forms, policies, queries, rules, services
from lms.projects.models import Batch, Course
from lms.web.forms import apply_field_errors
from lms.web.params import arg_id

bp = Blueprint("projects", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    if not policies.can_view_catalogue(user):
        return []
    items = [(url_for("projects.projects_page"), _("Projects"))]
    if policies.can_manage_catalogue(user):
        items += [(url_for("projects.courses_page"), _("Courses")), (url_for("projects.classes_page"), _("Classes"))]
    return items


def _viewer() -> None:
    if not policies.can_view_catalogue(current_user):
        abort(403)


def _manager() -> None:
    if not policies.can_manage_catalogue(current_user):
        abort(403)


@bp.route("/projects/", methods=["GET", "POST"])
@login_required
def projects_page():
    _viewer()
    form = forms.ProjectForm()
    if request.method == "POST":
        _manager()
        if form.validate_on_submit():
            try:
                project = services.create_project(
                    db.session, current_user, code=form.code.data.strip(), name=form.name.data.strip(),
                    year=form.year.data, series=form.series.data.strip(), calendar=form.calendar.data,
                    quota_deadline=form.quota_deadline.data, consecutive_year_rule=form.consecutive_year_rule.data,
                    minimum_percent=form.minimum_percent.data)
            except DomainError as error:
                db.session.rollback()
                apply_field_errors(form, error)
            else:
                db.session.commit()
                flash(_("%(name)s was created.", name=project.name), "success")
                return redirect(url_for("projects.project_page", project_id=project.id))
    elif not form.year.data:
        form.year.data = clock.now().year
    rows, _total = queries.list_projects(db.session, per_page=100)
    return render_template("projects/projects.html", projects=rows, form=form,
                           can_manage=policies.can_manage_catalogue(current_user)), 400 if form.errors else 200


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@login_required
def project_page(project_id: int):
    project = queries.project_for(db.session, current_user, project_id)
    form = forms.BatchForm()
    if request.method == "POST":
        _manager()
        if form.validate_on_submit():
            try:
                services.add_batch(db.session, current_user, project, number=form.number.data,
                                   starts_on=form.starts_on.data, ends_on=form.ends_on.data)
            except DomainError as error:
                db.session.rollback()
                apply_field_errors(form, error)
            else:
                db.session.commit()
                flash(_("Batch %(n)d was added.", n=form.number.data), "success")
                return redirect(url_for("projects.project_page", project_id=project.id))
    now = clock.now()
    return render_template("projects/project.html", project=project, form=form, now=now,
                           phases={b.id: _phase(b, now) for b in project.batches},
                           can_manage=policies.can_manage_catalogue(current_user),
                           panels=[p for p in (panel(project) for panel in registry.current().project_panels) if p]), 400 if form.errors else 200


def _phase(batch: Batch, now) -> str:
    if batch.registration_opens_at <= now < batch.registration_closes_at:
        return "enrolling"
    return rules.batch_phase(batch.starts_on, batch.ends_on, now, clock.local_tz())


@bp.route("/courses/", methods=["GET", "POST"])
@login_required
def courses_page():
    _manager()
    form = forms.CourseForm()
    if form.validate_on_submit():
        course = services.create_course(db.session, current_user, title=form.title.data.strip(),
                                        subject=form.subject.data.strip(), stage=form.stage.data,
                                        required_minutes=form.required_minutes.data,
                                        description=form.description.data)
        db.session.commit()
        flash(_("%(name)s was created.", name=course.title), "success")
        return redirect(url_for("projects.courses_page"))
    rows, _total = queries.list_courses(db.session, per_page=500)
    return render_template("projects/courses.html", courses=rows, form=form), 400 if form.errors else 200


def _class_form() -> forms.ClassForm:
    form = forms.ClassForm()
    form.course_id.choices = [(c.id, c.title) for c in queries.list_courses(db.session, per_page=500)[0]]
    form.batch_id.choices = [(b.id, f"{b.project.name} · {_('Batch %(n)d', n=b.number)} ({b.starts_on})")
                             for b in queries.batches_for_select(db.session)]
    tutors = db.session.scalars(select(User).where(User.role_assignments.any(RoleAssignment.role == "tutor"))
                                .order_by(User.name))
    form.tutor_ids.choices = [(t.id, f"{t.name} ({t.username})") for t in tutors]
    return form


@bp.route("/classes/", methods=["GET", "POST"])
@login_required
def classes_page():
    _manager()
    form = _class_form()
    if form.validate_on_submit():
        try:
            klass = services.create_class(db.session, current_user, db.session.get(Course, form.course_id.data),
                                          db.session.get(Batch, form.batch_id.data), name=form.name.data or None,
                                          tutor_ids=form.tutor_ids.data or [])
        except DomainError as error:
            db.session.rollback()
            apply_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s was created.", name=klass.name), "success")
            return redirect(url_for("projects.classes_page", batch_id=klass.batch_id))
    batch_id = arg_id("batch_id")
    if batch_id is None:
        current = queries.current_batch(db.session, clock.now())
        batch_id = current.id if current else None
    rows, _total = queries.list_classes(db.session, batch_id=batch_id, per_page=500)
    class_counts = registry.hook("enrollment.class_counts")
    return render_template("projects/classes.html", classes=rows, form=form, batch_id=batch_id,
                           counts=class_counts(db.session, [c.id for c in rows]),
                           batches=queries.batches_for_select(db.session)), 400 if form.errors else 200


@bp.get("/classes/<int:class_id>")
@login_required
def class_page(class_id: int):
    klass = queries.class_for(db.session, current_user, class_id, clock.now())
    class_counts = registry.hook("enrollment.class_counts")
    return render_template("projects/class.html", klass=klass,
                           enrolled=class_counts(db.session, [klass.id]).get(klass.id, 0))
