"""The region maps (choropleths) of the country pages and the home page: their
figures are the statistics API's, every region is drawn and named, each leads
to the list filtered as it was counted, the measure and the filters are the
reader's, and a bad value is a 400 that says why."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from entities import geography, maps
from entities.models import Region
from research.framework import FEW_ASSESSED

from .. import registry
from ..factories import EntityFactory, assess
from ..source import ROOT

pytestmark = pytest.mark.django_db

# Chiang Mai (TH-50) holds more than FEW_ASSESSED assessed entities; Phatthaya
# (TH-S, a marker) and Bangkok (TH-10) a few, Bangkok's none assessed.
CHIANG_MAI_EXTRA = FEW_ASSESSED


@pytest.fixture(scope="module")
def built(module_db):
    built = registry.build()
    for index in range(CHIANG_MAI_EXTRA):
        entity = EntityFactory(
            name=f"Chiang Mai Group {index:02d}",
            region_id="TH-50",
            entity_type_id=("cooperative", "association")[index % 2],
            origin=("community", "government", "donor")[index % 3],
        )
        assess(entity, registry.ALL if index % 4 == 0 else registry.NO_AUTONOMY)
    for index, scores in enumerate((registry.ALL, registry.FEW, None)):
        entity = EntityFactory(
            name=f"Phatthaya Enterprise {index}", region_id="TH-S", origin="company"
        )
        if scores:
            assess(entity, scores)
    EntityFactory(name="Bangkok Not Yet Assessed", region_id="TH-10", origin="community")
    EntityFactory(name="Bangkok Draft", region_id="TH-10", status="draft")
    EntityFactory(name="Somewhere in Thailand", region_id=None, origin="community")
    return built


@pytest.fixture
def entities(db, built):
    return built


@pytest.fixture
def no_rate_limit(settings):
    settings.API_ANON_RATE = "100000/minute"


def html(response):
    return response.content.decode()


def where(page):
    """The maps' section of a page."""
    start = page.index('<h2 id="where">')
    return page[start : page.index("</section>", start)]


def svg(page, country):
    match = re.search(rf'<svg [^>]*aria-labelledby="map-{country}-title".*?</svg>', page, re.S)
    assert match, f"no map of {country}"
    return match.group(0)


def drawn(map_svg):
    """Each region drawn as a link: title -> (href, "path" or "circle")."""
    return {
        unescape(title): (unescape(href), kind)
        for href, title, kind in re.findall(
            r'<a href="([^"]*)"><title>([^<]*)</title><(path|circle) ', map_svg
        )
    }


def table_rows(section):
    """The table's rows: (region code or None, name, [the numbers of its cells])."""
    rows = []
    for head, cells in re.findall(r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', section, re.S):
        href = re.search(r'href="([^"]*)"', head)
        region = parse_qs(urlsplit(unescape(href.group(1))).query)["region"][0] if href else None
        name = unescape(re.sub(r"<[^>]+>", "", head))
        numbers = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        rows.append((region, name, numbers))
    return rows


def count_links(section):
    return [
        (unescape(href), int(count))
        for href, count in re.findall(r'<a href="(/entities/\?[^"]*)">(\d+)</a>', section)
    ]


def assert_counts_agree_with_the_api(api, section):
    links = count_links(section)
    assert links
    for href, shown in links:
        assert api.get(f"/api/v1/entities/?{urlsplit(href).query}").json()["count"] == shown, href


# --- The figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"entity_type": "cooperative"},
        {"origin": "community,government", "dependency": "low"},
        {"band": "all"},
        {"q": "Chiang Mai"},
        {"practised_min": "6", "sector": "A"},
    ],
)
def test_map_figures_equal_the_statistics_apis_counts_per_region(client, api, entities, filters):
    page = html(client.get("/countries/th/", filters))
    stats = api.get("/api/v1/countries/TH/stats/", filters).json()["by_region"]
    rows = table_rows(where(page))
    shown = {region: int(numbers[0]) for region, _name, numbers in rows if region}
    unspecified = [int(numbers[0]) for region, _name, numbers in rows if region is None]
    assert shown == {code: count for code, count in stats.items() if code != "unspecified"}
    assert unspecified == ([stats["unspecified"]] if "unspecified" in stats else [])
    # The map says the same in each region's <title>.
    titles = drawn(svg(page, "TH"))
    for code, count in shown.items():
        name = Region.objects.get(code=code).name
        noun = "entity" if count == 1 else "entities"
        assert f"{name}: {count} published {noun}" in titles


