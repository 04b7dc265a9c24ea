"""/api/v1/agreement/: the agreement between assessors as figures, for the
region or one country, with no assessor, entity or score of anyone's."""

import pytest

from research.agreement import agreement_summary
from research.framework import FEATURE_CODES
from research.models import Assessment
from research.reliability import paired_units

from ..factories import EntityFactory, assess, researcher

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreement/"
IN_REVIEW = Assessment.Status.IN_REVIEW


def assessed_twice(country, first_scores, second_scores, *, assessors=(None, None), name=None):
    entity = EntityFactory(country_id=country, **({"name": name} if name else {}))
    first = assess(entity, first_scores, assessor=assessors[0])
    assess(entity, second_scores, independent_of=first, status=IN_REVIEW, assessor=assessors[1])
    return entity


@pytest.fixture
def pairs():
    """Two Thai entities whose assessors agree on every score, and a Vietnamese
    one whose assessors differ by one on a feature."""
    first, second = researcher("TH", username="somchai"), researcher("TH", username="niran")
    assessed_twice(
        "TH",
        [3, 2, 1, 2, 0, 2, 3],
        [3, 2, 1, 2, 0, 2, 3],
        assessors=(first, second),
        name="Baan Rak Cooperative",
    )
    assessed_twice("TH", [1, 3, 2, 0, 3, 1, 2], [1, 3, 2, 0, 3, 1, 2])
    assessed_twice("VN", [3, 3, 3, 3, 3, 3, 2], [3, 3, 3, 3, 3, 3, 1])


def test_identical_scores_are_perfect_agreement(api, pairs):
    response = api.get(URL, {"country": "th"})

    assert response.status_code == 200
    body = response.json()
    assert body["n_entities"] == 2
    assert body["threshold"] == 2
    assert body["overall"] == {
        "n_units": 14,
        "alpha": 1.0,
        "alpha_interval": [1.0, 1.0],
        "kappa": 1.0,
        "exact_agreement": 1.0,
        "practising_agreement": 1.0,
    }
    assert set(body["features"]) == set(FEATURE_CODES)
    assert body["features"]["autonomy"]["n_units"] == 2
    assert body["features"]["autonomy"]["exact_agreement"] == 1.0
    assert list(body["countries"]) == ["TH"]
    assert body["countries"]["TH"]["n_entities"] == 2
    assert body["countries"]["TH"]["alpha"] == 1.0


def test_a_disagreement_by_one_across_the_threshold(api, pairs):
    body = api.get(URL, {"country": "VN"}).json()

    # Seven units, one of which (people_over_capital: 2 and 1) differs, and
    # falls on both sides of the threshold of 2.
    assert body["n_entities"] == 1
    assert body["overall"]["n_units"] == 7
    assert body["overall"]["exact_agreement"] == round(6 / 7, 3)
    assert body["overall"]["practising_agreement"] == round(6 / 7, 3)
    assert body["features"]["people_over_capital"]["exact_agreement"] == 0.0
    assert body["features"]["economic_activity"]["exact_agreement"] == 1.0


def test_the_region_is_research_agreements_summary_of_every_pair(api, pairs):
    body = api.get(URL).json()

    expected = agreement_summary(paired_units())
    assert body["features"] == expected["features"]
    assert body["overall"] == expected["overall"]
    assert body["n_entities"] == 3
    assert list(body["countries"]) == ["TH", "VN"]


def test_no_pairs_no_figures(api, db):
    body = api.get(URL).json()

    assert body["n_entities"] == 0
    assert body["overall"]["n_units"] == 0
    assert body["overall"]["alpha"] is None
    assert body["countries"] == {}


@pytest.mark.parametrize("value", ["XX", "Thailand", "T1"])
def test_an_unknown_country_is_a_400_naming_the_parameter(api, value):
    response = api.get(URL, {"country": value})

    assert response.status_code == 400
    message = response.json()["country"][0]
    assert "TH" in message and "VN" in message


def test_several_countries_are_pooled_as_everywhere_in_the_api(api, pairs):
    """Repeated or separated by commas, either case, as the schema's shared
    country parameter says; the same country many times is that country."""
    pooled = api.get(f"{URL}?country=TH&country=vn").json()
    assert pooled == api.get(f"{URL}?country=TH,VN").json()
    by_country = api.get(URL).json()["countries"]
    assert pooled["n_entities"] == by_country["TH"]["n_entities"] + by_country["VN"]["n_entities"]
    assert api.get(f"{URL}?{'&'.join(['country=TH'] * 100)}").json() == (
        api.get(f"{URL}?country=TH").json()
    )
    response = api.get(URL, {"country": ""})
    assert response.status_code == 400
    assert response.json()["country"] == ["Give a value, or leave the parameter out."]
    too_many = api.get(f"{URL}?{'&'.join(['country=TH'] * 101)}")
    assert too_many.status_code == 400
    assert too_many.json()["country"] == ["Give at most 100 values."]


def test_nothing_private_is_sent(api, pairs):
    text = api.get(URL).content.decode()

    for private in ("somchai", "niran", "Baan Rak", "Evidence for", "assessor", "entity_id"):
        assert private not in text


def test_the_schema_lists_the_endpoint(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/agreement/"]["get"]
    assert operation["summary"] == "Agreement between assessors"
    assert [param["name"] for param in operation["parameters"]] == ["country"]
