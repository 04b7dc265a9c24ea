"""Reference data for partners: features, entity types, sectors, regions."""

import pytest

from research.framework import FEATURE_CODES

pytestmark = pytest.mark.django_db


def test_features_carry_definition_guidance_and_adoption_guidance(api):
    features = api.get("/api/v1/features/").json()
    assert [feature["code"] for feature in features] == list(FEATURE_CODES)
    autonomy = features[5]
    assert autonomy["name"] == "Autonomy and independence"
    assert autonomy["definition"] and autonomy["adoption_guidance"]
    assert [level["score"] for level in autonomy["guidance"]] == [0, 1, 2, 3]
    assert autonomy["guidance"][3]["label"] == "Full"


def test_entity_types_and_sectors(api):
    types = {row["slug"]: row["name"] for row in api.get("/api/v1/entity-types/").json()}
    assert types["community-enterprise"] == "Community enterprise"
    sectors = api.get("/api/v1/sectors/").json()
    assert [row["code"] for row in sectors] == list("ABCDEFGHIJKLMNOPQRSTU")


def test_regions_of_a_country(api):
    regions = api.get("/api/v1/regions/", {"country": "mn"}).json()
    assert len(regions) == 22
    assert {
        "code": "MN-1",
        "name": "Ulaanbaatar",
        "name_local": "Улаанбаатар",
        "country": "MN",
    } in (regions)


def test_regions_reject_an_unknown_country(api):
    response = api.get("/api/v1/regions/", {"country": "ZZ"})
    assert response.status_code == 400
    assert "country" in response.json()


def test_api_root_lists_the_endpoints(api):
    root = api.get("/api/v1/").json()
    assert {"entities", "countries", "regions", "entity-types", "sectors", "features"} <= set(root)