def test_map_figures_with_no_filter_are_the_published_entities(client, entities):
    rows = {
        name: numbers
        for _region, name, numbers in table_rows(where(html(client.get("/countries/th/"))))
    }
    # Entities, assessed, practising all seven, share.
    assert rows["Chiang Mai"] == ["32", "32", "9", "28%"]
    assert rows["Phatthaya"] == ["3", "2", "1", "50% few"]
    assert rows["Bangkok"] == ["1", "0", "0", "–"]  # the draft is not counted
    assert rows["Region not recorded"] == ["1", "0", "0", "–"]
    # The most entities first, then by name; the region not recorded last.
    assert list(rows) == ["Chiang Mai", "Phatthaya", "Bangkok", "Khon Kaen", "Region not recorded"]


def test_every_count_of_the_maps_links_to_the_list_of_what_it_counts(
    client, api, entities, no_rate_limit
):
    for query in (
        "",
        "?measure=all_seven&entity_type=cooperative",
        "?measure=lacking&feature=autonomy&origin=government",
        "?measure=all_seven&band=all,most",
    ):
        assert_counts_agree_with_the_api(api, where(html(client.get(f"/countries/th/{query}"))))
    home = html(client.get("/?measure=lacking&feature=mutual_aid"))
    assert_counts_agree_with_the_api(api, where(home))


def test_the_share_practising_all_seven_is_of_the_assessed_entities(client, entities):
    section = where(html(client.get("/countries/th/?measure=all_seven")))
    titles = drawn(svg(section, "TH"))
    # 9 of Chiang Mai's 32 assessed entities practise all seven: 28 %.
    assert "Chiang Mai: 28% practise all seven features (9 of 32)" in titles
    assert (
        "Phatthaya: 50% practise all seven features (1 of 2 assessed; fewer than 30 assessed)"
        in titles
    )
    assert "Bangkok: 1 published entity, not assessed" in titles
    assert (
        "Khon Kaen: 0% practise all seven features (0 of 1 assessed; fewer than 30 assessed)"
        in titles
    )
    # Ordered by the share, highest first; no share last.
    names = [name for _region, name, _numbers in table_rows(section)]
    assert names == ["Phatthaya", "Chiang Mai", "Khon Kaen", "Bangkok", "Region not recorded"]


def test_the_share_lacking_a_feature_is_of_those_assessed_on_it(client, entities):
    section = where(html(client.get("/countries/th/?measure=lacking&feature=autonomy")))
    rows = {name: numbers for _region, name, numbers in table_rows(section)}
    # Chiang Mai: 22 of the 30 extra lack autonomy (NO_AUTONOMY), and 1 of the
    # registry's two (OPEN scores autonomy 2: practised).
    assert rows["Chiang Mai"] == ["32", "32", "22", "69%"]
    titles = drawn(svg(section, "TH"))
    assert "Chiang Mai: 69% lack Autonomy and independence (22 of 32 assessed on it)" in titles
    assert 'href="/entities/?country=TH&amp;region=TH-50&amp;lacks=autonomy">22</a>' in section


# --- The drawing -------------------------------------------------------------------


