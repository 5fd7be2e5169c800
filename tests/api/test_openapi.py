"""The OpenAPI document describes every API route (docs/API.md conventions)."""
from __future__ import annotations

import re


def test_every_api_route_is_described(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)[len("/api/v1"):]
        assert path in doc["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = doc["paths"][path][method.lower()]
            assert operation["summary"] and operation["responses"]
            view = app.view_functions[rule.endpoint]
            if method in ("POST", "PUT", "PATCH") and getattr(view, "openapi", {}).get("body"):
                schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                assert schema_ref.split("/")[-1] in doc["components"]["schemas"]


def test_document_validates_as_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())
