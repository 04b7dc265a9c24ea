import datetime

import factory
from django.contrib.auth import get_user_model

from entities.models import Entity
from research.framework import FEATURE_CODES
from research.models import Assessment, Score
from research.services import refresh_profiles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Entity {n:04d}")
    country_id = "TH"
    entity_type_id = "cooperative"
    sector_id = "A"
    status = Entity.Status.PUBLISHED


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    entity = factory.SubFactory(EntityFactory)
    assessed_on = datetime.date(2025, 3, 1)
    method = Assessment.Method.INTERVIEW
    status = Assessment.Status.PUBLISHED


def assess(entity, scores, **kwargs):
    """Give ``entity`` an assessment with ``scores`` (a list of seven values, or a
    dict by feature code; None means not assessed) and refresh its profile."""
    if not isinstance(scores, dict):
        scores = dict(zip(FEATURE_CODES, scores, strict=True))
    assessment = AssessmentFactory(entity=entity, **kwargs)
    Score.objects.bulk_create(
        Score(
            assessment=assessment,
            feature_id=code,
            score=value,
            evidence="" if value is None else f"Evidence for {code}",
        )
        for code, value in scores.items()
    )
    refresh_profiles([entity.pk])
    entity.refresh_from_db()
    return assessment
