"""seed_demo: realistic, deterministic demo data whose stored profiles agree
with the framework's rules."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from entities import geography
from entities.models import Entity
from entities.profiles import refresh_profiles
from research.framework import Band
from research.models import Assessment, Score

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def seed(entities, seed=1, **options):
    call_command("seed_demo", entities=entities, seed=seed, stdout=StringIO(), **options)


def snapshot():
    """Everything seeded, without ids and timestamps, in a stable order."""
    entities = Entity.objects.order_by("pk").prefetch_related("sdgs", "assessments__scores")
    return [
        (
            entity.name,
            entity.name_local,
            entity.country_id,
            entity.region_id,
            entity.entity_type_id,
            entity.sector_id,
            entity.origin,
            entity.dependency,
            entity.members,
            entity.status,
            entity.band,
            entity.latitude,
            entity.longitude,
            entity.location_precision,
            [goal.number for goal in entity.sdgs.all()],
            sorted(
                (
                    assessment.assessed_on,
                    assessment.status,
                    sorted((s.feature_id, s.score, s.evidence) for s in assessment.scores.all()),
                )
                for assessment in entity.assessments.all()
            ),
        )
        for entity in entities
    ]


def test_same_seed_gives_the_same_data():
    seed(60, seed=7)
    first = snapshot()
    Entity.objects.all().delete()
    seed(60, seed=7)
    assert snapshot() == first
    Entity.objects.all().delete()
    seed(60, seed=8)
    assert snapshot() != first


def test_demo_entities_are_marked_and_named_in_two_scripts():
    seed(50, batch_size=20)
    assert Entity.objects.count() == 50
    assert not Entity.objects.filter(is_demo=False).exists()
    assert not Entity.objects.filter(name_local="").exists()
    assert not Entity.objects.filter(region__isnull=True).exists()
    assert Score.objects.count() == 7 * Assessment.objects.count()


def test_demo_profiles_are_varied_and_about_one_in_ten_is_internal():
    seed(600)
    bands = Counter(Entity.objects.values_list("band", flat=True))
    assert bands[Band.ALL] > 30
    assert bands[Band.UNASSESSED] > 10
    assert Entity.objects.lacking("autonomy").count() > 100
    assert Entity.objects.lacking("democratic_governance").count() > 50
    statuses = Counter(Entity.objects.values_list("status", flat=True))
    internal = statuses[Entity.Status.DRAFT] + statuses[Entity.Status.IN_REVIEW]
    assert 0.05 < internal / 600 < 0.15
    assert set(Entity.objects.values_list("country_id", flat=True)) == {
        "KH",
        "KG",
        "MN",
        "TH",
        "VN",
    }


def test_stored_profiles_match_the_latest_published_assessment():
    seed(200)
    assert refresh_profiles(Entity.objects.values_list("pk", flat=True)) == 0
    unpublished = Entity.objects.exclude(status__in=["published", "withdrawn"])
    assert not unpublished.filter(current_assessment__isnull=False).exists()
    published = Entity.objects.published()
    assert not published.filter(current_assessment__isnull=True).exists()


def test_if_empty_leaves_an_existing_registry_alone():
    seed(5)
    seed(50, if_empty=True)
    assert Entity.objects.count() == 5


def test_demo_coordinates_lie_inside_their_region_at_the_stated_shares():
    seed(1000, batch_size=400)
    rows = list(
        Entity.objects.values_list("region_id", "latitude", "longitude", "location_precision")
    )
    shares = Counter(precision for *_, precision in rows)
    assert 0.64 <= shares["locality"] / len(rows) <= 0.76
    assert 0.10 <= shares["exact"] / len(rows) <= 0.20
    assert 0.10 <= shares[""] / len(rows) <= 0.20
    for region_code, latitude, longitude, precision in rows:
        if not precision:
            assert latitude is None and longitude is None
            continue
        region = geography.region(region_code)
        if region.is_marker:  # a point near the marker's
            assert abs(latitude - Decimal(str(region.latitude))) < 0.2
            assert abs(longitude - Decimal(str(region.longitude))) < 0.2
        else:
            assert geography.region_contains(region_code, latitude, longitude), region_code
        if precision == "locality":  # a village's or town's place: four decimals
            assert latitude == round(latitude, 4) and longitude == round(longitude, 4)
    # The history's creation rows carry them, whichever writer wrote them.
    located = Entity.objects.exclude(latitude=None).first()
    created = located.history.get()
    assert (created.latitude, created.longitude, created.location_precision) == (
        located.latitude,
        located.longitude,
        located.location_precision,
    )
