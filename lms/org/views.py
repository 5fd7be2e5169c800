"""Pages of the org domain: sign-in, password, the org tree, users and their import."""
from __future__ import annotations

import io
from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lms.core import scope
from lms.extensions import db
from lms.org import forms, home, importer, policies, queries, services, tree_import
from lms.web.errors import error_response, is_api_request
from lms.web.params import arg_id, arg_page
from lms.web.pipeline import page
from lms.web.redirects import safe_redirect_target
from lms.core.uploads import read_upload
from lms.web.security import bearer_token, body_limit

bp = Blueprint("org", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    if not user.is_admin:
        return []
    return [(url_for("org.units_root"), _("Org tree")), (url_for("org.users_page"), _("Users"))]


def _login_form_again(form, status: int = 400):
    return render_template("org/login.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@page(public=True, form=forms.LoginForm, again=_login_form_again)
def login(form):
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    if request.method == "GET":
        return render_template("org/login.html", form=form)
    user, refusal = services.authenticate(db.session, form.username.data.strip(), form.password.data,
                                          current_app.config, request.remote_addr or "")
    if refusal is not None:  # answered, not raised: the pipeline keeps the failure it counted
        form.password.errors.append(refusal.message)
        return _login_form_again(form, 429 if refusal.status == 429 else 400)
    login_user(user)
    if user.must_change_password:
        flash(_("Please choose a new password before you go on."), "warning")
        return redirect(url_for("org.change_password"))
    return redirect(safe_redirect_target(request.args.get("next"), url_for("pages.home")))


@bp.post("/logout")
@page()
def logout():
    # Server-side: a copy of this session's cookie stops working too (and so do the user's other sessions).
    services.end_sessions(current_user)
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("org.login"))


def _password_form_again(form):
    return render_template("org/change_password.html", form=form), 400


@bp.route("/account/password", methods=["GET", "POST"])
@page(form=forms.ChangePasswordForm, again=_password_form_again)
def change_password(form):
    if request.method == "GET":
        return render_template("org/change_password.html", form=form)
    services.change_password(db.session, current_user, form.current_password.data, form.new_password.data)
    login_user(current_user._get_current_object())  # new session version: stay signed in here
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("pages.home"))


def _account_again(form):
    return render_template("org/account.html", form=form), 400


@bp.route("/account/", methods=["GET", "POST"])
@page(form=forms.OwnDetailsForm, again=_account_again)
def account(form):
    """My account: one's own phone, e-mail, subject and stage; name and unit are the admin's."""
    if request.method == "GET":
        form.process(obj=current_user)
        return render_template("org/account.html", form=form)
    services.update_own_details(db.session, current_user,
                                {name: getattr(form, name).data for name in services.OWN_FIELDS})
    flash(_("Saved."), "success")
    return redirect(url_for("org.account"))


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


@bp.get("/org/units/")
@page(load={"root": scope.admin_root})
def units_root(root):
    return redirect(url_for("org.unit_page", unit_id=root.id))


def _render_unit(unit, child_form=None, status: int = 200, **_):
    q = request.args.get("q", "").strip()[:64]
    return render_template("org/unit.html", unit=unit, children=queries.children(db.session, unit),
                           breadcrumbs=queries.visible_ancestors(db.session, current_user, unit), q=q,
                           found=queries.search_units(db.session, unit, q) if q else None,
                           child_form=child_form or ChildForm(), edit_form=EditForm(obj=unit),
                           count_form=forms.TeacherCountForm(obj=unit),
                           can_create=policies.can_create_child(current_user, unit),
                           can_import=policies.can_create_units(current_user),
                           can_rename=policies.can_rename_unit(current_user, unit)), status


ChildForm = partial(forms.UnitForm, prefix="child")
EditForm = partial(forms.UnitForm, prefix="edit")


def _child_form_again(unit, form):
    return _render_unit(unit, child_form=form, status=400)


def _to_unit(unit, **_):
    return url_for("org.unit_page", unit_id=unit.id)


@bp.get("/org/units/<int:unit_id>")
@page(load={"unit": queries.unit_in_scope})
def unit_page(unit):
    return _render_unit(unit)


@bp.post("/org/units/<int:unit_id>/children")
@page(load={"unit": queries.unit_in_scope}, allow=policies.CREATE_CHILD, form=ChildForm, again=_child_form_again)
def create_child(unit, form):
    child = services.create_unit(db.session, current_user, unit, form.name.data.strip(),
                                 scope.child_level(unit.level) or "", form.code.data or None, form.teacher_count.data or 0)
    flash(_("%(name)s was created.", name=child.name), "success")
    return redirect(url_for("org.unit_page", unit_id=unit.id))


