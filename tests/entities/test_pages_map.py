"""The map of entities (/map/) and the bounding box it shares with the list:
the box filters the list page as it does the API, the map draws the filtered
entities placed in view as points or counted cells, each a link, with the
list of those in view beneath, and a bad value is a 400 naming it."""

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from html import unescape

import pytest

from core.freshness import published_data_changed
from entities.views import map as map_view

from ..factories import EntityFactory
from ..source import ROOT
from .test_public_fields import MARKERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def html(response):
    return response.content.decode()


def listed(page):
    return re.findall(r'<a href="/entities/\d+/"><strong>([^<]*)</strong>', page)


# --- The box on the list page ---------------------------------------------------------


def test_the_list_page_keeps_only_the_entities_placed_in_the_box(client, entities):
    response = client.get("/entities/", {"bbox": "98,18,99,19"})
    assert response.status_code == 200
    page = html(response)
    assert sorted(unescape(name) for name in listed(page)) == sorted(
        [entities["th_ce"].name, entities["th_ce2"].name]
    )
    # The box is shown among the filters, and unticking it removes it.
    assert 'type="checkbox" name="bbox" value="98,18,99,19" checked' in page


def test_the_tapestry_says_the_box_in_words(client, entities):
    page = html(client.get("/tapestry/", {"bbox": "98.5,18,99,19"}))
    assert "Map area (west, south, east, north): <strong>98.5,18,99,19</strong>" in page


@pytest.mark.parametrize("value", ["1,2,3", "10,0,5,1", "0,0,200,1", "a,b,c,d"])
def test_a_bad_box_on_the_list_page_is_a_400_that_names_it(client, entities, value):
    response = client.get("/entities/", {"bbox": value})
    assert response.status_code == 400
    assert "<strong>bbox</strong>: bbox" in html(response)


# --- The map ---------------------------------------------------------------------------


def svg(page):
    match = re.search(r'<svg class="chart entity-map".*?</svg>', page, re.S)
    assert match, "no map"
    return match.group(0)


def marks(map_svg):
    """Each point or cell drawn: (href, title, count label or None)."""
    found = []
    for href, title, body in re.findall(
        r'<a href="([^"]*)"><title>([^<]*)</title>(.*?)</a>', map_svg, re.S
    ):
        label = re.search(r'<text class="map-count"[^>]*>([^<]*)</text>', body)
        found.append((unescape(href), unescape(title), label.group(1) if label else None))
    return found


def in_view(page):
    section = page[page.index('id="in-view-list"') :]
    section = section[: section.index("</ol>")]
    return [
        unescape(name) for name in re.findall(r'<a href="/entities/\d+/">([^<]*)</a>', section)
    ]


def test_the_map_draws_every_placed_entity_as_a_titled_link(client, entities):
    response = client.get("/map/")
    assert response.status_code == 200
    page = html(response)
    drawn = marks(svg(page))
    # Chiang Mai's two entities (its region's point) are one cell; every
    # other entity is a point leading to its page, titled with its name.
    points = {title: href for href, title, label in drawn if label is None}
    for key in ["th_coop", "vn_coop", "vn_coop2", "kh_sg", "mn_coop", "kg_assoc"]:
        assert points[entities[key].name] == f"/entities/{entities[key].pk}/"
    cells = [(href, title, label) for href, title, label in drawn if label is not None]
    assert len(cells) == 1
    href, title, label = cells[0]
    assert label == "2"
    assert title.startswith("2 entities here; 1 of the 2 assessed practise all seven")
    assert href.startswith("/entities/?bbox=")
    # The boundaries are drawn, and credited.
    assert '<path class="map-boundary" d="M' in page
    assert "Boundaries: Natural Earth (public domain)" in page


