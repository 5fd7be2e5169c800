"""The OpenAPI 3 document, built from the URL map and each handler's declaration."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify

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


def _path_and_params(rule) -> tuple[str, list[dict]]:
    params = []

    def replace(match):
        converter, name = match.group(1), match.group(2)
        params.append({"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if converter == "int" else "string"}})
        return "{" + name + "}"

    return _PARAM.sub(replace, rule.rule)[len(API_PREFIX):], params


def _schema_ref(model, components: dict) -> dict:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


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
            if meta.get("body") is not None:
                operation["requestBody"] = {"required": True, "content": {
                    "application/json": {"schema": _schema_ref(meta["body"], components)}}}
            if meta.get("multipart"):
                operation["requestBody"] = {"required": True, "content": {
                    "multipart/form-data": {"schema": meta["multipart"]}}}
            produces = meta.get("produces", "application/json")
            operation["responses"][str(meta["status"])] = {"description": "Success",
                                                           "content": {produces: {"schema": {}}}}
            statuses = {400} if meta.get("body") or meta.get("query") else set()
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


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 document of this API."""
    return jsonify(build_document(current_app))
