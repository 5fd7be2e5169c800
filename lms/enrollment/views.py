"""Enrollment pages: teachers choose classes; school admins enroll, cancel and replace (J2, J7-J9, J12)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from lms.core import clock, scope
from lms.enrollment import forms, policies, queries, services
from lms.extensions import db
from lms.org.models import User
from lms.projects import queries as projects
from lms.projects.services import referenced
from lms.quotas import queries as quota_queries
from lms.web.pipeline import page
from lms.web.redirects import referrer_target

bp = Blueprint("enrollment", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    items = []
    if policies.can_choose(user):
        items += [(url_for("enrollment.open_classes"), _("Choose classes")),
                  (url_for("enrollment.my_training"), _("My training"))]
    if user.has_role("school_admin"):
        items.append((url_for("enrollment.school_home"), _("Enrollment")))
    return items


def teacher_section(user):
    if not policies.can_choose(user):
        return None
    return {"template": "enrollment/_home_teacher.html", "choices": queries.my_choices(db.session, user)[:5],
            "enrollments": [e for e in queries.my_enrollments(db.session, user) if e.status == "active"][:5]}


def admin_section(user):
    root = scope.highest_admin_unit(user)
    if root is None:
        return None
    batch = projects.current_batch(db.session, clock.now(), prefer="enrolling")
    if batch is None:
        return None
    pending = None
    if root.level == "school":
        enrolled = {e.teacher_id for e in queries.school_enrollments(db.session, root, batch.id) if e.status == "active"}
        pending = len({c.teacher_id for c in queries.school_choices(db.session, root, batch.id)} - enrolled)
    return {"template": "enrollment/_home_admin.html", "batch": batch, "unit": root,
            "figures": quota_queries.figures(db.session, batch.id, root), "pending": pending}


def waiver_panel(project) -> Markup | None:
    """The project page's panel of consecutive-year exceptions (J2), for those who may grant them."""
    if not policies.can_grant_waiver(current_user):
        return None
    return Markup(render_template("enrollment/_project_waivers.html", project=project, waiver_form=forms.WaiverForm(),
                                  waivers=queries.project_waivers(db.session, project.id)))


def _to_open_classes(**_):
    return url_for("enrollment.open_classes")


def _to_my_training(**_):
    return referrer_target(url_for("enrollment.my_training"))


@bp.get("/my/classes")
@page(allow=policies.CHOOSE)
def open_classes():
    rows, _total = projects.list_classes(db.session, open_at=clock.now(), per_page=500)
    chosen = {c.class_id: c for c in queries.my_choices(db.session, current_user)}
    return render_template("enrollment/open_classes.html", classes=rows, chosen=chosen, form=forms.ConfirmForm())


@bp.post("/my/classes/<int:class_id>/choose")
@page(load={"klass": queries.open_class}, allow=policies.CHOOSE, back=_to_open_classes)
def choose(klass):
    services.choose(db.session, current_user, klass)
    flash(_("You chose %(name)s. Your school admin will enroll you if a seat is free.", name=klass.name), "success")
    return redirect(_to_open_classes())


@bp.post("/my/choices/<int:choice_id>/withdraw")
@page(load={"choice": queries.choice_for}, allow=policies.WITHDRAW, form=forms.ConfirmForm, back=_to_my_training)
def withdraw(choice):
    services.withdraw_choice(db.session, current_user, choice)
    flash(_("Your choice was withdrawn."), "info")
    return redirect(_to_my_training())


@bp.get("/my/training")
@page(allow=policies.CHOOSE)
def my_training():
    return render_template("enrollment/my_training.html", choices=queries.my_choices(db.session, current_user),
                           enrollments=queries.my_enrollments(db.session, current_user), form=forms.ConfirmForm())


@bp.get("/enrollment/")
@page(load={"school": queries.own_school})
def school_home(school):
    batch = projects.current_batch(db.session, clock.now(), prefer="enrolling")
    if batch is None:
        flash(_("There is no batch yet."), "info")
        return redirect(url_for("pages.home"))
    return redirect(url_for("enrollment.school_page", unit_id=school.id, batch_id=batch.id))


