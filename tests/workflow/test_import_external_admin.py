"""The import page with a file of another directory: the format chosen, the
rows skipped on request and listed with their line and reason, the guesses
and the values left empty, and a confirmation that writes the identifiers
and the provenance with the entities."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entities.models import Entity, ExternalIdentifier, Provenance

from ..importing import CONFIRM_URL, IMPORT_URL, page_errors, row_errors

pytestmark = pytest.mark.django_db

ENTRIES = [
    {"id": "a" * 32, "title": "Chiang Mai Repair", "lat": 18.79, "lng": 98.98,
     "country": "Thailnd", "tags": ["a19"]},
    {"id": "b" * 32, "title": "Hanoi Repair", "lat": 21.03, "lng": 105.85, "country": "Việt Nam"},
    {"id": "c" * 32, "title": "Nowhere", "lat": 0, "lng": -30},
]  # fmt: skip


def upload(document, name="entries.json"):
    return SimpleUploadedFile(name, json.dumps(document, ensure_ascii=False).encode())


def post(client, document, **options):
    return client.post(
        IMPORT_URL,
        {"resource": "0", "import_file": upload(document), "source": "kvm-json", **options},
    )


@pytest.fixture
def researcher(client):
    from ..importing import make_user

    user = make_user("National researcher", ["TH"])
    client.force_login(user)
    return user


def test_preview_lists_skipped_rows_and_guesses_then_confirm_writes(client, researcher):
    response = post(client, ENTRIES, skip_outside="on", default_type="association")
    assert response.status_code == 200
    assert "confirm_form" in response.context, row_errors(response) or page_errors(response)
    report = response.context["external_report"]
    assert [(line, reason.startswith("VN")) for line, _name, reason in report.skipped] == [
        (2, True),
        (3, False),
    ]
    page = response.content.decode()
    assert "Hanoi Repair" in page and "No country, and no coordinates" in page
    assert "“Thailnd” read as TH" in page
    assert [row.number for row in response.context["preview"]] == [1]
    confirmed = client.post(CONFIRM_URL, response.context["confirm_form"].initial)
    assert confirmed.status_code == 302
    entity = Entity.objects.get(name="Chiang Mai Repair")
    assert (entity.country_id, entity.sector_id, entity.entity_type_id) == (
        "TH",
        "S",
        "association",
    )
    assert ExternalIdentifier.objects.get(entity=entity).scheme == "kvm"
    assert Provenance.objects.get(entity=entity).source_name == "Karte von morgen"
    assert Entity.objects.count() == 1


def test_without_skipping_outside_rows_are_errors(client, researcher):
    response = post(client, ENTRIES, default_type="association")
    assert "confirm_form" not in response.context
    assert {(row, column) for row, column, _message in row_errors(response)} >= {(3, "country")}
    assert not Entity.objects.exists()


def test_malformed_file_is_a_form_error(client, researcher):
    response = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "import_file": SimpleUploadedFile("entries.json", b"{oops"),
            "source": "kvm-json",
        },
    )
    assert response.status_code == 400  # a file that cannot be imported
    assert any("not valid JSON" in str(error) for error in page_errors(response))
    assert not Entity.objects.exists()


def test_licence_asked_when_the_format_has_none(client, researcher):
    response = client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "import_file": SimpleUploadedFile("org.jsonld", b"{}"),
            "source": "jsonld",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["licence"]
