"""The public entity list and entity pages."""

import re

import pytest

from research.models import Feature

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def shown_count(response):
    match = re.search(r'id="result-count"[^>]*>(\d+) entit', response.content.decode())
    return int(match.group(1))


@pytest.mark.parametrize(
    "query",
    [
        q
        for q in [
            "",
            "country=TH",
            "country=TH&country=VN&lacks=autonomy",
            "band=most,all",
            "practised_min=6",
            "entity_type=cooperative&practises=mutual_aid",
            "q=hop+tac+xa",
            "registered=false&year_min=2000",
            "registered=unknown",
            "region=TH-50",
            "sdg=1&ordering=-features_practised",
        ]
    ],
)
def test_list_count_equals_the_api_count_for_the_same_query(client, api, entities, query):
    page = client.get(f"/entities/?{query}")
    assert page.status_code == 200
    assert shown_count(page) == api.get(f"/api/v1/entities/?{query}").json()["count"]


def test_list_shows_names_in_both_scripts_and_links_to_each_entity(client, entities):
    page = client.get("/entities/", {"country": "TH"}).content.decode()
    entity = entities["th_coop"]
    assert entity.name in page
    assert "สหกรณ์ข้าวบ้านหนองบัว" in page
    assert f'href="/entities/{entity.pk}/"' in page
    assert entities["th_draft"].name not in page


def test_download_link_exports_exactly_the_filtered_set(client, entities):
    page = client.get("/entities/", {"country": "TH", "lacks": "autonomy", "page": "1"})
    # The pages' own download address: the API's export under a limit for people.
    link = re.search(r'href="(/entities/export\.csv[^"]*)"', page.content.decode())
    assert link.group(1).replace("&amp;", "&") == "/entities/export.csv?country=TH&lacks=autonomy"


