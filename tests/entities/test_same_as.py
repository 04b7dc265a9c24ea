"""An entity's identifiers in other registers and maps of the SSE ("Same as"),
and the attribution of the sources an imported record came from."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from entities.models import Entity, ExternalIdentifier, Provenance

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity():
    found = EntityFactory(status=Entity.Status.PUBLISHED, name="Linked Cooperative")
    ExternalIdentifier.objects.create(
        entity=found, scheme="wikidata", value=" q4242 ", url="https://www.wikidata.org/wiki/Q4242"
    )
    ExternalIdentifier.objects.create(entity=found, scheme="ica", value="ICA-100")
    return found


def test_a_record_elsewhere_is_one_entity_here(entity):
    other = EntityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalIdentifier.objects.create(entity=other, scheme="wikidata", value="Q4242")
    # The same value in another scheme is another record.
    ExternalIdentifier.objects.create(entity=other, scheme="kvm", value="Q4242")


def test_a_reimport_finds_the_entity_by_scheme_and_value(entity):
    assert list(Entity.objects.by_external_identifier("wikidata", "q4242 ")) == [entity]
    assert list(Entity.objects.by_external_identifier("ica", "ICA-100")) == [entity]
    assert not Entity.objects.by_external_identifier("kvm", "ICA-100").exists()


def test_identifiers_keep_their_history(entity):
    identifier = entity.external_identifiers.get(scheme="ica")
    identifier.value = "ICA-101"
    identifier.save()
    assert [each.value for each in identifier.history.all()] == ["ICA-101", "ICA-100"]


def test_the_api_detail_gives_same_as(api, entity):
    detail = api.get(f"/api/v1/entities/{entity.pk}/").json()
    assert detail["same_as"] == [
        {"scheme": "ica", "value": "ICA-100", "url": None},
        {"scheme": "wikidata", "value": "Q4242", "url": "https://www.wikidata.org/wiki/Q4242"},
    ]
    plain = EntityFactory(status=Entity.Status.PUBLISHED)
    assert api.get(f"/api/v1/entities/{plain.pk}/").json()["same_as"] == []
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    same_as = schema["components"]["schemas"]["EntityDetail"]["properties"]["same_as"]
    assert same_as["type"] == "array"


def test_the_page_shows_same_as_links(client, entity):
    ExternalIdentifier.objects.create(
        entity=entity, scheme="other", value="X-1", url="javascript:alert(1)"
    )
    html = client.get(f"/entities/{entity.pk}/").content.decode()
    assert "Same as" in html
    assert (
        '<a href="https://www.wikidata.org/wiki/Q4242" rel="nofollow noopener">Q4242</a>' in html
    )
    assert "International Cooperative Alliance: ICA-100" in html
    assert "javascript:" not in html  # a value that is no web address is never a link
    assert "X-1" in html


def provenance(entity, **fields):
    return Provenance.objects.create(
        entity=entity,
        source_name=fields.pop("source_name", "Karte von morgen"),
        source_url="https://kartevonmorgen.org/",
        record_id="kvm-secret-record-17",
        licence=fields.pop("licence", "CC0 1.0"),
        retrieved_on=datetime.date(2026, 11, 30),
        **fields,
    )


def test_attribution_is_shown_only_where_the_licence_requires_it(client, entity):
    provenance(entity)  # CC0: no attribution
    html = client.get(f"/entities/{entity.pk}/").content.decode()
    assert "Karte von morgen" not in html and 'class="attribution"' not in html
    provenance(
        entity,
        source_name="OpenStreetMap",
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/",
        attribution_required=True,
    )
    html = client.get(f"/entities/{entity.pk}/").content.decode()
    assert 'class="attribution"' in html
    assert (
        'Source: <a href="https://kartevonmorgen.org/" rel="nofollow noopener">OpenStreetMap</a>, '
        'licence <a href="https://opendatacommons.org/licenses/odbl/" rel="nofollow noopener">'
        "ODbL 1.0</a>."
    ) in html
    # Neither the record's id there nor when it was taken is public.
    assert "kvm-secret-record-17" not in html
    detail = client.get(f"/api/v1/entities/{entity.pk}/").content.decode()
    assert "kvm-secret-record-17" not in detail and "OpenStreetMap" not in detail
