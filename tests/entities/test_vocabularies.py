"""The SSE data commons' vocabularies: every sector and entity type carries
its ESSGlobal concept, and an importer reads ESSGlobal's concepts back into
the registry's values (entities.vocabularies)."""

import pytest

from entities import vocabularies
from entities.models import EntityType, Sector

pytestmark = pytest.mark.django_db


def test_every_sector_carries_its_essglobal_activity_a01_to_a21():
    activities = dict(Sector.objects.values_list("code", "essglobal_activity"))
    assert activities == {
        section: f"a{number:02d}" for number, section in enumerate("ABCDEFGHIJKLMNOPQRSTU", 1)
    }
    assert activities == vocabularies.SECTOR_ACTIVITIES
    for section, code in activities.items():
        assert vocabularies.sector_for_activity(code) == section


def test_every_entity_type_but_other_carries_its_closest_structure_and_how_close():
    rows = EntityType.objects.values_list("slug", "essglobal_structure", "essglobal_match")
    mapped = {slug: (code, match) for slug, code, match in rows if slug != "other"}
    assert mapped == {
        slug: (code, match.value) for slug, (code, match) in vocabularies.TYPE_STRUCTURES.items()
    }
    assert mapped["cooperative"] == ("OS115", "exactMatch")
    assert mapped["mutual-society"] == ("OS170", "exactMatch")
    for code, match in mapped.values():
        assert code in vocabularies.STRUCTURES
        assert match in vocabularies.MatchKind.values
    # No ESSGlobal concept is an "other" form: it has none, rather than a wrong one.
    assert EntityType.objects.filter(slug="other", essglobal_structure="").exists()


def test_an_exact_match_reads_back_to_its_type():
    for slug, (code, match) in vocabularies.TYPE_STRUCTURES.items():
        if match == vocabularies.MatchKind.EXACT:
            assert vocabularies.entity_type_for_structure(code) == slug
    assert set(vocabularies.STRUCTURE_TYPES) == set(vocabularies.STRUCTURES)
    known = set(EntityType.objects.values_list("slug", flat=True))
    assert {slug for slug in vocabularies.STRUCTURE_TYPES.values() if slug} <= known


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("OS115", "cooperative"),
        ("os60", "cooperative"),
        (
            "https://lod.coop/essglobal/2.1/standard/organisational-structure/OS170",
            "mutual-society",
        ),
        (f"{vocabularies.ESSGLOBAL_BASE}organisational-structure/OS30/", "social-enterprise"),
        ("OS40", None),  # a charity: no one registry type
        ("OS999", None),
        ("https://example.org/activities/OS115", None),  # not the structures' scheme
        ("", None),
        (None, None),
        (115, None),
    ],
)
def test_the_importer_reads_a_structure_as_a_code_or_uri(value, expected):
    assert vocabularies.entity_type_for_structure(value) == expected


def test_the_importer_reads_an_activity_as_a_code_or_uri():
    assert vocabularies.sector_for_activity("a01") == "A"
    assert vocabularies.sector_for_activity("A21") == "U"
    assert (
        vocabularies.sector_for_activity("http://purl.org/essglobal/standard/activities/a11")
        == "K"
    )
    assert vocabularies.sector_for_activity("a22") is None
    assert vocabularies.sector_for_activity("ICA10") is None


def test_concept_uris_are_under_essglobal_base():
    assert vocabularies.activity_uri("a01") == f"{vocabularies.ESSGLOBAL_BASE}activities/a01"
    assert vocabularies.structure_uri("OS115").endswith("/organisational-structure/OS115")
    assert vocabularies.structure_uri("") is None
