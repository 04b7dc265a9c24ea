"""GET /api/v1/entities/ and /api/v1/entities/{id}/: published entities only,
public fields only, the contract's field names, constant queries."""

import datetime
import json

import pytest

from entities.models import Entity
from research.framework import FEATURE_CODES

from .. import registry
from ..factories import EntityFactory, UserFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "url",
    "name",
    "name_local",
    "country",
    "country_name",
    "region",
    "region_name",
    "entity_type",
    "legal_form",
    "sector",
    "year_established",
    "registered",
    "origin",
    "dependency",
    "members",
    "women_share",
    "workers",
    "website",
    "sdgs",
    "profile",
    "features_practised",
    "lacking",
    "band",
    "assessed_on",
    "updated_at",
    "latitude",
    "longitude",
    "location_precision",
}


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def test_list_shows_published_entities_only_in_name_order(api, entities):
    body = api.get("/api/v1/entities/").json()
    assert body["count"] == registry.PUBLISHED
    names = [row["name"] for row in body["results"]]
    assert names == sorted(names)
    assert "Ban Nong Bua Draft Cooperative" not in names
    assert "Ban Don Withdrawn Group" not in names
    assert set(body) == {"count", "next", "previous", "results"}


def test_list_row_carries_the_contract_fields(api, entities):
    rows = api.get("/api/v1/entities/").json()["results"]
    row = next(row for row in rows if row["name"] == "Ban Nong Bua Rice Cooperative")
    assert set(row) == LIST_FIELDS
    assert row["country"] == "TH"
    assert row["country_name"] == "Thailand"
    assert row["region"] == "TH-40"
    assert row["region_name"] == "Khon Kaen"
    assert row["entity_type"] == "cooperative"
    assert row["sector"] == "A"
    assert row["sdgs"] == [1, 2]
    assert row["profile"] == dict(zip(FEATURE_CODES, registry.NO_AUTONOMY, strict=True))
    assert row["features_practised"] == 6
    assert row["lacking"] == ["autonomy"]
    assert row["band"] == "most"
    assert row["assessed_on"] == "2025-03-01"
    assert (row["latitude"], row["longitude"]) == (16.4322, 102.8236)
    assert row["location_precision"] == "locality"
    assert row["url"].endswith(f"/api/v1/entities/{entities['th_coop'].pk}/")


def test_unassessed_entity_has_null_profile_values(api, entities):
    rows = api.get("/api/v1/entities/", {"country": "KG"}).json()["results"]
    assert rows[0]["profile"] == dict.fromkeys(FEATURE_CODES)
    assert rows[0]["features_practised"] is None
    assert rows[0]["band"] == "unassessed"
    assert rows[0]["assessed_on"] is None


@pytest.mark.parametrize(
    ("key", "registered"), [("th_coop", True), ("th_ce", False), ("kg_assoc", None)]
)
def test_registered_is_true_false_or_null_when_unknown(api, entities, key, registered):
    entity = entities[key]
    rows = api.get("/api/v1/entities/", {"page_size": 500}).json()["results"]
    listed = next(row for row in rows if row["id"] == entity.pk)
    detail = api.get(f"/api/v1/entities/{entity.pk}/").json()
    assert listed["registered"] is registered
    assert detail["registered"] is registered


def test_detail_adds_description_sources_and_the_current_assessment(api, entities):
    entity = entities["th_coop"]
    body = api.get(f"/api/v1/entities/{entity.pk}/").json()
    assert set(body) == LIST_FIELDS | {
        "description",
        "locality",
        "sources",
        "assessment",
        "is_demo",
        "assessments",
        "same_as",
    }
    assessment = body["assessment"]
    assert assessment["assessed_on"] == "2025-03-01"
    assert assessment["method"] == "interview"
    assert [score["feature"] for score in assessment["scores"]] == list(FEATURE_CODES)
    assert assessment["scores"][5] == {
        "feature": "autonomy",
        "score": 0,
        "evidence": "Evidence for autonomy",
    }


