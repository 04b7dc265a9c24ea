"""Releases (entities.releases): a frozen snapshot of the published data, its
counts and its changes against the previous release, never changed after."""

import orjson
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from entities.models import Entity, Immutable, Region, Release, ReleasedEntity
from entities.releases import ReleaseRefused, freeze, frozen_object, frozen_summary

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db

MARKERS = {field: f"qx7-{field}@private.invalid" for field in Entity.PRIVATE_FIELDS}


@pytest.fixture
def entities():
    """Three published entities (two assessed, one with private markers) and a draft."""
    rice = EntityFactory(name="Rice Cooperative", **MARKERS)
    rice.sdgs.set([1, 2])
    assess(rice, [3, 3, 3, 3, 3, 3, 3])
    weavers = EntityFactory(
        name="Weavers Group", country_id="VN", entity_type_id="social-enterprise"
    )
    assess(weavers, [3, 0, None, 2, 1, 0, 3])
    savers = EntityFactory(name="Savers", country_id="VN")
    EntityFactory(name="Draft Only", status=Entity.Status.DRAFT)
    return {"rice": rice, "weavers": weavers, "savers": savers}


def test_a_release_freezes_every_published_entity_with_its_counts(entities):
    release = freeze("  2026-12   regional release ", notes="For the conference.")
    assert (release.number, release.label, release.notes) == (
        1,
        "2026-12 regional release",
        "For the conference.",
    )
    assert release.counts == {
        "entities": 3,
        "assessed": 2,
        "practising_all": 1,
        "assessments": 2,
        "by_country": {"TH": 1, "VN": 2},
    }
    assert release.changes == {"previous": None}
    assert sorted(release.entities.values_list("name", flat=True)) == [
        "Rice Cooperative",
        "Savers",
        "Weavers Group",
    ]
    assert release.data_as_of is not None


def test_frozen_objects_are_the_api_objects_of_the_moment(api, entities):
    release = freeze("R1")
    rice = entities["rice"]
    frozen = ReleasedEntity.objects.get(release=release, entity_id=rice.pk)
    detail = api.get(f"/api/v1/entities/{rice.pk}/").json()
    prefix = detail["url"].removesuffix(f"{rice.pk}/")
    assert frozen_object(frozen.detail, prefix) == detail
    (listed,) = [
        each for each in api.get("/api/v1/entities/").json()["results"] if each["id"] == rice.pk
    ]
    assert frozen_summary(frozen.detail, prefix) == listed
    assert list(frozen_summary(frozen.detail, prefix)) == list(listed)
    assert (frozen.sdgs, frozen.country_id, frozen.band) == (" 1 2 ", "TH", "all")
    assert "evidence for economic_activity" in frozen.detail.lower()


def test_no_private_value_is_frozen(entities):
    release = freeze("R1")
    for row in release.entities.all():
        for marker in MARKERS.values():
            assert marker not in row.detail


def test_a_release_does_not_change_after_later_publications_and_withdrawals(entities):
    release = freeze("R1")
    before = list(release.entities.order_by("entity_id").values())
    entities["savers"].status = Entity.Status.WITHDRAWN
    entities["savers"].save()
    assess(entities["weavers"], [3, 3, 3, 3, 3, 3, 3], assessed_on="2026-01-01")
    EntityFactory(name="Newcomer")
    release.refresh_from_db()
    assert list(release.entities.order_by("entity_id").values()) == before
    assert release.counts["entities"] == 3


def test_the_changes_against_the_previous_release(entities):
    freeze("R1")
    entities["savers"].status = Entity.Status.WITHDRAWN
    entities["savers"].save()
    assess(entities["weavers"], [3, 3, 3, 3, 3, 3, 3], assessed_on="2026-01-01")
    newcomer = EntityFactory(name="Newcomer")
    second = freeze("R2")
    assert second.number == 2
    assert second.changes == {
        "previous": 1,
        "added": {"count": 1, "ids": [newcomer.pk]},
        "withdrawn": {"count": 1, "ids": [entities["savers"].pk]},
        "changed": {"count": 1, "ids": [entities["weavers"].pk]},
    }
    third = freeze("R3")
    assert third.changes == {
        "previous": 2,
        **{name: {"count": 0, "ids": []} for name in ("added", "withdrawn", "changed")},
    }


def test_a_release_and_its_rows_never_change_nor_go(entities):
    release = freeze("R1")
    release.label = "Renamed"
    with pytest.raises(Immutable):
        release.save()
    with pytest.raises(Immutable):
        release.delete()
    with pytest.raises(Immutable):
        Release.objects.all().delete()
    row = release.entities.first()
    row.name = "Changed"
    with pytest.raises(Immutable):
        row.save()
    with pytest.raises(Immutable):
        ReleasedEntity.objects.all().delete()
    assert Release.objects.get().label == "R1"


@pytest.mark.parametrize("label", ["", "   ", "x" * 101])
def test_a_release_needs_a_short_label(label):
    with pytest.raises(ReleaseRefused):
        freeze(label)
    assert not Release.objects.exists()


def test_a_label_is_used_once(entities):
    freeze("R1")
    with pytest.raises(ReleaseRefused, match="already"):
        freeze("R1")
    assert Release.objects.count() == 1


def test_an_empty_registry_makes_an_empty_release():
    release = freeze("Empty")
    assert release.counts["entities"] == 0 and release.counts["by_country"] == {}


def test_the_command_makes_a_release(entities, capsys):
    call_command("make_release", "2026-12 regional release", notes="Conference")
    assert "Release 1 “2026-12 regional release”: 3 entities" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already"):
        call_command("make_release", "2026-12 regional release")


def test_frozen_json_is_plain_json(entities):
    release = freeze("R1")
    for row in release.entities.all():
        assert orjson.loads(row.detail)["id"] == row.entity_id


def test_its_maker_may_leave_and_its_reference_data_stays(entities):
    maker = get_user_model().objects.create(username="maker")
    release = freeze("R1", user=maker)
    maker.delete()
    release.refresh_from_db()
    assert release.created_by is None and release.label == "R1"
    region = Region.objects.get(pk="VN-HN")
    entities["weavers"].region = region
    entities["weavers"].save()
    second = freeze("R2")
    entities["weavers"].region = None
    entities["weavers"].save()
    with pytest.raises(ProtectedError):
        region.delete()
    assert second.entities.filter(region=region).exists()