def test_a_cell_leads_to_the_list_of_the_entities_it_counts(client, entities):
    page = html(client.get("/map/", {"origin": "community,donor"}))
    href, _title, label = next(mark for mark in marks(svg(page)) if mark[2] is not None)
    assert "origin=community%2Cdonor" in href
    listed_page = html(client.get(href))
    names = listed(listed_page)
    assert len(names) == int(label)
    assert sorted(unescape(name) for name in names) == sorted(
        [entities["th_ce"].name, entities["th_ce2"].name]
    )


def test_the_map_takes_the_lists_filters(client, entities):
    page = html(client.get("/map/", {"country": "VN", "entity_type": "cooperative"}))
    titles = {title for _href, title, _label in marks(svg(page))}
    assert titles == {entities["vn_coop"].name, entities["vn_coop2"].name}
    assert in_view(page) == sorted([entities["vn_coop"].name, entities["vn_coop2"].name])
    # The form shows them chosen, and says them in words.
    assert 'name="country" value="VN" checked' in page
    assert "Filtered by" in page


def test_the_map_of_a_box_shows_only_what_is_in_it(client, entities):
    page = html(client.get("/map/", {"bbox": "97,5,106,21"}))
    titles = {title for _href, title, _label in marks(svg(page))}
    assert entities["mn_coop"].name not in titles
    assert entities["th_coop"].name in titles
    assert entities["mn_coop"].name not in in_view(page)


def test_beneath_the_map_the_entities_in_view_and_a_link_to_all_of_them(client, entities):
    EntityFactory(name="Nowhere Cooperative", country_id="TH", region_id=None)
    page = html(client.get("/map/", {"country": "TH"}))
    names = [entities[key].name for key in ["th_ce", "th_ce2", "th_coop"]]
    assert in_view(page) == sorted(names)
    assert "3 entities on this map." in page
    assert "1 more has no place to be drawn" in page
    link = unescape(re.search(r'id="in-view-all" class="[^"]*" href="([^"]*)"', page).group(1))
    assert link.startswith("/entities/?country=TH&bbox=")
    assert sorted(unescape(name) for name in listed(html(client.get(link)))) == sorted(names)


def test_the_list_beneath_the_map_is_cut_and_says_how_many_more(client, entities, monkeypatch):
    monkeypatch.setattr(map_view, "LISTED", 2)
    page = html(client.get("/map/"))
    assert len(in_view(page)) == 2
    assert "See all 8 in the list" in page


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "105,20,100,22"}, "bbox"),
        ({"country": "XX"}, "country"),
        ({"lacks": "democracy"}, "lacks"),
        ({"practised_min": "9"}, "practised_min"),
    ],
)
def test_a_bad_box_or_filter_is_a_400_that_names_it(client, entities, params, parameter):
    response = client.get("/map/", params)
    assert response.status_code == 400
    page = html(response)
    assert f"<strong>{parameter}</strong>:" in page
    assert "entity-map-data" not in page  # no map, and no script data


def test_odd_bytes_in_the_maps_parameters_are_a_400_never_a_500(client, entities):
    assert client.get("/map/", {"bbox": "1\x00,2,3,4"}).status_code == 400


def test_no_private_value_reaches_the_map(client):
    marked = EntityFactory(
        name="Marked Cooperative",
        region_id="TH-50",
        latitude=Decimal("18.79"),
        longitude=Decimal("98.98"),
        location_precision="exact",
        **MARKERS,
    )
    page = html(client.get("/map/", {"country": "TH"}))
    assert marked.name in page
    for value in MARKERS.values():
        assert value not in page


def test_the_map_names_no_region_it_cannot_draw_and_escapes_names(client):
    EntityFactory(
        name="<b>Bold</b> & Co",
        region_id="TH-50",
        latitude=Decimal("18.79"),
        longitude=Decimal("98.98"),
        location_precision="exact",
    )
    page = html(client.get("/map/"))
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in svg(page)


