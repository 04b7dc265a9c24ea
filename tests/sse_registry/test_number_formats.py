"""Counts on the pages are written for the reader's language (1,751 in English,
1.751 in Vietnamese); years, ids, page numbers in links, the API's JSON and the
CSV keep plain digits."""

import re

import pytest
from django.utils import translation
from django.utils.formats import number_format

from entities.statistics import empty_statistics
from entities.views import countries, filtering

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

MANY = 51_751  # 1,036 pages of 50


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "1,751"),
        ("th", "1,751"),
        ("vi", "1.751"),
        ("km", "1.751"),
        ("ky", "1\xa0751"),
        ("mn", "1,751"),
    ],
)
def test_each_language_groups_thousands_its_own_way(language, shown):
    with translation.override(language):
        assert number_format(1751) == shown


@pytest.fixture
def many_entities(monkeypatch):
    """One Thai entity, established 2015, that the list counts as 51,751."""
    entity = EntityFactory(year_established=2015, members=1500)
    monkeypatch.setattr(filtering, "cached_count", lambda queryset, **kwargs: MANY)
    return entity


def in_language(language, path):
    """The page's address in ``language`` (English has no prefix)."""
    return path if language == "en" else f"/{language}{path}"


def list_page(client, language, **params):
    return client.get(in_language(language, "/entities/"), params).content.decode()


@pytest.mark.parametrize(
    "language, count, page_text",
    [("en", "51,751 entities", "Page 1,001 of 1,036"), ("vi", "51.751", "1.036")],
)
def test_the_list_writes_its_count_for_the_reader(
    client, many_entities, language, count, page_text
):
    html = list_page(client, language, country="TH", page="1001")
    assert count in re.search(r'id="result-count"[^>]*>([^<]*)<', html).group(1)
    assert page_text in html
    # Page numbers in links and the list's first number stay plain digits.
    assert 'href="?country=TH&amp;page=1000"' in html
    assert 'href="?country=TH&amp;page=1002"' in html
    assert 'start="50001"' in html


@pytest.mark.parametrize("language", ["en", "vi"])
def test_years_stay_plain(client, many_entities, language):
    html = client.get(in_language(language, f"/entities/{many_entities.pk}/")).content.decode()
    assert "<strong>2015</strong>" in html
    assert "2,015" not in html and "2.015" not in html
    assert "1,500" in html if language == "en" else "1.500" in html  # members: a count


@pytest.mark.parametrize("language, shown", [("en", "1,751"), ("vi", "1.751")])
def test_the_home_page_writes_counts_for_the_reader(client, db, monkeypatch, language, shown):
    figures = empty_statistics()
    figures["entities"] = 1751
    monkeypatch.setattr(countries, "grouped_statistics", lambda *args: {"TH": figures})
    html = client.get(in_language(language, "/")).content.decode()
    assert f">{shown}</a>" in html


def test_api_json_and_csv_keep_plain_numbers(client, api, many_entities):
    body = api.get(f"/api/v1/entities/{many_entities.pk}/").json()
    assert body["members"] == 1500 and body["year_established"] == 2015
    csv = b"".join(
        api.get("/api/v1/entities/export.csv", HTTP_ACCEPT_LANGUAGE="vi").streaming_content
    ).decode("utf-8-sig")
    assert ",2015," in csv and ",1500," in csv
