"""The embedded views (/embed/list/, /embed/map/, /embed/tapestry/,
/embed/entity/<id>/): the pages' figures for the same filters, compact and
read-only (no form), a link back to the full page and the data's licence;
framable by the origins of EMBED_FRAME_ANCESTORS (any site when empty) and
the registry itself, while every other page still refuses to be framed; no
cookie, and cacheable. The "Embed this" disclosure of the list, the map and
the tapestry gives the <iframe> of their embedded view with their filters."""

import re
from html import unescape

import pytest
from django.test import Client

from entities.models import Region

from ..registry import PUBLISHED

pytestmark = pytest.mark.django_db

PARTNER = "https://partner.example.org"


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def html(response):
    return response.content.decode()


def directives(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )


def embeds(entities):
    pk = entities["vn_coop"].pk
    return [
        "/embed/list/",
        "/embed/list/?country=VN&entity_type=cooperative",
        "/embed/map/?country=VN",
        "/embed/tapestry/?country=VN&group=entity_type",
        f"/embed/entity/{pk}/",
        f"/th/embed/entity/{pk}/",
        "/vi/embed/list/?country=VN",
    ]


# --- Framing, cookies, caching --------------------------------------------------


def test_any_site_may_frame_an_embedded_view_when_no_origin_is_named(client, entities, settings):
    settings.EMBED_FRAME_ANCESTORS = []
    for path in embeds(entities):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-Frame-Options" not in response, path
        assert directives(response)["frame-ancestors"] == "*", path


def test_only_the_named_origins_and_the_registry_may_frame_an_embedded_view(
    client, entities, settings
):
    settings.EMBED_FRAME_ANCESTORS = [PARTNER, "https://news.example.com"]
    for path in embeds(entities):
        response = client.get(path)
        assert "X-Frame-Options" not in response, path
        assert directives(response)["frame-ancestors"] == (
            f"'self' {PARTNER} https://news.example.com"
        ), path
        # The rest of the policy is the site's.
        assert directives(response)["script-src"] == "'self'"


@pytest.mark.parametrize(
    "path",
    ["/entities/", "/entities/?country=VN", "/map/", "/tapestry/", "/countries/vn/", "/th/"],
)
def test_the_full_pages_still_refuse_to_be_framed(client, entities, settings, path):
    settings.EMBED_FRAME_ANCESTORS = [PARTNER]
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == "'none'"


def test_an_entity_page_refuses_to_be_framed_while_its_embed_may_be(client, entities):
    pk = entities["vn_coop"].pk
    assert client.get(f"/entities/{pk}/")["X-Frame-Options"] == "DENY"
    assert "X-Frame-Options" not in client.get(f"/embed/entity/{pk}/")


def test_an_embedded_view_sets_no_cookie_and_may_be_cached_by_anyone(entities, settings):
    settings.EMBED_CACHE_SECONDS = 300
    client = Client()
    for path in embeds(entities):
        response = client.get(path)
        assert response.cookies == {}, path
        assert "Set-Cookie" not in response, path
        assert "Cookie" not in response.get("Vary", ""), path
        assert response["Cache-Control"] == "public, max-age=300", path
    # A visitor with a session and the language cookie gets the same answer.
    client.cookies["django_language"] = "th"
    client.cookies["sessionid"] = "whatever"
    response = client.get("/embed/list/")
    assert response.cookies == {}
    assert response["Content-Language"] == "en"


def test_the_cache_time_is_a_setting(client, entities, settings):
    settings.EMBED_CACHE_SECONDS = 60
    assert client.get("/embed/list/")["Cache-Control"] == "public, max-age=60"
    settings.EMBED_CACHE_SECONDS = 0
    assert "public" not in client.get("/embed/list/")["Cache-Control"]


def test_an_embed_of_bad_filters_is_a_400_that_says_why_and_is_not_cached(client, entities):
    response = client.get("/embed/list/?country=XX")
    assert response.status_code == 400
    assert "country" in html(response)
    assert "public" not in response["Cache-Control"]


def test_an_unpublished_entity_has_no_embed_and_the_frame_says_so(client, entities, settings):
    settings.EMBED_FRAME_ANCESTORS = [PARTNER]
    for key in ("th_draft", "th_withdrawn"):
        response = client.get(f"/th/embed/entity/{entities[key].pk}/")
        assert response.status_code == 404
        assert entities[key].name not in html(response)
        # A partner's frame shows the 404 rather than a refusal.
        assert "X-Frame-Options" not in response
        assert directives(response)["frame-ancestors"] == f"'self' {PARTNER}"
        assert "public" not in response["Cache-Control"]
        assert 'href="http://testserver/th/"' in html(response)
        assert response.cookies == {}


