"""Country statistics, grouped statistics, and their exact agreement with the
list's count and the CSV export for the same filters."""

import csv
import io

import pytest

from entities.statistics import query_count
from research.framework import FEATURE_CODES

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def test_country_statistics_describe_its_published_entities(api, entities):
    stats = api.get("/api/v1/countries/th/stats/").json()
    assert stats["entities"] == 3
    assert stats["by_type"] == {"community-enterprise": 2, "cooperative": 1}
    assert stats["by_sector"] == {"A": 1, "C": 1, "I": 1}
    assert stats["by_origin"] == {"community": 1, "donor": 1, "government": 1}
    assert stats["by_dependency"] == {"high": 1, "low": 1, "medium": 1}
    assert stats["by_region"] == {"TH-40": 1, "TH-50": 2}
    assert stats["by_band"] == {"all": 1, "most": 1, "unassessed": 1}
    assert stats["practised_histogram"] == [0, 0, 0, 0, 0, 1, 1, 1]
    assert stats["features"]["autonomy"] == {
        "assessed": 3,
        "practising": 2,
        "share_practising": round(2 / 3, 4),
        "mean_score": round((0 + 3 + 2) / 3, 2),
    }
    assert stats["features"]["mutual_aid"]["assessed"] == 2  # one left it open
    assert list(stats["features"]) == list(FEATURE_CODES)


def test_country_statistics_accept_the_list_filters(api, entities):
    stats = api.get("/api/v1/countries/TH/stats/", {"lacks": "autonomy"}).json()
    assert stats["entities"] == 1
    assert stats["by_type"] == {"cooperative": 1}


def test_country_without_entities_has_zero_figures(api, entities):
    stats = api.get("/api/v1/countries/JP/stats/").json()
    assert stats["entities"] == 0
    assert stats["practised_histogram"] == [0] * 8
    assert stats["features"]["autonomy"]["share_practising"] is None


def test_unknown_country_is_a_404(api, entities):
    assert api.get("/api/v1/countries/XX/stats/").status_code == 404
    assert api.get("/api/v1/countries/XX/").status_code == 404


def test_grouped_statistics_by_country(api, entities):
    body = api.get("/api/v1/stats/", {"group_by": "country"}).json()
    assert body["group_by"] == "country"
    groups = {group["key"]: group for group in body["groups"]}
    assert {key: group["entities"] for key, group in groups.items()} == {
        "KG": 1,
        "KH": 1,
        "MN": 1,
        "TH": 3,
        "VN": 2,
    }
    assert groups["VN"]["name"] == "Viet Nam"
    assert groups["VN"]["by_band"] == {"all": 1, "most": 1}
    assert groups["TH"] == {
        "key": "TH",
        "name": "Thailand",
        **api.get("/api/v1/countries/TH/stats/").json(),
    }


@pytest.mark.parametrize("group_by", ["entity_type", "sector", "origin", "dependency"])
def test_grouped_statistics_add_up_to_the_whole(api, entities, group_by):
    body = api.get("/api/v1/stats/", {"group_by": group_by, "country": "TH,VN"}).json()
    assert sum(group["entities"] for group in body["groups"]) == 5
    assert all(group["name"] for group in body["groups"])


@pytest.mark.parametrize("group_by", ["", "region", "colour"])
def test_grouped_statistics_need_a_known_group(api, entities, group_by):
    response = api.get("/api/v1/stats/", {"group_by": group_by})
    assert response.status_code == 400
    assert "country, entity_type, sector, origin, dependency" in response.json()["group_by"][0]


def test_statistics_reject_bad_filters_like_the_list(api, entities):
    response = api.get("/api/v1/stats/", {"group_by": "country", "band": "half"})
    assert response.status_code == 400
    assert "band" in response.json()


def test_countries_list_their_published_entity_counts(api, entities):
    countries = {row["code"]: row for row in api.get("/api/v1/countries/").json()}
    assert len(countries) == 12
    assert countries["TH"]["entities"] == 3
    assert countries["JP"]["entities"] == 0
    assert countries["TH"]["phase"] == 2
    detail = api.get("/api/v1/countries/th/").json()
    assert detail["working_definition"] == ""
    assert detail["entities"] == 3


AGREEMENT_FILTERS = [
    {},
    {"country": "TH"},
    {"country": "TH,VN", "lacks": "autonomy"},
    {"band": "most,all"},
    {"practised_min": "6"},
    {"entity_type": "cooperative", "practises": "mutual_aid"},
    {"q": "hop tac xa"},
    {"sdg": "1"},
    {"registered": "false", "year_min": "2000"},
    {"registered": "unknown"},
    {"band": "none"},
]


@pytest.mark.parametrize("params", AGREEMENT_FILTERS)
def test_list_count_csv_rows_and_statistics_agree(api, entities, params):
    listed = api.get("/api/v1/entities/", {**params, "page_size": 500}).json()
    exported = b"".join(api.get("/api/v1/entities/export.csv", params).streaming_content)
    csv_rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    grouped = api.get("/api/v1/stats/", {**params, "group_by": "country"}).json()
    assert listed["count"] == len(listed["results"]) == len(csv_rows)
    assert listed["count"] == sum(group["entities"] for group in grouped["groups"])
    assert {row["id"] for row in listed["results"]} == {int(row["id"]) for row in csv_rows}
    for code in {row["country"] for row in listed["results"]}:
        stats = api.get(f"/api/v1/countries/{code}/stats/", params).json()
        assert stats["entities"] == sum(1 for row in listed["results"] if row["country"] == code)


def test_statistics_cost_the_same_queries_for_few_or_many(api, django_assert_num_queries):
    with profiles_refreshed_together():
        for number in range(30):
            entity = EntityFactory(region_id="TH-10" if number % 2 else None)
            assess(entity, registry.ALL if number % 3 else registry.FEW)
    api.get("/api/v1/countries/VN/stats/", {"country": "VN"})  # warm the cached codes
    # the country, the feature figures, the counts by dimension and the
    # histogram (one scan on PostgreSQL, a query each elsewhere)
    with django_assert_num_queries(1 + query_count()):
        api.get("/api/v1/countries/TH/stats/", {"country": "TH"})
    # the statistics, the groups' names
    with django_assert_num_queries(query_count() + 1):
        api.get("/api/v1/stats/", {"group_by": "country"})
    # Asked again, the figures come from the cache: only the country, and the
    # groups' names.
    with django_assert_num_queries(1):
        api.get("/api/v1/countries/TH/stats/", {"country": "TH"})
    with django_assert_num_queries(1):
        api.get("/api/v1/stats/", {"group_by": "country"})