def test_every_region_of_thailand_is_a_titled_shape_or_a_labelled_marker(client, entities):
    map_svg = svg(html(client.get("/countries/th/")), "TH")
    regions = geography.regions("TH")
    assert len(regions) == 78
    by_href = {
        parse_qs(urlsplit(href).query)["region"][0]: (title, kind)
        for title, (href, kind) in drawn(map_svg).items()
    }
    assert set(by_href) == {region.code for region in regions}
    for region in regions:
        title, kind = by_href[region.code]
        assert title.startswith(f"{region.name}: ")
        assert kind == ("circle" if region.is_marker else "path")
    # The marker is labelled with its name, and the page says why it is a point.
    assert re.search(r'<circle [^>]*/><text class="map-label"[^>]*>Phatthaya</text>', map_svg)
    assert "Phatthaya is drawn as a point." in html(client.get("/countries/th/"))


def test_the_home_page_draws_every_region_of_the_five_countries(client, entities):
    page = html(client.get("/"))
    for country in geography.countries():
        regions = geography.regions(country)
        titles = drawn(svg(page, country))
        assert len(titles) == len(regions), country
        assert sum(kind == "circle" for _href, kind in titles.values()) == sum(
            region.is_marker for region in regions
        )
    # 197 regions, each a shape or a marker.
    assert sum(len(drawn(svg(page, country))) for country in geography.countries()) == 197
    # Cambodia's source shape of two regions is drawn as an outline under their markers.
    assert svg(page, "KH").count('class="map-outline"') == 1


def test_the_map_is_a_titled_group_of_links_that_scales_to_its_box(client, entities):
    map_svg = svg(html(client.get("/countries/th/")), "TH")
    assert re.match(
        r'<svg class="chart region-map" viewBox="0 0 320 \d+" width="100%" role="group" '
        r'aria-labelledby="map-TH-title"',
        map_svg,
    )
    assert '<title id="map-TH-title">Thailand: published entities by region</title>' in map_svg
    assert map_svg.count("<a ") == map_svg.count("<a href=") == 78


def test_region_links_carry_the_maps_filters(client, api, entities, no_rate_limit):
    page = html(
        client.get("/countries/th/?measure=all_seven&entity_type=cooperative&origin=community")
    )
    titles = drawn(svg(page, "TH"))
    href = next(href for title, (href, _kind) in titles.items() if title.startswith("Chiang Mai:"))
    assert href == "/entities/?country=TH&region=TH-50&entity_type=cooperative&origin=community"
    # The page's own country and a region are the map's to set, never a filter.
    page = html(client.get("/countries/th/?country=VN&region=TH-10&entity_type=cooperative"))
    titles = drawn(svg(page, "TH"))
    assert all("country=TH&region=" in href for href, _kind in titles.values())
    assert "country=VN" not in where(page)


def test_the_legend_names_the_classes_and_what_no_colour_means(client, entities):
    section = where(html(client.get("/countries/th/")))
    legend = re.search(r'<ul class="legend map-legend">(.*?)</ul>', section, re.S).group(1)
    labels = [unescape(label) for label in re.findall(r"</span>([^<]+)</li>", legend)]
    assert labels[-1] == "No published entity"
    assert labels[0].startswith("1")  # counts, from the smallest
    section = where(html(client.get("/countries/th/?measure=all_seven")))
    legend = re.search(r'<ul class="legend map-legend">(.*?)</ul>', section, re.S).group(1)
    labels = [unescape(label) for label in re.findall(r"</span>([^<]+)</li>", legend)]
    assert labels == [
        "0–19%",
        "20–39%",
        "40–59%",
        "60–79%",
        "80–100%",
        "No published entity",
        "None assessed: no share",
        "Hatched: fewer than 30 assessed, a share to read with care",
    ]


@pytest.mark.parametrize("url", ["/countries/th/", "/countries/kg/?measure=all_seven", "/"])
def test_every_map_credits_natural_earth(client, entities, url):
    section = where(html(client.get(url)))
    assert section.count("<svg") >= 1
    assert '<p class="map-credit">Boundaries: Natural Earth (public domain)</p>' in section


