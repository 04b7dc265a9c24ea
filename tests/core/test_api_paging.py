"""Paging the entity list: page numbers for the first 100,000 entities of a
filter, a cursor for going through them all."""

import pytest

from entities.api.pagination import MAX_OFFSET
from entities.models import Entity

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db


def harvest(api, **params):
    """Every result of the cursor mode, following next links; and the pages."""
    response = api.get("/api/v1/entities/", {"cursor": "", **params})
    assert response.status_code == 200, response.content
    pages = [response.json()]
    while pages[-1]["next"]:
        pages.append(api.get(pages[-1]["next"]).json())
    return [item for page in pages for item in page["results"]], pages


def test_a_cursor_goes_through_every_published_entity_once_in_id_order(api, shared_registry):
    for _ in range(7):
        EntityFactory(country_id="VN")
    published = list(Entity.objects.published().order_by("pk").values_list("pk", flat=True))
    items, pages = harvest(api, page_size=3)
    assert [item["id"] for item in items] == published
    assert len(pages) == -(-len(published) // 3)
    assert {page["count"] for page in pages} == {len(published)}
    assert pages[1]["previous"]
    # The filters apply, and the count agrees with page-number paging.
    vietnamese, _ = harvest(api, country="VN", page_size=4)
    assert len(vietnamese) == api.get("/api/v1/entities/", {"country": "VN"}).json()["count"]
    assert {item["country"] for item in vietnamese} == {"VN"}


def test_a_cursor_page_has_the_list_fields(api, shared_registry):
    first = api.get("/api/v1/entities/", {"cursor": "", "page_size": 1}).json()["results"][0]
    listed = api.get("/api/v1/entities/", {"ordering": "updated_at"}).json()["results"]
    assert first == next(item for item in listed if item["id"] == first["id"])


def test_a_cursor_not_given_out_is_a_404_that_says_where_to_start(api):
    EntityFactory()
    response = api.get("/api/v1/entities/", {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert "Start with an empty cursor" in response.json()["detail"]


def test_a_bad_cursor_page_size_is_a_400(api):
    response = api.get("/api/v1/entities/", {"cursor": "", "page_size": "0"})
    assert response.status_code == 400
    assert "from 1 to 500" in str(response.json())


@pytest.mark.parametrize("page", ["-904", "0", "x"])
def test_a_bad_page_number_is_a_400_with_a_cursor_too(api, page):
    response = api.get("/api/v1/entities/", {"cursor": "", "page": page})
    assert response.status_code == 400
    assert set(response.json()) == {"page"}


@pytest.mark.parametrize("extra", [{"ordering": "-name"}, {"page": "3"}])
def test_ordering_and_page_do_not_apply_to_cursor_paging(api, extra, shared_registry):
    plain, _ = harvest(api, page_size=5)
    with_extra, _ = harvest(api, page_size=5, **extra)
    assert with_extra == plain


def test_deep_page_numbers_point_to_the_cursor_and_the_export(api):
    EntityFactory()
    last_served = MAX_OFFSET // 100  # page 1,000 at 100 a page
    response = api.get("/api/v1/entities/", {"page": last_served + 1, "page_size": 100})
    assert response.status_code == 404
    message = response.json()["detail"]
    assert "cursor=" in message and "export.csv" in message
    # Page 1,000 itself is past the end of this registry, not refused.
    assert api.get("/api/v1/entities/", {"page": last_served, "page_size": 100}).status_code == 404


def test_the_schema_documents_the_cursor(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/entities/"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter["schema"] for parameter in parameters}
    assert "cursor" in by_name
    assert by_name["page"] == {"type": "integer", "minimum": 1}
    assert by_name["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}


@pytest.mark.parametrize(
    "query, name",
    [
        ("page=2&page=3", "page"),
        ("page=1&page=1", "page"),
        ("page_size=5&page_size=10", "page_size"),
        ("cursor=&cursor=", "cursor"),
        ("cursor=&page_size=2&page_size=3", "page_size"),
    ],
)
def test_a_paging_parameter_given_twice_is_a_400_naming_it(api, query, name):
    EntityFactory()
    response = api.get(f"/api/v1/entities/?{query}")
    assert response.status_code == 400
    assert response.json() == {name: ["Give this parameter once."]}


def test_the_entity_pages_refuse_a_page_number_given_twice(client):
    EntityFactory()
    assert client.get("/entities/?page=1").status_code == 200
    assert client.get("/entities/?page=1&page=1").status_code == 404
