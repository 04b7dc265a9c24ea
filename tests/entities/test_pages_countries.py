"""The home page, the country pages and the comparison of countries: the
figures a reader relies on, their links into the filtered list (which must list
exactly what was counted), and a constant number of queries."""

import itertools
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils.html import escape

from core.freshness import published_data_changed
from entities.models import Country
from entities.statistics import query_count
from research.models import Feature

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db

# A count that links into the entity list: <a href="/entities/?...">12</a>.
COUNT_LINK = re.compile(r'<a href="(/entities/[^"]*)">(\d+)</a>')


@pytest.fixture
def entities(shared_registry):
    return shared_registry


@pytest.fixture
def no_rate_limit(settings):
    # The link checks ask the API once per link shown.
    settings.API_ANON_RATE = "100000/minute"


def html(response):
    return response.content.decode()


def count_links(page):
    return [(unescape(href), int(count)) for href, count in COUNT_LINK.findall(page)]


def assert_counts_agree_with_the_api(api, page):
    """Every count shown as a link equals the API's count for the link's query."""
    links = count_links(page)
    assert links, "the page shows no count linking into the list"
    for href, shown in links:
        query = urlsplit(href).query
        body = api.get(f"/api/v1/entities/?{query}").json()
        assert body["count"] == shown, href


def row_cells(page, label):
    """The text of the cells of the table row headed ``label``."""
    match = re.search(
        rf'<th scope="row"[^>]*>(?:<a [^>]*>)?{re.escape(escape(label))}(?:</a>)?</th>(.*?)</tr>',
        page,
        re.S,
    )
    assert match, f"no row {label!r}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def section(page, heading_id, next_id):
    return page[page.index(f'id="{heading_id}"') : page.index(f'id="{next_id}"')]