def test_few_assessed_regions_are_hatched_and_the_others_not(client, entities):
    map_svg = svg(html(client.get("/countries/th/?measure=all_seven")), "TH")
    shapes = {
        unescape(title).split(":")[0]: attributes
        for title, attributes in re.findall(
            r"<title>([^<]*)</title><(?:path|circle) ([^>]*)", map_svg
        )
    }
    assert 'fill="url(#map-TH-few-map-' in shapes["Phatthaya"]  # 2 assessed
    assert "few" not in shapes["Chiang Mai"]  # 32 assessed
    assert 'class="map-1"' in shapes["Chiang Mai"]  # 28 %: the second class
    assert 'fill="url(#map-TH-none)"' in shapes["Bangkok"]  # none assessed
    assert 'class="map-empty"' in shapes["Trat"]  # no entity
    # Counted, not shared: nothing is hatched.
    assert 'class="map-few"' not in svg(html(client.get("/countries/th/")), "TH")


def test_region_names_are_escaped(client, entities):
    Region.objects.filter(code="TH-50").update(name='Chiang <b>Mai</b> & "Co"')
    Region.objects.filter(code="TH-S").update(name="Phatthaya<script>x</script>")
    page = html(client.get("/countries/th/?measure=all_seven"))
    section = where(page)
    assert "<b>Mai" not in section and "<script>x" not in section
    assert "<title>Chiang &lt;b&gt;Mai&lt;/b&gt; &amp; &quot;Co&quot;: 28% practise" in section
    assert ">Phatthaya&lt;script&gt;x&lt;/script&gt;</text>" in section
    assert "Chiang &lt;b&gt;Mai&lt;/b&gt; &amp; &quot;Co&quot;</a></th>" in section


# --- The measure and the filters -------------------------------------------------------


def test_the_form_shows_the_measure_and_filters_chosen_and_keeps_the_others(client, entities):
    section = where(
        html(
            client.get(
                "/countries/th/?measure=lacking&feature=autonomy&entity_type=cooperative,association"
                "&practises=mutual_aid"
            )
        )
    )
    form = re.search(
        r'<form class="map-form" method="get" action="/countries/th/#where">.*?</form>',
        section,
        re.S,
    ).group(0)
    assert 'value="lacking" checked' in form
    assert '<option value="autonomy" selected>' in form
    # Two types chosen: the select takes several.
    assert 'name="entity_type" multiple>' in form
    assert (
        '<option value="cooperative" selected>' in form
        and '<option value="association" selected>' in form
    )
    # A filter the form does not offer is kept, and said.
    assert '<input type="hidden" name="practises" value="mutual_aid">' in form
    assert "Also filtered by" in form and "Mutual aid" in form


def test_empty_values_of_the_form_are_dropped_by_a_redirect(client, entities):
    response = client.get("/countries/th/?measure=all_seven&feature=autonomy&entity_type=&origin=")
    assert response.status_code == 302
    assert response["Location"] == "/countries/th/?measure=all_seven&feature=autonomy"
    assert client.get("/?measure=&sector=").status_code == 302


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        (
            "measure=colour",
            "measure",
            "Unknown value &#x27;colour&#x27;. Allowed: entities, all_seven, lacking.",
        ),
        ("measure=entities&measure=lacking", "measure", "Give this parameter once."),
        ("measure=lacking&feature=charity", "feature", "Unknown value &#x27;charity&#x27;."),
        ("measure=lacking", "feature", "Required with measure=lacking; one of: economic_activity"),
        ("entity_type=spaceship", "entity_type", "Unknown value &#x27;spaceship&#x27;."),
        ("practised_min=9", "practised_min", "Must be a whole number from 0 to 7."),
    ],
)
@pytest.mark.parametrize("path", ["/countries/th/", "/"])
def test_a_bad_measure_feature_or_filter_is_a_400_that_names_it(
    client, entities, path, query, parameter, message
):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    page = html(response)
    section = where(page)
    assert 'role="alert"' in section
    assert f"<strong>{parameter}</strong>: " in section and message in section
    assert "<svg" not in section  # no figures for a question not understood
    assert "map-form" in section  # the form to ask again
    # The rest of the page is there.
    assert "<h1>" in page


