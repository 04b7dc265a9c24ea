"""What the public may see of an entity is declared once (entities.public):
every public output carries the declared fields and no other, and a private
value never appears in any of them."""

import csv
import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from entities import public
from entities.models import Entity
from research.framework import FEATURE_CODES

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db

# A value no public output could hold by chance, in each private field.
MARKERS = {field: f"qx7-{field}@private.invalid" for field in Entity.PRIVATE_FIELDS}

PUBLIC_OUTPUTS = [
    "/api/v1/entities/",
    "/api/v1/entities/{pk}/",
    "/api/v1/entities/?q=Marked",
    "/api/v1/entities/export.csv",
    "/api/v1/countries/TH/",
    "/api/v1/countries/TH/stats/",
    "/api/v1/stats/?group_by=sector",
    "/entities/",
    "/entities/?q=Marked",
    "/entities/{pk}/",
    "/entities/export.csv",
    "/",
    "/countries/th/",
    "/compare/?country=TH",
    "/tapestry/",
    "/tapestry/?country=TH&group_by=entity_type",
    "/map/",
]


@pytest.fixture
def entity():
    """A published, assessed entity with a marker in every private field."""
    marked = EntityFactory(
        name="Marked Cooperative",
        locality="Khon Kaen",
        description="Rice growers.",
        sources="https://example.org/marked",
        **MARKERS,
    )
    assess(marked, [3, 2, 1, 0, 3, None, 2])
    return marked


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def csv_header(response):
    return next(csv.reader(io.StringIO(body(response))))


def test_api_objects_carry_exactly_the_declared_keys_in_their_order(api, entity):
    (listed,) = api.get("/api/v1/entities/").json()["results"]
    assert list(listed) == list(public.SUMMARY)
    assert list(api.get(f"/api/v1/entities/{entity.pk}/").json()) == list(public.DETAIL)


@pytest.mark.parametrize("url", ["/api/v1/entities/export.csv", "/entities/export.csv"])
def test_csv_columns_are_the_declared_summary(api, entity, url):
    expected = [
        column
        for key in public.SUMMARY
        if key != "url"
        for column in (FEATURE_CODES if key == "profile" else [key])
    ]
    assert csv_header(api.get(url)) == expected


def test_schema_documents_exactly_the_declared_keys(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    assert list(components["Entity"]["properties"]) == list(public.SUMMARY)
    assert list(components["EntityDetail"]["properties"]) == list(public.DETAIL)
    for component in components.values():
        assert not set(component.get("properties", {})) & set(Entity.PRIVATE_FIELDS)


def test_list_page_rows_hold_only_the_declared_values(client, entity):
    rows = list(client.get("/entities/").context["page"])
    # The link and the band's label are added to each row for the template.
    assert [set(row) for row in rows] == [{*public.LISTED, "link", "band_label"}]


@pytest.mark.parametrize("url", PUBLIC_OUTPUTS)
def test_no_private_value_appears_in_any_public_output(api, entity, url):
    response = api.get(url.format(pk=entity.pk))
    assert response.status_code == 200
    text = body(response)
    assert "Marked Cooperative" in text or "Marked" not in url
    for marker in MARKERS.values():
        assert marker not in text


def test_private_and_internal_fields_are_not_public():
    for field in Entity.PRIVATE_FIELDS:
        assert field not in public.FIELDS
        assert not public.is_public(field)
    for value in ("status", "review_comment", "version", "search_text", "created_by_id"):
        assert not public.is_public(value)
    assert not public.is_public("current_assessment__assessor")
    assert public.is_public("current_assessment__method")
    assert public.is_public("country__name")


def test_every_value_an_output_reads_is_public():
    values = [*public.DETAIL_VALUES, *public.LISTED, *public.ANNOTATIONS]
    assert all(public.is_public(value) for value in values)
    assert set(public.SUMMARY_VALUES) <= set(public.DETAIL_VALUES)


def test_a_declaration_naming_a_private_field_is_refused():
    with pytest.raises(ImproperlyConfigured, match="contact_email"):
        public.public_values(["name", "contact_email"])
