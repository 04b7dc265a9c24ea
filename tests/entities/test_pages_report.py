"""The reports of a country and of the region: their figures are the
statistics API's, each section says what it rests on and flags too few
assessed entities, the recommendations name the features most lacking with
links to the entities that could adopt them and the country's own text above
the generic guidance, and the cost of a report does not grow with the
registry."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Country, CountryRecommendation, Entity
from research.agreement import agreement_summary
from research.framework import FEW_ASSESSED
from research.models import Assessment, Feature
from research.reliability import paired_units

from ..factories import EntityFactory, assess, profiles_refreshed_together
from .test_pages_countries import assert_accessible_structure, html, row_cells, section

pytestmark = pytest.mark.django_db

LACKS_AUTONOMY = [3, 3, 3, 3, 3, 0, 3]
FEW_FLAG = f"Fewer than {FEW_ASSESSED} assessed entities"


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def recommendations_of(page):
    return page[page.index('id="recommendations"') : page.index("</article>")]


def assert_well_formed(page):
    assert_accessible_structure(page)


def text(fragment):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# --- The figures are the API's ----------------------------------------------------


def test_country_report_figures_equal_the_statistics_api(client, api, entities):
    stats = api.get("/api/v1/countries/th/stats/").json()
    page = html(client.get("/countries/th/report/"))
    mapped = section(page, "mapped", "profile")
    assert f"Rests on {stats['entities']} published entities" in text(mapped)
    assert row_cells(mapped, "Community enterprise")[0] == str(
        stats["by_type"]["community-enterprise"]
    )
    assert row_cells(mapped, "Government-induced")[0] == str(stats["by_origin"]["government"])
    assert row_cells(mapped, "Chiang Mai")[0] == str(stats["by_region"]["TH-50"])
    profile = section(page, "profile", "practised")
    for feature in Feature.objects.all():
        figure = stats["features"][feature.code]
        assessed, practising, _mean, lacking = row_cells(profile, feature.name)
        assert int(assessed) == figure["assessed"]
        assert practising.split()[0] == str(figure["practising"])
        assert int(lacking) == figure["assessed"] - figure["practising"]
    histogram = section(page, "practised", "by-type")
    for practised, count in enumerate(stats["practised_histogram"]):
        assert row_cells(histogram, str(practised)) == [str(count)]


def test_region_report_compares_origins_as_the_api_groups_them(client, api, entities):
    body = api.get("/api/v1/stats/?group_by=origin&country=TH,VN").json()
    groups = {group["key"]: group for group in body["groups"]}
    page = html(client.get("/report/?country=TH&country=VN"))
    assert "Report: Thailand, Viet Nam" in page
    origins = section(page, "origins", "definition")
    for feature in Feature.objects.all():
        cells = row_cells(origins, feature.name)
        for cell, key in zip(cells, ["community", "government", "donor"], strict=True):
            figure = groups[key]["features"][feature.code]
            assert cell.startswith(f"{figure['practising']} / {figure['assessed']} "), key


def test_region_report_without_countries_covers_every_published_entity(client, entities):
    page = html(client.get("/report/"))
    published = Entity.objects.published().count()
    assert f"Rests on {published} published entities" in text(section(page, "mapped", "profile"))
    # Each country with entities has its recommendations; Japan has none.
    assert 'id="recommendations-th"' in page and 'id="recommendations-vn"' in page
    assert 'id="recommendations-jp"' not in page
    assert_well_formed(page)


def test_country_report_is_a_well_formed_page(client, entities):
    page = html(client.get("/countries/th/report/"))
    assert_well_formed(page)
    # The working definition and the method are stated.
    assert 'id="definition"' in page
    method = text(section(page, "method", "recommendations"))
    assert "a score of 2 or more" in method
    assert "The current profiles rest on 3 published assessments." in method


def test_reports_give_the_national_working_definitions(client, entities):
    Country.objects.filter(pk="TH").update(working_definition="Enterprises of the community.")
    definition = section(html(client.get("/countries/th/report/")), "definition", "method")
    assert "Enterprises of the community." in definition
    region = section(html(client.get("/report/")), "definition", "method")
    assert "Enterprises of the community." in region
    # The region's report gives those of the countries mapped, not of Japan.
    assert 'id="definition-vn"' in region and 'id="definition-jp"' not in region


# --- Empty and unknown countries --------------------------------------------------


def test_report_of_a_country_without_entities_says_so(client, entities):
    response = client.get("/countries/jp/report/")
    assert response.status_code == 200
    page = html(response)
    assert "The registry has no published entity of Japan yet" in page
    assert 'id="recommendations"' not in page


def test_report_of_chosen_countries_without_entities_says_so(client, entities):
    response = client.get("/report/?country=JP&country=CN")
    assert response.status_code == 200
    assert "no published entity of these countries yet" in html(response)


@pytest.mark.parametrize("code", ["zz", "abc", "t1"])
def test_report_of_an_unknown_country_is_404(client, entities, code):
    assert client.get(f"/countries/{code}/report/").status_code == 404


def test_region_report_refuses_an_unknown_country(client, entities):
    response = client.get("/report/?country=ZZ")
    assert response.status_code == 400
    assert "ZZ" in html(response)


# --- The fewer-than-30 flag -------------------------------------------------------


def test_figures_on_few_assessed_entities_are_flagged(client, entities):
    page = html(client.get("/countries/th/report/"))
    for heading, following in (("profile", "practised"), ("practised", "by-type")):
        assert FEW_FLAG in section(page, heading, following)


def test_figures_on_enough_assessed_entities_are_not_flagged(client):
    with profiles_refreshed_together():
        for _ in range(FEW_ASSESSED):
            assess(EntityFactory(country_id="LA"), LACKS_AUTONOMY)
    page = html(client.get("/countries/la/report/"))
    assert f"Rests on {FEW_ASSESSED} published entities, {FEW_ASSESSED} of them" in text(page)
    assert FEW_FLAG not in section(page, "profile", "practised")
    assert FEW_FLAG not in recommendations_of(page)


# --- Recommendations --------------------------------------------------------------


def test_recommendations_list_the_most_lacking_features_and_who_could_adopt_them(client, entities):
    page = html(client.get("/countries/th/report/"))
    recommendations = recommendations_of(page)
    said = text(recommendations)
    # The Thai cooperative lacks autonomy; the community enterprises lack nothing.
    assert "Cooperative" in said and "Community enterprise" not in said
    assert "Autonomy and independence 1 of 1 assessed entities lacks it (100%)." in said
    autonomy = Feature.objects.get(pk="autonomy")
    assert text(autonomy.adoption_guidance) in said
    coop = entities["th_coop"]
    assert f'<a href="/entities/{coop.pk}/">{coop.name}</a>' in recommendations


def test_adopters_are_capped_with_a_link_to_all_of_them(client):
    with profiles_refreshed_together():
        for number in range(12):
            assess(EntityFactory(name=f"Lao Coop {number:02d}", country_id="LA"), LACKS_AUTONOMY)
    page = html(client.get("/countries/la/report/"))
    recommendations = recommendations_of(page)
    assert len(re.findall(r'<a href="/entities/\d+/">Lao Coop', recommendations)) == 10
    assert "Lao Coop 09" in recommendations and "Lao Coop 10" not in recommendations
    assert (
        'href="/entities/?country=LA&amp;entity_type=cooperative&amp;lacks=autonomy">'
        "All 12 entities that lack it</a>"
    ) in recommendations


def test_each_country_lists_its_own_published_adopters_only(client):
    # Cooperatives lacking autonomy in two countries, and in each one not
    # published: every link under a country's heading is its own published one.
    made = {}
    with profiles_refreshed_together():
        for country in ("TH", "VN"):
            for number, status in enumerate(
                [Entity.Status.PUBLISHED] * 3 + [Entity.Status.DRAFT, Entity.Status.WITHDRAWN]
            ):
                entity = EntityFactory(
                    name=f"{country} adopter {number}", country_id=country, status=status
                )
                assess(entity, LACKS_AUTONOMY)
                made[entity.pk] = (country, status)
    recommendations = recommendations_of(html(client.get("/report/?country=TH&country=VN")))
    thai, vietnamese = recommendations.split('id="recommendations-vn"')
    for part, country in ((thai, "TH"), (vietnamese, "VN")):
        linked = [int(pk) for pk in re.findall(r'<a href="/entities/(\d+)/">', part)]
        assert sorted(pk for pk in linked if pk in made) == sorted(
            pk
            for pk, (where, status) in made.items()
            if where == country and status == Entity.Status.PUBLISHED
        )


def test_a_country_recommendation_is_shown_above_the_generic_guidance(client, entities):
    CountryRecommendation.objects.create(
        country_id="TH", feature_id="autonomy", text_en="Register with the cooperative league."
    )
    page = html(client.get("/countries/th/report/"))
    recommendations = recommendations_of(page)
    guidance = Feature.objects.get(pk="autonomy").adoption_guidance
    own = recommendations.index("Register with the cooperative league.")
    assert "The recommendation for Thailand" in recommendations
    assert own < recommendations.index(guidance[:40])
    # Another country's report does not show it.
    assert "Register with the cooperative league." not in html(client.get("/countries/vn/report/"))


# --- Links and cost -------------------------------------------------------------------


def test_country_page_and_home_link_to_their_reports(client, entities):
    assert 'href="/countries/th/report/"' in html(client.get("/countries/th/"))
    assert 'href="/countries/jp/report/"' in html(client.get("/countries/jp/"))
    assert 'href="/report/"' in html(client.get("/"))


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cost_of_a_report_does_not_grow_with_its_entities(client, entities):
    first = queries_of(client, "/countries/th/report/")
    cached = queries_of(client, "/countries/th/report/")
    assert cached < first
    # More entities, of the same types and origins, lacking the same feature.
    with profiles_refreshed_together():
        for origin in ("government", "community", "donor"):
            assess(EntityFactory(country_id="TH", origin=origin), LACKS_AUTONOMY)
            assess(
                EntityFactory(
                    country_id="TH", origin=origin, entity_type_id="community-enterprise"
                ),
                [3] * 7,
            )
    assert queries_of(client, "/countries/th/report/") <= first
    assert queries_of(client, "/countries/th/report/") == cached


# --- Agreement between assessors ----------------------------------------------------


def assessed_twice(country, first_scores, second_scores):
    entity = EntityFactory(country_id=country)
    first = assess(entity, first_scores)
    assess(entity, second_scores, independent_of=first, status=Assessment.Status.IN_REVIEW)


@pytest.fixture
def pairs(entities):
    assessed_twice("TH", [3, 2, 1, 2, 0, 2, 3], [3, 2, 1, 2, 0, 2, 3])
    assessed_twice("TH", [1, 3, 2, 0, 3, 1, 2], [1, 2, 2, 0, 3, 1, 2])
    assessed_twice("VN", [2, 3, 3, 1, 0, 2, 2], [2, 3, 3, 1, 1, 2, 2])


def agreement_of(page):
    return page[page.index('id="agreement"') : page.index('id="agreement"') + 20_000]


def overall_cells(fragment, label="All features"):
    row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', fragment, flags=re.S)
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


def expected_cells(figures):
    low, high = figures["alpha_interval"]
    return [
        str(figures["n_units"]),
        f"{figures['alpha']:.2f}",
        f"{low:.2f} to {high:.2f}",
        f"{figures['kappa']:.2f}",
        f"{round(figures['exact_agreement'] * 100)}%",
        f"{round(figures['practising_agreement'] * 100)}%",
    ]


def test_a_countrys_report_shows_its_own_agreement_figures(client, pairs):
    page = html(client.get("/countries/th/report/"))
    fragment = agreement_of(page)

    assert "2 entities have been assessed twice" in fragment
    assert "of this country's entities assessed twice" in fragment
    thai = agreement_summary(paired_units("TH"))["overall"]
    assert overall_cells(fragment) == expected_cells(thai)
    assert "by country" not in fragment
    assert_well_formed(page)


def test_the_region_report_shows_every_countrys_agreement_and_each_country(client, pairs):
    page = html(client.get("/report/?country=TH"))
    fragment = agreement_of(page)

    assert "3 entities have been assessed twice" in fragment
    assert "not only of the countries of this report" in fragment
    everyone = agreement_summary(paired_units())["overall"]
    assert overall_cells(fragment) == expected_cells(everyone)
    # The countries of the report, each with its own pooled figures.
    assert 'aria-labelledby="table-agreement-countries"' in fragment
    thai = agreement_summary({"all": [u for us in paired_units("TH").values() for u in us]})
    assert overall_cells(fragment, "Thailand") == expected_cells(thai["overall"])
    assert "Viet Nam</th>" not in fragment


def test_a_report_says_when_no_entity_was_assessed_twice(client, entities):
    fragment = agreement_of(html(client.get("/countries/kh/report/")))

    assert "No entity has been assessed twice yet." in fragment