def test_detail_lists_the_published_assessments_latest_first_with_scores_by_feature(api):
    entity = EntityFactory()
    assessor = UserFactory(username="qx7-assessor", is_staff=True)
    assess(entity, [1, 1, 1, 1, None, 2, 3], assessed_on=datetime.date(2019, 4, 2))
    assess(
        entity,
        {"economic_activity": 2, "autonomy": 0},  # the others without a score at all
        assessed_on=datetime.date(2022, 6, 15),
        method="survey",
        assessor=assessor,
        notes="qx7-notes",
    )
    for status in ("draft", "in_review"):
        assess(entity, [0] * 7, assessed_on=datetime.date(2026, 1, 10), status=status)
    body = api.get(f"/api/v1/entities/{entity.pk}/").json()
    assert body["assessments"] == [
        {
            "assessed_on": "2022-06-15",
            "method": "survey",
            "scores": {
                **dict.fromkeys(FEATURE_CODES),
                "economic_activity": 2,
                "autonomy": 0,
            },
        },
        {
            "assessed_on": "2019-04-02",
            "method": "interview",
            "scores": dict(zip(FEATURE_CODES, [1, 1, 1, 1, None, 2, 3], strict=True)),
        },
    ]
    # The current assessment is the latest published one, with its evidence.
    assert body["assessment"]["assessed_on"] == "2022-06-15"
    assert [score["feature"] for score in body["assessment"]["scores"]] == [
        "economic_activity",
        "autonomy",
    ]
    text = json.dumps(body)
    for private in ("qx7", "assessor", "notes", "review_comment", "status", "2026-01-10"):
        assert private not in text


def test_an_entity_never_assessed_has_no_assessments(api, entities):
    body = api.get(f"/api/v1/entities/{entities['kg_assoc'].pk}/").json()
    assert body["assessment"] is None
    assert body["assessments"] == []


@pytest.mark.parametrize("key", ["th_draft", "th_withdrawn"])
def test_unpublished_entity_is_not_found(api, entities, key):
    assert api.get(f"/api/v1/entities/{entities[key].pk}/").status_code == 404


def test_unknown_entity_is_not_found(api, db):
    assert api.get("/api/v1/entities/999999/").status_code == 404


def test_private_fields_never_appear(api, entities):
    texts = [
        api.get("/api/v1/entities/?page_size=500").content.decode(),
        api.get(f"/api/v1/entities/{entities['th_coop'].pk}/").content.decode(),
    ]
    for text in texts:
        for value in registry.PRIVATE_VALUES:
            assert value not in text
        for field in ("contact_person", "contact_email", "contact_phone", "internal_notes"):
            assert field not in text


def test_pages_are_stable_and_bounded(api, entities):
    first = api.get("/api/v1/entities/", {"page_size": 3}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    ids = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert len(ids) == len(set(ids)) == registry.PUBLISHED
    assert third["next"] is None


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "501"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"page": "first"}, "page"),
        ({"page": "-1"}, "page"),
    ],
)
def test_bad_paging_is_a_400_naming_the_parameter(api, entities, params, parameter):
    response = api.get("/api/v1/entities/", params)
    assert response.status_code == 400
    assert parameter in response.json()


def test_page_past_the_end_is_a_404(api, entities):
    assert api.get("/api/v1/entities/", {"page": 99}).status_code == 404


def make_many(count):
    with profiles_refreshed_together():
        for number in range(count):
            entity = EntityFactory(region_id="TH-10")
            entity.sdgs.set([1, 2, 3])
            assess(entity, registry.ALL if number % 2 else registry.FEW)


@pytest.mark.parametrize("count", [1, 40])
def test_list_costs_two_queries_whatever_the_page_size(api, django_assert_num_queries, count):
    make_many(count)
    api.get("/api/v1/entities/", {"country": "VN"})  # warm the cached reference codes
    # 1. the count  2. the page, joined with its reference rows and SDGs
    with django_assert_num_queries(2):
        response = api.get("/api/v1/entities/", {"country": "TH", "page_size": 500})
    assert len(response.json()["results"]) == count
    # The count of the same filter is cached until the published data changes.
    with django_assert_num_queries(1):
        again = api.get("/api/v1/entities/", {"country": "TH", "page": 1, "page_size": 10})
    assert again.json()["count"] == count


@pytest.mark.parametrize("count", [1, 5])
def test_detail_costs_four_queries_whatever_the_number_of_assessments(
    api, django_assert_num_queries, count
):
    make_many(1)
    entity_id = api.get("/api/v1/entities/").json()["results"][0]["id"]
    for year in range(2020, 2020 + count - 1):
        assess(Entity.objects.get(pk=entity_id), registry.FEW, assessed_on=f"{year}-01-01")
    # 1. the entity's country, whose data version makes the answer's ETag
    # 2. the entity with its reference rows, assessment and SDGs
    # 3. the published assessments with their scores
    # 4. its identifiers elsewhere (same_as)
    with django_assert_num_queries(4):
        response = api.get(f"/api/v1/entities/{entity_id}/")
    assert len(response.json()["assessment"]["scores"]) == 7
    assert len(response.json()["assessments"]) == count


def test_responses_are_json_by_default(api, entities):
    response = api.get("/api/v1/entities/", HTTP_ACCEPT="*/*")
    assert response["Content-Type"] == "application/json"
    json.loads(response.content)
