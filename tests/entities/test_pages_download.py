"""The pages' "Download CSV": the same file as the API's export, named after
its filters, with its own limit, generous for a person reading the pages and
apart from the API's anonymous limit."""

import re

import pytest
from django.utils import timezone

from entities.views import download

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def download_link(client, url):
    html = client.get(url).content.decode()
    return re.search(r'href="([^"]*)"[^>]*download>', html).group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "url",
    [
        "/entities/?country=TH&entity_type=cooperative",
        "/tapestry/?country=TH&entity_type=cooperative",
    ],
)
def test_the_page_link_downloads_the_api_export_under_a_telling_name(client, api, entities, url):
    link = download_link(client, url)
    assert link == "/entities/export.csv?country=TH&entity_type=cooperative"
    page_file = client.get(link)
    api_file = api.get("/api/v1/entities/export.csv?country=TH&entity_type=cooperative")
    assert b"".join(page_file.streaming_content) == b"".join(api_file.streaming_content)
    name = f"sse-entities-TH-cooperative-{timezone.localdate().isoformat()}.csv"
    assert page_file["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_country_page_links_to_the_page_download(client, entities):
    assert download_link(client, "/countries/th/") == "/entities/export.csv?country=TH"


def test_a_person_downloading_a_few_times_a_minute_is_not_refused(client, entities, settings):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(8):
        assert client.get("/entities/export.csv?country=TH").status_code == 200
    # …nor does it use up the API's anonymous allowance.
    assert client.get("/api/v1/entities/export.csv?country=TH").status_code == 200


def test_the_page_download_is_still_limited(client, entities, monkeypatch):
    monkeypatch.setattr(download, "PAGE_DOWNLOAD_RATE", "2/minute")
    assert client.get("/entities/export.csv").status_code == 200
    assert client.get("/entities/export.csv").status_code == 200
    refused = client.get("/entities/export.csv")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # A person followed a link: the refusal is a page that says when to retry.
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "Too many downloads" in page
    assert f"wait {refused['Retry-After']} seconds" in page


def test_a_bad_filter_is_a_400_that_says_why(client, entities):
    response = client.get("/entities/export.csv?band=half")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "band:" in page and "half" in page


def test_the_page_download_is_not_in_the_api_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/entities/export.csv" not in schema["paths"]
    assert "/api/v1/entities/export.csv" in schema["paths"]
