"""The org domain's JSON API: tokens, /me, org units and users (docs/API.md, "Auth and people")."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from lms.core import scope
from lms.extensions import db
from lms.org import home, importer, policies, queries, schemas, services, tree_import
from lms.core.uploads import read_upload
from lms.web.api import Page, PageParams, endpoint, page_of
from lms.web.security import body_limit

bp = Blueprint("org_api", __name__, url_prefix="/api/v1")


@bp.post("/auth/token")
@endpoint(summary="Exchange a username and password for a bearer token", body=schemas.TokenRequest, status=200,
          response=schemas.TokenOut, public=True, errors=("401:invalid_credentials", "429:rate_limited"))
def issue_token(data: schemas.TokenRequest):
    user, refusal = services.authenticate(db.session, data.username, data.password, current_app.config,
                                          request.remote_addr or "")
    if refusal is not None:  # answered, not raised: the pipeline keeps the failure it counted
        return {"error": {"code": refusal.code, "message": refusal.message}}, refusal.status
    token, row = services.issue_token(db.session, user, current_app.config["TOKEN_HOURS"])
    return {"token": token, "expires_at": row.expires_at.isoformat(), "user": user.to_dict()}


@bp.get("/me")
@endpoint(summary="The signed-in user with its roles", response=schemas.UserOut)
def me():
    return current_user.to_dict()


@bp.post("/me/password")
@endpoint(summary="Change one's own password", body=schemas.PasswordChange,
          response=schemas.PasswordChanged, errors=("400:invalid_input",))
def change_password(data: schemas.PasswordChange):
    services.change_password(db.session, current_user, data.current_password, data.new_password)
    return {"changed": True}


@bp.patch("/me")
@endpoint(summary="Correct one's own phone, e-mail, subject and stage (not name or unit)", body=schemas.OwnDetails,
          response=schemas.UserOut, errors=("400:invalid_input",))
def update_me(data: schemas.OwnDetails):
    return services.update_own_details(db.session, current_user, data.model_dump(exclude_unset=True)).to_dict()


@bp.post("/org-units")
@endpoint(summary="Create a child org unit", body=schemas.OrgUnitCreate, response=schemas.OrgUnitOut, status=201,
          allow=policies.CREATE_UNITS, errors=("404:not_found", "409:code_taken"))
def create_unit(data: schemas.OrgUnitCreate):
    parent = queries.unit_in_scope(db.session, current_user, data.parent_id)
    unit = services.create_unit(db.session, current_user, parent, data.name, data.level, data.code, data.teacher_count)
    return unit.to_dict(), 201


@bp.get("/org-units/<int:unit_id>")
@endpoint(summary="An org unit in the caller's subtree", response=schemas.OrgUnitOut,
          load={"unit": queries.unit_in_scope}, errors=("404:not_found",))
def get_unit(unit):
    return unit.to_dict()


@bp.patch("/org-units/<int:unit_id>")
@endpoint(summary="Rename an org unit, change its code or teacher count", body=schemas.OrgUnitUpdate,
          response=schemas.OrgUnitOut, load={"unit": queries.unit_in_scope}, allow=policies.EDIT_UNIT,
          errors=("404:not_found", "409:code_taken"))
def update_unit(unit, data: schemas.OrgUnitUpdate):
    return services.update_unit(db.session, current_user, unit, name=data.name, code=data.code,
                                teacher_count=data.teacher_count).to_dict()


@bp.get("/org-units/<int:unit_id>/children")
@endpoint(summary="The child units of an org unit", response=Page[schemas.OrgUnitOut],
          load={"unit": queries.unit_in_scope}, errors=("404:not_found",))
def unit_children(unit):
    items = [child.to_dict() for child in queries.children(db.session, unit)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.get("/audit")
@endpoint(summary="The changes in the caller's area, newest first, each in words (action label, object, details)",
          query=PageParams, response=Page[schemas.AuditEntryOut], load={"root": scope.admin_root},
          errors=("404:not_found",))
def audit(root, params: PageParams):
    entries, total = home.audit_page(db.session, root, page=params.page, per_page=params.per_page)
    return page_of([{**e, "at": e["at"].isoformat()} for e in entries], total, params)


@bp.get("/users")
@endpoint(summary="Users of the caller's subtree; q searches names (typos tolerated), usernames and phones",
          query=schemas.UserListQuery, response=Page[schemas.UserOut], load={"root": scope.admin_root},
          errors=("404:not_found",))
def list_users(root, params: schemas.UserListQuery):
    unit = queries.unit_in_scope(db.session, current_user, params.org_unit_id) if params.org_unit_id else root
    users, total = queries.list_users(db.session, unit, text=params.q, role=params.role, page=params.page,
                                      per_page=params.per_page)
    return page_of([u.to_dict() for u in users], total, params)


@bp.post("/users")
@endpoint(summary="Create a user in the caller's subtree", body=schemas.UserCreate,
          response=schemas.NewUserOut, status=201, allow=policies.ADMINISTER,
          errors=("404:not_found",))
def create_user(data: schemas.UserCreate):
    unit = queries.unit_in_scope(db.session, current_user, data.org_unit_id)
    new = services.NewUser(username=data.username, name=data.name, org_unit=unit, roles=list(data.roles),
                           password=data.password, phone=data.phone, subject=data.subject, stage=data.stage)
    user, generated = services.create_user(db.session, current_user, new)
    answer = user.to_dict()
    if generated:
        answer["initial_password"] = generated
    return answer, 201


@bp.get("/users/<int:user_id>")
@endpoint(summary="A user of the caller's subtree", response=schemas.UserOut, load={"user": queries.user_in_scope},
          errors=("404:not_found",))
def get_user(user):
    return user.to_dict()


@bp.patch("/users/<int:user_id>")
@endpoint(summary="Correct a user: name, contacts, subject, stage, roles, or move it to another unit of the subtree",
          body=schemas.UserUpdate, response=schemas.UserOut, load={"user": queries.user_in_scope},
          allow=policies.MANAGE_USER, errors=("404:not_found", "400:invalid_input"))
def update_user(user, data: schemas.UserUpdate):
    values = data.model_dump(exclude_unset=True)
    unit_id, roles = values.pop("org_unit_id", None), values.pop("roles", None)
    target = queries.unit_in_scope(db.session, current_user, unit_id) if unit_id is not None else None
    return services.update_user(db.session, current_user, user, values, org_unit=target, roles=roles).to_dict()


@bp.post("/users/<int:user_id>/deactivate")
@endpoint(summary="Deactivate a user: no sign-in or token, every record kept", body=schemas.Deactivation,
          response=schemas.UserOut, load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER,
          errors=("404:not_found",))
def deactivate_user(user, data: schemas.Deactivation):
    return services.deactivate_user(db.session, current_user, user, data.reason).to_dict()


@bp.post("/users/<int:user_id>/reactivate")
@endpoint(summary="Reactivate a deactivated user", response=schemas.UserOut, load={"user": queries.user_in_scope},
          allow=policies.MANAGE_USER, errors=("404:not_found",))
def reactivate_user(user):
    return services.reactivate_user(db.session, current_user, user).to_dict()


@bp.post("/users/<int:user_id>/unlock")
@endpoint(summary="Unlock an account locked after wrong passwords", response=schemas.UserOut,
          load={"user": queries.user_in_scope}, allow=policies.MANAGE_USER, errors=("404:not_found",))
def unlock_user(user):
    services.unlock_user(db.session, current_user, user)
    return user.to_dict()


@bp.post("/users/<int:user_id>/reset-password")
@endpoint(summary="Set a new password (generated when none is given) that must be changed at sign-in",
          body=schemas.PasswordReset, response=schemas.PasswordSet, load={"user": queries.user_in_scope},
          allow=policies.MANAGE_USER, errors=("404:not_found",))
def reset_password(user, data: schemas.PasswordReset):
    generated = services.reset_password(db.session, current_user, user, data.new_password)
    return {"id": user.id, "initial_password": generated}


@bp.post("/users/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Import users from .xlsx or .csv: all rows or none", response=schemas.ImportOut, status=201,
          allow=policies.ADMINISTER,
          multipart={"type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"}}},
          errors=("413:too_large", "415:unsupported_media_type"))
def import_users():
    result = importer.import_upload(db.session, current_user, request.files.get("file"),
                                    current_app.config["MAX_IMPORT_BYTES"])
    return result.to_dict(), 201


@bp.post("/org-units/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Import cities, counties and schools from .xlsx or .csv: all rows or none; dry_run previews",
          response=schemas.UnitImportOut, status=201, allow=policies.CREATE_UNITS,
          multipart={"type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"},
                                    "dry_run": {"type": "boolean"}}},
          errors=("413:too_large", "415:unsupported_media_type"))
def import_units():
    upload = request.files.get("file")
    data = read_upload(upload, current_app.config["MAX_IMPORT_BYTES"], (".xlsx", ".csv"))
    dry_run = (request.form.get("dry_run") or request.args.get("dry_run") or "").lower() in ("1", "true", "yes", "on")
    answer = tree_import.run(db.session, current_user, upload.filename, data, dry_run=dry_run)
    return answer, 200 if dry_run else 201
