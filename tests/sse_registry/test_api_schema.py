"""The OpenAPI schema describes every parameter and answer; the docs are
served by the app itself."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    return api.get("/api/schema/", HTTP_ACCEPT="application/json").json()


def parameters(schema, path):
    return {param["name"]: param for param in schema["paths"][path]["get"]["parameters"]}


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_every_list_filter_is_documented_with_its_allowed_values(schema):
    params = parameters(schema, "/api/v1/entities/")
    for name in [
        "country",
        "region",
        "entity_type",
        "sector",
        "origin",
        "dependency",
        "registered",
        "sdg",
        "practises",
        "lacks",
        "practised_min",
        "practised_max",
        "band",
        "year_min",
        "year_max",
        "q",
        "bbox",
        "ordering",
        "page",
        "page_size",
    ]:
        assert name in params, name
    assert "TH" in params["country"]["schema"]["items"]["enum"]
    assert params["band"]["schema"]["items"]["enum"] == [
        "all",
        "most",
        "some",
        "none",
        "unassessed",
    ]
    assert "autonomy" in params["lacks"]["schema"]["items"]["enum"]
    assert "-features_practised" in params["ordering"]["schema"]["items"]["enum"]
    # Repeated, not comma-separated, in the schema: `ordering=` is then one
    # empty (refused) ordering, not an empty list.
    assert (params["ordering"]["style"], params["ordering"]["explode"]) == ("form", True)
    assert params["ordering"]["schema"]["maxItems"] == 100
    bounded = {"type": "integer"}
    assert params["practised_min"]["schema"] == {**bounded, "minimum": 0, "maximum": 7}
    assert params["sdg"]["schema"] == {**bounded, "minimum": 1, "maximum": 17}
    assert params["q"]["schema"]["maxLength"] == 200
    assert params["bbox"]["schema"]["maxLength"] == 200
    assert params["country"]["schema"]["maxItems"] == 100
    assert params["registered"]["schema"] == {
        "type": "string",
        "enum": ["false", "true", "unknown"],
    }


def test_registered_is_a_nullable_boolean_in_the_entities(schema):
    for name in ("Entity", "EntityDetail"):
        field = schema["components"]["schemas"][name]["properties"]["registered"]
        assert (field["type"], field["nullable"]) == ("boolean", True), name


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/entities/",
        "/api/v1/entities/export.csv",
        "/api/v1/countries/{code}/stats/",
        "/api/v1/stats/",
    ],
)
def test_filtered_endpoints_share_the_filters(schema, path):
    assert {"country", "lacks", "band", "q"} <= set(parameters(schema, path))


def test_errors_and_rate_limits_are_documented_everywhere(schema):
    for path in schema["paths"].values():
        for operation in path.values():
            assert {"400", "404", "429"} <= set(operation["responses"])
            assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_private_fields_are_not_in_the_schema(schema):
    text = str(schema)
    for field in ("contact_person", "contact_email", "contact_phone", "internal_notes"):
        assert field not in text


def test_docs_page_loads_its_assets_from_the_app(client):
    page = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset  # no CDN
    # No inline script (Content-Security-Policy): Swagger UI's start-up script
    # is a file of its own, which loads the schema.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    start_up = next(asset for asset in assets if asset.startswith("/api/docs/?script"))
    assert "/api/schema/" in client.get(start_up).content.decode()


def test_every_operation_may_be_called_with_either_token_form_or_anonymously(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["tokenAuth"] == {
        **schemes["tokenAuth"],
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            security = operation["security"]
            where = f"{method} {path}"
            assert {} in security, where  # anonymous clients may call it
            assert {"bearerAuth": []} in security and {"tokenAuth": []} in security, where
            assert "401" in operation["responses"], where


def test_docs_page_links_back_to_the_site(client):
    page = client.get("/api/docs/").content.decode()
    assert re.search(r'<a [^>]*href="/"[^>]*>[^<]*SSE Registry', page)
    assert '<html lang="en"' in page
