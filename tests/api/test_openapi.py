"""The OpenAPI document describes every API route (docs/API.md conventions)."""
from __future__ import annotations

import re

import pytest


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


def test_every_operation_declares_its_success_schema(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
            assert success, (path, method)
            for response in success.values():
                ((media, content),) = response["content"].items()
                schema = content["schema"]
                assert schema, (path, method)
                if media == "application/json":
                    ref = schema.get("$ref", "")
                    assert ref.split("/")[-1] in schemas or path == "/openapi.json", (path, method)
                else:
                    assert schema == {"type": "string", "format": "binary"}, (path, method)
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_lists_are_paged_and_ids_bounded_in_the_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    page = doc["components"]["schemas"]["Page_UserOut"]
    assert set(page["required"]) == {"items", "page", "per_page", "total"}
    users = doc["paths"]["/users/{user_id}"]["get"]
    assert users["parameters"][0]["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert "404" in users["responses"]
    listing = {p["name"]: p["schema"] for p in doc["paths"]["/users"]["get"]["parameters"]}
    assert listing["page"]["minimum"] == 1 and listing["page"]["maximum"] == 1_000_000
    assert listing["per_page"]["maximum"] == 500
    pdf = doc["paths"]["/enrollments/{enrollment_id}/certificate"]["get"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]


def test_answers_go_through_their_declared_model(app):
    """A handler answering with a key its model does not declare is a bug the pipeline catches."""
    import pydantic
    from lms.web.api import ApiModel, serialise

    class Out(ApiModel):
        id: int

    assert serialise(Out, ({"id": 1}, 201)) == ({"id": 1}, 201)
    with pytest.raises(pydantic.ValidationError):
        serialise(Out, {"id": 1, "secret": "x"})
