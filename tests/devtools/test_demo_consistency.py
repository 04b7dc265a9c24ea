"""Demo data a reader can't catch contradicting itself, over a seeded set of
500 entities built once for the module."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from devtools.demo.vocabulary import has_legal_personality
from entities.models import Entity
from research.agreement import exact_agreement
from research.models import Assessment
from research.reliability import agreement, paired_units

# The features the demo's second researchers more often score apart.
JUDGED = ("autonomy", "democratic_governance")

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEEDED = 500


@pytest.fixture(scope="module")
def seeded(module_db):
    call_command("seed_demo", entities=SEEDED, seed=3, stdout=StringIO())
    yield


def test_a_registered_entity_has_a_legal_form_with_legal_personality(seeded):
    registered = Entity.objects.filter(registered=True)
    assert registered.count() > SEEDED / 2
    for legal_form, number in registered.values_list("legal_form", "registration_number"):
        assert number and has_legal_personality(legal_form), legal_form
    # Groups without legal personality still appear, unregistered and without a number.
    groups = Entity.objects.filter(entity_type__in=["savings-group", "self-help-group"])
    assert groups.filter(registered=False).exists()
    assert not groups.filter(registered=False).exclude(registration_number="").exists()


def test_the_sources_of_some_entities_do_not_say_whether_they_are_registered(seeded):
    unknown = Entity.objects.filter(registered__isnull=True)
    assert 0.1 * SEEDED < unknown.count() < 0.2 * SEEDED
    assert not unknown.exclude(registration_number="").exists()


def test_no_community_group_was_started_by_a_company(seeded):
    community = Entity.objects.filter(
        entity_type__in=["savings-group", "self-help-group", "mutual-society"]
    )
    assert community.count() > 20
    assert not community.filter(origin=Entity.Origin.COMPANY).exists()
    assert Entity.objects.filter(origin=Entity.Origin.COMPANY).exists()


def test_no_assessment_is_dated_before_the_year_of_establishment(seeded):
    pairs = Assessment.objects.values_list("assessed_on", "entity__year_established")
    assert len(pairs) >= SEEDED
    early = [(on, year) for on, year in pairs if year and on.year < year]
    assert not early
    # Some entities were founded recently, so the rule has something to hold against.
    assert Entity.objects.filter(year_established__gte=2024).exists()


def test_no_two_entities_share_a_name_in_one_locality(seeded):
    names = Counter(Entity.objects.values_list("country_id", "locality", "name"))
    assert [key for key, count in names.items() if count > 1] == []
    local_names = Counter(Entity.objects.values_list("country_id", "locality", "name_local"))
    assert [key for key, count in local_names.items() if count > 1] == []


def test_about_one_in_twenty_submitted_entities_was_assessed_twice_mostly_alike(seeded):
    submitted = Entity.objects.filter(
        status__in=[Entity.Status.PUBLISHED, Entity.Status.IN_REVIEW]
    )
    seconds = Assessment.objects.independent()
    assert 0.02 < seconds.count() / submitted.count() < 0.09
    assert set(seconds.values_list("status", flat=True)) == {Assessment.Status.IN_REVIEW}
    # Each by another researcher than the first, of a submitted first, of the same entity.
    for second in seconds.select_related("independent_of", "assessor"):
        first = second.independent_of
        assert second.entity_id == first.entity_id
        assert first.status in (Assessment.Status.PUBLISHED, Assessment.Status.IN_REVIEW)
        assert second.assessor_id != first.assessor_id
        assert second.assessor.username.startswith("demo-second-researcher-")
        assert second.assessed_on >= first.assessed_on
    # Mostly the same scores, more often apart on autonomy than on economic activity.
    figures = agreement()
    assert figures["n_entities"] == seconds.count()
    assert 0.75 < figures["overall"]["exact_agreement"] < 0.97
    assert 0.5 < figures["overall"]["alpha"] < 1
    units = paired_units()
    judged = [unit for code in JUDGED for unit in units[code]]
    others = [unit for code, of_code in units.items() if code not in JUDGED for unit in of_code]
    assert exact_agreement(judged) < exact_agreement(others)
