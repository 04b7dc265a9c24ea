"""The entity's identifiers elsewhere are edited on its admin page, by
whoever may edit the entity; its provenance is shown there, read-only."""

import datetime

import pytest
from django.urls import reverse

from entities.models import Entity, ExternalIdentifier, Provenance

from ..admin_forms import IDENTIFIERS, entity_form_data
from ..factories import EntityFactory, researcher

pytestmark = pytest.mark.django_db


def change_url(entity):
    return reverse("admin:entities_entity_change", args=[entity.pk])


def with_identifier(entity, scheme, value, url=""):
    return entity_form_data(
        entity,
        **{
            f"{IDENTIFIERS}-TOTAL_FORMS": "1",
            f"{IDENTIFIERS}-0-scheme": scheme,
            f"{IDENTIFIERS}-0-value": value,
            f"{IDENTIFIERS}-0-url": url,
        },
    )


def test_a_researcher_of_the_country_adds_an_identifier_to_a_draft(client):
    client.force_login(researcher("TH"))
    entity = EntityFactory(country_id="TH", status=Entity.Status.DRAFT)
    response = client.post(
        change_url(entity),
        with_identifier(entity, "wikidata", "q77", "https://www.wikidata.org/wiki/Q77"),
    )
    assert response.status_code == 302, response.context["errors"]
    identifier = ExternalIdentifier.objects.get()
    assert (identifier.entity, identifier.scheme, identifier.value) == (entity, "wikidata", "Q77")
    assert identifier.history.get().history_user.username == "researcher-th"


def test_an_identifier_held_by_another_entity_is_refused(client):
    client.force_login(researcher("TH"))
    holder = EntityFactory(country_id="TH")
    ExternalIdentifier.objects.create(entity=holder, scheme="ica", value="ICA-9")
    entity = EntityFactory(country_id="TH", status=Entity.Status.DRAFT)
    response = client.post(change_url(entity), with_identifier(entity, "ica", "ICA-9"))
    assert response.status_code == 200
    assert "Another entity already holds this identifier" in response.content.decode()
    assert ExternalIdentifier.objects.get().entity == holder


def test_a_researcher_cannot_touch_an_entity_of_another_country(client):
    client.force_login(researcher("TH"))
    elsewhere = EntityFactory(country_id="KH", status=Entity.Status.DRAFT)
    response = client.post(change_url(elsewhere), with_identifier(elsewhere, "ica", "ICA-1"))
    assert response.status_code in (403, 404)
    assert not ExternalIdentifier.objects.exists()


def test_provenance_is_shown_read_only(client):
    client.force_login(researcher("TH"))
    entity = EntityFactory(country_id="TH", status=Entity.Status.DRAFT)
    assert "Provenance" not in client.get(change_url(entity)).content.decode()
    Provenance.objects.create(
        entity=entity,
        source_name="GoGoCarto",
        record_id="ggc-5",
        licence="CC BY 4.0",
        attribution_required=True,
        retrieved_on=datetime.date(2026, 12, 1),
    )
    html = client.get(change_url(entity)).content.decode()
    assert "GoGoCarto" in html and "ggc-5" in html
    assert 'name="provenance-0-source_name"' not in html  # shown, not editable
    data = entity_form_data(
        entity,
        **{
            "provenance-TOTAL_FORMS": "1",
            "provenance-INITIAL_FORMS": "1",
            "provenance-MIN_NUM_FORMS": "0",
            "provenance-MAX_NUM_FORMS": "1000",
            "provenance-0-id": str(entity.provenance.get().pk),
            "provenance-0-entity": str(entity.pk),
            "provenance-0-source_name": "Changed",
        },
    )
    assert client.post(change_url(entity), data).status_code == 302
    assert entity.provenance.get().source_name == "GoGoCarto"
