"""Pages of the programme: projects and their batches, courses, classes (province admins manage them)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.core import clock, registry
from lms.extensions import db
from lms.org.models import RoleAssignment, User
from lms.projects import forms, policies, queries, rules, services
from lms.projects.models import Batch, Course
from lms.web.params import arg_id, arg_page
from lms.web.pipeline import page

bp = Blueprint("projects", __name__)

CLASSES_PER_PAGE = 50  # a province's batch has hundreds of classes: the list is paged like the users list


def nav_entries(user) -> list[tuple[str, str]]:
    if not policies.can_view_catalogue(user):
        return []
    items = [(url_for("projects.projects_page"), _("Projects"))]
    if policies.can_make_courses(user):
        items.append((url_for("projects.courses_page"), _("Courses")))
    items.append((url_for("projects.classes_page"), _("Classes")))
    return items


def _projects(form, status: int = 200):
    rows, _total = queries.list_projects(db.session, per_page=100)
    return render_template("projects/projects.html", projects=rows, form=form,
                           can_manage=policies.can_manage_catalogue(current_user)), status


@bp.get("/projects/")
@page(allow=policies.VIEW_CATALOGUE, form=forms.ProjectForm)
def projects_page(form):
    if not form.year.data:
        form.year.data = clock.now().year
    return _projects(form)


@bp.post("/projects/")
@page(allow=policies.MANAGE_CATALOGUE, form=forms.ProjectForm, again=lambda form: _projects(form, 400))
def create_project(form):
    project = services.create_project(
        db.session, current_user, code=form.code.data.strip(), name=form.name.data.strip(),
        year=form.year.data, series=form.series.data.strip(), calendar=form.calendar.data,
        quota_deadline=form.quota_deadline.data, consecutive_year_rule=form.consecutive_year_rule.data,
        minimum_percent=form.minimum_percent.data)
    flash(_("%(name)s was created.", name=project.name), "success")
    return redirect(url_for("projects.project_page", project_id=project.id))


def _project(project, form, status: int = 200, edit_form=None):
    now = clock.now()
    can_manage = policies.can_manage_catalogue(current_user)
    if can_manage and edit_form is None:
        edit_form = forms.ProjectEditForm(obj=project, formdata=None)
    return render_template("projects/project.html", project=project, form=form, now=now, edit_form=edit_form,
                           changes=[queries.change_dict(e) for e in queries.project_changes(db.session, project)],
                           phases={b.id: _phase(b, now) for b in project.batches},
                           can_manage=policies.can_manage_catalogue(current_user),
                           # Quotas (above) knows who opens the seats and compliance pages: no link that answers 403.
                           sees_seats=registry.hook("quotas.sees_seats")(current_user),
                           panels=[p for p in (panel(project) for panel in registry.current().project_panels) if p]), status


@bp.get("/projects/<int:project_id>")
@page(load={"project": queries.project_for}, form=forms.BatchForm)
def project_page(project, form):
    return _project(project, form)


@bp.post("/projects/<int:project_id>")
@page(load={"project": queries.project_for}, allow=policies.MANAGE_CATALOGUE, form=forms.BatchForm,
      again=lambda project, form: _project(project, form, 400))
def add_batch(project, form):
    services.add_batch(db.session, current_user, project, number=form.number.data,
                       starts_on=form.starts_on.data, ends_on=form.ends_on.data)
    flash(_("Batch %(n)d was added.", n=form.number.data), "success")
    return redirect(url_for("projects.project_page", project_id=project.id))


@bp.post("/projects/<int:project_id>/edit")
@page(load={"project": queries.project_for}, allow=policies.MANAGE_CATALOGUE, form=forms.ProjectEditForm,
      again=lambda project, form: _project(project, forms.BatchForm(formdata=None), 400, edit_form=form))
def edit_project(project, form):
    values = {name: getattr(form, name).data for name in services.PROJECT_SETTINGS}
    services.update_project(db.session, current_user, project, values, form.reason.data)
    flash(_("Saved."), "success")
    return redirect(url_for("projects.project_page", project_id=project.id))


def _batch_page(batch, form=None, status: int = 200):
    if form is None:
        tz = clock.local_tz()
        form = forms.BatchEditForm(formdata=None, starts_on=batch.starts_on, ends_on=batch.ends_on,
                                   registration_opens_at=batch.registration_opens_at.astimezone(tz).replace(tzinfo=None),
                                   registration_closes_at=batch.registration_closes_at.astimezone(tz).replace(tzinfo=None))
    now = clock.now()
    return render_template("projects/batch_edit.html", batch=batch, form=form,
                           started=rules.batch_started(batch.starts_on, now, clock.local_tz())), status


@bp.route("/batches/<int:batch_id>/edit", methods=["GET", "POST"])
@page(load={"batch": queries.batch_for}, allow=policies.MANAGE_CATALOGUE, form=forms.BatchEditForm,
      again=lambda batch, form: _batch_page(batch, form, 400))
def edit_batch(batch, form):
    """A batch's days and enrollment window; once it has started, its last day only with a reason."""
    if request.method == "GET":
        return _batch_page(batch)
    tz = clock.local_tz()

    def edited(field, stored):
        """The window as typed, or None when left as shown: a moved first day then takes it along."""
        shown = stored.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
        return None if field.data == shown else field.data.replace(tzinfo=tz)

    opens = edited(form.registration_opens_at, batch.registration_opens_at)
    closes = edited(form.registration_closes_at, batch.registration_closes_at)
    if (opens is None) != (closes is None):  # one end typed: the other stays where it was
        opens = opens or batch.registration_opens_at
        closes = closes or batch.registration_closes_at
    services.update_batch(db.session, current_user, batch, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                          registration_opens_at=opens, registration_closes_at=closes, reason=form.reason.data)
    flash(_("Batch %(n)d was saved.", n=batch.number), "success")
    return redirect(url_for("projects.project_page", project_id=batch.project_id))