@bp.post("/org/units/<int:unit_id>/edit")
@page(load={"unit": queries.unit_in_scope}, allow=policies.EDIT_UNIT, form=EditForm, back=_to_unit)
def edit_unit(unit, form):
    """Name, code and teacher count; those who may not rename the unit post the count alone (teacher-count)."""
    services.update_unit(db.session, current_user, unit, name=form.name.data.strip(), code=form.code.data or "",
                         teacher_count=form.teacher_count.data)
    flash(_("Saved."), "success")
    return redirect(_to_unit(unit))


def _back_from_count(unit, **_):
    """Counts are edited in the parent's table of children; back there when the actor may see it."""
    shown = unit.parent if unit.parent is not None and policies.can_manage_unit(current_user, unit.parent) else unit
    return url_for("org.unit_page", unit_id=shown.id)


@bp.post("/org/units/<int:unit_id>/teacher-count")
@page(load={"unit": queries.unit_in_scope}, allow=policies.EDIT_UNIT, form=forms.TeacherCountForm,
      back=_back_from_count)
def set_teacher_count(unit, form):
    services.update_unit(db.session, current_user, unit, teacher_count=form.teacher_count.data)
    flash(_("%(name)s: %(n)d teachers.", name=unit.name, n=unit.teacher_count), "success")
    return redirect(_back_from_count(unit))


