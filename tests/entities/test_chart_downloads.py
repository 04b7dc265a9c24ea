"""Every chart of the pages as a file (/charts/<kind>.svg and .png): the same
drawing as the page's, with its title, the source, the date of the data and
the licence inside the image, a link under each chart, bad parameters
refused with a reason, PNG rendering limited, cached and optional."""

import re
import struct
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import rasterise
from core.freshness import published_data_changed
from entities import chart_files
from entities.citation import data_as_of, licence

from ..registry import PRIVATE_VALUES

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Each kind with the parameters of a page that shows it, and its title.
KINDS = [
    ("feature-shares", "country=TH", "Share of assessed entities practising each feature"),
    ("feature-shares", "", "Share of assessed entities practising each feature"),
    ("feature-means", "country=TH", "Mean score on each feature (0–3)"),
    ("features-practised", "country=TH,VN", "Entities by the number of features they practise"),
    ("countries-entities", "", "Published entities per country"),
    ("countries-all-seven", "", "Share of each country's published entities practising all"),
    ("compare", "country=TH,VN", "Share of assessed entities practising each feature, by"),
    ("origins", "country=TH", "Share of assessed entities practising each feature, by origin"),
    ("region-map", "country=TH", "Thailand: published entities by region"),
    (
        "region-map",
        "country=VN&among=TH,VN&measure=all_seven&origin=community",
        "Viet Nam: share practising all seven features, by region",
    ),
    ("entity-map", "country=TH", "Published entities on the map, by place"),
]


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def texts(svg):
    """The file's words: every <text> (its tspans joined), parsed as XML."""
    root = ET.fromstring(svg)
    return root, [" ".join("".join(text.itertext()).split()) for text in root.iter(f"{SVG}text")]


def joined_notes(lines):
    """The small lines of a file (the source, date, licence) as one text:
    a long address is broken across lines."""
    return "".join(lines)


@pytest.mark.parametrize(("kind", "query", "title"), KINDS)
def test_each_chart_is_an_svg_file_with_its_title_source_date_and_licence(
    client, entities, kind, query, title
):
    url = f"/charts/{kind}.svg" + (f"?{query}" if query else "")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    date = timezone.localdate(data_as_of()).isoformat()
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="sse-registry-{kind}')
    assert disposition.endswith(f'-{date}.svg"')
    root, lines = texts(response.content)
    words = " ".join(lines)
    assert title in words
    assert root.find(f"{SVG}title").text.startswith(title[:30])
    notes = joined_notes(lines)
    assert f"Source: SSE Registry, http://testserver{url}".replace(" ", "") in notes.replace(
        " ", ""
    )
    assert f"Data as of {date}" in words
    assert f"Licence: {licence().name}," in words
    assert licence().url in notes
    # Styles inline, no page stylesheet, no custom property; links made plain.
    assert root.find(f"{SVG}style") is not None
    assert "var(--" not in response.content.decode()
    assert not list(root.iter(f"{SVG}a"))


def test_the_file_is_the_page_chart(client, entities):
    """The file draws what the page draws: the same bars, values and titles."""
    page = client.get("/countries/th/").content.decode()
    drawn = re.search(
        r'<svg class="chart narrow"[^>]*aria-labelledby="chart-share-title".*?</svg>', page
    )
    file = client.get("/charts/feature-shares.svg?country=TH").content.decode()
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', drawn.group(0))
    assert values and values == re.findall(r'<text class="value"[^>]*>([^<]*)</text>', file)
    assert re.findall(r'width="([\d.]+)" height="14"/>', drawn.group(0)) == re.findall(
        r'width="([\d.]+)" height="14"/>', file
    )


