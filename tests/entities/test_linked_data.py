"""An entity as linked data: the JSON-LD document in its page's head and the
same document from the API (Accept: application/ld+json or ?format=jsonld)."""

import json
import re

import pytest

from entities.models import Entity, ExternalIdentifier
from entities.releases import freeze
from entities.vocabularies import ESSGLOBAL_BASE
from research.framework import FEATURE_CODES

from .. import registry
from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def entities(shared_registry):
    coop = shared_registry["th_coop"]
    coop.description = "Rice milling for members </script><script>alert(1)</script> & more"
    coop.website = "https://rice.example.org/"
    coop.save()
    ExternalIdentifier.objects.create(
        entity=coop, scheme="wikidata", value="Q4242", url="https://www.wikidata.org/wiki/Q4242"
    )
    ExternalIdentifier.objects.create(entity=coop, scheme="ica", value="ICA-100")
    return shared_registry


def page_document(client, entity, language=""):
    html = client.get(f"{language}/entities/{entity.pk}/").content.decode()
    head = html.split("</head>", 1)[0]
    (text,) = SCRIPT.findall(head)
    return text, json.loads(text)


def test_the_page_carries_the_entity_as_a_schema_org_organization(client, entities):
    coop = entities["th_coop"]
    text, doc = page_document(client, coop)
    page = f"http://testserver/entities/{coop.pk}/"
    assert doc["@context"] == {
        "@vocab": "https://schema.org/",
        "essglobal": "https://w3id.solidarityeconomy.coop/essglobal/V2a/vocab/",
    }
    assert doc["@type"] == "Organization"
    assert doc["@id"] == doc["url"] == page
    assert doc["name"] == "Ban Nong Bua Rice Cooperative"
    assert doc["alternateName"] == "สหกรณ์ข้าวบ้านหนองบัว"
    assert doc["description"].startswith("Rice milling for members </script>")
    assert doc["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "TH",
        "addressRegion": coop.region.name,
    }
    assert doc["geo"] == {"@type": "GeoCoordinates", "latitude": 16.4322, "longitude": 102.8236}
    assert doc["isicV4"] == "A"
    assert doc["foundingDate"] == "1995"
    assert doc["sameAs"] == ["https://www.wikidata.org/wiki/Q4242", "https://rice.example.org/"]
    assert doc["essglobal:organisationalStructure"] == {
        "@id": f"{ESSGLOBAL_BASE}organisational-structure/OS115"
    }
    assert doc["essglobal:primarySector"] == {"@id": f"{ESSGLOBAL_BASE}activities/a01"}
    scores = {each["propertyID"]: each["value"] for each in doc["additionalProperty"]}
    assert [scores[code] for code in FEATURE_CODES] == registry.NO_AUTONOMY
    assert scores["features_practised"] == 6
    record = doc["subjectOf"]
    assert record["@type"] == "Dataset"
    assert record["@id"] == f"http://testserver/api/v1/entities/{coop.pk}/"
    assert record["license"] == LICENCE
    assert record["isAccessibleForFree"] is True
    # The description's markup cannot close the element: it is escaped in the page.
    assert "</script>" not in text and "<script>" not in text
    assert "\\u003C/script\\u003E" in text


def test_an_entity_without_coordinates_or_assessment_leaves_them_out(client, entities):
    plain = EntityFactory(status=Entity.Status.PUBLISHED, entity_type_id="other", name="Plain")
    _, doc = page_document(client, plain)
    assert doc["address"] == {"@type": "PostalAddress", "addressCountry": "TH"}
    for absent in ("geo", "additionalProperty", "sameAs", "alternateName", "foundingDate"):
        assert absent not in doc
    assert "essglobal:organisationalStructure" not in doc  # "other" has no ESSGlobal concept
    assert doc["subjectOf"]["license"] == LICENCE


def test_no_private_value_reaches_the_document(client, api, entities):
    coop = entities["th_coop"]
    text, _ = page_document(client, coop)
    answer = api.get(f"/api/v1/entities/{coop.pk}/", HTTP_ACCEPT="application/ld+json")
    for value in registry.PRIVATE_VALUES:
        assert value not in text
        assert value not in answer.content.decode()


def test_the_api_gives_the_same_document_as_json_ld(client, api, entities):
    coop = entities["th_coop"]
    _, on_page = page_document(client, coop)
    negotiated = api.get(f"/api/v1/entities/{coop.pk}/", HTTP_ACCEPT="application/ld+json")
    assert negotiated.status_code == 200
    assert negotiated["Content-Type"] == "application/ld+json"
    assert "Accept" in negotiated["Vary"]
    assert 'rel="license"' in negotiated["Link"]
    assert negotiated.json() == on_page
    by_format = api.get(f"/api/v1/entities/{coop.pk}/", {"format": "jsonld"})
    assert by_format["Content-Type"] == "application/ld+json"
    assert by_format.json() == on_page
    # The page in another language carries the same document.
    _, in_thai = page_document(client, coop, "/th")
    assert in_thai == on_page
    # JSON stays the default.
    plain = api.get(f"/api/v1/entities/{coop.pk}/")
    assert plain["Content-Type"] == "application/json"
    assert plain.json()["name"] == coop.name


def test_json_ld_errors_are_json(api, entities):
    draft = Entity.objects.get(name="Ban Nong Bua Draft Cooperative")
    missing = api.get(f"/api/v1/entities/{draft.pk}/", HTTP_ACCEPT="application/ld+json")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    coop = entities["th_coop"]
    release = freeze("2026-12 regional release")
    released = api.get(
        f"/api/v1/entities/{coop.pk}/", {"format": "jsonld", "release": str(release.number)}
    )
    assert released.status_code == 400
    assert released["Content-Type"] == "application/json"
    assert released.json()["release"] == ["JSON-LD is of the current data only."]


def test_the_list_does_not_offer_json_ld(api, entities):
    answer = api.get("/api/v1/entities/", HTTP_ACCEPT="application/ld+json")
    assert answer.status_code == 406


def test_the_schema_documents_json_ld(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    retrieve = schema["paths"]["/api/v1/entities/{id}/"]["get"]
    assert set(retrieve["responses"]["200"]["content"]) == {
        "application/json",
        "application/ld+json",
    }
    formats = next(p for p in retrieve["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == ["json", "jsonld"]


@pytest.mark.parametrize("fmt", ["", "xml", "JSONLD"])
def test_a_format_the_entity_does_not_have_is_a_404(api, entities, fmt):
    # The schema lists json and jsonld; an empty word is not read as "no format".
    answer = api.get(f"/api/v1/entities/{entities['th_coop'].pk}/", {"format": fmt})
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