@bp.get("/org/audit")
@page(load={"root": scope.admin_root})
def audit_page(root):
    """The changes in the admin's area, newest first, paged, each in words with a link to what it concerns."""
    page_number = arg_page()
    entries, total = home.audit_page(db.session, root, page=page_number)
    return render_template("org/audit.html", unit=root, entries=entries, total=total, page=page_number,
                           pages=max(-(-total // home.AUDIT_PER_PAGE), 1))


@bp.get("/org/users")
@page(load={"root": scope.admin_root})
def users_page(root):
    unit_id = arg_id("unit")
    unit = queries.unit_in_scope(db.session, current_user, unit_id) if unit_id else root
    q = request.args.get("q", "").strip()[:64]
    role = request.args.get("role") or None
    role = role if role in scope.ROLES else None
    page_number = arg_page()
    users, total = queries.list_users(db.session, unit, text=q, role=role, page=page_number, per_page=50)
    return render_template("org/users.html", unit=unit, users=users, total=total, q=q, role=role, page=page_number,
                           pages=max((total + 49) // 50, 1), roles=scope.ROLES)


def _user_form_again(unit, form):
    return render_template("org/user_form.html", form=form, unit=unit), 400


@bp.route("/org/units/<int:unit_id>/users/new", methods=["GET", "POST"])
@page(load={"unit": queries.unit_in_scope}, form=forms.UserForm, again=_user_form_again)
def new_user(unit, form):
    if request.method == "GET":
        form.roles.data = ["teacher"] if unit.level == "school" else [f"{unit.level}_admin"]
        return render_template("org/user_form.html", form=form, unit=unit)
    new = services.NewUser(username=form.username.data.strip(), name=form.name.data, org_unit=unit,
                           roles=form.roles.data, password=form.password.data or None,
                           phone=form.phone.data or None, subject=form.subject.data or None,
                           stage=form.stage.data or None)
    user, generated = services.create_user(db.session, current_user, new)
    if generated:
        flash(_("%(name)s was created. Initial password: %(password)s (must be changed at first sign-in).",
                name=user.name, password=generated), "success")
    else:
        flash(_("%(name)s was created.", name=user.name), "success")
    return redirect(url_for("org.user_page", user_id=user.id))


def _to_user(user, **_):
    return url_for("org.user_page", user_id=user.id)


def _user_page(user, edit_form=None, status: int = 200):
    if edit_form is None:
        edit_form = forms.UserEditForm(obj=user)
        edit_form.roles.data = user.roles
    return render_template("org/user.html", user=user, form=forms.ConfirmForm(), edit_form=edit_form,
                           title_labels=forms.TITLE_LABELS,
                           deactivate_form=forms.DeactivateForm(),
                           can_manage=policies.can_manage_user(current_user, user),
                           history=queries.user_history(db.session, user) if current_user.id != user.id else [],
                           breadcrumbs=queries.visible_ancestors(db.session, current_user, user.org_unit)), status


@bp.get("/org/users/<int:user_id>")
@page(load={"user": queries.user_in_scope})
def user_page(user):
    return _user_page(user)


@bp.post("/org/users/<int:user_id>/edit")
@page(load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, form=forms.UserEditForm,
      again=lambda user, form: _user_page(user, form, 400))
def edit_user(user, form):
    """Name, contacts, subject, stage, roles; a unit code moves the user inside the admin's subtree."""
    code = (form.unit_code.data or "").strip()
    target = queries.unit_by_code_in_scope(db.session, current_user, code) if code else None
    values = {name: getattr(form, name).data for name in services.ADMIN_FIELDS}
    services.update_user(db.session, current_user, user, values, org_unit=target, roles=form.roles.data)
    flash(_("Saved."), "success")
    return redirect(_to_user(user))


@bp.post("/org/users/<int:user_id>/deactivate")
@page(load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, form=forms.DeactivateForm, back=_to_user)
def deactivate_user(user, form):
    services.deactivate_user(db.session, current_user, user, form.reason.data)
    flash(_("%(name)s was deactivated: no more sign-in; the records are kept.", name=user.name), "success")
    return redirect(_to_user(user))


@bp.post("/org/users/<int:user_id>/reactivate")
@page(load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, form=forms.ConfirmForm, back=_to_user)
def reactivate_user(user):
    services.reactivate_user(db.session, current_user, user)
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(_to_user(user))


@bp.post("/org/users/<int:user_id>/reset-password")
@page(load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, form=forms.ConfirmForm, back=_to_user)
def reset_password(user):
    generated = services.reset_password(db.session, current_user, user)
    flash(_("New password for %(name)s: %(password)s (must be changed at sign-in).",
            name=user.name, password=generated), "success")
    return redirect(_to_user(user))


@bp.post("/org/users/<int:user_id>/unlock")
@page(load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, form=forms.ConfirmForm, back=_to_user)
def unlock_user(user):
    services.unlock_user(db.session, current_user, user)
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(_to_user(user))


def _import_page(form, result=None, status: int = 200):
    # The initial passwords as a sheet, inside this answer only (a data: link): never stored, never fetched again.
    passwords_url = importer.passwords_data_url(result.users) if result and getattr(result, "users", None) else None
    return render_template("org/import.html", form=form, result=result, passwords_url=passwords_url), status


def _import_again(form, error=None, **_):
    return _import_page(form, {"errors": error.extra.get("errors", [])} if error is not None else None, 400)


@bp.route("/org/users/import", methods=["GET", "POST"])
@body_limit("MAX_IMPORT_BYTES")
@page(allow=policies.ADMINISTER, form=forms.ImportForm, again=_import_again)
def import_users(form):
    if request.method == "GET":
        return _import_page(form)
    result = importer.import_upload(db.session, current_user, form.file.data, current_app.config["MAX_IMPORT_BYTES"])
    flash(_("%(n)d users were imported.", n=result.created), "success")
    return _import_page(form, result)


@bp.get("/org/users/import/template.xlsx")
@page(allow=policies.ADMINISTER)
def import_template():
    return send_file(io.BytesIO(importer.template_workbook()), download_name="users-template.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- The org tree from a sheet: upload → preview → confirm ------------------------------------------------

def _tree_page(form, preview=None, confirm=None, status: int = 200, done=None):
    return render_template("org/tree_import.html", form=form, preview=preview, confirm=confirm, done=done,
                           limit=tree_import.LIST_LIMIT), status


def _tree_again(form=None, error=None, **_):
    preview = None
    if error is not None and error.extra.get("errors"):
        preview = {**error.extra, "created": 0, "changed": 0}
    return _tree_page(forms.ImportForm() if form is None or not hasattr(form, "file") else form, preview, None, 400)


@bp.route("/org/units/import", methods=["GET", "POST"])
@body_limit("MAX_IMPORT_BYTES")
@page(allow=policies.CREATE_UNITS, form=forms.ImportForm, again=_tree_again)
def import_units(form):
    """Upload and preview: nothing is written; the checked file waits for the confirmation (tree_import.stash)."""
    if request.method == "GET":
        return _tree_page(form)
    upload = form.file.data
    data = read_upload(upload, current_app.config["MAX_IMPORT_BYTES"], (".xlsx", ".csv"))
    preview = tree_import.run(db.session, current_user, upload.filename, data, dry_run=True)
    confirm = forms.ImportConfirmForm()
    if preview["created"] or preview["changed"]:
        confirm.token.data = tree_import.stash(current_app.config["INSTANCE_PATH"], current_user.id,
                                               upload.filename, data)
    return _tree_page(form, preview, confirm if confirm.token.data else None)


@bp.post("/org/units/import/confirm")
@page(allow=policies.CREATE_UNITS, form=forms.ImportConfirmForm, again=_tree_again)
def confirm_import_units(form):
    folder, token = current_app.config["INSTANCE_PATH"], form.token.data
    filename, data = tree_import.unstash(folder, current_user.id, token)
    done = tree_import.run(db.session, current_user, filename, data, dry_run=False)
    tree_import.forget(folder, current_user.id, token)
    flash(_("Imported: %(created)d units created, %(changed)d changed.", created=done["created"],
            changed=done["changed"]), "success")
    return _tree_page(forms.ImportForm(), None, None, done=done)


@bp.get("/org/units/import/template.xlsx")
@page(allow=policies.CREATE_UNITS)
def units_import_template():
    return send_file(io.BytesIO(tree_import.template_workbook()), download_name="org-units-template.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