def test_a_bad_filter_value_explains_itself_with_a_400(client, entities):
    response = client.get("/entities/", {"band": "half"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown value &#x27;half&#x27;" in page
    assert shown_count(response) == 0


def test_regions_offered_are_those_of_the_chosen_country(client, entities):
    page = client.get("/entities/", {"country": "KG"}).content.decode()
    assert 'value="KG-N"' in page
    assert 'value="TH-50"' not in page
    assert "Choose a country to pick its regions" in client.get("/entities/").content.decode()


def test_htmx_requests_get_only_the_results(client, entities):
    response = client.get("/entities/", {"country": "VN"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert 'id="region-filter" hx-swap-oob="true"' in html  # the region choices follow


def test_filters_keep_their_state_in_the_form(client, entities):
    page = client.get("/entities/", {"country": "th", "lacks": "autonomy", "q": "rice"})
    html = page.content.decode()
    assert 'value="TH" checked' in html
    assert 'value="autonomy" checked' in html
    assert 'value="rice"' in html


def test_paging_keeps_the_filters(client, db):
    with profiles_refreshed_together():
        for number in range(55):
            assess(EntityFactory(name=f"Coop {number:02d}"), registry.ALL)
    html = client.get("/entities/", {"country": "TH"}).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?country=TH&amp;page=2"' in html
    assert client.get("/entities/", {"country": "TH", "page": "3"}).status_code == 404


@pytest.mark.parametrize("count", [1, 40])
def test_list_costs_the_same_queries_for_any_number_of_rows(
    client, django_assert_num_queries, count
):
    with profiles_refreshed_together():
        for _ in range(count):
            assess(EntityFactory(region_id="TH-10"), registry.FEW)
    # Warm the cached reference codes and rows (the form's countries, types,
    # sectors and features: entities.reference).
    client.get("/entities/", {"country": "VN"})
    # count, page of entities (with country, region, type, sector), and the
    # form's regions of TH
    with django_assert_num_queries(3):
        response = client.get("/entities/", {"country": "TH"})
    assert shown_count(response) == count
    # The count is cached until the published data changes.
    with django_assert_num_queries(2):
        again = client.get("/entities/", {"country": "TH"})
    assert shown_count(again) == count


def test_entity_page_shows_profile_evidence_and_guidance_for_what_it_lacks(client, entities):
    entity = entities["th_coop"]
    html = client.get(f"/entities/{entity.pk}/").content.decode()
    autonomy = Feature.objects.get(pk="autonomy")
    assert entity.name in html and entity.name_local in html
    assert "6 / 7" in html
    assert "Evidence for autonomy" in html
    assert "What it could adopt" in html
    assert autonomy.adoption_guidance[:60] in html
    assert 'role="img"' in html  # the profile chart, with the table beside it
    assert "Assessed on" in html


def test_entity_page_never_shows_private_fields(client, entities):
    html = client.get(f"/entities/{entities['th_coop'].pk}/").content.decode()
    for value in registry.PRIVATE_VALUES:
        assert value not in html


@pytest.mark.parametrize("key", ["th_draft", "th_withdrawn"])
def test_unpublished_entity_page_is_404(client, entities, key):
    assert client.get(f"/entities/{entities[key].pk}/").status_code == 404


def test_entity_page_shows_the_location_and_its_precision(client, entities):
    html = client.get(f"/entities/{entities['th_coop'].pk}/").content.decode()
    assert '<span class="coordinates">16.4322, 102.8236</span> (locality)' in html
    html = client.get(f"/entities/{entities['kh_sg'].pk}/").content.decode()
    assert "12, 105.45</span> (region&#x27;s centre)" in html
    vietnamese = client.get(f"/vi/entities/{entities['vn_coop'].pk}/").content.decode()
    assert "21.028511, 105.804817" in vietnamese  # a point, whatever the language
    html = client.get(f"/entities/{entities['th_ce'].pk}/").content.decode()
    assert re.search(r"Location</th><td>–</td>", html)


@pytest.mark.parametrize(
    ("key", "shown"), [("th_coop", "Yes (TH-1)"), ("th_ce", "No"), ("kg_assoc", "Unknown")]
)
def test_entity_page_says_registered_yes_no_or_unknown(client, entities, key, shown):
    html = client.get(f"/entities/{entities[key].pk}/").content.decode()
    assert f'<th scope="row">Registered</th><td>{shown}</td>' in html


def test_the_registered_filter_offers_unknown_and_keeps_the_choice(client, entities):
    response = client.get("/entities/", {"registered": "unknown"})
    html = response.content.decode()
    assert shown_count(response) == 1
    assert entities["kg_assoc"].name in html
    assert '<option value="unknown" selected>' in html
    assert '<option value="false">Not registered</option>' in html
    # The map says the filter in words.
    html = client.get("/map/", {"registered": "unknown"}).content.decode()
    assert "Registered: <strong>Unknown</strong>" in html
    response = client.get("/entities/", {"registered": "perhaps"})
    assert response.status_code == 400
    assert "Must be true, false or unknown." in response.content.decode()


def test_unassessed_entity_page_says_so(client, entities):
    html = client.get(f"/entities/{entities['kg_assoc'].pk}/").content.decode()
    assert "has not been assessed yet" in html


def test_entity_page_costs_a_constant_number_of_queries(
    client, entities, django_assert_num_queries
):
    # the entity with its reference rows and assessment, the features, the published
    # assessments and their scores, SDGs, whether any demo record exists (the
    # banner), and when the published data last changed (the footer: published
    # entities, the entities' and the assessments' history); the last two cached
    # until the published data changes; its identifiers elsewhere and the
    # attributions its sources require; and first its country, whose data
    # version makes the page's ETag (core.http_cache)
    with django_assert_num_queries(12):
        client.get(f"/entities/{entities['th_coop'].pk}/")


def test_the_forms_choices_follow_an_edit_of_the_reference_data(client, entities):
    from entities.models import Country

    assert "Viet Nam" in client.get("/entities/").content.decode()
    country = Country.objects.get(pk="VN")
    country.name = "Vietnam (renamed)"
    country.save()
    assert "Vietnam (renamed)" in client.get("/entities/").content.decode()


def test_the_csv_link_leaves_out_the_empty_values_the_form_sends(client):
    EntityFactory(country_id="TH")
    response = client.get(
        "/entities/",
        {"q": "", "country": "TH", "band": "", "ordering": "", "page": "1"},
        follow=True,  # to the address without the empty values
    )
    assert response.redirect_chain == [("/entities/?country=TH&page=1", 302)]
    assert response.context["export_query"] == "country=TH"
    export = client.get(f"/entities/export.csv?{response.context['export_query']}")
    assert export.status_code == 200


@pytest.mark.parametrize("url", ["/entities/", "/tapestry/"])
@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}])
@pytest.mark.parametrize("query", [{"country": "VN"}, {"country": "XX"}])
def test_pages_with_partials_vary_on_the_htmx_header(client, entities, url, headers, query):
    # The same URL answers a whole page or, to htmx, only the results: a cache
    # must never serve one for the other.
    response = client.get(url, query, **headers)
    assert response.status_code in (200, 400)
    assert "HX-Request" in [part.strip() for part in response["Vary"].split(",")]


def test_list_shows_how_many_filters_are_active(client, entities):
    page = client.get("/entities/", {"country": ["TH", "VN"], "practises": "autonomy"})
    assert re.search(r"Filters\s*<span[^>]*>\(3 active\)</span>", page.content.decode())
    page = client.get("/entities/", {"ordering": "-updated_at"})
    assert re.search(r"Filters\s*<span[^>]*></span>", page.content.decode())
    partial = client.get("/entities/", {"country": "TH"}, HTTP_HX_REQUEST="true")
    # The count outside the results is updated along with them.
    assert re.search(
        r'id="filter-count"[^>]*hx-swap-oob="true"[^>]*>\(1 active\)', (partial.content.decode())
    )


@pytest.mark.parametrize("url", ["/entities/", "/tapestry/"])
def test_too_many_values_of_a_filter_is_a_400_with_the_message(client, entities, url):
    response = client.get(url + "?" + "&".join(["country=TH"] * 101))
    assert response.status_code == 400
    assert "Give at most 100 values." in response.content.decode()


def test_a_page_past_those_served_says_where_the_rest_are(client, monkeypatch):
    from entities.views import filtering

    monkeypatch.setattr(filtering, "MAX_OFFSET", 100)  # page 2 at 50 a page
    EntityFactory.create_batch(120, country_id="TH")
    assert client.get("/entities/", {"country": "TH", "page": 2}).status_code == 200
    response = client.get("/entities/", {"country": "TH", "page": 3})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Past the pages served" in html
    assert 'href="?country=TH&amp;page=2"' in html
    assert 'href="/api/v1/entities/?country=TH&amp;cursor="' in html
    assert 'href="/entities/export.csv?country=TH"' in html
    # A page past the end of a short list is still a plain 404.
    assert client.get("/entities/", {"country": "VN", "page": 9}).status_code == 404
