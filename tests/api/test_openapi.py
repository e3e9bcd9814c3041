"""The OpenAPI document: valid OpenAPI 3.1, and every API route of the routes table is
in it with its answers; the docs page shows every operation."""

from __future__ import annotations

from openapi_spec_validator import validate
from starlette.routing import Route

from thepost.web import routes
from thepost.web.api.openapi import PARAM

V1 = "/api/v1"
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/docs"}


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get(f"{V1}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_api_route_is_in_the_document_with_its_responses(client):
    document = client.get(f"{V1}/openapi.json").json()
    api = [r for r in routes.table() if isinstance(r, Route) and r.path.startswith("/api/")]
    assert len(api) > 10
    for route in api:
        if route.path in NOT_OPERATIONS:
            continue
        path = PARAM.sub(r"{\1}", route.path)
        assert path in document["paths"], route.path
        for method in route.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path][method.lower()]
            responses = operation["responses"]
            assert any(status.startswith("2") for status in responses), route.path
            assert "400" in responses and "401" in responses, route.path
            if "{" in route.path:
                assert "404" in responses, route.path
            for status, response in responses.items():
                if status not in ("204", "304"):
                    assert response.get("content"), (route.path, status)


def test_the_docs_page_lists_every_operation(client):
    document = client.get(f"{V1}/openapi.json").json()
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "<script" not in page.text
    for methods in document["paths"].values():
        for operation in methods.values():
            assert f'id="{operation["operationId"]}"' in page.text
