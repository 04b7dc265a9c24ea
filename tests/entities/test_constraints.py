"""The database itself refuses bad rows, whatever code writes them.

Each test writes with update() or bulk_create(), which skip model validation,
so only the database's constraints stand in the way.
"""

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from entities.models import Country, Entity, EntityType, Region, Sector
from research.models import Feature, Score

from ..factories import AssessmentFactory, EntityFactory

pytestmark = pytest.mark.django_db


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize("value", [4, 7, 100])
def test_score_outside_0_to_3_is_refused(value):
    assessment = AssessmentFactory()
    refused(
        lambda: Score.objects.bulk_create(
            [Score(assessment=assessment, feature_id="autonomy", score=value)]
        )
    )


def test_not_assessed_score_is_stored_as_null_not_zero():
    assessment = AssessmentFactory()
    Score.objects.create(assessment=assessment, feature_id="autonomy", score=None)
    assert Score.objects.get().score is None


def test_second_score_for_the_same_feature_in_one_assessment_is_refused():
    assessment = AssessmentFactory()
    Score.objects.create(assessment=assessment, feature_id="autonomy", score=2)
    refused(lambda: Score.objects.create(assessment=assessment, feature_id="autonomy", score=1))


def test_region_of_another_country_is_refused():
    entity = EntityFactory(country_id="TH", region_id="TH-50")
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(region_id="VN-HN"))
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(country_id="VN"))


def test_region_of_the_entity_country_is_accepted():
    entity = EntityFactory(country_id="VN", region_id="VN-HN")
    Entity.objects.filter(pk=entity.pk).update(region_id="VN-SG")
    entity.refresh_from_db()
    assert entity.region_id == "VN-SG"


def test_region_code_must_start_with_its_country_code():
    refused(lambda: Region.objects.create(code="VN-99", country_id="TH", name="Nowhere"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "lost"),
        ("origin", "martian"),
        ("dependency", "total"),
        ("band", "half"),
        ("women_share", 101),
        ("year_established", 1066),
        ("features_practised", 8),
        ("score_autonomy", 4),
    ],
)
def test_entity_value_outside_its_vocabulary_or_range_is_refused(field, value):
    entity = EntityFactory()
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(**{field: value}))


@pytest.mark.parametrize("registered", [False, None])
def test_registration_number_without_registration_is_refused(registered):
    # None (unknown) too: a check whose condition is null would let the row pass.
    entity = EntityFactory(registered=registered)
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(registration_number="TH-1"))


def test_registered_is_unknown_unless_said():
    entity = Entity.objects.create(
        name="Ban Huai Hom Weaving Group",
        country_id="TH",
        entity_type_id="community-enterprise",
        sector_id="C",
    )
    entity.refresh_from_db()
    assert entity.registered is None
    assert entity.history.get().registered is None
    Entity.objects.filter(pk=entity.pk).update(registered=True, registration_number="TH-1")
    entity.refresh_from_db()
    assert (entity.registered, entity.registration_number) == (True, "TH-1")


@pytest.mark.parametrize("field", ["name", "country_id", "entity_type_id", "sector_id", "status"])
def test_required_entity_fields_are_not_null(field):
    entity = EntityFactory()
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(**{field: None}))


def test_assessment_needs_a_date_and_a_method():
    assessment = AssessmentFactory()
    refused(lambda: type(assessment).objects.filter(pk=assessment.pk).update(assessed_on=None))
    refused(lambda: type(assessment).objects.filter(pk=assessment.pk).update(method="guess"))


@pytest.mark.parametrize(
    ("model", "key"),
    [(Country, "TH"), (Region, "TH-50"), (EntityType, "cooperative"), (Sector, "A")],
)
def test_reference_data_in_use_cannot_be_deleted(model, key):
    EntityFactory(country_id="TH", region_id="TH-50", entity_type_id="cooperative", sector_id="A")
    with pytest.raises(ProtectedError):
        model.objects.get(pk=key).delete()
    assert model.objects.filter(pk=key).exists()


def test_feature_with_scores_cannot_be_deleted():
    Score.objects.create(assessment=AssessmentFactory(), feature_id="autonomy", score=1)
    with pytest.raises(ProtectedError):
        Feature.objects.get(pk="autonomy").delete()
