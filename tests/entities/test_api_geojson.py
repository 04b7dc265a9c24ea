"""The entities as GeoJSON (/api/v1/entities.geojson, or the list with
?format=geojson): the placed published entities the list's filters select,
each with the list's public object and the precision of its point."""

import json
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from entities import geography, public
from entities.models import Entity

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities.geojson"


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def collection(api, url=URL, **params):
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/geo+json"
    return response, json.loads(b"".join(response.streaming_content))


def listed(api, **params):
    return api.get("/api/v1/entities/", {**params, "page_size": 500}).json()


def test_every_placed_published_entity_is_a_feature_with_its_list_object(api, entities):
    response, found = collection(api)
    assert found["type"] == "FeatureCollection"
    by_id = {feature["id"]: feature for feature in found["features"]}
    objects = listed(api)["results"]
    assert len(by_id) == len(objects) == registry.PUBLISHED
    for entity in objects:
        feature = by_id[entity["id"]]
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        precision = feature["properties"].pop("precision")
        assert precision in {"exact", "locality", "region"}
        assert feature["properties"] == entity
    assert response["X-Unplaced-Count"] == "0"


def test_stored_coordinates_keep_their_precision(api, entities):
    _, found = collection(api, country="VN", entity_type="cooperative", lacks="autonomy")
    [feature] = found["features"]
    assert feature["id"] == entities["vn_coop"].pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [105.804817, 21.028511]}
    assert feature["properties"]["precision"] == "exact"


def test_without_coordinates_the_regions_point_has_the_precision_region(api, entities):
    _, found = collection(api, region="VN-SG")
    [feature] = found["features"]
    latitude, longitude = geography.region_centroid("VN-SG")
    assert feature["geometry"]["coordinates"] == [longitude, latitude]
    assert feature["properties"]["precision"] == "region"
    # The entity's own coordinates stay unknown, as in the list.
    assert feature["properties"]["latitude"] is None
    assert feature["properties"]["location_precision"] is None


def test_the_list_with_format_geojson_is_the_same_collection(api, entities):
    _, found = collection(api, country="TH")
    _, same = collection(api, "/api/v1/entities/", country="TH", format="geojson")
    assert same == found
    assert len(found["features"]) == listed(api, country="TH")["count"] == 3


def test_unplaced_entities_are_counted_in_a_header_not_drawn(api, entities):
    EntityFactory(country_id="TH", region=None)
    EntityFactory(country_id="TH", region=None, status=Entity.Status.DRAFT)
    response, found = collection(api, country="TH")
    assert response["X-Unplaced-Count"] == "1"
    assert len(found["features"]) == 3 == listed(api, country="TH")["count"] - 1


def test_properties_are_the_public_fields_only(api, entities):
    response, found = collection(api)
    text = json.dumps(found, ensure_ascii=False)
    for value in registry.PRIVATE_VALUES:
        assert value not in text
    assert "Draft Cooperative" not in text
    assert "Withdrawn" not in text
    for feature in found["features"]:
        assert set(feature["properties"]) == {*public.SUMMARY, "precision"}


@pytest.mark.parametrize(
    ("params", "named"),
    [({"band": "half"}, "band"), ({"country": ""}, "country"), ({"year_min": "x"}, "year_min")],
)
def test_a_bad_filter_is_a_json_400(api, entities, params, named):
    for url, extra in ((URL, {}), ("/api/v1/entities/", {"format": "geojson"})):
        response = api.get(url, {**params, **extra})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert named in response.json()


@pytest.mark.parametrize(
    ("params", "named"),
    [({"page": "true"}, "page"), ({"page": "0"}, "page"), ({"page_size": "9999"}, "page_size")],
)
def test_the_lists_paging_does_not_apply_to_its_geojson_but_a_bad_value_is_a_400(
    api, entities, params, named
):
    response = api.get("/api/v1/entities/", {"format": "geojson", "cursor": "", **params})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {named}
    # A good page number and size change nothing: every placed entity.
    _, found = collection(api, "/api/v1/entities/", format="geojson", page="2", page_size="1")
    assert len(found["features"]) == len(collection(api)[1]["features"])


@pytest.mark.parametrize("count", [1, 40])
def test_the_collection_costs_two_queries_whatever_its_size(api, django_assert_num_queries, count):
    with profiles_refreshed_together():
        for index in range(count):
            entity = EntityFactory(
                region_id="TH-10",
                latitude=Decimal("13.75") if index % 2 else None,
                longitude=Decimal("100.5") if index % 2 else None,
                location_precision="exact" if index % 2 else "",
            )
            entity.sdgs.set([3])
            assess(entity, registry.FEW)
    api.get("/api/v1/entities/", {"country": "TH"})  # warm the cached reference codes
    # The entities without a place (counted for the header), then the
    # placed ones with their reference rows, assessment date and SDGs.
    with django_assert_num_queries(2):
        _, found = collection(api, country="TH")
    assert len(found["features"]) == count
    assert all(feature["properties"]["sdgs"] == [3] for feature in found["features"])


def test_the_schema_describes_the_collection(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/entities.geojson"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"country", "lacks", "q"} <= parameters
    assert "page" not in parameters
    content = operation["responses"]["200"]["content"]
    assert list(content) == ["application/geo+json"]
    properties = schema["components"]["schemas"]["EntityFeatureProperties"]["properties"]
    assert set(properties) == {*public.SUMMARY, "precision"}
