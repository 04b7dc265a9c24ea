"""A search selects at most SEARCH_MATCH_LIMIT entities, the first registered
that match it: the list, its count, every order, the CSV and the statistics
agree, and the page says why there are no more."""

import csv
import io

import pytest

from entities import filtersets

pytestmark = pytest.mark.django_db

# Four published cooperatives match "cooperative"; the limit keeps the first two.
FIRST_TWO = ["Ban Nong Bua Rice Cooperative", "Dong Hoa Agricultural Cooperative"]


@pytest.fixture
def limit_of_two(monkeypatch, shared_registry):
    monkeypatch.setattr(filtersets, "SEARCH_MATCH_LIMIT", 2)
    cooperatives = sorted(
        (entity.pk, entity.name)
        for entity in shared_registry.values()
        if "Cooperative" in entity.name and entity.status == "published"
    )
    assert sorted(name for _, name in cooperatives[:2]) == FIRST_TWO


def listed(api, **params):
    body = api.get("/api/v1/entities/", {"q": "cooperative", **params}).json()
    return body["count"], [item["name"] for item in body["results"]]


def test_a_search_selects_its_first_matches_in_every_order(api, limit_of_two):
    assert listed(api) == (2, FIRST_TWO)
    assert listed(api, ordering="-name") == (2, FIRST_TWO[::-1])
    assert listed(api, ordering="-updated_at")[0] == 2
    # The other filters narrow the matches first: the first two Vietnamese ones.
    assert listed(api, country="VN") == (
        2,
        ["Dong Hoa Agricultural Cooperative", "Tan Phu Tea Cooperative"],
    )


def test_the_csv_and_the_statistics_hold_the_same_entities(api, limit_of_two):
    export = api.get("/api/v1/entities/export.csv", {"q": "cooperative"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["name"] for row in rows) == FIRST_TWO
    stats = api.get("/api/v1/stats/", {"q": "cooperative", "group_by": "country"}).json()
    assert {group["key"]: group["entities"] for group in stats["groups"]} == {"TH": 1, "VN": 1}


def test_a_search_under_the_limit_is_whole(api, monkeypatch, shared_registry):
    monkeypatch.setattr(filtersets, "SEARCH_MATCH_LIMIT", 10)
    count, names = listed(api)
    assert count == 4
    assert "Erdenesant Herders Cooperative" in names


def test_the_page_says_the_search_was_limited(client, limit_of_two):
    page = client.get("/entities/", {"q": "cooperative"}).content.decode()
    assert "A search selects its first 2 matches" in page
    assert "Add a word or a filter" in page
    in_thai = client.get("/th/entities/", {"q": "cooperative"}).content.decode()
    assert "A search selects its first" not in in_thai
    assert 'class="search-limit"' in in_thai
    # A filter without a search, or a search under the limit, says nothing of it.
    assert "search-limit" not in client.get("/entities/", {"country": "TH"}).content.decode()
    unlimited = client.get("/entities/", {"q": "Naryn"}).content.decode()
    assert "search-limit" not in unlimited
