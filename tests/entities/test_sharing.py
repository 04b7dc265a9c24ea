"""Sharing an entity's or a country's page: the address to copy (a button
with JavaScript, the visible address without), the Open Graph and Twitter
card metadata with absolute addresses and the page's locale, and the preview
image (/og/entity/<id>.png, /og/country/<code>.png): a 1200 × 630 PNG drawn
on the server, cached per published-data version, in English for Thai and
Khmer, and a 503 without a PNG engine (when the pages name no image)."""

import re
import struct
from html import unescape

import pytest

from core import rasterise
from core.freshness import published_data_changed
from entities.preview_images import preview_svg
from entities.views import sharing

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
needs_png = pytest.mark.skipif(not rasterise.available(), reason="no PNG engine (CairoSVG)")


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def meta(page):
    """Each <meta property|name=… content=…> of the page: {name: [contents]}."""
    found = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page):
        found.setdefault(name, []).append(unescape(content))
    return found


def png_size(content):
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


# --- The metadata -------------------------------------------------------------------


@needs_png
def test_an_entity_page_carries_open_graph_and_twitter_card_metadata(client, entities):
    entity = entities["vn_coop"]
    tags = meta(client.get(f"/entities/{entity.pk}/?from=somewhere").content.decode())
    assert tags["og:title"] == [entity.name]
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [f"{SITE}/entities/{entity.pk}/"]
    assert tags["og:image"] == [f"{SITE}/og/entity/{entity.pk}.png"]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["og:locale"] == ["en_US"]
    assert "th_TH" in tags["og:locale:alternate"]
    assert tags["og:description"][0].startswith("Cooperative in Viet Nam, practising ")
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == [entity.name]


@needs_png
def test_a_country_page_carries_them_in_its_language(client, entities):
    tags = meta(client.get("/vi/countries/vn/").content.decode())
    assert tags["og:url"] == [f"{SITE}/vi/countries/vn/"]
    assert tags["og:image"] == [f"{SITE}/vi/og/country/vn.png"]
    assert tags["og:locale"] == ["vi_VN"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:description"]


@needs_png
def test_thai_and_khmer_pages_name_the_english_image(client, entities):
    pk = entities["th_coop"].pk
    tags = meta(client.get(f"/th/entities/{pk}/").content.decode())
    assert tags["og:image"] == [f"{SITE}/og/entity/{pk}.png"]
    assert tags["og:locale"] == ["th_TH"]
    tags = meta(client.get("/km/countries/kh/").content.decode())
    assert tags["og:image"] == [f"{SITE}/og/country/kh.png"]


def test_without_a_png_engine_the_pages_name_no_image(client, entities, monkeypatch):
    monkeypatch.setattr(rasterise, "_engine", lambda: None)
    tags = meta(client.get(f"/entities/{entities['vn_coop'].pk}/").content.decode())
    assert "og:image" not in tags
    assert tags["twitter:card"] == ["summary"]
    assert "og:image" not in meta(client.get("/countries/vn/").content.decode())
    assert client.get(f"/og/entity/{entities['vn_coop'].pk}.png").status_code == 503
    assert client.get("/og/country/vn.png").status_code == 503


@pytest.mark.parametrize("path", ["/entities/{pk}/", "/countries/vn/", "/th/countries/th/"])
def test_the_page_offers_its_address_to_copy(client, entities, path):
    path = path.format(pk=entities["vn_coop"].pk)
    page = client.get(path).content.decode()
    field = re.search(r'<input id="share-url"[^>]*>', page).group(0)
    assert "readonly" in field
    assert f'value="{SITE}{path}"' in field
    # The button (shown with JavaScript) and its script: the site's own, no
    # other site's share script.
    assert 'data-copy-from="share-url"' in page
    assert '<script src="/static/js/share.js" defer></script>' in page
    assert not re.search(r'<script src="https?://', page)


# --- The images ---------------------------------------------------------------------


@needs_png
@pytest.mark.parametrize(
    "path",
    ["/og/entity/{pk}.png", "/og/country/vn.png", "/og/country/VN.png", "/vi/og/country/vn.png"],
)
def test_the_preview_images_are_1200_by_630_pngs(client, entities, path):
    response = client.get(path.format(pk=entities["vn_coop"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == (1200, 630)
    assert "public" in response["Cache-Control"]


def test_only_published_entities_and_known_countries_have_an_image(client, entities):
    for key in ("th_draft", "th_withdrawn"):
        assert client.get(f"/og/entity/{entities[key].pk}.png").status_code == 404
    assert client.get("/og/country/xx.png").status_code == 404
    assert client.get("/og/entity/999999.png").status_code == 404


@needs_png
def test_an_image_is_drawn_once_per_published_data_version(client, entities, monkeypatch):
    drawn = []
    real = rasterise.png

    def counting(svg, **kwargs):
        drawn.append(svg)
        return real(svg, **kwargs)

    monkeypatch.setattr(rasterise, "png", counting)
    path = f"/og/entity/{entities['vn_coop'].pk}.png"
    first = client.get(path).content
    assert client.get(path).content == first
    assert len(drawn) == 1
    published_data_changed()
    client.get(path)
    assert len(drawn) == 2


def test_the_entity_image_shows_its_name_kind_and_seven_scores(entities):
    entity = entities["vn_coop"]
    svg = sharing.entity_svg(entity)
    assert 'width="1200" height="630"' in svg
    assert entity.name in unescape(svg)
    assert "Cooperative · Viet Nam" in unescape(svg)
    assert "SSE Registry" in svg
    assert len(re.findall(r"\d / 3|not assessed", svg)) == 7


def test_an_entity_name_the_png_engine_cannot_shape_gives_way_to_its_kind(entities):
    entity = entities["th_coop"]
    entity.name = entity.name_local  # Thai script
    svg = unescape(sharing.entity_svg(entity))
    assert entity.name_local not in svg
    assert "<title>Cooperative · Thailand</title>" in svg


def test_a_long_title_is_cut_with_an_ellipsis_and_every_text_is_escaped():
    svg = preview_svg(
        title="<script>alert(1)</script> " + "Cooperative " * 30,
        subtitle="a & b",
        note="",
        bars=[],
        caption="c",
    )
    assert "<script>" not in svg
    assert "a &amp; b" in svg
    titles = re.findall(r'font-size="54"[^>]*>([^<]*)<', svg)
    assert len(titles) == 2 and titles[-1].endswith("…")
