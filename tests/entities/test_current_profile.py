"""Published entities with their current profile: the latest published
assessment decides, and listing them costs the same queries for 1 or 50."""

import datetime

import pytest

from entities.models import Entity
from entities.profiles import refresh_profiles
from research.framework import Band
from research.models import Assessment

from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db

ALL_SEVEN = [3, 3, 2, 2, 3, 2, 3]
LACKS_AUTONOMY = [3, 3, 2, 2, 3, 0, 3]


def test_profile_comes_from_the_latest_published_assessment():
    entity = EntityFactory()
    assess(entity, LACKS_AUTONOMY, assessed_on=datetime.date(2023, 1, 1))
    latest = assess(entity, ALL_SEVEN, assessed_on=datetime.date(2025, 1, 1))
    assert entity.current_assessment == latest
    assert entity.features_practised == 7
    assert entity.band == Band.ALL
    assert entity.profile.lacking == []


def test_a_draft_assessment_never_changes_the_public_profile():
    entity = EntityFactory()
    assess(entity, ALL_SEVEN, assessed_on=datetime.date(2023, 1, 1))
    assess(
        entity,
        LACKS_AUTONOMY,
        assessed_on=datetime.date(2025, 1, 1),
        status=Assessment.Status.DRAFT,
    )
    assert entity.band == Band.ALL
    assert entity.score_autonomy == 2


def test_publishing_a_newer_assessment_updates_the_stored_profile():
    entity = EntityFactory()
    assess(entity, ALL_SEVEN, assessed_on=datetime.date(2023, 1, 1))
    draft = assess(entity, LACKS_AUTONOMY, assessed_on=datetime.date(2025, 1, 1), status="draft")
    draft.status = Assessment.Status.PUBLISHED
    draft.save()
    refresh_profiles([entity.pk])
    entity.refresh_from_db()
    assert entity.current_assessment == draft
    assert entity.profile.lacking == ["autonomy"]
    assert entity.band == Band.MOST


def test_deleting_the_current_assessment_falls_back_to_the_previous_one():
    entity = EntityFactory()
    older = assess(entity, LACKS_AUTONOMY, assessed_on=datetime.date(2023, 1, 1))
    assess(entity, ALL_SEVEN, assessed_on=datetime.date(2025, 1, 1)).delete()
    refresh_profiles([entity.pk])
    entity.refresh_from_db()
    assert entity.current_assessment == older
    assert entity.features_practised == 6


def test_entity_without_a_published_assessment_is_unassessed():
    entity = EntityFactory()
    refresh_profiles([entity.pk])
    entity.refresh_from_db()
    assert entity.current_assessment is None
    assert entity.features_practised is None
    assert entity.band == Band.UNASSESSED


def test_refresh_after_a_threshold_change_rederives_stored_profiles(settings):
    entity = EntityFactory()
    assess(entity, [3, 3, 2, 2, 3, 2, 3])
    settings.SSE_PRACTISING_THRESHOLD = 3
    assert refresh_profiles([entity.pk]) == 1
    entity.refresh_from_db()
    assert entity.features_practised == 4
    assert entity.band == Band.MOST
    assert refresh_profiles([entity.pk]) == 0  # nothing changed the second time


def test_published_keeps_only_published_entities():
    published = EntityFactory()
    for status in ("draft", "in_review", "withdrawn"):
        EntityFactory(status=status)
    assert list(Entity.objects.published()) == [published]


def test_practising_and_lacking_filter_on_the_current_profile():
    all_seven = EntityFactory(name="A")
    assess(all_seven, ALL_SEVEN)
    no_autonomy = EntityFactory(name="B")
    assess(no_autonomy, LACKS_AUTONOMY)
    unassessed = EntityFactory(name="C")
    assess(unassessed, [3, 3, 2, 2, 3, None, 3])
    entities = Entity.objects.order_by("name")
    assert list(entities.practising("autonomy")) == [all_seven]
    assert list(entities.lacking("autonomy")) == [no_autonomy]
    assert list(entities.practising("economic_activity", "mutual_aid")) == [
        all_seven,
        no_autonomy,
        unassessed,
    ]
    assert list(entities.lacking("autonomy", "economic_activity")) == []


def make_published(count):
    with profiles_refreshed_together():
        for number in range(count):
            entity = EntityFactory(region_id="TH-50")
            entity.sdgs.set([1, 5])
            assess(entity, ALL_SEVEN if number % 2 else LACKS_AUTONOMY)


@pytest.mark.parametrize("count", [1, 50])
def test_current_profile_listing_costs_two_queries_whatever_its_size(
    count, django_assert_num_queries
):
    make_published(count)
    # 1. entities joined with country, region, type, sector and current assessment
    # 2. their SDGs
    with django_assert_num_queries(2):
        rows = [
            (
                entity.country.name,
                entity.region.name,
                entity.entity_type.name,
                entity.sector.name,
                entity.current_assessment.assessed_on,
                entity.profile.lacking,
                entity.band,
                [goal.number for goal in entity.sdgs.all()],
            )
            for entity in Entity.objects.published().with_profile()
        ]
    assert len(rows) == count
    assert rows[0][7] == [1, 5]
