"""The band of an entity with a feature left without a score has one name for
people, "Not fully assessed", on every page and in the API's documentation,
where its value stays `unassessed`."""

import re

import pytest

from entities.models import Entity
from research.framework import Band

from ..factories import EntityFactory
from ..source import ROOT

pytestmark = pytest.mark.django_db

DOCS = ROOT / "docs" / "api.md"
LABEL = "Not fully assessed"


def test_the_band_keeps_its_api_value_and_its_one_label():
    assert Band.UNASSESSED.value == "unassessed"
    assert Band.UNASSESSED.label == LABEL


def test_the_schema_names_each_band_value_with_the_pages_label(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for component in ("Entity", "EntityDetail"):
        description = schema["components"]["schemas"][component]["properties"]["band"][
            "description"
        ]
        for value, label in Band.choices:
            assert f"`{value}` ({label}" in description, (component, value)
        assert "at least one of the seven features has no score" in description


def test_the_api_docs_name_each_band_value_with_the_pages_label():
    docs = DOCS.read_text()
    for value, label in Band.choices:
        assert re.search(rf"\| `{value}` \| {re.escape(str(label))} \|", docs), value


def test_pages_call_the_band_by_its_label_only(client):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)  # never assessed
    assert entity.band == Band.UNASSESSED
    for url in ("/entities/", f"/entities/{entity.pk}/", "/methodology/", "/tapestry/"):
        html = client.get(url).content.decode()
        assert LABEL in html, url
        assert "Unassessed" not in html and "unassessed band" not in html.lower(), url
