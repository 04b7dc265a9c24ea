"""Every output states the data's licence, when the published data last changed
("data as of") and how to cite it (entities/citation.py): the pages' footer,
the API's headers, the CSV's headers and its CSV-on-the-Web description."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from core import freshness
from entities import citation
from entities.export import COLUMNS
from entities.models import Entity
from research.models import Assessment
from sse_registry.settings import env_url
from workflow.transitions import ENTITY_TRANSITIONS, apply

from ..factories import EntityFactory, assess, reviewer

pytestmark = pytest.mark.django_db

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LINK = f'<{CC_BY}>; rel="license"'
ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def footer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return unescape(html[html.index('<footer class="site-footer">') :])


def as_of_header(response):
    value = response["X-Data-As-Of"]
    assert ISO_SECONDS.match(value), value
    return datetime.fromisoformat(value)


def publish_one_at(moment):
    draft = EntityFactory(status=Entity.Status.DRAFT)
    with mock.patch("core.freshness.timezone.now", return_value=moment):
        apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])


# --- The pages' footer -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/countries/", "/countries/TH/", "/entities/?country=TH", "entity", "/tapestry/"],
)
def test_every_page_states_the_licence_the_date_and_how_to_cite_it(client, entities, url):
    if url == "entity":
        url = f"/entities/{entities['th_coop'].pk}/"
    text = footer(client, url)
    assert f'<a class="licence" rel="license" href="{CC_BY}">CC BY 4.0</a>' in text
    as_of = citation.data_as_of()
    assert f'Data as of <time datetime="{citation.iso(as_of)}">' in text
    today = timezone.localdate().isoformat()
    cited = (
        f"SSE Registry, data as of {as_of.date().isoformat()}, "
        f"http://testserver{url}, accessed {today}"
    )
    assert f"How to cite this page: <cite>{cited}</cite>" in text


def test_the_footer_follows_the_settings(client, entities):
    with override_settings(
        DATA_LICENCE_NAME="CC0 1.0",
        DATA_LICENCE_URL="https://creativecommons.org/publicdomain/zero/1.0/",
        SITE_NAME="Asian SSE Registry",
    ):
        text = footer(client, "/countries/")
    assert (
        '<a class="licence" rel="license" '
        'href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>'
    ) in text
    assert "<cite>Asian SSE Registry, data as of " in text
    assert "CC BY" not in text


def test_an_empty_registry_states_no_date_but_still_its_licence_and_citation(client):
    text = footer(client, "/countries/")
    assert 'rel="license"' in text
    assert "Data as of" not in text
    today = timezone.localdate().isoformat()
    assert f"<cite>SSE Registry, http://testserver/countries/, accessed {today}</cite>" in text


# --- The API's headers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/entities/?country=TH", 200),
        ("entity", 200),
        ("/api/v1/countries/TH/stats/", 200),
        ("/api/v1/stats/?group_by=country", 200),
        ("/api/v1/countries/", 200),
        ("/api/v1/entities.geojson", 200),
        ("/api/v1/entities/?band=nonsense", 400),
        ("/api/v1/entities/999999/", 404),
        ("/api/v1/no-such-thing/", 404),
    ],
)
def test_every_api_answer_states_the_licence_and_the_date(api, entities, url, status):
    if url == "entity":
        url = f"/api/v1/entities/{entities['th_coop'].pk}/"
    response = api.get(url)
    assert response.status_code == status
    assert response["Link"] == LICENCE_LINK
    assert as_of_header(response) == citation.data_as_of().replace(microsecond=0)


def test_the_api_bodies_carry_no_new_field(api, entities):
    body = api.get("/api/v1/entities/", {"country": "TH"}).json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_the_api_link_follows_the_settings(api, entities):
    with override_settings(DATA_LICENCE_URL="https://example.org/data-licence"):
        response = api.get("/api/v1/countries/")
    assert response["Link"] == '<https://example.org/data-licence>; rel="license"'


def test_pages_and_the_schema_carry_no_api_header(client, api, entities):
    assert "X-Data-As-Of" not in client.get("/countries/")
    assert "X-Data-As-Of" not in api.get("/api/schema/")


# --- When the data last changed ----------------------------------------------------


def test_publishing_moves_the_date_on_and_it_holds_across_requests(api):
    first = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    publish_one_at(first)
    dates = {api.get("/api/v1/countries/")["X-Data-As-Of"] for _ in range(3)}
    assert dates == {"2026-03-01T08:30:00Z"}

    later = datetime(2026, 4, 2, 9, 15, tzinfo=UTC)
    publish_one_at(later)
    assert api.get("/api/v1/countries/")["X-Data-As-Of"] == "2026-04-02T09:15:00Z"


def test_an_edit_of_a_draft_does_not_move_the_date(api):
    publish_one_at(datetime(2026, 3, 1, tzinfo=UTC))
    draft = EntityFactory(status=Entity.Status.DRAFT)
    with mock.patch("core.freshness.timezone.now", return_value=datetime(2026, 5, 1, tzinfo=UTC)):
        draft.name = "Renamed"
        draft.save()
    assert api.get("/api/v1/countries/")["X-Data-As-Of"] == "2026-03-01T00:00:00Z"


def test_publishing_or_withdrawing_an_earlier_assessment_moves_the_date(api):
    # Every published assessment is on the entity's page, not only the current one.
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    assess(entity, [3] * 7, assessed_on="2025-01-01")
    earlier = assess(entity, [1] * 7, status=Assessment.Status.DRAFT, assessed_on="2020-01-01")
    for status, moment in [
        (Assessment.Status.PUBLISHED, datetime(2026, 6, 1, tzinfo=UTC)),
        (Assessment.Status.DRAFT, datetime(2026, 7, 1, tzinfo=UTC)),
    ]:
        earlier = Assessment.objects.get(pk=earlier.pk)
        earlier.status = status
        with mock.patch("core.freshness.timezone.now", return_value=moment):
            earlier.save()
        assert api.get("/api/v1/countries/")["X-Data-As-Of"] == citation.iso(moment)
    with mock.patch("core.freshness.timezone.now", return_value=datetime(2026, 8, 1, tzinfo=UTC)):
        earlier.notes = "A draft's note"
        earlier.save()
    assert api.get("/api/v1/countries/")["X-Data-As-Of"] == "2026-07-01T00:00:00Z"


def test_the_database_does_not_date_the_data_by_a_draft(api):
    publish_one_at(datetime(2026, 3, 1, tzinfo=UTC))
    published = Entity.objects.published().get()
    published_at = published.updated_at
    draft = EntityFactory(status=Entity.Status.DRAFT)
    assess(draft, [2] * 7, status=Assessment.Status.DRAFT)
    draft.name = "Renamed"
    draft.save()
    cache.delete(freshness.CHANGED_AT_KEY)
    as_of = as_of_header(api.get("/api/v1/countries/"))
    assert as_of <= published_at.replace(microsecond=0) + timedelta(seconds=2)


def test_when_the_cache_lost_the_date_the_database_tells_it_once_per_version(api, entities):
    cache.delete(freshness.CHANGED_AT_KEY)
    latest = Entity.objects.published().latest("updated_at").updated_at
    with mock.patch(
        "entities.citation.latest_recorded_change", wraps=citation.latest_recorded_change
    ) as reckon:
        dates = {api.get("/api/v1/countries/")["X-Data-As-Of"] for _ in range(3)}
    assert reckon.call_count == 1
    # The history is written with the save, a moment after updated_at.
    (date,) = dates
    assert 0 <= (datetime.fromisoformat(date) - latest.replace(microsecond=0)).total_seconds() < 2


def test_a_version_started_afresh_is_dated_from_the_database(api, entities):
    publish_one_at(datetime(2020, 1, 1, tzinfo=UTC))
    cache.delete(freshness.VERSION_KEY)  # evicted: the next reader starts a new version
    as_of = as_of_header(api.get("/api/v1/countries/"))
    assert as_of.year == timezone.now().year


def test_an_unreachable_cache_is_no_error(client, api, entities):
    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    with (
        mock.patch.object(cache, "get", unreachable),
        mock.patch.object(cache, "add", unreachable),
        mock.patch.object(cache, "set", unreachable),
    ):
        response = api.get("/api/v1/countries/")
        assert response.status_code == 200
        assert as_of_header(response)
        assert "Data as of" in footer(client, "/countries/")


# --- The CSV and its description ---------------------------------------------------


def links(response):
    return dict(
        (rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="([^"]+)"', response["Link"])
    )


@pytest.mark.parametrize("path", ["/api/v1/entities/export.csv", "/entities/export.csv"])
def test_the_csv_names_its_licence_date_and_description(client, entities, path):
    response = client.get(path, {"country": "TH", "entity_type": "cooperative"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    described_by = f"http://testserver{path}-metadata.json?country=TH&entity_type=cooperative"
    assert links(response) == {"license": CC_BY, "describedby": described_by}
    assert as_of_header(response)

    metadata_response = client.get(described_by)
    assert metadata_response.status_code == 200
    assert metadata_response["Content-Type"] == "application/csvm+json"
    assert links(metadata_response) == {"license": CC_BY}
    metadata = json.loads(metadata_response.content)
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    assert metadata["url"] == f"http://testserver{path}?country=TH&entity_type=cooperative"
    assert metadata["dc:license"] == {"@id": CC_BY}
    assert metadata["dc:publisher"] == "SSE Registry"
    assert metadata["dc:title"].startswith("SSE Registry: sse-entities-TH-cooperative-")
    as_of = response["X-Data-As-Of"]
    assert metadata["dc:modified"] == {"@value": as_of, "@type": "xsd:dateTime"}
    assert metadata["dc:bibliographicCitation"].startswith(
        f"SSE Registry, data as of {as_of[:10]}, {metadata['url']}, accessed "
    )


def test_the_description_lists_the_csv_columns_with_titles(api, entities):
    body = b"".join(api.get("/api/v1/entities/export.csv").streaming_content)
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    metadata = json.loads(api.get("/api/v1/entities/export.csv-metadata.json").content)
    columns = metadata["tableSchema"]["columns"]
    assert [column["name"] for column in columns] == header == COLUMNS
    # Each column's first title is its header cell, as CSVW matches them.
    assert all(column["titles"][0] == column["name"] for column in columns)
    by_name = {column["name"]: column for column in columns}
    assert by_name["name_local"]["titles"] == ["name_local", "Name in the local script"]
    assert by_name["autonomy"]["titles"] == ["autonomy", "Score: Autonomy and independence"]
    assert by_name["autonomy"]["datatype"] == {"base": "integer", "minimum": 0, "maximum": 3}
    assert by_name["registered"]["datatype"] == {"base": "boolean", "format": "true|false"}
    # Unknown is an empty cell, which CSVW reads as null.
    assert "empty cell" in by_name["registered"]["dc:description"]
    assert by_name["updated_at"]["datatype"] == "datetime"
    assert by_name["latitude"]["datatype"] == "decimal"
    assert metadata["tableSchema"]["primaryKey"] == "id"


def test_the_description_says_which_columns_hold_lists(api, entities):
    columns = {
        column["name"]: column
        for column in json.loads(api.get("/api/v1/entities/export.csv-metadata.json").content)[
            "tableSchema"
        ]["columns"]
    }
    assert columns["sdgs"]["separator"] == " "
    assert columns["sdgs"]["datatype"]["base"] == "integer"
    assert (columns["lacking"]["separator"], columns["lacking"]["datatype"]) == (" ", "string")
    assert "separator" not in columns["name"]


def test_the_description_refuses_a_bad_filter_as_the_csv_does(api, client, entities):
    response = api.get("/api/v1/entities/export.csv-metadata.json", {"band": "nonsense"})
    assert response.status_code == 400
    assert "band" in response.json()
    assert client.get("/entities/export.csv-metadata.json", {"band": "x"}).status_code == 400


def test_the_description_follows_the_settings(api, entities):
    with override_settings(
        DATA_LICENCE_NAME="CC0 1.0",
        DATA_LICENCE_URL="https://creativecommons.org/publicdomain/zero/1.0/",
        SITE_NAME="Asian SSE Registry",
    ):
        response = api.get("/api/v1/entities/export.csv")
        metadata = json.loads(api.get("/api/v1/entities/export.csv-metadata.json").content)
    assert links(response)["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert metadata["dc:license"] == {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert metadata["dc:rights"] == "CC0 1.0"
    assert metadata["dc:publisher"] == "Asian SSE Registry"
    assert metadata["dc:bibliographicCitation"].startswith("Asian SSE Registry, data as of ")


@pytest.mark.parametrize("url", ["/entities/?country=TH", "/tapestry/?country=TH"])
def test_the_download_links_to_its_description(client, entities, url):
    html = client.get(url).content.decode()
    link = re.search(r'class="csv-description" href="([^"]*)" rel="describedby"', html)
    assert unescape(link.group(1)) == "/entities/export.csv-metadata.json?country=TH"


def test_the_country_page_links_to_its_download_description(client, entities):
    html = client.get("/countries/TH/").content.decode()
    assert 'href="/entities/export.csv-metadata.json?country=TH" rel="describedby"' in html


# --- The citation ------------------------------------------------------------------


def test_a_release_names_the_data_in_a_citation():
    cited = citation.citation(
        "https://registry.example.org/countries/TH/",
        release="2027.1",
        accessed=datetime(2027, 2, 3).date(),
    )
    assert (
        cited
        == "SSE Registry, 2027.1, https://registry.example.org/countries/TH/, accessed 2027-02-03"
    )


def test_the_licence_address_must_be_an_absolute_http_address(monkeypatch):
    for bad in ["creativecommons.org/licenses/by/4.0/", "ftp://example.org/x", "https://a b/"]:
        monkeypatch.setenv("SSE_TEST_URL", bad)
        with pytest.raises(ImproperlyConfigured, match="SSE_TEST_URL"):
            env_url("SSE_TEST_URL", CC_BY)
    monkeypatch.setenv("SSE_TEST_URL", "")
    assert env_url("SSE_TEST_URL", CC_BY) == CC_BY


def test_the_schema_describes_the_headers_and_the_csv_description(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                assert {"Link", "X-Data-As-Of"} <= set(response["headers"]), (path, status)
    metadata = schema["paths"]["/api/v1/entities/export.csv-metadata.json"]["get"]
    assert "application/csvm+json" in metadata["responses"]["200"]["content"]
    assert "band" in {parameter["name"] for parameter in metadata["parameters"]}
