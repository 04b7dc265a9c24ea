"""The registry's agreement figures: the units read from the independent
second assessments and the firsts they repeat, the summary research.agreement
makes of them, each country's figures, and the cache that keeps the
bootstrap from running on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Entity
from research.agreement import agreement_summary
from research.framework import FEATURE_CODES
from research.models import Assessment
from research.reliability import agreement, paired_units
from tests.factories import EntityFactory, assess

pytestmark = pytest.mark.django_db

N = None  # not assessed
IN_REVIEW = Assessment.Status.IN_REVIEW

THAI_FIRST = [3, 2, 1, 2, 0, 2, 3]
THAI_SECOND = [3, 2, 1, 2, 0, 2, 3]
VIET_FIRST = [3, 3, N, 2, N, 1, 2]
VIET_SECOND = [3, 2, 1, 2, 0, 1, 2]


def assessed_twice(country, first_scores, second_scores, *, status=IN_REVIEW):
    entity = EntityFactory(country_id=country)
    first = assess(entity, first_scores)
    second = assess(entity, second_scores, independent_of=first, status=status)
    return first, second


@pytest.fixture
def pairs():
    thai = assessed_twice("TH", THAI_FIRST, THAI_SECOND)
    viet = assessed_twice("VN", VIET_FIRST, VIET_SECOND)
    # Not pairs: a second still in draft, and an entity assessed once.
    assessed_twice("TH", [0] * 7, [3] * 7, status=Assessment.Status.DRAFT)
    assess(EntityFactory(country_id="TH"), [1] * 7)
    return thai, viet


def by_feature(*pairs_of_scores):
    return {
        code: [[first[place], second[place]] for first, second in pairs_of_scores]
        for place, code in enumerate(FEATURE_CODES)
    }


def test_units_are_the_first_then_the_submitted_second(pairs):
    assert paired_units() == by_feature((THAI_FIRST, THAI_SECOND), (VIET_FIRST, VIET_SECOND))
    assert paired_units("VN") == by_feature((VIET_FIRST, VIET_SECOND))


def test_every_submitted_second_joins_its_firsts_unit(pairs):
    (first, _), _ = pairs
    assess(first.entity, [2] * 7, independent_of=first, status=Assessment.Status.RECONCILED)

    units = paired_units("TH")

    assert units["economic_activity"] == [[3, 3, 2]]
    assert units["democratic_governance"] == [[0, 0, 2]]


def test_the_summary_is_research_agreements_of_the_units(pairs):
    summary = agreement()

    expected = agreement_summary(by_feature((THAI_FIRST, THAI_SECOND), (VIET_FIRST, VIET_SECOND)))
    assert {key: summary[key] for key in expected} == expected
    assert summary["n_entities"] == 2
    # Each country's overall figures: its entity-features pooled.
    thai = by_feature((THAI_FIRST, THAI_SECOND))
    thai_units = [unit for units in thai.values() for unit in units]
    assert summary["countries"]["TH"] == {
        "n_entities": 1,
        **agreement_summary({"all": thai_units})["overall"],
    }
    assert set(summary["countries"]) == {"TH", "VN"}


def test_identical_scores_agree_perfectly(pairs):
    thai = agreement("TH")

    assert thai["n_entities"] == 1
    assert thai["overall"]["alpha"] == 1.0
    assert thai["overall"]["exact_agreement"] == 1.0
    assert thai["overall"]["practising_agreement"] == 1.0
    assert thai["overall"]["kappa"] == 1.0
    assert list(thai["countries"]) == ["TH"]


def test_hand_checked_shares_of_the_disagreeing_pair(pairs):
    viet = agreement("VN")["overall"]

    # Five features scored twice; one of them (collective_interest: 3 and 2)
    # differs, both sides of the threshold of 2.
    assert viet["n_units"] == 5
    assert viet["exact_agreement"] == 0.8
    assert viet["practising_agreement"] == 1.0


def test_no_pairs_no_figures(db):
    summary = agreement()

    assert summary["n_entities"] == 0
    assert summary["countries"] == {}
    assert summary["overall"]["n_units"] == 0
    assert summary["overall"]["alpha"] is None


def test_the_summary_is_cached_until_a_pair_changes(pairs):
    agreement()
    with CaptureQueriesContext(connection) as queries:
        again = agreement()
    assert len(queries) == 1  # the fingerprint
    assert again["n_entities"] == 2

    assessed_twice("KH", [1] * 7, [2] * 7)

    assert agreement()["n_entities"] == 3


def test_only_published_entities_count_and_a_withdrawal_renews_the_figures(pairs):
    """Public figures rest on published entities: a pair on an entity in
    review or withdrawn is left out, at once."""

    in_review = EntityFactory(country_id="TH", status=Entity.Status.IN_REVIEW)
    first = assess(in_review, [2] * 7)
    assess(in_review, [0] * 7, independent_of=first, status=IN_REVIEW)
    assert agreement()["n_entities"] == 2
    thai_first, _second = pairs[0]
    Entity.objects.filter(pk=thai_first.entity_id).update(status=Entity.Status.WITHDRAWN)
    assert agreement()["n_entities"] == 1
    assert agreement("TH")["n_entities"] == 0
