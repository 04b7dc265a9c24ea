"""oEmbed (/oembed): the iframe of the embedded view of any list, map,
tapestry or published entity's page of this site, in any language and with
its filters, as the oEmbed 1.0 specification's "rich" type; the refusals the
specification asks for; and the discovery link in the pages' head."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def oembed(client, url, **params):
    return client.get("/oembed", {"url": url, **params})


def iframe_src(answer):
    return unescape(re.search(r'<iframe src="([^"]*)"', answer["html"]).group(1))


@pytest.mark.parametrize(
    ("page", "embed"),
    [
        ("/entities/", "/embed/list/"),
        (
            "/entities/?country=VN&entity_type=cooperative&page=2",
            "/embed/list/?country=VN&entity_type=cooperative",
        ),
        ("/map/?country=VN", "/embed/map/?country=VN"),
        ("/tapestry/?group=entity_type", "/embed/tapestry/?group=entity_type"),
        ("/th/entities/?country=TH", "/th/embed/list/?country=TH"),
        ("/vi/map/", "/vi/embed/map/"),
        ("/embed/list/?country=VN", "/embed/list/?country=VN"),
    ],
)
def test_a_page_of_the_site_is_embedded_as_its_embedded_view(client, entities, page, embed):
    response = oembed(client, SITE + page, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    # The specification's required fields of a "rich" answer.
    assert answer["version"] == "1.0"
    assert answer["type"] == "rich"
    assert isinstance(answer["width"], int) and isinstance(answer["height"], int)
    assert answer["html"].startswith("<iframe ")
    assert iframe_src(answer) == SITE + embed
    assert answer["provider_name"] == "SSE Registry"
    assert answer["provider_url"] == f"{SITE}/"
    assert answer["title"]


def test_an_entity_is_embedded_under_its_name(client, entities):
    entity = entities["vn_coop"]
    answer = oembed(client, f"{SITE}/th/entities/{entity.pk}/").json()
    assert iframe_src(answer) == f"{SITE}/th/embed/entity/{entity.pk}/"
    assert answer["title"] == entity.name


def test_maxwidth_and_maxheight_are_never_exceeded(client, entities):
    answer = oembed(client, f"{SITE}/entities/").json()
    assert (answer["width"], answer["height"]) == (600, 520)
    answer = oembed(client, f"{SITE}/entities/", maxwidth="360", maxheight="300").json()
    assert (answer["width"], answer["height"]) == (360, 300)
    assert 'width="360" height="300"' in answer["html"]
    answer = oembed(client, f"{SITE}/entities/", maxwidth="2000").json()
    assert answer["width"] == 600


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example.org/entities/",
        "http://testserver.example.org/entities/",
        "ftp://testserver/entities/",
        f"{SITE}/methodology/",
        f"{SITE}/countries/th/",
        f"{SITE}/api/v1/entities/",
        f"{SITE}/no/such/page/",
        f"{SITE}/entities/999999/",
        "/entities/",
        "javascript:alert(1)",
    ],
)
def test_an_address_of_another_site_or_of_no_embeddable_page_is_a_404(client, entities, url):
    response = oembed(client, url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_unpublished_entity_is_not_embedded(client, entities):
    for key in ("th_draft", "th_withdrawn"):
        assert oembed(client, f"{SITE}/entities/{entities[key].pk}/").status_code == 404


def test_the_sites_own_address_is_known_too(client, entities, settings):
    settings.SITE_URL = "https://registry.example.org"
    response = oembed(client, "https://registry.example.org/tapestry/")
    assert response.status_code == 200
    # The iframe names the host the consumer asked.
    assert iframe_src(response.json()) == f"{SITE}/embed/tapestry/"


def test_xml_and_other_formats_are_501(client, entities):
    for fmt in ("xml", "yaml"):
        response = oembed(client, f"{SITE}/entities/", format=fmt)
        assert response.status_code == 501
        assert "json" in response.json()["detail"]


def test_a_missing_url_or_a_bad_size_is_a_400_that_says_why(client, entities):
    response = client.get("/oembed")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("url")
    for name, value in (("maxwidth", "wide"), ("maxheight", "-3"), ("maxwidth", "0")):
        response = oembed(client, f"{SITE}/entities/", **{name: value})
        assert response.status_code == 400
        assert response.json()["detail"].startswith(name)


@pytest.mark.parametrize(
    "path",
    [
        "/entities/?country=VN",
        "/map/",
        "/tapestry/",
        "/th/tapestry/",
        "/entities/{pk}/",
    ],
)
def test_the_public_pages_name_their_oembed_answer(client, entities, path):
    path = path.format(pk=entities["vn_coop"].pk)
    page = client.get(path).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" ([^>]*)>', page)
    assert link, path
    href = unescape(re.search(r'href="([^"]*)"', link.group(1)).group(1))
    assert re.search(r'title="[^"]+"', link.group(1))
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{SITE}/oembed"
    assert parse_qs(parts.query) == {"url": [SITE + path], "format": ["json"]}
    # And the link answers.
    answer = json.loads(client.get(href).content)
    assert answer["type"] == "rich"
