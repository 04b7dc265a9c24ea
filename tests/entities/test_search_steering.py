"""Several common search words are matched in a form that walks the name
index on PostgreSQL (entities.search.matching): the same entities either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities import filtersets
from entities.models import Entity
from entities.search import matching

pytestmark = pytest.mark.django_db


def test_both_forms_of_the_match_find_the_same_entities(shared_registry):
    published = Entity.objects.published().order_by("name")
    for query in ("hop tac xa", "ban cooperative", "วิสาหกิจชุมชน บ้าน", "nothing here"):
        indexed = list(matching(published, query).values_list("pk", flat=True))
        walked = list(matching(published, query, indexed=False).values_list("pk", flat=True))
        assert indexed == walked, query


def test_common_words_are_matched_without_the_trigram_index(api, monkeypatch, shared_registry):
    monkeypatch.setattr(filtersets, "COMMON_FROM", 2)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/entities/", {"q": "Hợp tác xã"})
    assert {item["country"] for item in response.json()["results"]} == {"VN"}
    # The page's query: the last of the entities' (the answer's date may be read after).
    page_sql = next(
        query["sql"]
        for query in reversed(queries.captured_queries)
        if 'FROM "entities_entity"' in query["sql"] and "LIMIT" in query["sql"]
    )
    if connection.vendor == "postgresql":
        assert "CASE WHEN" in page_sql  # two Vietnamese cooperatives: common here
    else:
        assert "CASE WHEN" not in page_sql  # no index to avoid
    rare = api.get("/api/v1/entities/", {"q": "hop tac xa che"}).json()
    assert [item["name"] for item in rare["results"]] == ["Tan Phu Tea Cooperative"]
