"""Addresses carry only the filters that are set: a query with empty values
is answered with a redirect to the same filters without them, and every link a
page builds leaves them out."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


@pytest.mark.parametrize(
    "asked, clean",
    [
        ("/entities/?q=&country=TH&registered=&ordering=", "/entities/?country=TH"),
        ("/entities/?q=&registered=", "/entities/"),
        ("/entities/?country=TH&country=&band=all&q=+", "/entities/?country=TH&band=all"),
        ("/tapestry/?q=&group=entity_type&country=VN", "/tapestry/?group=entity_type&country=VN"),
        ("/compare/?country=TH&country=VN&country=", "/compare/?country=TH&country=VN"),
    ],
)
def test_a_query_with_empty_values_redirects_to_the_clean_address(client, entities, asked, clean):
    response = client.get(asked)
    assert response.status_code == 302
    assert response["Location"] == clean
    assert client.get(clean).status_code == 200


def test_an_htmx_request_is_answered_in_place(client, entities):
    # With JavaScript the form drops empty fields itself; a request that still
    # holds one is served, the empty values ignored.
    response = client.get("/entities/?q=&country=TH", HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def links(html):
    """Every address the page builds: links, and the switcher's return address."""
    found = re.findall(r'href="([^"]*)"', html)
    found += re.findall(r'name="next" value="([^"]*)"', html)
    return [link.replace("&amp;", "&") for link in found]


def empty_parameters(link):
    return [
        name
        for name, value in parse_qsl(urlsplit(link).query, keep_blank_values=True)
        if not value.strip()
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/entities/?country=TH&ordering=name&page=1",
        "/entities/?country=TH&lacks=autonomy",
        "/tapestry/?country=TH&group=entity_type",
        "/tapestry/?band=all",
        "/compare/?country=TH&country=VN",
        "/",
        "/countries/",
        "/countries/th/",
    ],
)
def test_no_link_on_a_page_carries_an_empty_filter(client, entities, url):
    html = client.get(url).content.decode()
    for link in links(html):
        assert not empty_parameters(link), link


def test_paging_links_carry_only_the_filters_set(client, entities, monkeypatch):
    from entities.views import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    html = client.get("/entities/?country=TH&ordering=-features_practised").content.decode()
    assert 'href="?country=TH&amp;ordering=-features_practised&amp;page=2"' in html
