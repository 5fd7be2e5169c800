"""Pages of the org domain: sign-in, password, the org tree, users and their import."""
from __future__ import annotations

import io

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.core import scope
from lms.core.errors import DomainError
from lms.extensions import db
from lms.org import forms, importer, policies, queries, services
from lms.web.errors import error_response, is_api_request
from lms.web.forms import apply_field_errors
from lms.web.params import arg_id, arg_page
from lms.web.redirects import safe_redirect_target
from lms.web.security import bearer_token, body_limit

bp = Blueprint("org", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    if not user.is_admin:
        return []
    return [(url_for("org.units_root"), _("Org tree")), (url_for("org.users_page"), _("Users"))]


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(db.session, form.username.data.strip(), form.password.data,
                                         current_app.config, request.remote_addr or "")
        except DomainError as error:
            db.session.commit()  # keep the failure count
            form.password.errors.append(error.message)
            if error.status == 429:
                return render_template("org/login.html", form=form), 429
        else:
            db.session.commit()
            login_user(user)
            if user.must_change_password:
                flash(_("Please choose a new password before you go on."), "warning")
                return redirect(url_for("org.change_password"))
            return redirect(safe_redirect_target(request.args.get("next"), url_for("pages.home")))
    return render_template("org/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    # Server-side: a copy of this session's cookie stops working too (and so do the user's other sessions).
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("org.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(db.session, current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            apply_field_errors(form, error)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # new session version: stay signed in here
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("pages.home"))
    return render_template("org/change_password.html", form=form)


# What an account whose password must be changed may still do: change it, sign in or out, read the spec.
PASSWORD_CHANGE_ENDPOINTS = {"org.change_password", "org.logout", "static", "pages.set_language",
                             "org_api.change_password", "org_api.issue_token", "openapi.openapi_document"}


@bp.before_app_request
def require_new_password():
    """An account with an initial, imported or reset password must choose its own before anything else,
    on the pages and in the API alike."""
    if not request.endpoint or request.endpoint in PASSWORD_CHANGE_ENDPOINTS:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "openapi", {}).get("public"):
        return None  # a public call (certificate verification) needs no account at all
    if getattr(view, "checks_token_itself", False) and bearer_token():
        return None  # the handler's own query refuses such an account (the heartbeat saves a token lookup)
    if current_user.is_authenticated and current_user.must_change_password:
        if is_api_request():
            return error_response(403, "password_change_required",
                                  _("Choose a new password first: POST /api/v1/me/password."))
        return redirect(url_for("org.change_password"))
    return None


def _admin_root():
    root = scope.highest_admin_unit(current_user)
    if root is None:
        abort(403)
    return root


@bp.get("/org/units/")
@login_required
def units_root():
    return redirect(url_for("org.unit_page", unit_id=_admin_root().id))


def _render_unit(unit, child_form=None, status: int = 200):
    q = request.args.get("q", "").strip()[:64]
    return render_template("org/unit.html", unit=unit, children=queries.children(db.session, unit),
                           breadcrumbs=queries.visible_ancestors(db.session, current_user, unit), q=q,
                           found=queries.search_units(db.session, unit, q) if q else None,
                           child_form=child_form or forms.UnitForm(prefix="child"),
                           edit_form=forms.UnitForm(prefix="edit", obj=unit),
                           can_create=policies.can_create_child(current_user, unit),
                           can_rename=policies.can_rename_unit(current_user, unit)), status


@bp.get("/org/units/<int:unit_id>")
@login_required
def unit_page(unit_id: int):
    return _render_unit(queries.unit_in_scope(db.session, current_user, unit_id))


@bp.post("/org/units/<int:unit_id>/children")
@login_required
def create_child(unit_id: int):
    parent = queries.unit_in_scope(db.session, current_user, unit_id)
    form = forms.UnitForm(prefix="child")
    if form.validate_on_submit():
        try:
            child = services.create_unit(db.session, current_user, parent, form.name.data.strip(),
                                         scope.child_level(parent.level) or "", form.code.data or None,
                                         form.teacher_count.data or 0)
        except DomainError as error:
            db.session.rollback()
            apply_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s was created.", name=child.name), "success")
            return redirect(url_for("org.unit_page", unit_id=parent.id))
    return _render_unit(parent, child_form=form, status=400)


@bp.post("/org/units/<int:unit_id>/edit")
@login_required
def edit_unit(unit_id: int):
    unit = queries.unit_in_scope(db.session, current_user, unit_id)
    form = forms.UnitForm(prefix="edit")
    if not policies.can_rename_unit(current_user, unit):
        # The form shows only the teacher count then; the name and code stay as they are.
        form.name.data, form.code.data = unit.name, unit.code or ""
    if form.validate_on_submit():
        try:
            services.update_unit(db.session, current_user, unit, name=form.name.data.strip(),
                                 code=form.code.data or "", teacher_count=form.teacher_count.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("Saved."), "success")
    else:
        flash(_("Please correct the marked fields.") + " " + _errors_text(form), "danger")
    return redirect(url_for("org.unit_page", unit_id=unit.id))


@bp.post("/org/units/<int:unit_id>/teacher-count")
@login_required
def set_teacher_count(unit_id: int):
    unit = queries.unit_in_scope(db.session, current_user, unit_id)
    form = forms.TeacherCountForm()
    if form.validate_on_submit():
        services.update_unit(db.session, current_user, unit, teacher_count=form.teacher_count.data)
        db.session.commit()
        flash(_("%(name)s: %(n)d teachers.", name=unit.name, n=unit.teacher_count), "success")
    else:
        flash(_("Please correct the marked fields.") + " " + _errors_text(form), "danger")
    # Counts are edited in the parent's table of children; go back there when the actor may see it.
    back = unit.parent if unit.parent is not None and policies.can_manage_unit(current_user, unit.parent) else unit
    return redirect(url_for("org.unit_page", unit_id=back.id))


def _errors_text(form) -> str:
    return "；".join(f"{form[name].label.text}: {'; '.join(errs)}" for name, errs in form.errors.items())


@bp.get("/org/users")
@login_required
def users_page():
    root = _admin_root()
    unit_id = arg_id("unit")
    unit = queries.unit_in_scope(db.session, current_user, unit_id) if unit_id else root
    q = request.args.get("q", "").strip()[:64]
    role = request.args.get("role") or None
    role = role if role in scope.ROLES else None
    page = arg_page()
    users, total = queries.list_users(db.session, unit, text=q, role=role, page=page, per_page=50)
    return render_template("org/users.html", unit=unit, users=users, total=total, q=q, role=role, page=page,
                           pages=max((total + 49) // 50, 1), roles=scope.ROLES)


@bp.route("/org/units/<int:unit_id>/users/new", methods=["GET", "POST"])
@login_required
def new_user(unit_id: int):
    unit = queries.unit_in_scope(db.session, current_user, unit_id)
    form = forms.UserForm()
    if form.validate_on_submit():
        try:
            new = services.NewUser(username=form.username.data.strip(), name=form.name.data, org_unit=unit,
                                   roles=form.roles.data, password=form.password.data or None,
                                   phone=form.phone.data or None, subject=form.subject.data or None,
                                   stage=form.stage.data or None)
            user, generated = services.create_user(db.session, current_user, new)
        except DomainError as error:
            db.session.rollback()
            apply_field_errors(form, error)
        else:
            db.session.commit()
            if generated:
                flash(_("%(name)s was created. Initial password: %(password)s (must be changed at first sign-in).",
                        name=user.name, password=generated), "success")
            else:
                flash(_("%(name)s was created.", name=user.name), "success")
            return redirect(url_for("org.user_page", user_id=user.id))
    elif request.method == "GET":
        form.roles.data = ["teacher"] if unit.level == "school" else [f"{unit.level}_admin"]
    return render_template("org/user_form.html", form=form, unit=unit), 400 if form.errors else 200


@bp.get("/org/users/<int:user_id>")
@login_required
def user_page(user_id: int):
    user = queries.user_in_scope(db.session, current_user, user_id)
    return render_template("org/user.html", user=user, form=forms.ConfirmForm(),
                           can_manage=policies.can_manage_user(current_user, user),
                           breadcrumbs=queries.visible_ancestors(db.session, current_user, user.org_unit))


@bp.post("/org/users/<int:user_id>/reset-password")
@login_required
def reset_password(user_id: int):
    user = queries.user_in_scope(db.session, current_user, user_id)
    if forms.ConfirmForm().validate_on_submit():
        generated = services.reset_password(db.session, current_user, user)
        db.session.commit()
        flash(_("New password for %(name)s: %(password)s (must be changed at sign-in).",
                name=user.name, password=generated), "success")
    return redirect(url_for("org.user_page", user_id=user.id))


@bp.post("/org/users/<int:user_id>/unlock")
@login_required
def unlock_user(user_id: int):
    user = queries.user_in_scope(db.session, current_user, user_id)
    if forms.ConfirmForm().validate_on_submit():
        services.unlock_user(db.session, current_user, user)
        db.session.commit()
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("org.user_page", user_id=user.id))


@bp.route("/org/users/import", methods=["GET", "POST"])
@body_limit("MAX_IMPORT_BYTES")
@login_required
def import_users():
    _admin_root()
    form = forms.ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(current_app.config["MAX_IMPORT_BYTES"] + 1)
        try:
            if len(data) > current_app.config["MAX_IMPORT_BYTES"]:
                raise DomainError("too_large", _("The file is larger than 5 MB."), status=413)
            result = importer.import_users(db.session, current_user, importer.read_rows(upload.filename, data))
        except DomainError as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        else:
            if result.errors:
                db.session.rollback()
            else:
                db.session.commit()
                flash(_("%(n)d users were imported.", n=result.created), "success")
    status = 400 if form.errors or (result and result.errors) else 200
    return render_template("org/import.html", form=form, result=result), status


@bp.get("/org/users/import/template.xlsx")
@login_required
def import_template():
    _admin_root()
    return send_file(io.BytesIO(importer.template_workbook()), download_name="users-template.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