def script_data(page):
    found = re.search(r'<script id="entity-map-data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_the_data_for_the_script_is_json_without_the_tile_server_by_default(client, entities):
    page = html(client.get("/map/", {"country": "VN", "lacks": "autonomy"}))
    data = script_data(page)
    assert data["filters"] == "country=VN&lacks=autonomy"
    assert data["tileUrl"] == ""
    assert data["cellsUrl"] == "/api/v1/map/cells/"
    # Around Viet Nam's regions, widened to the lines of the drawing's cells.
    west, south, east, north = data["bbox"]
    assert 101 < west <= 102.1187 and 7.5 < south <= 8.5656
    assert 109.4724 <= east < 110.5 and 23.3663 <= north < 24.5
    size = 360 / 2**10
    assert all((edge / size).is_integer() for edge in data["bbox"])
    # No inline script: the page's scripts are files of its own.
    assert re.findall(r"<script(?![^>]*(?:src=\"/static/|type=\"application/json\"))", page) == []


def test_a_tile_server_set_reaches_the_script_with_its_attribution(client, entities, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example tiles"
    page = html(client.get("/map/"))
    data = script_data(page)
    assert data["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert data["tileAttribution"] == "© Example tiles"


def test_without_a_tile_server_the_page_loads_images_only_from_itself(client, entities):
    response = client.get("/map/")
    assert response.status_code == 200
    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["img-src"] == "'self' data:", directives


def image_sources(tile_url):
    """The CSP's img-src of the settings read with MAP_TILE_URL set."""
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", "MAP_TILE_URL": tile_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_tile_server_is_the_only_origin_added_to_the_pages_images():
    result = image_sources("https://tiles.example.org/osm/{z}/{x}/{y}.png")
    assert result.stdout.splitlines()[-1].split() == [
        "'self'",
        "data:",
        "https://tiles.example.org",
    ]
    refused = image_sources("https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert refused.returncode != 0
    assert "MAP_TILE_URL" in refused.stderr


def test_the_nav_and_the_country_page_lead_to_the_map(client, entities):
    assert '<a href="/map/">Map</a>' in html(client.get("/"))
    assert 'href="/map/?country=TH"' in html(client.get("/countries/TH/"))


def test_empty_values_of_the_form_are_dropped_by_a_redirect(client, entities):
    response = client.get("/map/", {"country": "TH", "origin": ""})
    assert response.status_code == 302
    assert response["Location"] == "/map/?country=TH"


@pytest.mark.parametrize("count", [1, 40])
def test_the_map_costs_the_same_queries_for_any_number_of_entities(
    client, django_assert_num_queries, count
):
    for index in range(count):
        EntityFactory(
            name=f"Thai Cooperative {index:02d}",
            region_id=("TH-50", "TH-40", "TH-10")[index % 3],
            latitude=Decimal("13.75") if index % 2 else None,
            longitude=Decimal("100.5") if index % 2 else None,
            location_precision="locality" if index % 2 else "",
        )
    # One alone in the south: a cell of one entity, whose name is read.
    EntityFactory(
        name="Songkhla Cooperative",
        region_id="TH-90",
        latitude=Decimal("7.19"),
        longitude=Decimal("100.59"),
        location_precision="exact",
    )
    client.get("/map/", {"country": "TH"})  # warms the cached reference rows
    published_data_changed()  # and forgets the cached figures
    # 1. the form's regions of TH; 2-3. the cells by coordinates, then by
    # region; 4. the names of the cells of one entity; 5. the entities in view
    # listed; 6. the count of those without a place; 7. whether any entity is
    # demo data (the banner)
    with django_assert_num_queries(7):
        response = client.get("/map/", {"country": "TH"})
    assert response.status_code == 200
    # Asked again, the cells and the count come from the cache.
    with django_assert_num_queries(2):
        again = client.get("/map/", {"country": "TH"})
    main = re.compile(rb"<main.*</main>", re.S)
    assert main.search(again.content)[0] == main.search(response.content)[0]
