"""Characters with no glyph of their own (zero-width spaces and joiners, the
word joiner, the byte order mark) and the text-direction controls: set aside
by search and by the duplicate check, and refused in an entity's names
wherever they are entered."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from entities.models import Entity
from entities.search import INVISIBLE, name_key, normalise
from workflow.duplicates import Reason, RowIndex, likely_duplicates

from ..admin_forms import entity_post
from ..factories import EntityFactory
from ..importing import another_row, csv_upload, preview, row_errors

pytestmark = pytest.mark.django_db

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
DIRECTION = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
DIRECTION += ["\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]


def test_every_zero_width_and_direction_character_is_named():
    assert set(INVISIBLE) == {*ZERO_WIDTH, *DIRECTION}


@pytest.mark.parametrize("char", [*ZERO_WIDTH, *DIRECTION])
def test_search_text_and_keys_set_them_aside(char):
    assert normalise(f"Zero{char}width Coop") == "zerowidth coop"
    assert normalise(f"Zero {char} width") == "zero width"
    assert name_key(f"Zero{char}width Coop") == name_key("Zerowidth Coop")


def test_a_published_name_with_a_zero_width_space_is_found_by_its_word(api, client):
    EntityFactory(name="Zero\u200bwidth Coop")
    EntityFactory(name="Other Coop")
    results = api.get("/api/v1/entities/", {"q": "zerowidth"}).json()["results"]
    assert [item["name"] for item in results] == ["Zero\u200bwidth Coop"]
    page = client.get(reverse("entity-list"), {"q": "zerowidth"}).content.decode()
    assert "Zero\u200bwidth Coop" in page
    assert "Other Coop" not in page


def test_a_name_differing_by_direction_marks_is_a_duplicate():
    stored = EntityFactory(name="\u202bBan Don\u202c Weaving\u200f")
    found = likely_duplicates("TH", "Ban Don Weaving")
    assert [(entity.pk, entity.duplicate_reason) for entity in found] == [
        (stored.pk, Reason.SAME_NAME)
    ]
    rows = RowIndex()
    rows.add(2, "TH", "Ban\u2060Don\ufeff Weaving")
    assert rows.find("TH", "Ban Don Weaving") == [(2, Reason.SAME_NAME)]


@pytest.mark.parametrize("field", ["name", "name_local"])
@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u202e", "\u061c"])
def test_a_name_holding_one_is_refused_saying_which(field, char):
    entity = EntityFactory.build(**{field: f"Zero{char}width"})
    with pytest.raises(ValidationError) as refused:
        entity.full_clean(exclude=["entity_type", "sector", "country"])
    message = " ".join(refused.value.message_dict[field])
    assert f"U+{ord(char):04X}" in message
    assert "after “Zero”" in message


def test_the_refusal_says_when_it_is_the_first_character():
    with pytest.raises(ValidationError, match="U\\+FEFF ZERO WIDTH NO-BREAK SPACE, at its start"):
        EntityFactory.build(name="\ufeffBan Don").clean_fields(exclude=["entity_type", "sector"])


def test_search_copies_stored_with_them_are_made_again_without_them():
    entity = EntityFactory(name="Zero width Coop", description="Rice\u200emill")
    Entity.objects.filter(pk=entity.pk).update(search_text="zero\u200bwidth coop rice\u200emill")
    untouched = EntityFactory(name="Other Coop")
    migration = importlib.import_module(
        "entities.migrations.0010_names_without_invisible_characters"
    )
    migration.search_text_without_invisible(apps, None)
    assert Entity.objects.get(pk=entity.pk).search_text == "zero width coop ricemill"
    assert Entity.objects.get(pk=untouched.pk).search_text == "other coop"


def test_the_admin_form_refuses_it_in_the_local_name(admin_client):
    data = entity_post([3, 3, 2, 2, 3, 0, None], name_local="วิสาหกิจ\u200bชุมชน")
    response = admin_client.post(reverse("admin:entities_entity_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "U+200B" in " ".join(errors["name_local"])
    assert not Entity.objects.exists()


def test_the_import_refuses_it_naming_row_and_column(client, researcher):  # noqa: F811
    rows = [another_row("Ban Huai Hom\u200d Weaving Group")]
    errors = row_errors(preview(client, csv_upload(rows)))
    assert [(row, column) for row, column, _message in errors] == [(2, "name")]
    assert "U+200D" in errors[0][2]
    assert not Entity.objects.exists()
