"""A new database is usable: the data migrations seed the reference data."""

import pytest

from entities.models import Country, EntityType, Region, Sector, SustainableDevelopmentGoal
from research.framework import FEATURE_CODES
from research.models import Feature

pytestmark = pytest.mark.django_db

CURRENT = {"KH", "KG", "MN", "TH", "VN"}


def test_the_twelve_programme_countries_are_seeded_with_their_phase():
    countries = dict(Country.objects.values_list("code", "phase"))
    assert len(countries) == 12
    assert {code for code, phase in countries.items() if phase == 2} == CURRENT
    assert {"CN", "ID", "JP", "MY", "PH", "KR", "LA"} <= set(countries)


@pytest.mark.parametrize(
    ("country", "count", "example", "name"),
    [
        ("KH", 25, "KH-12", "Phnom Penh"),
        ("KG", 9, "KG-GB", "Bishkek"),
        ("MN", 22, "MN-1", "Ulaanbaatar"),
        ("TH", 78, "TH-50", "Chiang Mai"),
        ("VN", 63, "VN-HN", "Hà Nội"),
    ],
)
def test_regions_of_the_current_countries_carry_their_iso_codes(country, count, example, name):
    regions = Region.objects.filter(country_id=country)
    assert regions.count() == count
    assert regions.get(code=example).name == name
    assert all(code.startswith(f"{country}-") for code in regions.values_list("code", flat=True))


def test_regions_have_names_in_the_local_script():
    assert Region.objects.get(code="TH-50").name_local == "เชียงใหม่"
    assert not Region.objects.filter(country_id__in=CURRENT, name_local="").exists()


def test_the_seven_features_are_seeded_in_order_with_full_texts():
    features = list(Feature.objects.all())
    assert [feature.code for feature in features] == list(FEATURE_CODES)
    assert [feature.position for feature in features] == list(range(1, 8))
    for feature in features:
        for text in (
            feature.definition,
            feature.guidance_absent,
            feature.guidance_emerging,
            feature.guidance_substantial,
            feature.guidance_full,
            feature.adoption_guidance,
        ):
            assert text.endswith(".") and len(text) > 60, (feature.code, text)


def test_entity_types_sectors_and_goals_are_seeded():
    assert set(EntityType.objects.values_list("slug", flat=True)) == {
        "cooperative",
        "association",
        "mutual-society",
        "foundation",
        "social-enterprise",
        "self-help-group",
        "community-enterprise",
        "savings-group",
        "microfinance-institution",
        "other",
    }
    assert "".join(Sector.objects.values_list("code", flat=True)) == "ABCDEFGHIJKLMNOPQRSTU"
    assert list(SustainableDevelopmentGoal.objects.values_list("number", flat=True)) == list(
        range(1, 18)
    )