# --- What they show ---------------------------------------------------------------


def test_the_embedded_list_shows_the_filtered_entities_with_no_form(client, entities):
    page = html(client.get("/embed/list/?country=VN&entity_type=cooperative"))
    assert "<form" not in page
    assert "csrfmiddlewaretoken" not in page
    assert "<script" not in page
    names = sorted(unescape(name) for name in re.findall(r"<strong>([^<]*)</strong></a>", page))
    assert names == sorted([entities["vn_coop"].name, entities["vn_coop2"].name])
    # The filters in words, the link back to the full list, the licence.
    assert "Country: <strong>Viet Nam</strong>" in page
    assert 'href="http://testserver/entities/?country=VN&amp;entity_type=cooperative"' in page
    assert 'rel="license noopener" href="https://creativecommons.org/licenses/by/4.0/"' in page
    # Every link leaves the frame.
    assert '<base target="_blank">' in page


def test_the_embedded_list_shows_its_first_entities_and_links_to_them_all(client, entities):
    page = html(client.get("/embed/list/"))
    assert f"{PUBLISHED} published SSE entities" in page
    assert "/entities/?page=" not in page


def test_the_embedded_entity_shows_its_profile_and_leads_to_its_page(client, entities):
    entity = entities["vn_coop"]
    page = html(client.get(f"/embed/entity/{entity.pk}/"))
    assert unescape(entity.name) in unescape(page)
    assert "<svg" in page  # the profile chart, drawn on the server
    assert f'href="http://testserver/entities/{entity.pk}/"' in page


def test_the_embedded_map_is_the_drawing_without_javascript(client, entities):
    page = html(client.get("/embed/map/?country=VN"))
    assert '<svg class="chart entity-map"' in page
    assert "<script" not in page
    assert 'href="http://testserver/map/?country=VN"' in page


def test_the_embedded_tapestry_shows_its_rows_and_legend(client, entities):
    page = html(client.get("/embed/tapestry/?country=VN"))
    assert '<table class="tapestry">' in page
    assert unescape(entities["vn_coop"].name) in unescape(page)
    assert "Not assessed (never counted as 0)" in page
    assert 'name="group"' not in page


def test_an_embedded_view_speaks_the_language_of_its_address(client, entities):
    response = client.get("/th/embed/list/?country=VN")
    assert response["Content-Language"] == "th"
    assert '<html lang="th">' in html(response)
    assert 'href="http://testserver/th/entities/?country=VN"' in html(response)


# --- "Embed this" on the pages ------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "embed"),
    [
        ("/entities/?country=VN&page=1", "/embed/list/?country=VN"),
        ("/map/?country=VN", "/embed/map/?country=VN"),
        (
            "/tapestry/?country=VN&group=entity_type",
            "/embed/tapestry/?country=VN&group=entity_type",
        ),
        ("/th/tapestry/?country=VN", "/th/embed/tapestry/?country=VN"),
    ],
)
def test_a_page_gives_the_iframe_of_its_embed_with_its_filters(client, entities, page, embed):
    body = html(client.get(page))
    disclosure = body[body.index('<details class="embed-this') :]
    disclosure = disclosure[: disclosure.index("</details>")]
    src = f"http://testserver{embed}".replace("&", "&amp;")
    # The code to paste, as text in a read-only field…
    code = re.search(r"<textarea[^>]*readonly[^>]*>([^<]*)</textarea>", disclosure).group(1)
    assert unescape(code).startswith(f'<iframe src="{src}"')
    # …and the preview, the iframe itself, loaded once the disclosure is opened.
    assert f'<iframe src="{src}"' in disclosure
    assert 'loading="lazy"' in disclosure


def test_the_list_swapped_in_by_htmx_gives_the_iframe_of_its_new_filters(client, entities):
    body = html(client.get("/entities/?country=TH", HTTP_HX_REQUEST="true"))
    assert '<iframe src="http://testserver/embed/list/?country=TH"' in body


def test_the_caption_names_a_region_by_its_name(client, entities):
    region = Region.objects.get(code="TH-50")
    html = client.get("/embed/list/", {"country": "TH", "region": "TH-50"}).content.decode()
    caption = html.split('class="embed-filters"')[1].split("</p>")[0]
    assert region.name in caption and "TH-50" not in caption
