"""A pair of independent assessments and the agreed one made from it stay
together: none of them is deleted alone, and deleting their entity deletes
all of them (as it deletes any assessment of it)."""

import pytest
from django.db.models import RestrictedError

from research.models import Assessment
from tests.factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def reconciled():
    entity = EntityFactory()
    first = assess(entity, [3] * 7)
    second = assess(entity, [2] * 7, independent_of=first, status=Assessment.Status.RECONCILED)
    agreed = assess(entity, [3] * 7, reconciles=second)
    return entity, first, second, agreed


def test_deleting_the_entity_deletes_the_pair_and_the_agreed_assessment(reconciled):
    entity, *assessments = reconciled

    entity.delete()

    assert not Assessment.objects.filter(pk__in=[a.pk for a in assessments]).exists()


def test_neither_of_a_pair_is_deleted_alone(reconciled):
    _, first, second, _ = reconciled

    with pytest.raises(RestrictedError):
        first.delete()
    with pytest.raises(RestrictedError):
        second.delete()
    assert Assessment.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
