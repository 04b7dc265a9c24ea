"""The admin's entity list at the region's scale: searched through the
normalised search copy, counted without scanning a whole large table."""

import pytest
from django.db import connection

from entities.models import Entity
from workflow.admin.entities import EstimatedCountPaginator

from ..factories import researcher

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/entities/entity/"


def shown_names(response):
    return [entity.name for entity in response.context["cl"].result_list]


def test_search_sets_case_and_vietnamese_accents_aside(admin_client, shared_registry):
    response = admin_client.get(CHANGELIST, {"q": "HOP TAC XA che"})
    assert shown_names(response) == ["Tan Phu Tea Cooperative"]
    response = admin_client.get(CHANGELIST, {"q": "วิสาหกิจชุมชน"})
    assert sorted(shown_names(response)) == [
        "Ban Don Weaving Community Enterprise",
        "Ban Mae Tha Homestay Community Enterprise",
    ]


def test_a_researchers_search_stays_in_their_countries(client, shared_registry):
    client.force_login(researcher("VN"))
    assert shown_names(client.get(CHANGELIST, {"q": "cooperative"})) == [
        "Dong Hoa Agricultural Cooperative",
        "Tan Phu Tea Cooperative",
    ]


def test_the_list_shows_an_exact_count_without_a_full_count(admin_client, shared_registry):
    response = admin_client.get(CHANGELIST, {"country__code__exact": "TH"})
    changelist = response.context["cl"]
    assert changelist.result_count == Entity.objects.filter(country="TH").count()
    assert not changelist.show_full_result_count


def test_a_whole_large_table_is_counted_by_the_planners_estimate(monkeypatch, shared_registry):
    exact = Entity.objects.count()
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_FROM", 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Entity._meta.db_table}")
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [Entity._meta.db_table],
            )
            estimate = int(cursor.fetchone()[0])
    else:
        estimate = exact  # SQLite keeps no such estimate: counted
    assert EstimatedCountPaginator(Entity.objects.all(), 100).count == estimate
    # A filtered list is always counted exactly.
    thai = Entity.objects.filter(country="TH")
    assert EstimatedCountPaginator(thai, 100).count == thai.count()