def _phase(batch: Batch, now) -> str:
    if batch.registration_opens_at <= now < batch.registration_closes_at:
        return "enrolling"
    return rules.batch_phase(batch.starts_on, batch.ends_on, now, clock.local_tz())


def _courses(form, status: int = 200):
    rows, _total = queries.list_courses(db.session, current_user, per_page=500)
    return render_template("projects/courses.html", courses=rows, form=form,
                           editable={c.id for c in rows if policies.can_edit_course(current_user, c)}), status


@bp.get("/courses/")
@page(allow=policies.MAKE_COURSES, form=forms.CourseForm)
def courses_page(form):
    """The caller's catalogue (published courses and its area's own), and a new course of its level."""
    return _courses(form)


@bp.post("/courses/")
@page(allow=policies.MAKE_COURSES, form=forms.CourseForm, again=lambda form: _courses(form, 400))
def create_course(form):
    course = services.create_course(db.session, current_user, title=form.title.data.strip(),
                                    subject=form.subject.data.strip(), stage=form.stage.data,
                                    required_minutes=form.required_minutes.data,
                                    description=form.description.data)
    flash(_("%(name)s was created.", name=course.title), "success")
    return redirect(url_for("projects.courses_page"))


def _course_edit(course, form=None, status: int = 200):
    return render_template("projects/course_edit.html", course=course,
                           form=form or forms.CourseForm(obj=course, formdata=None)), status


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@page(load={"course": queries.course_for}, allow=policies.EDIT_COURSE, form=forms.CourseForm,
      again=lambda course, form: _course_edit(course, form, 400))
def edit_course(course, form):
    """The owning level corrects its draft before sending it to expert review."""
    if request.method == "GET":
        return _course_edit(course)
    services.update_course(db.session, current_user, course, {
        "title": form.title.data.strip(), "subject": form.subject.data.strip(), "stage": form.stage.data,
        "required_minutes": form.required_minutes.data, "description": form.description.data or ""})
    flash(_("Saved."), "success")
    return redirect(url_for("projects.courses_page"))


def _class_form() -> forms.ClassForm:
    form = forms.ClassForm()
    form.course_id.choices = [(c.id, c.title) for c in queries.list_courses(db.session, status="published",
                                                                            per_page=500)[0]]
    form.batch_id.choices = [(b.id, f"{b.project.name} · {_('Batch %(n)d', n=b.number)} ({b.starts_on})")
                             for b in queries.batches_for_select(db.session)]
    tutors = db.session.scalars(select(User).where(User.role_assignments.any(RoleAssignment.role == "tutor"))
                                .order_by(User.name))
    form.tutor_ids.choices = [(t.id, f"{t.name} ({t.username})") for t in tutors]
    return form


def _classes(form, status: int = 200):
    batch_id = arg_id("batch_id")
    if batch_id is None:
        current = queries.current_batch(db.session, clock.now())
        batch_id = current.id if current else None
    page_number = arg_page()
    rows, total = queries.list_classes(db.session, batch_id=batch_id, page=page_number, per_page=CLASSES_PER_PAGE)
    class_counts = registry.hook("enrollment.class_counts")
    # The forum (above) offers each class's expert Q&A to whom may schedule in it (its tutors, the experts).
    qa_link = registry.hook("forum.qa_link")
    return render_template("projects/classes.html", classes=rows, form=form, batch_id=batch_id, total=total,
                           page=page_number, pages=max(-(-total // CLASSES_PER_PAGE), 1),
                           counts=class_counts(db.session, [c.id for c in rows]),
                           qa_links={c.id: qa_link(current_user, c) for c in rows},
                           can_manage=policies.can_manage_catalogue(current_user),
                           batches=queries.batches_for_select(db.session)), status


@bp.get("/classes/")
@page(allow=policies.VIEW_CATALOGUE, form=_class_form)
def classes_page(form):
    return _classes(form)


@bp.post("/classes/")
@page(allow=policies.MANAGE_CATALOGUE, form=_class_form, again=lambda form: _classes(form, 400))
def create_class(form):
    klass = services.create_class(db.session, current_user, db.session.get(Course, form.course_id.data),
                                  db.session.get(Batch, form.batch_id.data), name=form.name.data or None,
                                  tutor_ids=form.tutor_ids.data or [])
    flash(_("%(name)s was created.", name=klass.name), "success")
    return redirect(url_for("projects.classes_page", batch_id=klass.batch_id))


@bp.get("/classes/<int:class_id>")
@page(load={"klass": queries.class_for})
def class_page(klass):
    class_counts = registry.hook("enrollment.class_counts")
    links = [link for contribute in registry.current().class_links for link in contribute(current_user, klass)]
    return render_template("projects/class.html", klass=klass, links=links,
                           enrolled=class_counts(db.session, [klass.id]).get(klass.id, 0))
