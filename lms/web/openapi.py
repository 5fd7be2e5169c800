"""The OpenAPI 3 document, built from the URL map and each handler's declaration."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify

from lms.web.api import BINARY
from lms.web.converters import MAX_ID
from lms.web.errors import HTTP_CODES

API_PREFIX = "/api/v1"
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

bp = Blueprint("openapi", __name__, url_prefix=API_PREFIX)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}},
}


_PATH_SCHEMAS = {"int": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                 "index": {"type": "integer", "minimum": 0, "maximum": 999_999}}


def _path_and_params(rule) -> tuple[str, list[dict]]:
    params = []

    def replace(match):
        converter, name = match.group(1), match.group(2)
        params.append({"name": name, "in": "path", "required": True,
                       "schema": _PATH_SCHEMAS.get(converter, {"type": "string"})})
        return "{" + name + "}"

    return _PARAM.sub(replace, rule.rule)[len(API_PREFIX):], params


def _schema_ref(model, components: dict, mode: str = "validation") -> dict:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", model.__name__).strip("_")  # Page[UserOut] -> Page_UserOut
    for key, definition in [*schema.pop("$defs", {}).items(), (name, schema)]:
        if components.setdefault(key, definition) != definition:
            raise ValueError(f"two API models are named {key}: rename one")  # one would hide the other
    return {"$ref": f"#/components/schemas/{name}"}


def _success_schema(meta: dict, components: dict) -> dict:
    if meta.get("response") is not None:
        return _schema_ref(meta["response"], components, mode="serialization")
    if meta.get("produces", "application/json") != "application/json":
        return BINARY
    return meta.get("schema", {"type": "object"})  # routes outside the pipeline: the document itself


def _query_params(model) -> list[dict]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema.get("properties", {}).items()]


def build_document(app) -> dict:
    paths: dict[str, dict] = {}
    components: dict[str, dict] = {"Error": ERROR_SCHEMA}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None) or {"summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
                                                  "status": 200, "errors": (), "public": True}
        path, params = _path_and_params(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = {"operationId": f"{rule.endpoint}.{method.lower()}", "summary": meta["summary"],
                         "parameters": list(params), "responses": {}}
            if meta.get("query") is not None:
                operation["parameters"] += _query_params(meta["query"])
            # An endpoint may take either: JSON, or a multipart form carrying a file beside the same fields.
            content = {}
            if meta.get("body") is not None:
                content["application/json"] = {"schema": _schema_ref(meta["body"], components)}
            if meta.get("multipart"):
                content["multipart/form-data"] = {"schema": meta["multipart"]}
            if content:
                operation["requestBody"] = {"required": True, "content": content}
            produces = meta.get("produces", "application/json")
            success = meta["status"] if isinstance(meta["status"], tuple) else (meta["status"],)
            for status in success:
                operation["responses"][str(status)] = {
                    "description": "Success", "content": {produces: {"schema": _success_schema(meta, components)}}}
            statuses = {400} if meta.get("body") or meta.get("query") or meta.get("multipart") else set()
            if meta.get("body") or meta.get("multipart") or method in ("POST", "PUT", "PATCH"):
                statuses.add(413)  # every body has a size limit (lms.web.security.limit_request_body)
            if params or any(p["name"].endswith("_id") for p in operation["parameters"]):
                statuses.add(404)  # an id (in the path or the query) that names no object
            if not meta.get("public"):
                statuses |= {401, 403}
            error_codes = {}
            for code in meta.get("errors", ()):
                status_text, _sep, name = code.partition(":")
                error_codes.setdefault(int(status_text), []).append(name)
                statuses.add(int(status_text))
            for status in sorted(statuses):
                names = error_codes.get(status, [HTTP_CODES.get(status, "error")])
                operation["responses"][str(status)] = {
                    "description": ", ".join(names),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            if not meta.get("public"):
                operation["security"] = [{"bearerAuth": []}, {"cookieSession": []}]
            paths.setdefault(path, {})[method.lower()] = operation
    components_block = {"schemas": components, "securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer"},
        "cookieSession": {"type": "apiKey", "in": "cookie", "name": "session"}}}
    return {"openapi": "3.1.0",
            "info": {"title": "LMS — province-scale online teacher training", "version": "1"},
            "servers": [{"url": API_PREFIX}], "paths": paths, "components": components_block}


def document_of(app) -> dict:
    """The app's OpenAPI document, built once per process: routes do not change while it runs."""
    document = app.extensions.get("lms.openapi")
    if document is None:
        document = app.extensions["lms.openapi"] = build_document(app)
    return document


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 document of this API."""
    return jsonify(document_of(current_app))


openapi_document.openapi = {"summary": "The OpenAPI 3 document of this API", "status": 200, "errors": (),
                            "public": True, "schema": {"type": "object", "required": ["openapi", "info", "paths"],
                                                       "properties": {"openapi": {"type": "string"}}}}
