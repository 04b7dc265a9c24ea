"""GET /api/v1/entities/export.essglobal.csv: the filtered list in the SSE data
commons' standard CSV (the Solidarity Economy Association's columns, ESSGlobal
concept URIs), streamed, with the licence; and its link on the list page."""

import csv
import io
import re

import pytest
from django.utils import timezone

from entities import geography
from entities.essglobal_export import COLUMNS
from entities.releases import freeze
from entities.vocabularies import ACTIVITIES, STRUCTURES

from .. import registry
from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities/export.essglobal.csv"
HEADER = (
    "Identifier,Name,Description,Organisational Structure,Primary Activity,Activities,"
    "Street Address,Locality,Region,Postcode,Country ID,Territory ID,Website,Phone,Email,"
    "Twitter,Facebook,Companies House Number,Qualifiers,Membership Type,Latitude,Longitude,"
    "Geo Container,Geo Container Latitude,Geo Container Longitude"
)
PRIVATE_OR_UNRECORDED = [
    "Street Address",
    "Postcode",
    "Territory ID",
    "Phone",
    "Email",
    "Twitter",
    "Facebook",
    "Companies House Number",
    "Qualifiers",
    "Membership Type",
]


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def export(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_header_row_is_the_standard_one(api, entities):
    response, body, _ = export(api)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").splitlines()[0] == HEADER
    assert ",".join(COLUMNS) == HEADER


def test_one_row_per_published_entity_as_the_list_counts_them(api, entities):
    _, _, rows = export(api)
    assert len(rows) == registry.PUBLISHED
    assert len({row["Identifier"] for row in rows}) == registry.PUBLISHED
    for query in [{"country": "TH"}, {"band": "most"}, {"country": "VN", "sector": "A"}]:
        listed = api.get("/api/v1/entities/", query).json()
        _, _, filtered = export(api, **query)
        assert sorted(int(row["Identifier"]) for row in filtered) == sorted(
            each["id"] for each in listed["results"]
        )
        assert len(filtered) == listed["count"]


def test_a_row_gives_the_entity_in_essglobal_terms(api, entities):
    coop = entities["th_coop"]
    _, _, rows = export(api, country="TH")
    row = next(row for row in rows if row["Identifier"] == str(coop.pk))
    activity = ACTIVITIES["a01"][1]  # ESSGlobal's English label, as the standard asks
    assert row["Name"] == "Ban Nong Bua Rice Cooperative"
    assert row["Organisational Structure"] == STRUCTURES["OS115"]
    assert row["Primary Activity"] == row["Activities"] == activity
    assert row["Region"] == coop.region.name
    assert row["Country ID"] == "TH"
    assert (row["Latitude"], row["Longitude"]) == ("16.4322", "102.8236")
    assert row["Geo Container"] == "http://testserver/api/v1/regions/TH-40/"
    assert api.get(row["Geo Container"]).json()["name"] == coop.region.name
    latitude, longitude = geography.region_centroid("TH-40")
    assert float(row["Geo Container Latitude"]) == pytest.approx(latitude, abs=1e-6)
    assert float(row["Geo Container Longitude"]) == pytest.approx(longitude, abs=1e-6)
    for column in PRIVATE_OR_UNRECORDED:
        assert row[column] == ""
    # An entity without coordinates has empty ones.
    ce = next(row for row in rows if row["Identifier"] == str(entities["th_ce"].pk))
    assert (ce["Latitude"], ce["Longitude"]) == ("", "")


def test_an_entity_without_a_region_has_no_geo_container(api, db):
    EntityFactory(name="No Region", region=None, entity_type_id="other")
    _, _, rows = export(api)
    (row,) = rows
    assert row["Region"] == row["Geo Container"] == row["Geo Container Latitude"] == ""
    assert row["Organisational Structure"] == ""  # "other" has no ESSGlobal concept


def test_no_private_value_and_no_unpublished_entity(api, entities):
    _, body, _ = export(api)
    text = body.decode("utf-8-sig")
    for value in registry.PRIVATE_VALUES:
        assert value not in text
    assert "Draft Cooperative" not in text
    assert "Withdrawn" not in text


def test_formulas_are_neutralised(api, db):
    EntityFactory(name="=HYPERLINK(1)", description="+cmd")
    _, _, (row,) = export(api)
    assert row["Name"] == "'=HYPERLINK(1)"
    assert row["Description"] == "'+cmd"


def test_the_licence_and_date_come_with_the_file(api, entities):
    response, _, _ = export(api, country="TH")
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    assert "X-Data-As-Of" in response
    name = f"sse-entities-essglobal-TH-{timezone.localdate().isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_bad_filter_is_a_400(api, entities):
    response = api.get(URL, {"band": "half"})
    assert response.status_code == 400
    assert "band" in response.json()


def test_a_release_is_refused(api, entities):
    release = freeze("2026-12 regional release")
    response = api.get(URL, {"release": str(release.number)})
    assert response.status_code == 400
    assert response.json()["release"] == ["The ESSGlobal CSV is of the current data only."]


def test_it_is_in_the_api_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"text/csv"}
    assert "country" in {parameter["name"] for parameter in operation["parameters"]}


def test_the_list_page_links_to_it_beside_the_csv(client, api, entities):
    html = client.get("/entities/?country=TH&entity_type=cooperative").content.decode()
    link = re.search(r'href="(/entities/export\.essglobal\.csv[^"]*)"', html).group(1)
    link = link.replace("&amp;", "&")
    assert link == "/entities/export.essglobal.csv?country=TH&entity_type=cooperative"
    page_file = client.get(link)
    assert page_file.status_code == 200
    api_file = api.get(f"{URL}?country=TH&entity_type=cooperative")
    assert b"".join(page_file.streaming_content) == b"".join(api_file.streaming_content)
    bad = client.get("/entities/export.essglobal.csv?band=half")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("text/html")