def test_odd_bytes_in_the_maps_parameters_are_a_400_never_a_500(client, entities):
    for query in ("feature=%00", "measure=%00", "measure=%C0%AF", "entity_type=%E2%80%AE"):
        assert client.get(f"/countries/th/?{query}").status_code == 400, query


def test_the_maps_figures_are_cached_until_the_published_data_changes(client, entities):
    url = "/countries/th/?measure=lacking&feature=autonomy&entity_type=cooperative"

    def grouped_by_region():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [
            query["sql"]
            for query in queries
            if 'COUNT("entities_entity"."features_practised")' in query["sql"]
        ]

    assert len(grouped_by_region()) == 1  # one grouped query for every region
    assert grouped_by_region() == []  # then from the figure cache
    assess(EntityFactory(region_id="TH-50"), registry.ALL)  # a new published entity
    assert len(grouped_by_region()) == 1


# --- The home page ---------------------------------------------------------------------


def test_the_home_page_maps_each_country_with_entities_on_one_scale(client, entities):
    page = html(client.get("/"))
    section = where(page)
    captions = re.findall(
        r'<figure class="map-small">.*?<figcaption><a href="([^"]*)">([^<]*)</a>', section, re.S
    )
    assert [name for _href, name in captions] == [
        "Cambodia",
        "Kyrgyzstan",
        "Mongolia",
        "Thailand",
        "Viet Nam",
    ]
    assert captions[3][0] == "/countries/th/#where"
    # One legend for the five maps; every table in one place.
    assert section.count('<ul class="legend map-legend">') == 1
    assert section.count("<table") == 5
    # The measure and filters carry over to the country's map.
    section = where(html(client.get("/?measure=all_seven&origin=community")))
    assert (
        'href="/countries/th/?measure=all_seven&amp;origin=community#where">Thailand</a>'
        in section
    )


def test_the_home_page_says_which_countries_have_no_entities_yet(client):
    assess(EntityFactory(country_id="TH", region_id="TH-50"), registry.ALL)
    section = where(html(client.get("/")))
    assert section.count("<svg") == 1
    assert "No entities published yet:" in section
    for name in ("Cambodia", "Kyrgyzstan", "Mongolia", "Viet Nam"):
        assert f">{name}</a>" in section
    # A filter that leaves a country without entities draws its map empty, and says so.
    assess(EntityFactory(country_id="VN", region_id="VN-HN", origin="donor"), registry.ALL)
    section = where(html(client.get("/?origin=donor")))
    assert "Thailand</a>: no published entity with these filters" in section


def test_a_country_page_has_a_map_only_with_boundaries_and_published_entities(client):
    assess(EntityFactory(country_id="JP"), registry.ALL)
    assert 'id="where"' not in html(client.get("/countries/jp/"))  # no boundaries
    assert 'id="where"' not in html(client.get("/countries/mn/"))  # no entities
    assess(EntityFactory(country_id="MN", region_id="MN-047"), registry.ALL)
    assert 'id="where"' in html(client.get("/countries/mn/"))


# --- The drawer ----------------------------------------------------------------------


def test_counts_are_classed_by_quantiles_in_ranges_of_whole_numbers():
    scale = maps.CountScale([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40])
    assert scale.bounds == [2, 4, 6, 8, 40]
    assert [entry.label for entry in scale.entries()] == ["1–2", "3–4", "5–6", "7–8", "9–40"]
    assert [scale.css(n) for n in (0, 1, 3, 40)] == ["map-empty", "map-0", "map-1", "map-4"]
    # Few distinct counts: fewer classes, spread over the palette.
    scale = maps.CountScale([3, 3, 7])
    assert [entry.label for entry in scale.entries()] == ["1–3", "4–7"]
    assert [scale.css(3), scale.css(7)] == ["map-0", "map-4"]
    assert maps.CountScale([]).entries() == []


