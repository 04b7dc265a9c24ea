"""The admin's entity form as a browser posts it."""

from django.urls import reverse

from research.framework import FEATURE_CODES

from .factories import signed_version

ADD_URL = reverse("admin:entities_entity_add")
PREFIX = "assessments"
IDENTIFIERS = "external_identifiers"


def no_identifiers():
    """The management form of the identifiers' inline, with no row."""
    return {
        f"{IDENTIFIERS}-TOTAL_FORMS": "0",
        f"{IDENTIFIERS}-INITIAL_FORMS": "0",
        f"{IDENTIFIERS}-MIN_NUM_FORMS": "0",
        f"{IDENTIFIERS}-MAX_NUM_FORMS": "1000",
    }


def entity_post(scores, **overrides):
    """The add form as a browser posts it: entity fields, then one assessment
    with a score and evidence per feature."""
    data = {
        "name": "Ban Nong Bua Organic Rice Community Enterprise",
        "name_local": "วิสาหกิจชุมชนข้าวอินทรีย์บ้านหนองบัว",
        "country": "TH",
        "region": "TH-40",
        "locality": "Ban Nong Bua",
        "entity_type": "community-enterprise",
        "sector": "A",
        "legal_form": "Community enterprise",
        "year_established": "2012",
        "registered": "true",
        "registration_number": "TH-CE-0042",
        "origin": "community",
        "dependency": "low",
        "members": "48",
        "women_share": "60",
        "workers": "3",
        "sdgs": ["1", "2"],
        "description": "Forty-eight households grow and mill organic jasmine rice.",
        "contact_person": "Somchai",
        f"{PREFIX}-TOTAL_FORMS": "1",
        f"{PREFIX}-INITIAL_FORMS": "0",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        f"{PREFIX}-0-assessed_on": "2026-05-04",
        f"{PREFIX}-0-method": "interview",
        f"{PREFIX}-0-notes": "Interview with the board.",
        **no_identifiers(),
    }
    for code, value in zip(FEATURE_CODES, scores, strict=True):
        data[f"{PREFIX}-0-score__{code}"] = "" if value is None else str(value)
        data[f"{PREFIX}-0-evidence__{code}"] = "" if value is None else f"Seen: {code}"
    data.update(overrides)
    return data


def entity_form_data(entity, **changes):
    data = {
        "name": entity.name,
        "country": entity.country_id,
        "entity_type": entity.entity_type_id,
        "sector": entity.sector_id,
        "origin": entity.origin,
        "dependency": entity.dependency,
        "version": signed_version(entity),
        "assessments-TOTAL_FORMS": "0",
        "assessments-INITIAL_FORMS": "0",
        "assessments-MIN_NUM_FORMS": "0",
        "assessments-MAX_NUM_FORMS": "1000",
        **no_identifiers(),
    }
    data.update(changes)
    return data
