"""Enrollment pages: teachers choose classes; school admins enroll, cancel and replace (J2, J7-J9, J12)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.core import clock, scope
from lms.core.errors import DomainError
from lms.enrollment import forms, policies, queries, services
from lms.enrollment.models import Choice
from lms.extensions import db
from lms.org.models import User
from lms.projects import queries as projects
from lms.quotas import queries as quota_queries
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
    batch = projects.current_batch(db.session, clock.now())
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

@bp.get("/my/classes")
@login_required
def open_classes():
    if not policies.can_choose(current_user):
        abort(403)
    now = clock.now()
    rows, _total = projects.list_classes(db.session, open_at=now, per_page=500)
    chosen = {c.class_id: c for c in queries.my_choices(db.session, current_user)}
    return render_template("enrollment/open_classes.html", classes=rows, chosen=chosen, form=forms.ConfirmForm())


@bp.post("/my/classes/<int:class_id>/choose")
@login_required
def choose(class_id: int):
    klass = projects.class_for(db.session, current_user, class_id, clock.now())
    try:
        services.choose(db.session, current_user, klass)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_("You chose %(name)s. Your school admin will enroll you if a seat is free.", name=klass.name), "success")
    return redirect(url_for("enrollment.open_classes"))


@bp.post("/my/choices/<int:choice_id>/withdraw")
@login_required
def withdraw(choice_id: int):
    choice = queries.choice_for(db.session, current_user, choice_id)
    if forms.ConfirmForm().validate_on_submit():
        services.withdraw_choice(db.session, current_user, choice)
        db.session.commit()
        flash(_("Your choice was withdrawn."), "info")
    return redirect(referrer_target(url_for("enrollment.my_training")))


@bp.get("/my/training")
@login_required
def my_training():
    if not policies.can_choose(current_user):
        abort(403)
    return render_template("enrollment/my_training.html", choices=queries.my_choices(db.session, current_user),
                           enrollments=queries.my_enrollments(db.session, current_user), form=forms.ConfirmForm())


@bp.get("/enrollment/")
@login_required
def school_home():
    school = next((a.org_unit for a in current_user.role_assignments if a.role == "school_admin"), None)
    batch = projects.current_batch(db.session, clock.now())
    if school is None:
        abort(403)
    if batch is None:
        flash(_("There is no batch yet."), "info")
        return redirect(url_for("pages.home"))
    return redirect(url_for("enrollment.school_page", unit_id=school.id, batch_id=batch.id))


@bp.get("/enrollment/schools/<int:unit_id>/batches/<int:batch_id>")
@login_required
def school_page(unit_id: int, batch_id: int):
    school = queries.school_in_scope(db.session, current_user, unit_id)
    if school.level != "school":
        abort(404)
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    enrollments = queries.school_enrollments(db.session, school, batch.id)
    active = {e.teacher_id for e in enrollments if e.status == "active"}
    teachers = queries.school_teachers(db.session, school)
    replace_form = forms.ReplaceForm()
    replace_form.teacher_id.choices = [(t.id, t.name) for t in teachers if t.id not in active]
    return render_template("enrollment/school.html", school=school, batch=batch, enrollments=enrollments,
                           choices=queries.school_choices(db.session, school, batch.id), active=active,
                           figures=quota_queries.figures(db.session, batch.id, school), now=clock.now(),
                           can_enroll=policies.can_enroll(current_user, school), replace_form=replace_form,
                           form=forms.ConfirmForm(), batches=batch.project.batches)


@bp.post("/enrollment/schools/<int:unit_id>/batches/<int:batch_id>/enroll")
@login_required
def enroll_selected(unit_id: int, batch_id: int):
    school = queries.school_in_scope(db.session, current_user, unit_id)
    if not policies.can_enroll(current_user, school):
        abort(403)
    back = redirect(url_for("enrollment.school_page", unit_id=school.id, batch_id=batch_id))
    if not forms.ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Reload the page and try again."), "danger")
        return back
    ids = [int(v) for v in request.form.getlist("choice") if v.isdigit()][:500]
    choices = list(db.session.scalars(select(Choice).where(Choice.id.in_(ids), Choice.school_id == school.id,
                                                           Choice.batch_id == batch_id).order_by(Choice.created_at)))
    if not choices:
        flash(_("Select at least one choice."), "warning")
        return back
    enrolled, refusals = 0, []
    # One transaction per teacher: first come, first served, and one refusal does not undo the others.
    for choice_id, class_id, teacher_id in [(c.id, c.class_id, c.teacher_id) for c in choices]:
        teacher = db.session.get(User, teacher_id)
        try:
            services.enroll(db.session, current_user, projects.class_by_id(db.session, class_id), teacher)
        except DomainError as error:
            db.session.rollback()
            refusals.append(error.message)
        else:
            db.session.commit()
            enrolled += 1
    if enrolled:
        flash(_("%(n)d teachers were enrolled.", n=enrolled), "success")
    for message in refusals[:20]:
        flash(message, "danger")
    return back


def _change(enrollment_id: int):
    enrollment, school = queries.enrollment_for(db.session, current_user, enrollment_id)
    if not policies.can_enroll(current_user, school):
        abort(403)
    return enrollment, school, url_for("enrollment.school_page", unit_id=school.id, batch_id=enrollment.batch_id)


@bp.post("/enrollment/<int:enrollment_id>/cancel")
@login_required
def cancel(enrollment_id: int):
    enrollment, school, back = _change(enrollment_id)
    if forms.ConfirmForm().validate_on_submit():
        name = enrollment.teacher.name
        try:
            services.cancel(db.session, current_user, enrollment, school)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("The enrollment of %(name)s was cancelled; the seat is free again.", name=name), "success")
    return redirect(back)


@bp.post("/enrollment/<int:enrollment_id>/replace")
@login_required
def replace(enrollment_id: int):
    enrollment, school, back = _change(enrollment_id)
    form = forms.ReplaceForm()
    form.teacher_id.choices = [(t.id, t.name) for t in queries.school_teachers(db.session, school)]
    if form.validate_on_submit():
        try:
            new = services.replace(db.session, current_user, enrollment, school, db.session.get(User, form.teacher_id.data))
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("%(name)s took over the seat.", name=new.teacher.name), "success")
    else:
        flash(_("Choose a teacher of the school."), "danger")
    return redirect(back)


@bp.post("/enrollment/projects/<int:project_id>/waivers")
@login_required
def grant_waiver(project_id: int):
    project = projects.project_for(db.session, current_user, project_id)
    if not policies.can_grant_waiver(current_user):
        abort(403)
    form = forms.WaiverForm()
    if form.validate_on_submit():
        teacher = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        try:
            if teacher is None:
                raise DomainError("invalid_input", _("No user has the username %(u)s.", u=form.username.data), status=400)
            services.grant_waiver(db.session, current_user, project, teacher, form.reason.data.strip())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("%(name)s may take this series again this year.", name=teacher.name), "success")
    else:
        flash(_("Give the teacher's username and a reason."), "danger")
    return redirect(url_for("projects.project_page", project_id=project.id))