SCHOOL_AND_BATCH = {"unit": queries.school, "batch": quota_queries.batch}


def _to_school(unit, batch, **_):
    return url_for("enrollment.school_page", unit_id=unit.id, batch_id=batch.id)


@bp.get("/enrollment/schools/<int:unit_id>/batches/<int:batch_id>")
@page(load=SCHOOL_AND_BATCH)
def school_page(unit, batch):
    enrollments = queries.school_enrollments(db.session, unit, batch.id)
    active = {e.teacher_id for e in enrollments if e.status == "active"}
    teachers = queries.school_teachers(db.session, unit)
    replace_form = forms.ReplaceForm()
    replace_form.teacher_id.choices = [(t.id, t.name) for t in teachers if t.id not in active]
    admin, open_now = policies.can_enroll(current_user, unit), services.registration_is_open(batch)
    return render_template("enrollment/school.html", school=unit, batch=batch, enrollments=enrollments,
                           choices=queries.school_choices(db.session, unit, batch.id), active=active,
                           figures=quota_queries.figures(db.session, batch.id, unit), now=clock.now(),
                           can_enroll=admin and open_now, can_change=admin and services.enrollments_can_change(batch),
                           closed=None if open_now else services.registration_closed(batch),
                           replace_form=replace_form, form=forms.ConfirmForm(), batches=batch.project.batches)


@bp.post("/enrollment/schools/<int:unit_id>/batches/<int:batch_id>/enroll")
@page(load=SCHOOL_AND_BATCH, allow=policies.ENROLL, form=forms.ConfirmForm, back=_to_school)
def enroll_selected(unit, batch):
    ids = [int(v) for v in request.form.getlist("choice") if v.isdigit() and len(v) < 10][:500]
    enrolled, refusals = services.enroll_choices(db.session, current_user, unit, batch.id, ids)
    if enrolled:
        flash(_("%(n)d teachers were enrolled.", n=enrolled), "success")
    for message in refusals[:20]:
        flash(message, "danger")
    return redirect(_to_school(unit, batch))


def _back_to_school(enrollment, **_):
    return url_for("enrollment.school_page", unit_id=enrollment.school_id, batch_id=enrollment.batch_id)


@bp.post("/enrollment/<int:enrollment_id>/cancel")
@page(load={"enrollment": queries.enrollment}, allow=policies.CHANGE_ENROLLMENT, form=forms.ConfirmForm,
      back=_back_to_school)
def cancel(enrollment):
    name = enrollment.teacher.name
    services.cancel(db.session, current_user, enrollment, queries.school_of(db.session, enrollment))
    flash(_("The enrollment of %(name)s was cancelled; the seat is free again.", name=name), "success")
    return redirect(_back_to_school(enrollment))


@bp.post("/enrollment/<int:enrollment_id>/replace")
@page(load={"enrollment": queries.enrollment}, allow=policies.CHANGE_ENROLLMENT, form=forms.ReplaceForm,
      back=_back_to_school)
def replace(enrollment, form):
    new = services.replace(db.session, current_user, enrollment, queries.school_of(db.session, enrollment),
                           referenced(db.session, User, form.teacher_id.data, "teacher_id"))
    flash(_("%(name)s took over the seat.", name=new.teacher.name), "success")
    return redirect(_back_to_school(enrollment))


def _to_project(project, **_):
    return url_for("projects.project_page", project_id=project.id)


@bp.post("/enrollment/projects/<int:project_id>/waivers")
@page(load={"project": projects.project_for}, allow=policies.GRANT_WAIVER, form=forms.WaiverForm, back=_to_project)
def grant_waiver(project, form):
    teacher = queries.teacher_named(db.session, form.username.data.strip())
    services.grant_waiver(db.session, current_user, project, teacher, form.reason.data.strip())
    flash(_("%(name)s may take this series again this year.", name=teacher.name), "success")
    return redirect(_to_project(project))
