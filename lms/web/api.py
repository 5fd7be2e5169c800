"""The JSON API's request pipeline: auth, input parsing, response models, commit, OpenAPI metadata."""
from __future__ import annotations

import json
from functools import wraps
from typing import Annotated, Any, Generic, Mapping, TypeVar

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lms.core.errors import DomainError, InvalidInput
from lms.web.security import bearer_token
from lms.web.converters import MAX_ID
from lms.web.pipeline import Loader, Policy, finish, prepare

# An object id in a query or body: beyond MAX_ID (the INTEGER keys) no row can match and the database would overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_PAGE = 1_000_000  # keeps (page - 1) * per_page well inside 64 bits

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


def form_or_json(model: type[BaseModel]) -> BaseModel:
    """The fields of a multipart form (its files beside them: ``uploaded_file``) or of a JSON body."""
    return parse_model(model, (request.get_json(silent=True) or {}) if request.is_json else request.form.to_dict())


def uploaded_file(name: str):
    """A multipart request's file ``name`` (None in JSON or when not sent)."""
    return None if request.is_json else request.files.get(name)


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_("Send a JSON object with Content-Type: application/json."), {"body": _("Not a JSON object.")})
    return JsonBody(data)


def require_user() -> None:
    if not current_user.is_authenticated:
        raise DomainError("unauthenticated", _("Sign in or send a valid bearer token."), status=401)


class ApiModel(BaseModel):
    """A response body. Unknown keys are a bug: the document must say everything that is sent."""
    model_config = ConfigDict(extra="forbid")


class OpenModel(BaseModel):
    """A response body whose listed keys are checked; more keys may follow (reports of varying shape)."""
    model_config = ConfigDict(extra="allow")


T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    """A list with its pagination (API.md: every list is paged)."""
    items: list[T]
    page: int
    per_page: int
    total: int


class Items(ApiModel, Generic[T]):
    items: list[T]


def serialise(model: type[BaseModel], result: Any) -> Any:
    """Check a handler's answer against its declared model and send it as the model renders it."""
    if isinstance(result, Response):
        return result
    body, rest = (result[0], result[1:]) if isinstance(result, tuple) else (result, ())
    if isinstance(body, dict) and "error" in body:  # an error answer built by the handler (imports)
        return result
    data = model.model_validate(body).model_dump(mode="json", exclude_unset=True)  # absent stays absent
    return (data, *rest) if rest else data


BINARY = {"type": "string", "format": "binary"}


def endpoint(*, summary: str, response: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
             query: type[BaseModel] | None = None, status: int = 200, errors: tuple[str, ...] = (),
             public: bool = False, multipart: dict | None = None, produces: str = "application/json",
             checks_token_itself: bool = False, load: Mapping[str, Loader] | None = None,
             allow: Policy | None = None, replica: bool = False):
    """Declare an API handler: who may call it, its input and response models and its OpenAPI entry.

    It runs the request pipeline of ``lms.web.pipeline``: ``load`` turns the URL's ids into objects and
    ``allow`` (a named policy) decides before the body is read. The handler receives the objects,
    parsed ``data`` (body) and ``params`` (query); what it returns
    is validated and serialised through ``response``, the model the document shows, so
    the two cannot drift. Files (``produces`` other than JSON) need no model.
    State-changing calls commit here, once, after success (on SQLite they hold the write lock from the
    request's start, see ``lms.create_app``). ``checks_token_itself``: a bearer token is checked by the
    handler inside its own query (the heartbeat, the hottest call, saves the token lookup); the handler
    calls ``require_user`` when it does not. ``replica``: a GET whose answer may lag the database by seconds
    (statistics, verification), read from the replica when one is configured (``lms.web.locking``).
    """
    if produces == "application/json" and response is None:
        raise TypeError(f"{summary!r}: a JSON endpoint declares its response model")

    def decorate(handler):
        @wraps(handler)
        def wrapper(*args, **kwargs):
            deferred = checks_token_itself and bearer_token() is not None
            if not public and not deferred:
                require_user()
            prepare(kwargs, load=load, allow=allow)
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
            if response is not None:
                result = serialise(response, result)
            finish()
            return result

        wrapper.openapi = {"summary": summary, "body": body, "query": query, "status": status,
                           "errors": errors, "public": public, "multipart": multipart, "produces": produces,
                           "response": response, "load": tuple((load or {}).keys()), "allow": allow}
        wrapper.checks_token_itself = checks_token_itself
        wrapper.replica = replica
        return wrapper
    return decorate


class PageParams(BaseModel):
    page: int = Field(1, ge=1, le=MAX_PAGE)
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
