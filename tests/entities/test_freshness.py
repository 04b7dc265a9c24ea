"""Cached counts and statistics (core/freshness.py) are never stale: every
write that changes what the public sees moves the published-data version on,
and no other write does."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from core import freshness
from entities.filtersets import EntityFilterSet
from entities.models import Country, Entity
from entities.profiles import refresh_profiles
from workflow.transitions import ENTITY_TRANSITIONS, apply

from .. import registry
from ..factories import EntityFactory, assess, reviewer

pytestmark = pytest.mark.django_db


def listed_count(api, **params):
    return api.get("/api/v1/entities/", params).json()["count"]


def thai_statistics(api):
    return api.get("/api/v1/countries/TH/stats/").json()["entities"]


def test_counts_and_statistics_follow_a_publication_through_the_cache(
    api, django_assert_num_queries
):
    registry.build()
    before = listed_count(api, country="TH")
    stats_before = thai_statistics(api)
    with django_assert_num_queries(1):  # the page; the count comes from the cache
        assert listed_count(api, country="TH") == before
    with django_assert_num_queries(1):  # the country; the figures come from the cache
        assert thai_statistics(api) == stats_before

    draft = EntityFactory(status=Entity.Status.DRAFT)
    apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])

    assert listed_count(api, country="TH") == before + 1
    assert thai_statistics(api) == stats_before + 1
    export = b"".join(api.get("/api/v1/entities/export.csv", {"country": "TH"}).streaming_content)
    assert len(export.decode("utf-8-sig").strip().splitlines()) == before + 2  # and a header


@pytest.mark.parametrize(
    "change",
    [
        "publish",
        "withdraw",
        "edit_published",
        "delete_published",
        "sdgs_of_published",
        "refresh_changed_profile",
    ],
)
def test_writes_to_published_data_move_the_version_on(change):
    published = EntityFactory()
    draft = EntityFactory(status=Entity.Status.DRAFT)
    assess(published, registry.ALL)
    published = Entity.objects.get(pk=published.pk)
    draft = Entity.objects.get(pk=draft.pk)
    version = freshness.current_version()
    if change == "publish":
        draft.status = Entity.Status.PUBLISHED
        draft.save()
    elif change == "withdraw":
        published.status = Entity.Status.WITHDRAWN
        published.save()
    elif change == "edit_published":
        published.name = "Renamed"
        published.save()
    elif change == "delete_published":
        published.delete()
    elif change == "sdgs_of_published":
        published.sdgs.add(4)
    elif change == "refresh_changed_profile":
        published.assessments.get().scores.filter(feature_id="autonomy").update(score=0)
        assert refresh_profiles([published.pk]) == 1
    assert freshness.current_version() != version


def test_writes_to_drafts_leave_the_version_alone():
    draft = Entity.objects.get(pk=EntityFactory(status=Entity.Status.DRAFT).pk)
    published = EntityFactory()
    assess(published, registry.ALL)
    version = freshness.current_version()
    draft.name = "Still a draft"
    draft.save()
    draft.sdgs.add(3)
    draft.status = Entity.Status.IN_REVIEW
    draft.save()
    assert refresh_profiles([published.pk]) == 0  # nothing changed
    assert freshness.current_version() == version


def test_a_write_in_a_transaction_moves_the_version_again_at_commit(
    django_capture_on_commit_callbacks,
):
    entity = EntityFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        before = freshness.current_version()
        entity.name = "Renamed"
        entity.save()
        during = freshness.current_version()
    assert len(callbacks) == 1
    callbacks[0]()
    assert before != during != freshness.current_version()


def test_an_evicted_version_starts_anew_above_every_old_one():
    old = freshness.current_version()
    cache.delete(freshness.VERSION_KEY)
    assert freshness.current_version() > old


def test_without_a_reachable_cache_the_figures_are_computed():
    EntityFactory()
    down = mock.Mock(**{f"{name}.side_effect": ConnectionError("down") for name in CACHE_CALLS})
    with mock.patch.object(freshness, "cache", down):
        assert freshness.cached_count(Entity.objects.published()) == 1
        freshness.published_data_changed()  # logged, not raised


CACHE_CALLS = ("get", "add", "set", "incr")


def test_a_bad_filter_is_answered_without_touching_the_cache(client):
    response = client.get("/entities/", {"band": "half"})
    assert response.status_code == 400


# --- each country its own version --------------------------------------------


def thai_stats_queries(api):
    """The Thai statistics, and whether they came from the cache (1 query:
    the country)."""
    with CaptureQueriesContext(connection) as queries:
        figures = thai_statistics(api)
    return figures, len(queries) == 1


def test_a_publication_in_one_country_leaves_another_countrys_figures_cached(api):
    EntityFactory(country_id="TH")
    thai, _ = thai_stats_queries(api)
    thai_version = freshness.current_version({"TH"})
    whole = freshness.current_version()

    draft = EntityFactory(country_id="VN", status=Entity.Status.DRAFT)
    apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])
    assert freshness.current_version() != whole  # the region's figures move on
    assert freshness.current_version({"TH"}) == thai_version
    assert thai_stats_queries(api) == (thai, True)

    draft = EntityFactory(country_id="TH", status=Entity.Status.DRAFT)
    apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])
    assert freshness.current_version({"TH"}) != thai_version
    assert thai_stats_queries(api) == (thai + 1, False)


def test_an_entity_moved_between_countries_moves_both_on():
    entity = Entity.objects.get(pk=EntityFactory(country_id="TH", region=None).pk)
    before = {code: freshness.current_version({code}) for code in ("TH", "VN", "KH")}
    entity.country_id = "VN"
    entity.save()
    after = {code: freshness.current_version({code}) for code in ("TH", "VN", "KH")}
    assert after["TH"] != before["TH"] and after["VN"] != before["VN"]
    assert after["KH"] == before["KH"]


def test_a_publication_of_an_assessment_or_its_scores_moves_its_country_on():
    entity = EntityFactory(country_id="KH")
    assessment = assess(entity, registry.ALL)
    before = freshness.current_version({"KH"}), freshness.current_version({"VN"})
    assessment.scores.first().save()
    assert freshness.current_version({"KH"}) != before[0]
    assert freshness.current_version({"VN"}) == before[1]


def test_a_write_that_names_no_country_moves_every_country_on():
    before = freshness.current_version({"TH"})
    freshness.published_data_changed()
    assert freshness.current_version({"TH"}) != before


@pytest.mark.parametrize(
    ("queryset", "countries"),
    [
        (lambda: Entity.objects.published(), None),
        (lambda: Entity.objects.published().filter(country="TH"), {"TH"}),
        (lambda: Entity.objects.filter(country__in=["TH", "VN"], status="x"), {"TH", "VN"}),
        (lambda: Entity.objects.filter(region="TH-10"), {"TH"}),
        (lambda: Entity.objects.filter(region__in=["TH-10", "VN-01"]), {"TH", "VN"}),
        (lambda: Entity.objects.filter(country="TH").filter(country__in=["TH", "VN"]), {"TH"}),
        (lambda: Entity.objects.filter(Q(country="TH") | Q(country="VN")), None),
        (lambda: Entity.objects.exclude(country="TH"), None),
        (lambda: Entity.objects.filter(country__in=Country.objects.filter(code="TH")), None),
    ],
)
def test_the_countries_a_figure_reads_are_those_its_query_is_confined_to(queryset, countries):
    assert freshness.scopes_of(queryset()) == countries


def test_the_lists_filters_confine_their_figures_to_the_countries_they_name():
    filtered = EntityFilterSet({"country": ["TH", "KH"]}, queryset=Entity.objects.published()).qs
    assert freshness.scopes_of(filtered) == {"TH", "KH"}
