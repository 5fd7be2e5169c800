"""The org domain's JSON API: tokens, /me, org units and users (docs/API.md, "Auth and people")."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import scope
from lms.core.errors import DomainError, Forbidden, InvalidInput
from lms.extensions import db
from lms.org import importer, queries, schemas, services
from lms.web.api import Page, endpoint, page_of
from lms.web.security import body_limit

bp = Blueprint("org_api", __name__, url_prefix="/api/v1")


@bp.post("/auth/token")
@endpoint(summary="Exchange a username and password for a bearer token", body=schemas.TokenRequest, status=200,
          response=schemas.TokenOut, public=True, errors=("401:invalid_credentials", "429:rate_limited"))
def issue_token(data: schemas.TokenRequest):
    try:
        user = services.authenticate(db.session, data.username, data.password, current_app.config,
                                     request.remote_addr or "")
    except DomainError:
        db.session.commit()  # keep the failure count that led to the refusal
        raise
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


@bp.post("/org-units")
@endpoint(summary="Create a child org unit", body=schemas.OrgUnitCreate, response=schemas.OrgUnitOut, status=201,
          errors=("404:not_found", "409:code_taken"))
def create_unit(data: schemas.OrgUnitCreate):
    parent = queries.unit_in_scope(db.session, current_user, data.parent_id)
    unit = services.create_unit(db.session, current_user, parent, data.name, data.level, data.code, data.teacher_count)
    return unit.to_dict(), 201


@bp.get("/org-units/<int:unit_id>")
@endpoint(summary="An org unit in the caller's subtree", response=schemas.OrgUnitOut, errors=("404:not_found",))
def get_unit(unit_id: int):
    return queries.unit_in_scope(db.session, current_user, unit_id).to_dict()


@bp.patch("/org-units/<int:unit_id>")
@endpoint(summary="Rename an org unit, change its code or teacher count", body=schemas.OrgUnitUpdate,
          response=schemas.OrgUnitOut,
          errors=("404:not_found", "409:code_taken"))
def update_unit(unit_id: int, data: schemas.OrgUnitUpdate):
    unit = queries.unit_in_scope(db.session, current_user, unit_id)
    return services.update_unit(db.session, current_user, unit, name=data.name, code=data.code,
                                teacher_count=data.teacher_count).to_dict()


@bp.get("/org-units/<int:unit_id>/children")
@endpoint(summary="The child units of an org unit", response=Page[schemas.OrgUnitOut], errors=("404:not_found",))
def unit_children(unit_id: int):
    unit = queries.unit_in_scope(db.session, current_user, unit_id)
    items = [child.to_dict() for child in queries.children(db.session, unit)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


def _root_for(actor, unit_id: int | None):
    if unit_id is not None:
        return queries.unit_in_scope(db.session, actor, unit_id)
    root = scope.highest_admin_unit(actor)
    if root is None:
        raise Forbidden(_("Only admins list users."))
    return root


@bp.get("/users")
@endpoint(summary="Users of the caller's subtree; q searches names (typos tolerated), usernames and phones",
          query=schemas.UserListQuery, response=Page[schemas.UserOut],
          errors=("404:not_found",))
def list_users(params: schemas.UserListQuery):
    root = _root_for(current_user, params.org_unit_id)
    users, total = queries.list_users(db.session, root, text=params.q, role=params.role, page=params.page,
                                      per_page=params.per_page)
    return page_of([u.to_dict() for u in users], total, params)


@bp.post("/users")
@endpoint(summary="Create a user in the caller's subtree", body=schemas.UserCreate,
          response=schemas.NewUserOut, status=201,
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
@endpoint(summary="A user of the caller's subtree", response=schemas.UserOut, errors=("404:not_found",))
def get_user(user_id: int):
    return queries.user_in_scope(db.session, current_user, user_id).to_dict()


@bp.post("/users/<int:user_id>/unlock")
@endpoint(summary="Unlock an account locked after wrong passwords", response=schemas.UserOut, errors=("404:not_found",))
def unlock_user(user_id: int):
    user = queries.user_in_scope(db.session, current_user, user_id)
    services.unlock_user(db.session, current_user, user)
    return user.to_dict()


@bp.post("/users/<int:user_id>/reset-password")
@endpoint(summary="Set a new password (generated when none is given) that must be changed at sign-in",
          body=schemas.PasswordReset, response=schemas.PasswordSet, errors=("404:not_found",))
def reset_password(user_id: int, data: schemas.PasswordReset):
    user = queries.user_in_scope(db.session, current_user, user_id)
    generated = services.reset_password(db.session, current_user, user, data.new_password)
    return {"id": user.id, "initial_password": generated}


@bp.post("/users/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Import users from .xlsx or .csv: all rows or none", response=schemas.ImportOut, status=201,
          multipart={"type": "object", "required": ["file"],
                     "properties": {"file": {"type": "string", "format": "binary"}}},
          errors=("413:too_large", "415:unsupported_media_type"))
def import_users():
    importer.assert_can_import(current_user)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("Attach the file as the form field 'file'."), {"file": _("This field is required.")})
    data = upload.read(current_app.config["MAX_IMPORT_BYTES"] + 1)
    if len(data) > current_app.config["MAX_IMPORT_BYTES"]:
        raise DomainError("too_large", _("The file is larger than 5 MB."), status=413)
    result = importer.import_users(db.session, current_user, importer.read_rows(upload.filename, data))
    if result.errors:
        db.session.rollback()
        message = _("Nothing was imported: %(n)d rows have problems.", n=len(result.errors))
        return {"error": {"code": "invalid_input", "message": message},
                "created": 0, "errors": result.errors, "users": []}, 400
    return result.to_dict(), 201
