import contextlib
import datetime

import factory
from concurrency.forms import VersionFieldSigner
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from entities.models import Entity
from entities.profiles import refresh_profiles
from research.framework import FEATURE_CODES
from research.models import Assessment, Score
from workflow.models import CountryAssignment


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


# The entities whose profiles wait for the end of profiles_refreshed_together().
_to_refresh = None


@contextlib.contextmanager
def profiles_refreshed_together():
    """Inside it, assess() leaves the profiles to one refresh_profiles() of all
    the entities it assessed, at the end (as an import refreshes its batch):
    the same stored profiles, for a test that makes many entities at once."""
    global _to_refresh
    _to_refresh = []
    try:
        yield
        refresh_profiles(_to_refresh)
    finally:
        _to_refresh = None


def assess(entity, scores, **kwargs):
    """Give ``entity`` an assessment with ``scores`` (a list of seven values, or a
    dict by feature code; None means not assessed) and refresh its profile
    (inside profiles_refreshed_together(), at the end of it)."""
    if not isinstance(scores, dict):
        scores = dict(zip(FEATURE_CODES, scores, strict=True))
    assessment = AssessmentFactory(entity=entity, **kwargs)
    # The scores and their history's first records, two inserts in all.
    bulk_create_with_history(
        [
            Score(
                assessment=assessment,
                feature_id=code,
                score=value,
                evidence="" if value is None else f"Evidence for {code}",
            )
            for code, value in scores.items()
        ],
        Score,
    )
    if _to_refresh is not None:
        _to_refresh.append(entity.pk)
        return assessment
    refresh_profiles([entity.pk])
    entity.refresh_from_db()
    return assessment


def researcher(*countries, username=None, **fields):
    """A national researcher (the role's group) assigned to ``countries``."""
    user = UserFactory(username=username or f"researcher-{'-'.join(countries).lower()}", **fields)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="National researcher"))
    for code in countries:
        CountryAssignment.objects.create(user=user, country_id=code)
    return user


def reviewer(username="reviewer"):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewer"))
    return user


def signed_version(record):
    """The version of ``record`` as its admin form carries it (signed)."""
    return VersionFieldSigner().sign(record.version)
