"""The regions' boundaries as GeoJSON (/api/v1/regions/?format=geojson), and
the regions list in JSON unchanged beside them."""

import json

import pytest

from entities import geography
from entities.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions/"


def boundaries(api, **params):
    response = api.get(URL, {**params, "format": "geojson"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response, json.loads(response.content)


def regions_of(found):
    return {
        feature["properties"]["code"]: feature
        for feature in found["features"]
        if not feature["properties"].get("outline")
    }


def test_every_region_has_a_shape_or_a_marker(api):
    _, found = boundaries(api)
    assert found["type"] == "FeatureCollection"
    by_code = regions_of(found)
    assert set(by_code) == set(Region.objects.values_list("code", flat=True))
    assert len(by_code) == 197
    for code, feature in by_code.items():
        region = geography.region(code)
        assert feature["id"] == code
        assert feature["properties"]["name"] == region.name
        assert feature["properties"]["country"] == region.country
        if region.is_marker:
            assert feature["geometry"] == {"type": "Point", "coordinates": list(region.point)}
            assert feature["properties"]["marker"] is True
            assert feature["properties"]["reason"]
        else:
            assert feature["geometry"] == region.geometry
            assert "marker" not in feature["properties"]


def test_a_shape_drawn_for_several_regions_is_an_outline_without_a_code(api):
    _, found = boundaries(api, country="KH")
    [outline] = [f for f in found["features"] if f["properties"].get("outline")]
    assert outline["properties"]["code"] is None
    assert outline["properties"]["country"] == "KH"
    assert set(outline["properties"]["codes"]) == {"KH-3", "KH-25"}
    assert all(regions_of(found)[code]["properties"]["marker"] for code in ("KH-3", "KH-25"))


def test_a_country_has_its_own_regions_only(api):
    _, found = boundaries(api, country="th")
    assert {f["properties"]["country"] for f in found["features"]} == {"TH"}
    assert len(regions_of(found)) == 78
    _, two = boundaries(api, country="KG,MN")
    assert {f["properties"]["country"] for f in two["features"]} == {"KG", "MN"}


def test_clients_may_cache_the_boundaries(api, django_assert_num_queries):
    first, _ = boundaries(api, country="VN")
    assert first["ETag"].startswith('"')
    assert "max-age" in first["Cache-Control"]
    again = api.get(URL, {"country": "VN", "format": "geojson"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    other, _ = boundaries(api, country="TH")
    assert other["ETag"] != first["ETag"]
    # Boundaries come from the data file, never the database.
    with django_assert_num_queries(0):
        boundaries(api, country="VN")


def test_a_bad_country_is_a_json_400(api):
    for country in ("XX", ""):
        response = api.get(URL, {"country": country, "format": "geojson"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "country" in response.json()


@pytest.mark.parametrize("value", ["", "xml", "API", ["json", "geojson"]])
def test_another_format_is_a_json_400(api, value):
    response = api.get(URL, {"format": value})
    assert response.status_code == 400
    assert list(response.json()) == ["format"]


def test_the_browsable_api_still_shows_the_regions(api):
    response = api.get(URL, {"country": "KG", "format": "api"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_regions_list_in_json_is_unchanged(api):
    response = api.get(URL, {"country": "KG"})
    assert response["Content-Type"] == "application/json"
    expected = [
        {"code": r.code, "name": r.name, "name_local": r.name_local, "country": "KG"}
        for r in Region.objects.filter(country_id="KG").order_by("name")
    ]
    assert response.json() == expected
    assert api.get(URL, {"country": "KG", "format": "json"}).content == response.content


def test_the_schema_offers_both_formats(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/regions/"]["get"]
    [format_parameter] = [p for p in operation["parameters"] if p["name"] == "format"]
    assert set(format_parameter["schema"]["enum"]) == {"json", "geojson"}
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "application/geo+json",
    }
