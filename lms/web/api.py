"""The JSON API's request pipeline: auth, input parsing, commit, OpenAPI metadata."""
from __future__ import annotations

import json
from functools import wraps
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, Field, ValidationError

from lms.core.errors import DomainError, InvalidInput
from lms.extensions import db
from lms.web.security import bearer_token

PYDANTIC_MESSAGES = {
    "missing": lambda e: _("This field is required."),
    "string_too_short": lambda e: _("Too short."),
    "string_too_long": lambda e: _("Too long."),
    "greater_than_equal": lambda e: _("Must be at least %(n)s.", n=e["ctx"]["ge"]),
    "less_than_equal": lambda e: _("Must be at most %(n)s.", n=e["ctx"]["le"]),
    "int_parsing": lambda e: _("Must be a whole number."),
    "int_type": lambda e: _("Must be a whole number."),
    "int_from_float": lambda e: _("Must be a whole number."),
    "float_type": lambda e: _("Must be a number."),
    "dict_type": lambda e: _("Must be an object."),
    "model_type": lambda e: _("Must be an object."),
    "string_type": lambda e: _("Must be text."),
    "bool_type": lambda e: _("Must be true or false."),
    "bool_parsing": lambda e: _("Must be true or false."),
    "list_type": lambda e: _("Must be a list."),
    "literal_error": lambda e: _("Must be one of: %(values)s.", values=e["ctx"]["expected"]),
    "enum": lambda e: _("Must be one of: %(values)s.", values=e["ctx"]["expected"]),
    "date_from_datetime_parsing": lambda e: _("Must be a date (YYYY-MM-DD)."),
    "date_parsing": lambda e: _("Must be a date (YYYY-MM-DD)."),
    "date_type": lambda e: _("Must be a date (YYYY-MM-DD)."),
    "datetime_parsing": lambda e: _("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": lambda e: _("Must be a date and time (ISO 8601)."),
    "extra_forbidden": lambda e: _("Unknown field."),
    "string_pattern_mismatch": lambda e: _("Has the wrong form."),
}


def validation_fields(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "body"
        message = PYDANTIC_MESSAGES.get(item["type"])
        fields.setdefault(name, message(item) if message else item["msg"])
    return fields


class JsonBody(dict):
    """A request's JSON object: ``parse_model`` validates it strictly (``true`` is not 1, 1.5 not an id)."""


def parse_model(model: type[BaseModel], data: Any) -> BaseModel:
    """Validate ``data``; a JSON body strictly, as JSON (so dates still come as ISO strings).

    Query strings and form fields are text, so they are converted as before.
    """
    try:
        if isinstance(data, JsonBody):
            return model.model_validate_json(json.dumps(data), strict=True)
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(_("Please correct the marked fields."), validation_fields(error)) from None


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_("Send a JSON object with Content-Type: application/json."), {"body": _("Not a JSON object.")})
    return JsonBody(data)


def require_user() -> None:
    if not current_user.is_authenticated:
        raise DomainError("unauthenticated", _("Sign in or send a valid bearer token."), status=401)


def endpoint(*, summary: str, body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
             status: int = 200, errors: tuple[str, ...] = (), public: bool = False, multipart: dict | None = None,
             produces: str = "application/json", checks_token_itself: bool = False):
    """Declare an API handler: who may call it, its input models and its OpenAPI entry.

    The handler receives parsed ``data`` (body) and ``params`` (query) and returns
    what Flask serialises. State-changing calls commit here, once, after success.
    ``checks_token_itself``: a bearer token is checked by the handler inside its own query (the heartbeat,
    the hottest call, saves the token lookup); the handler calls ``require_user`` when it does not.
    """
    def decorate(handler):
        @wraps(handler)
        def wrapper(*args, **kwargs):
            deferred = checks_token_itself and bearer_token() is not None
            if not public and not deferred:
                require_user()
            if body is not None:
                try:
                    kwargs["data"] = parse_model(body, json_body())
                except InvalidInput:
                    if deferred:
                        require_user()  # a caller with a bad token learns that first, as elsewhere
                    raise
            if query is not None:
                kwargs["params"] = parse_model(query, request.args.to_dict())
            result = handler(*args, **kwargs)
            if request.method != "GET":
                db.session.commit()
            return result

        wrapper.openapi = {"summary": summary, "body": body, "query": query, "status": status,
                           "errors": errors, "public": public, "multipart": multipart, "produces": produces}
        wrapper.checks_token_itself = checks_token_itself
        return wrapper
    return decorate


class PageParams(BaseModel):
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)


def page_of(items: list, total: int, params: PageParams) -> dict:
    return {"items": items, "page": params.page, "per_page": params.per_page, "total": total}


def body_checked_later(model: type[BaseModel]):
    """Declare ``model`` as the JSON body (OpenAPI) of a handler that parses it itself.

    For calls on an object id: the handler checks the caller's scope first, so a
    caller outside its area gets 403 whatever it sent, then parses with
    ``parse_model(model, json_body())``. Place it between the route and ``endpoint``.
    """
    def decorate(view):
        view.openapi = dict(view.openapi, body=model)
        return view
    return decorate
