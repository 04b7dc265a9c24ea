"""The Murmurations profiles of published entities and the registry's schema
of the seven features: what a profile says, that it validates against
Murmurations' organizations schema (as the repository keeps it), the index's
default schema and the registry's own, and that only a published entity has
one."""

import datetime
import hashlib
import json
from decimal import Decimal

import jsonschema
import pytest

from entities.models import Entity, ExternalIdentifier, Provenance
from entities.murmurations import profiles
from research.framework import FEATURE_CODES

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db

SITE = "https://registry.example.org"
SCHEMA_PATH = "/murmurations/schemas/sse_registry_features-v1.0.0.json"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.DATA_LICENCE_NAME = "CC BY 4.0"
    settings.DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def entity():
    found = EntityFactory(
        name="Baan Rak Weavers",
        status=Entity.Status.PUBLISHED,
        region_id="TH-50",
        locality="Chiang Mai",
        latitude=Decimal("18.7883"),
        longitude=Decimal("98.9853"),
        location_precision=Entity.LocationPrecision.LOCALITY,
        year_established=1998,
        website="https://weavers.example.org",
        description="A weavers' cooperative.",
        contact_email="private@weavers.example.org",
        internal_notes="Not for the public",
    )
    assess(found, [3, 2, 2, 1, 3, None, 0], assessed_on=datetime.date(2025, 3, 1))
    ExternalIdentifier.objects.create(
        entity=found, scheme="wikidata", value="Q4242", url="https://www.wikidata.org/wiki/Q4242"
    )
    ExternalIdentifier.objects.create(entity=found, scheme="ica", value="ICA-100")
    return found


def get_profile(client, entity_id):
    return client.get(f"/murmurations/entities/{entity_id}.json")


def validate(profile, *schemas):
    for schema in schemas:
        jsonschema.Draft7Validator(schema).validate(profile)