@pytest.mark.parametrize(("kind", "query", "title"), KINDS[:1] + KINDS[6:7] + KINDS[8:9])
def test_the_png_is_the_svg_rasterised_at_twice_its_size(client, entities, kind, query, title):
    svg = client.get(f"/charts/{kind}.svg?{query}")
    response = client.get(f"/charts/{kind}.png?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('.png"')
    assert response.content.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", response.content[16:24])  # the IHDR chunk
    root = ET.fromstring(svg.content)
    assert (width, height) == (
        round(2 * float(root.get("width"))),
        round(2 * float(root.get("height"))),
    )


PAGES = [
    "/",
    "/?measure=lacking&feature=autonomy&origin=community",
    "/countries/th/",
    "/countries/th/?measure=all_seven",
    "/compare/?country=TH,VN",
    "/map/?country=TH",
    "/countries/th/report/",
    "/report/",
    "/tapestry/",
    "/methodology/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_chart_of_a_page_has_its_svg_and_png_link_under_it(client, entities, url):
    page = client.get(url).content.decode()
    charts = re.findall(r'<svg class="chart', page)
    lines = re.findall(r'<p class="chart-downloads no-print">(.*?)</p>', page, re.S)
    assert len(lines) == len(charts)  # the tapestry and methodology draw none
    for line in lines:
        svg, png = re.findall(r'<a href="([^"]*)" download aria-label="([^"]*)"', line)
        assert svg[1] == "Download this chart as SVG"
        assert png[1] == "Download this chart as PNG"
        assert client.get(svg[0].replace("&amp;", "&")).status_code == 200


def test_the_entity_page_profile_chart_has_its_files(client, entities):
    entity = entities["th_coop"]
    page = client.get(f"/entities/{entity.pk}/").content.decode()
    assert f'href="/charts/entity-profile.svg?entity={entity.pk}"' in page
    response = client.get(f"/charts/entity-profile.svg?entity={entity.pk}")
    _root, lines = texts(response.content)
    assert f"{entity.name}: score on each of the seven features" in " ".join(lines)
    assert "3 / 3" in lines


def test_the_links_carry_the_page_measure_and_filters(client, entities):
    page = client.get("/?measure=all_seven&origin=community").content.decode()
    assert (
        'href="/charts/region-map.svg?country=TH&amp;among=KH,KG,MN,TH,VN'
        '&amp;measure=all_seven&amp;origin=community"'
    ) in page
    assert (
        'href="/charts/compare.svg?country=TH,VN"'
        in client.get("/compare/?country=TH,VN").content.decode()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/charts/nothing.svg",
        "/charts/compare.gif?country=TH,VN",
        "/charts/entity-profile.svg?entity=999999",
    ],
)
def test_an_unknown_chart_is_a_404(client, entities, url):
    assert client.get(url).status_code == 404


def test_a_file_is_only_read(client, entities):
    assert client.post("/charts/feature-shares.svg?country=TH").status_code == 405


def test_a_region_map_file_says_its_filters(client, entities):
    url = "/charts/region-map.svg?country=VN&among=TH,VN&measure=all_seven&origin=community"
    _root, lines = texts(client.get(url).content)
    assert "Filters: origin=community" in lines


def test_a_region_map_file_has_its_legend_and_the_boundaries_credit(client, entities):
    response = client.get("/charts/region-map.svg?country=TH&measure=all_seven")
    root, lines = texts(response.content)
    for label in ["0–19%", "80–100%", "No published entity", "None assessed: no share"]:
        assert label in lines
    assert any(line.startswith("Boundaries: Natural Earth") for line in lines)
    # The legend's swatches are drawn with the map's own classes and hatchings.
    swatches = [rect for rect in root.iter(f"{SVG}rect") if "swatch" in rect.get("class", "")]
    assert "url(#map-TH-none)" in [rect.get("fill") for rect in swatches]


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/charts/feature-shares.svg?country=ZZ", "country:"),
        ("/charts/feature-shares.svg?band=half", "Unknown parameter: band"),
        ("/charts/compare.svg?country=TH", "at least 2 countries"),
        ("/charts/region-map.svg", "country: required"),
        ("/charts/region-map.svg?country=TH&measure=most", "measure:"),
        ("/charts/region-map.svg?country=TH&measure=lacking", "feature:"),
        ("/charts/region-map.svg?country=JP", "No region map of JP"),
        ("/charts/region-map.svg?country=TH&among=TH,XX", "No region map of XX"),
        ("/charts/entity-map.svg?band=half", "band:"),
        ("/charts/entity-profile.svg?entity=abc", "entity:"),
        ("/charts/region-map.png?country=TH&measure=most", "measure:"),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_why(client, entities, url, said):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert said in response.content.decode().replace("&#x27;", "'")


def test_without_a_png_engine_the_png_is_a_503_and_the_link_says_so(client, entities, monkeypatch):
    monkeypatch.setattr(rasterise, "_engine", lambda: None)
    response = client.get("/charts/feature-shares.png?country=TH")
    assert response.status_code == 503
    assert "cannot make PNG files" in response.content.decode()
    page = client.get("/countries/th/").content.decode()
    assert "/charts/feature-shares.png" not in page
    assert "PNG not available on this server" in page
    # The SVG still is.
    assert client.get("/charts/feature-shares.svg?country=TH").status_code == 200


def test_a_png_is_drawn_once_per_published_data_version(client, entities, monkeypatch):
    drawn = []
    real = rasterise.png

    def counting(svg, **options):
        drawn.append(svg)
        return real(svg, **options)

    monkeypatch.setattr(rasterise, "png", counting)
    first = client.get("/charts/feature-means.png?country=TH").content
    assert client.get("/charts/feature-means.png?country=TH").content == first
    assert len(drawn) == 1
    published_data_changed()
    client.get("/charts/feature-means.png?country=TH")
    assert len(drawn) == 2


def test_drawing_pngs_has_a_limit_of_its_own(client, entities, settings):
    settings.CHART_PNG_RATE = "2/minute"
    assert client.get("/charts/feature-means.png?country=TH").status_code == 200
    assert client.get("/charts/feature-means.png?country=VN").status_code == 200
    refused = client.get("/charts/feature-means.png?country=KH")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "Too many downloads" in refused.content.decode()
    # A file already drawn costs nothing, and the SVG files are not limited.
    assert client.get("/charts/feature-means.png?country=TH").status_code == 200
    assert client.get("/charts/feature-means.svg?country=KH").status_code == 200


def test_a_png_asked_for_in_thai_is_drawn_in_english(client, entities, monkeypatch):
    drawn = []
    monkeypatch.setattr(rasterise, "png", lambda svg, **options: drawn.append(svg) or b"")
    client.get("/th/charts/feature-shares.png?country=TH")
    svg = client.get("/th/charts/feature-shares.svg?country=TH")
    with translation.override("th"):
        thai_title = gettext("Share of assessed entities practising each feature")
    assert thai_title != "Share of assessed entities practising each feature"
    # The SVG is in the page's language: its reader shapes Thai.
    assert thai_title in svg.content.decode()
    # The PNG's renderer does not: it draws the English chart.
    assert "Share of assessed entities practising each feature" in drawn[0]
    assert thai_title not in drawn[0]


@pytest.mark.parametrize(
    "url",
    [
        "/charts/entity-map.svg?country=TH",
        "/charts/entity-map.svg?bbox=102,16,103,17",
        "/charts/entity-profile.svg?entity={pk}",
        "/charts/region-map.svg?country=TH",
        "/charts/feature-shares.svg?country=TH",
    ],
)
def test_no_private_value_and_no_unpublished_entity_appears_in_a_file(client, entities, url):
    text = client.get(url.format(pk=entities["th_coop"].pk)).content.decode()
    for value in PRIVATE_VALUES:
        assert value not in text
    assert "Draft Cooperative" not in text and "Withdrawn Group" not in text


def test_an_unpublished_entity_has_no_profile_file(client, entities):
    assert (
        client.get(f"/charts/entity-profile.svg?entity={entities['th_draft'].pk}").status_code
        == 404
    )


def test_a_long_line_without_spaces_is_broken_between_letters_not_marks():
    # Thai writes no spaces between words; a break never leaves a vowel or
    # tone mark at the start of a line, away from its letter.
    title = "สัดส่วนขององค์กรที่ได้รับการประเมินซึ่งปฏิบัติแต่ละคุณลักษณะ" * 3
    broken = chart_files.lines(title, 115, 15)  # 13 characters: the 14th is a mark
    assert len(broken) > 1 and "".join(broken) == title
    for line in broken:
        assert not unicodedata.category(line[0]).startswith("M")