def assert_accessible_structure(page):
    """Headings in order without skipped levels, one h1, scoped header cells,
    captioned tables, charts as titled images, nothing private."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert not re.search(r"<th(?![^>]*\bscope=)[ >]", page)
    assert page.count("<table") == len(re.findall(r"<caption[ >]", page))
    # A chart is an image named by its title; one whose bars are links is a
    # named group of links (an image's links would be hidden from screen readers).
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        role = "group" if "<a " in svg else "img"
        assert re.match(rf'<svg [^>]*role="{role}" aria-labelledby="([\w-]+)"', svg)
        assert re.search(r'<title id="[\w-]+-title">[^<]+</title>', svg)
        assert svg.count("<a ") == svg.count("<a href=")
    for value in registry.PRIVATE_VALUES:
        assert value not in page


# --- Home ----------------------------------------------------------------------


def test_home_shows_published_entities_per_country_and_all_seven(client, entities):
    page = html(client.get("/"))
    # Two drafts/withdrawn Thai entities practise all seven but are not public.
    assert row_cells(page, "Thailand") == ["3", "1 (33%)"]
    assert row_cells(page, "Viet Nam") == ["2", "1 (50%)"]
    assert row_cells(page, "Cambodia") == ["1", "0 (0%)"]
    assert row_cells(page, "Kyrgyzstan") == ["1", "0 (0%)"]
    # The current countries first; the others follow as countries without entities.
    order = [page.index(f">{name}</a></th>") for name in ("Cambodia", "Thailand", "Viet Nam")]
    assert order == sorted(order)
    assert "No entities published yet" in page
    assert '<a href="/countries/jp/">Japan</a>' in page


def test_home_shows_the_regional_feature_profile(client, entities):
    page = html(client.get("/"))
    # Of the 7 entities assessed on autonomy, 3 practise it; mutual aid: 5 of 6.
    assert row_cells(page, "Autonomy and independence") == ["7", "3 (43%)"]
    assert row_cells(page, "Mutual aid") == ["6", "5 (83%)"]
    assert 'href="/entities/?practises=autonomy"' in page


def test_home_links_lead_to_the_list_filtered_as_counted(client, api, entities, no_rate_limit):
    page = html(client.get("/"))
    assert 'href="/entities/?country=TH&amp;band=all">1</a>' in page
    assert 'href="/entities/?country=TH">3</a>' in page
    assert_counts_agree_with_the_api(api, page)


def test_home_search_box_leads_to_the_list(client, entities):
    page = html(client.get("/"))
    form = re.search(r'<form[^>]*role="search"[^>]*>(.*?)</form>', page, re.S)
    assert 'action="/entities/"' in form.group(0) and 'method="get"' in form.group(0)
    assert 'name="q"' in form.group(1)


# --- Country list ----------------------------------------------------------------


def test_country_list_shows_the_twelve_countries_with_phase_and_counts(client, entities):
    page = html(client.get("/countries/"))
    assert page.count('<th scope="row">') == 12
    assert row_cells(page, "Thailand") == ["Phase 2 (current)", "3"]
    assert row_cells(page, "Japan") == ["Phase 1", "no entities published yet"]
    assert '<a href="/countries/th/">Thailand</a>' in page


def test_country_list_counts_agree_with_the_api(client, api, entities, no_rate_limit):
    page = html(client.get("/countries/"))
    assert_counts_agree_with_the_api(api, page)
    for country in api.get("/api/v1/countries/").json():
        shown = row_cells(page, country["name"])[1]
        entities = country["entities"]
        assert shown == (str(entities) if entities else "no entities published yet")


# --- Country page ------------------------------------------------------------------


def test_country_page_shows_its_make_up_by_name(client, entities):
    page = html(client.get("/countries/th/"))
    assert row_cells(page, "Community enterprise") == ["2", "67%"]
    assert row_cells(page, "Cooperative") == ["1", "33%"]
    assert row_cells(page, "A: Agriculture, forestry and fishing") == ["1", "33%"]
    assert row_cells(page, "Government-induced") == ["1", "33%"]
    assert row_cells(page, "High") == ["1", "33%"]
    assert 'href="/entities/?country=TH&amp;entity_type=community-enterprise">2</a>' in page
    assert 'href="/entities/?country=TH&amp;region=TH-50">2</a>' in page
    assert 'href="/entities/?country=TH&amp;sector=C">1</a>' in page
    assert 'href="/entities/?country=TH&amp;origin=donor">1</a>' in page
    assert 'href="/entities/?country=TH&amp;dependency=low">1</a>' in page


def test_country_page_feature_profile_equals_the_api_statistics(client, api, entities):
    page = html(client.get("/countries/TH/"))
    stats = api.get("/api/v1/countries/TH/stats/").json()
    autonomy = stats["features"]["autonomy"]
    assert (autonomy["assessed"], autonomy["practising"], autonomy["mean_score"]) == (3, 2, 1.67)
    # Assessed, practising (share), mean, lacking.
    assert row_cells(page, "Autonomy and independence") == ["3", "2 (67%)", "1.67", "1"]
    assert row_cells(page, "Mutual aid") == ["2", "2 (100%)", "2.50", "0"]
    assert 'href="/entities/?country=TH&amp;practises=autonomy"' in page  # a bar of the chart


def test_country_page_histogram_links_each_number_of_features(client, entities):
    page = html(client.get("/countries/th/"))
    # One entity each practises 5, 6 and 7 features.
    for practised, count in [(0, 0), (4, 0), (5, 1), (6, 1), (7, 1)]:
        assert row_cells(page, str(practised)) == [str(count)]
        href = f"/entities/?country=TH&amp;practised_min={practised}&amp;practised_max={practised}"
        assert f'<a href="{href}">{count}</a>' in page
    assert "<svg" in section(page, "practised", "lacking")


def test_country_page_counts_agree_with_the_api(client, api, entities, no_rate_limit):
    for code in ("th", "vn", "kh", "kg"):
        assert_counts_agree_with_the_api(api, html(client.get(f"/countries/{code}/")))


def test_country_page_shows_the_three_most_lacking_features_with_guidance(
    client, api, no_rate_limit
):
    lacks_all_three = [2, 2, 2, 2, 0, 0, 0]  # governance, autonomy, people over capital
    for scores in (
        lacks_all_three,
        [2, 2, 2, 2, 2, 0, 1],  # autonomy, people over capital
        [2, 2, 2, 2, 2, 1, 2],  # autonomy
        [3, 3, 3, 3, 3, None, 3],  # autonomy not assessed: not lacking
    ):
        assess(EntityFactory(country_id="MN"), scores)
    for _ in range(2):  # would put mutual aid in the top three if drafts counted
        assess(EntityFactory(country_id="MN", status="draft"), [2, 2, 2, 0, 2, 2, 2])

    page = html(client.get("/countries/mn/"))
    lacking = section(page, "lacking", "definition")
    names = re.findall(r"<h3>(.*?)</h3>", lacking)
    assert names == [
        "Autonomy and independence",
        "Primacy of people and social purpose over capital",
        "Democratic and/or participatory governance",
    ]
    for code, lacking_count, assessed in [
        ("autonomy", 3, 3),
        ("people_over_capital", 2, 4),
        ("democratic_governance", 1, 4),
    ]:
        feature = Feature.objects.get(code=code)
        assert escape(feature.adoption_guidance) in lacking
        assert f"{lacking_count} of {assessed} assessed" in lacking
        href = f"/entities/?country=MN&lacks={code}"
        assert f'href="{escape(href)}"' in lacking
        assert api.get(f"/api/v1{href}").json()["count"] == lacking_count
    assert "Mutual aid" not in lacking


def test_country_page_says_when_no_feature_is_lacking(client):
    assess(EntityFactory(country_id="KG"), [3, 3, 3, 3, 3, 3, 3])
    page = html(client.get("/countries/kg/"))
    assert "No assessed entity of this country lacks any feature." in page


def test_country_page_shows_the_working_definition_or_says_there_is_none(client, entities):
    page = html(client.get("/countries/vn/"))
    assert "has not recorded a national working definition" in page
    Country.objects.filter(code="VN").update(
        working_definition="Collective economy <and> cooperatives."
    )
    page = html(client.get("/countries/vn/"))
    assert "Collective economy &lt;and&gt; cooperatives." in page


def test_country_page_links_to_its_tapestry_csv_and_list(client, entities):
    page = html(client.get("/countries/th/"))
    assert 'href="/tapestry/?country=TH"' in page
    assert 'href="/entities/export.csv?country=TH"' in page
    assert 'href="/entities/?country=TH">3</a>' in page


def test_country_without_entities_has_a_page_with_zero_figures(client, entities):
    response = client.get("/countries/jp/")
    assert response.status_code == 200
    page = html(response)
    assert "no published entity of this country yet" in page
    # Nothing to list, draw, download or compare.
    for empty in ["/entities/?country=JP", "/tapestry/?", "export.csv", "/compare/?"]:
        assert empty not in page, empty


@pytest.fixture
def only_thai_entities(db):
    for name in ("Ban Rak Thai Coop", "Ban Mai Coop"):
        assess(EntityFactory(name=name, country_id="TH"), registry.ALL)


def test_countries_without_entities_say_so_and_link_to_nothing_empty(client, only_thai_entities):
    # Cambodia is a current country without published entities, Japan a former one.
    home = html(client.get("/"))
    countries = html(client.get("/countries/"))
    assert "No entities published yet" in home
    assert row_cells(countries, "Cambodia") == ["Phase 2 (current)", "no entities published yet"]
    for page in (home, countries):
        for code in ("KH", "JP"):
            assert f"/entities/?country={code}" not in page
            assert f"/tapestry/?country={code}" not in page
        # One current country with entities: nothing to compare it with.
        assert "/compare/?" not in page
    assert row_cells(home, "Thailand")[0] == "2"
    assert "Cambodia</a></th>" not in home  # not a row of zeros in the table


def test_compare_link_offers_only_current_countries_with_entities(client, entities):
    for page in (html(client.get("/")), html(client.get("/countries/"))):
        link = re.search(r'href="/compare/\?country=([^"]*)"', page).group(1)
        assert sorted(link.split(",")) == ["KG", "KH", "MN", "TH", "VN"]


def test_country_list_explains_the_programme_phase(client, entities):
    page = html(client.get("/countries/"))
    assert 'id="phases"' in page
    assert "Phase 2 is the programme's current phase" in page
    # A country page names its phase with a link to that explanation.
    assert 'href="/countries/#phases">Phase 2 (current)</a>' in html(client.get("/countries/th/"))


def test_unknown_country_is_a_404(client, entities):
    assert client.get("/countries/xx/").status_code == 404
    assert client.get("/countries/thailand/").status_code == 404
    assert client.get("/countries/%00x/").status_code == 404


def test_unpublished_entities_are_never_counted(client, entities):
    EntityFactory.create_batch(4, country_id="VN", status="draft")
    EntityFactory.create_batch(2, country_id="VN", status="in_review")
    assert row_cells(html(client.get("/")), "Viet Nam")[0] == "2"
    assert row_cells(html(client.get("/countries/")), "Viet Nam")[1] == "2"
    page = html(client.get("/countries/vn/"))
    assert 'href="/entities/?country=VN">2</a>' in page
    assert row_cells(page, "Cooperative") == ["2", "100%"]
    assert entities["th_draft"].name not in html(client.get("/countries/th/"))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?measure=all_seven&entity_type=cooperative",
        "/countries/",
        "/countries/th/",
        "/countries/th/?measure=lacking&feature=autonomy&practises=mutual_aid",
        "/compare/?country=TH,VN",
    ],
)
def test_pages_are_accessible_and_show_nothing_private(client, entities, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_accessible_structure(html(response))


# --- Compare -----------------------------------------------------------------------


def test_compare_two_countries_side_by_side(client, entities):
    response = client.get("/compare/", {"country": "th,vn"})
    assert response.status_code == 200
    page = html(response)
    # Share and mean per country: Thailand then Viet Nam.
    assert row_cells(page, "Autonomy and independence") == ["67%", "1.67", "50%", "2.00"]
    assert row_cells(page, "Mutual aid") == ["100%", "2.50", "100%", "2.50"]
    assert 'href="/entities/?country=VN&amp;practises=autonomy">50%</a>' in page
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "<title>Viet Nam, Autonomy and independence: 50%</title>" in chart
    # A legend and, at the end of each bar, the country code: no need for colour.
    assert chart.count('<tspan font-weight="600">TH</tspan>') == 1 + 7
    assert chart.count('<tspan font-weight="600">VN</tspan>') == 1 + 7


def test_compare_four_countries_in_the_order_asked(client, api, entities, no_rate_limit):
    response = client.get("/compare/?country=KH&country=MN&country=TH&country=VN")
    assert response.status_code == 200
    page = html(response)
    heads = re.findall(r'<th scope="colgroup"[^>]*>\s*<a href="/countries/(\w\w)/">', page)
    assert heads == ["kh", "mn", "th", "vn"]
    assert len(row_cells(page, "Autonomy and independence")) == 8
    assert_counts_agree_with_the_api(api, page)


def test_compare_with_an_unknown_country_says_so_with_a_400(client, entities):
    response = client.get("/compare/", {"country": "TH,XX"})
    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page
    assert "Unknown value &#x27;XX&#x27;" in page
    # The form to choose again keeps the known country.
    assert 'value="TH" checked' in page and 'value="VN">' in page
    assert client.get("/compare/?country=%00,th").status_code == 400


def test_compare_with_a_country_without_entities_shows_no_figures_for_it(client, entities):
    response = client.get("/compare/", {"country": "TH,JP"})
    assert response.status_code == 200
    assert row_cells(html(response), "Autonomy and independence") == ["67%", "1.67", "–", "–"]


def test_compare_with_too_many_countries_is_a_400_with_the_message(client, entities):
    response = client.get("/compare/?" + "&".join(["country=TH"] * 101))
    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page
    assert "Give at most 100 values." in page


def test_compare_states_each_countrys_entities_and_warns_of_few_assessed(client, entities):
    EntityFactory(name="Not yet assessed", country_id="VN")
    page = html(client.get("/compare/", {"country": "TH,VN"}))
    # Thailand: 3 published, all assessed; Viet Nam: 3 published, 2 assessed.
    assert re.search(r'<a href="/entities/\?country=TH">3</a> entities,\s*3 assessed', page)
    assert re.search(r'<a href="/entities/\?country=VN">3</a> entities,\s*2 assessed', page)
    assert "Fewer than 30 assessed entities" in page
    assert page.count('class="few-assessed"') == 2


def test_compare_with_fewer_than_two_countries_shows_the_choice(client, entities):
    for query in ({}, {"country": "TH"}, {"country": "th,TH"}):
        response = client.get("/compare/", query)
        assert response.status_code == 200
        page = html(response)
        assert "Choose at least 2 countries" in page
        assert page.count('type="checkbox" name="country"') == 12
        assert "<svg" not in page


# --- Queries -----------------------------------------------------------------------


def populate(count):
    """``count`` assessed published entities spread over countries, regions,
    types and sectors, so that every figure has several groups."""
    places = [("TH", "TH-50"), ("VN", "VN-HN"), ("KH", "KH-3"), ("MN", "MN-047"), ("KG", "KG-N")]
    with profiles_refreshed_together():
        for index in range(count):
            country, region = places[index % len(places)]
            entity = EntityFactory(
                country_id=country,
                region_id=region if index % 3 else None,
                entity_type_id=("cooperative", "association", "savings-group")[index % 3],
                sector_id="ACK"[index % 3],
                origin=("community", "donor")[index % 2],
            )
            assess(entity, [(index + feature) % 4 for feature in range(7)])


@pytest.mark.parametrize("query", ["", "?measure=lacking&feature=autonomy&origin=donor"])
@pytest.mark.parametrize("count", [1, 30])
def test_home_runs_a_constant_number_of_queries(client, django_assert_num_queries, count, query):
    populate(count)
    # Fills the cache of reference codes and rows (the form's types and sectors).
    client.get("/?origin=community")
    published_data_changed()  # the figures are computed again
    # The statistics grouped by country (entities.statistics.grouped_statistics:
    # the features, then the counts by type, sector, origin, dependency, region,
    # band and features practised, in one scan on PostgreSQL, one query each
    # elsewhere), 1 features, 1 countries, 1 whether any demo record exists
    # (the banner; cached until the published data changes); the maps: 1
    # regions of the countries drawn, 1 their figures grouped by region
    # (entities.statistics.region_figures).
    with django_assert_num_queries(query_count() + 5):
        assert client.get(f"/{query}").status_code == 200
    # Then every figure comes from the cache: the features, the countries, the
    # regions.
    with django_assert_num_queries(3):
        assert client.get(f"/{query}").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_country_list_runs_one_query(client, django_assert_num_queries, count):
    populate(count)
    # countries with their published counts, and whether any demo record exists
    # (the banner; cached until the published data changes)
    with django_assert_num_queries(2):
        assert client.get("/countries/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["", "?measure=all_seven", "?measure=lacking&feature=autonomy&entity_type=cooperative"],
)
@pytest.mark.parametrize("count", [1, 30])
def test_country_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, count, query
):
    populate(count)
    # Fills the cache of reference codes and rows (entity types and sectors).
    client.get("/countries/th/?entity_type=association")
    published_data_changed()  # the figures are computed again
    # 1 country, the statistics (entities.statistics), 1 features, 1 regions of
    # the country, 1 whether any demo record exists (the banner; cached until
    # the published data changes), 1 the map's figures grouped by region
    # (entities.statistics.region_figures).
    with django_assert_num_queries(query_count() + 5):
        assert client.get(f"/countries/th/{query}").status_code == 200
    # Then every figure comes from the cache: the country, the features, the regions.
    with django_assert_num_queries(3):
        assert client.get(f"/countries/th/{query}").status_code == 200


@pytest.mark.parametrize("query", ["country=TH,VN", "country=KH,MN,TH,VN,KG"])
@pytest.mark.parametrize("count", [1, 30])
def test_compare_runs_the_same_queries_for_any_countries(
    client, django_assert_num_queries, count, query
):
    populate(count)
    client.get("/compare/?country=TH")  # fills the cache of reference codes
    # 1 countries, the statistics grouped by country (entities.statistics), 1
    # features. The filter's codes come from the cache (entities.reference).
    with django_assert_num_queries(query_count() + 2):
        assert client.get(f"/compare/?{query}").status_code == 200
    with django_assert_num_queries(1):  # countries, for the form
        assert client.get("/compare/?country=XX").status_code == 400