def test_shares_are_classed_by_the_percentage_shown():
    scale = maps.ShareScale()
    assert [scale.css(p) for p in (0, 19, 20, 59, 60, 80, 100)] == [
        "map-0",
        "map-0",
        "map-1",
        "map-2",
        "map-3",
        "map-4",
        "map-4",
    ]
    assert scale.css(None) == "map-none"


@pytest.mark.parametrize("country", ["KG", "KH", "MN", "TH", "VN"])
@pytest.mark.parametrize("width", [240, 320])
def test_the_drawing_fits_its_viewbox_and_its_labels_do_not_collide(country, width):
    frame = maps._frame(country, width)
    points = [point for place in frame.places if place.path for point in path_points(place.path)]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= frame.height
    boxes = []
    for place in frame.places:
        if place.point:
            x, y, anchor = place.label
            size = maps.LABEL_CHAR * len(place.name)
            left = {"start": x, "end": x - size, "middle": x - size / 2}[anchor]
            assert left >= 0 and left + size <= width, place.code
            boxes.append((left, y - maps.LABEL_SIZE, left + size, y))
    for index, one in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not maps._overlap(one, other)


def path_points(path):
    """The points of a fitted path: rings of a first point and relative steps."""
    number = r"-?(?:\d+\.?\d*|\.\d+)"
    points = []
    for x, y, steps in re.findall(rf"M({number}) ({number})l([^z]*)z", path):
        x, y = float(x), float(y)
        points.append((x, y))
        values = [float(value) for value in re.findall(number, steps)]
        for dx, dy in zip(values[0::2], values[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_a_fitted_path_keeps_its_points_to_a_tenth():
    fit = lambda x, y: (x / 10, y / 10)  # noqa: E731
    path = maps.fitted_path("M100 200L105 200 105 195.5 100.04 200Z", fit)
    assert path == "M10 20l.5 0 0-.4-.5 .4z"
    flat = [value for point in path_points(path) for value in point]
    assert flat == pytest.approx([10, 20, 10.5, 20, 10.5, 19.6, 10, 20])
    # A ring smaller than a tenth is left out.
    assert maps.fitted_path("M100 200L100.1 200 100 200.1Z", fit) == ""


def test_a_region_without_a_shade_is_drawn_empty_without_a_link():
    drawing = maps.region_map("KG", {}, title="Kyrgyzstan", chart_id="map-KG")
    assert "<a " not in drawing and 'role="img"' in drawing
    assert drawing.count('class="map-empty"') == 9
    assert escape("Osh City") in drawing


def test_a_map_drawn_for_a_pdf_styles_itself_and_keys_a_label_that_needs_shaping():
    # Kampong Thom and Kampong Cham are drawn as points, each with a label.
    shades = {"KH-25": maps.Shade("KH-25", "កំពង់ធំ", "map-2", "Kampong Thom: 3")}
    web = maps.region_map("KH", shades, title="Cambodia", chart_id="map-KH")
    assert "<style>" not in web and "កំពង់ធំ</text>" in web
    drawing = maps.region_map("KH", shades, title="Cambodia", chart_id="map-KH", pdf=True)
    svg, key = drawing.split("</svg>")
    assert "<style>" in svg and ".map-2{fill:#21918c}" in svg
    assert ">[1]</text>" in svg and "កំពង់ធំ</text>" not in svg
    assert "<li>[1] កំពង់ធំ</li>" in key
    assert "Kampong Cham</text>" in svg  # a Latin label is drawn as it is


def test_the_pdf_maps_keep_the_stylesheets_palette():
    stylesheet = (ROOT / "static" / "css" / "registry.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", stylesheet))
    for index in range(maps.CLASSES):
        assert f".map-{index}{{fill:{colours[f'map-{index}']}}}" in maps.PDF_STYLE
    assert f".map-empty{{fill:{colours['map-empty']}}}" in maps.PDF_STYLE