def test_a_published_entity_has_a_profile_valid_against_its_schemas(client, entity):
    response = get_profile(client, entity.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    profile = response.json()
    assert profile["linked_schemas"] == [
        "organizations_schema-v1.0.0",
        "sse_registry_features-v1.0.0",
    ]
    served = client.get(SCHEMA_PATH).json()
    validate(
        profile,
        profiles.schema("default-v2.0.0"),
        profiles.schema("organizations_schema-v1.0.0"),
        served,
    )


def test_the_profile_says_what_the_public_page_says(client, entity):
    profile = get_profile(client, entity.pk).json()
    page = f"{SITE}/entities/{entity.pk}/"
    assert profile["name"] == "Baan Rak Weavers"
    assert profile["primary_url"] == "https://weavers.example.org"
    assert profile["urls"] == [
        {"name": "SSE Registry", "url": page},
        {"name": "Website", "url": "https://weavers.example.org"},
        {"name": "Wikidata", "url": "https://www.wikidata.org/wiki/Q4242"},
    ]
    assert profile["description"] == "A weavers' cooperative."
    assert profile["tags"] == [
        entity.entity_type.name,
        entity.sector.name,
    ]
    assert profile["country_iso_3166"] == "TH"
    assert profile["region"] == entity.region.name
    assert profile["locality"] == "Chiang Mai"
    assert profile["geolocation"] == {"lat": 18.7883, "lon": 98.9853}
    assert profile["starts_at"] == int(
        datetime.datetime(1998, 1, 1, tzinfo=datetime.UTC).timestamp()
    )
    assert profile["sse_features"] == {
        "scores": dict(zip(FEATURE_CODES, [3, 2, 2, 1, 3, None, 0], strict=True)),
        "practising_threshold": 2,
        "features_practised": 4,
        "assessed_on": "2025-03-01",
        "methodology_url": f"{SITE}/methodology/",
    }
    assert profile["data_licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "attributions" not in profile


def test_the_profile_says_nothing_private_nor_the_evidence(client, entity):
    content = get_profile(client, entity.pk).content.decode()
    for private in ("private@weavers.example.org", "Not for the public", "Evidence for"):
        assert private not in content


def test_the_threshold_is_the_registrys(client, entity, settings):
    settings.SSE_PRACTISING_THRESHOLD = 3
    features = get_profile(client, entity.pk).json()["sse_features"]
    assert features["practising_threshold"] == 3


def test_a_sparse_entity_still_validates(client):
    sparse = EntityFactory(status=Entity.Status.PUBLISHED, name="Unassessed")
    profile = get_profile(client, sparse.pk).json()
    assert profile["primary_url"] == f"{SITE}/entities/{sparse.pk}/"
    for absent in ("description", "region", "locality", "geolocation", "starts_at"):
        assert absent not in profile
    assert profile["sse_features"]["scores"] == dict.fromkeys(FEATURE_CODES)
    assert profile["sse_features"]["features_practised"] is None
    assert profile["sse_features"]["assessed_on"] is None
    validate(
        profile,
        profiles.schema("default-v2.0.0"),
        profiles.schema("organizations_schema-v1.0.0"),
        profiles.schema("sse_registry_features-v1.0.0"),
    )


def test_a_long_locality_is_cut_to_what_murmurations_takes(client):
    entity = EntityFactory(status=Entity.Status.PUBLISHED, locality="x" * 150)
    profile = get_profile(client, entity.pk).json()
    assert profile["locality"] == "x" * 100
    validate(profile, profiles.schema("organizations_schema-v1.0.0"))


def test_sources_that_require_it_are_named(client, entity):
    Provenance.objects.create(
        entity=entity,
        source_name="Open Coop Map",
        source_url="https://map.example.org",
        record_id="7",
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        attribution_required=True,
        retrieved_on=datetime.date(2025, 1, 1),
    )
    Provenance.objects.create(
        entity=entity,
        source_name="Quiet Source",
        record_id="8",
        licence="CC0",
        attribution_required=False,
        retrieved_on=datetime.date(2025, 1, 1),
    )
    profile = get_profile(client, entity.pk).json()
    assert profile["attributions"] == [
        {
            "source_name": "Open Coop Map",
            "source_url": "https://map.example.org",
            "licence": "ODbL 1.0",
            "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
        }
    ]
    assert "record_id" not in profile["attributions"][0]  # never the record's id there
    validate(profile, profiles.schema("sse_registry_features-v1.0.0"))


@pytest.mark.parametrize(
    "status", [Entity.Status.DRAFT, Entity.Status.IN_REVIEW, Entity.Status.WITHDRAWN]
)
def test_an_entity_not_published_has_no_profile(client, entity, status):
    Entity.objects.filter(pk=entity.pk).update(status=status)
    assert get_profile(client, entity.pk).status_code == 404


def test_a_missing_entity_has_no_profile(client):
    assert get_profile(client, 999999).status_code == 404
    assert get_profile(client, 10**30).status_code == 404  # past any id: no error either


def test_a_profile_is_cacheable_and_sets_no_cookie(client, entity):
    response = get_profile(client, entity.pk)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    again = client.get(
        f"/murmurations/entities/{entity.pk}.json", headers={"If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304


def test_a_profile_is_only_read(client, entity):
    assert client.post(f"/murmurations/entities/{entity.pk}.json").status_code == 405


def test_the_same_address_in_every_language(client, entity):
    assert client.get(f"/th/murmurations/entities/{entity.pk}.json").status_code == 404
    profile = get_profile(client, entity.pk).json()
    assert profile["urls"][0]["url"] == f"{SITE}/entities/{entity.pk}/"


def test_without_the_registrys_schema_linked_the_fields_stay(client, entity, settings):
    settings.MURMURATIONS_LINK_FEATURES_SCHEMA = False
    profile = get_profile(client, entity.pk).json()
    assert profile["linked_schemas"] == ["organizations_schema-v1.0.0"]
    assert profile["sse_features"]["features_practised"] == 4
    validate(profile, profiles.schema("organizations_schema-v1.0.0"))


# --- the registry's schema -------------------------------------------------------


def test_the_schema_is_served_with_its_address(client):
    response = client.get(SCHEMA_PATH)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert not response.cookies
    served = response.json()
    assert served["$id"] == SITE + SCHEMA_PATH
    kept = json.loads(profiles.schema_path("sse_registry_features-v1.0.0").read_text())
    assert {key: value for key, value in served.items() if key != "$id"} == kept
    jsonschema.Draft7Validator.check_schema(served)


def test_no_other_schema_is_served(client):
    assert client.get("/murmurations/schemas/organizations_schema-v1.0.0.json").status_code == 404
    assert client.get("/murmurations/schemas/nothing.json").status_code == 404


def test_the_schema_names_the_seven_features():
    schema = profiles.schema("sse_registry_features-v1.0.0")
    scores = schema["properties"]["sse_features"]["properties"]["scores"]
    assert list(scores["properties"]) == list(FEATURE_CODES)
    assert scores["required"] == list(FEATURE_CODES)


@pytest.mark.parametrize(
    "scores",
    [
        {"economic_activity": 4},
        {"economic_activity": -1},
        {"economic_activity": "2"},
        {"unknown_feature": 1},
    ],
)
def test_the_schema_refuses_scores_out_of_the_framework(client, entity, scores):
    profile = get_profile(client, entity.pk).json()
    profile["sse_features"]["scores"].update(scores)
    with pytest.raises(jsonschema.ValidationError):
        validate(profile, profiles.schema("sse_registry_features-v1.0.0"))


def test_the_vendored_schemas_are_valid_schemas():
    for name in ("default-v2.0.0", "organizations_schema-v1.0.0", "sse_registry_features-v1.0.0"):
        jsonschema.Draft7Validator.check_schema(profiles.schema(name))


def test_the_node_id_is_the_sha256_of_the_profiles_address(entity):
    url = profiles.profile_url(entity.pk)
    assert url == f"{SITE}/murmurations/entities/{entity.pk}.json"
    assert profiles.node_id(url) == hashlib.sha256(url.encode()).hexdigest()
