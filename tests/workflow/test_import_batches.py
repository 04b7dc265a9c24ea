"""An import is checked for the whole file at once and written in batches, with
the records, versions, search copies and history a save of each would give;
a row exported from an older version of its entity is refused; the number of
queries does not grow with the number of rows."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Entity
from entities.search import name_key, normalise
from research.models import Assessment, Score
from workflow.imports import writing
from workflow.imports.constraints import constrained_fields, constraint_holds
from workflow.imports.resources import EntityResource
from workflow.imports.validation import CONSTRAINTS

from ..factories import EntityFactory, assess
from ..importing import (
    CONFIRM_URL,
    another_row,
    confirm,
    csv_upload,
    draft_entity,
    export,
    import_file,
    make_user,
    preview,
    read_csv,
    row_errors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch):
    """Two rows a batch, so that a few rows cross batch boundaries."""
    monkeypatch.setattr(EntityResource._meta, "batch_size", 2)


def village_rows(count, **values):
    return [
        another_row(f"Ban Huai Village Enterprise {n:03d}", sdgs="1, 8, 15", **values)
        for n in range(count)
    ]


# --- what a batch writes ------------------------------------------------------------


def test_a_batched_import_writes_every_record_with_its_history_by_the_user(
    client, researcher, small_batches
):
    import_file(client, csv_upload(village_rows(5)))

    entities = list(Entity.objects.order_by("pk"))
    assert len(entities) == 5
    assert Assessment.objects.count() == 5
    assert Score.objects.count() == 35
    for model, count in ((Entity, 5), (Assessment, 5), (Score, 35)):
        history = model.history.all()
        assert history.count() == count  # one creation row per record
        assert {(h.history_type, h.history_user, h.history_change_reason) for h in history} == {
            ("+", researcher, None)
        }
    # The entity's history row carries its SDGs, as simple-history records them.
    record = entities[0].history.get()
    assert sorted(record.sdgs.values_list("sustainabledevelopmentgoal_id", flat=True)) == [
        1,
        8,
        15,
    ]
    assert sorted(entities[0].sdgs.values_list("number", flat=True)) == [1, 8, 15]


def test_bulk_created_records_get_a_version_and_their_search_copies(
    client, researcher, small_batches
):
    rows = village_rows(3)
    for number, row in enumerate(rows):
        row["name_local"] = f"วิสาหกิจชุมชน {number}"
    import_file(client, csv_upload(rows))

    for entity in Entity.objects.all():
        assert entity.version > 0  # as django-concurrency sets it on a first save
        assert entity.name_key == name_key(entity.name)
        assert entity.name_local_key == name_key(entity.name_local)
        assert normalise(entity.name) in entity.search_text
    assert all(assessment.version > 0 for assessment in Assessment.objects.all())


def test_an_update_by_import_moves_the_versions_and_records_the_change(client, researcher):
    entity = draft_entity(name="Ban Mae Tha Homestay", name_local="โฮมสเตย์บ้านแม่ทา")
    draft = assess(entity, [3, 3, 2, 2, 1, 1, 2], status=Assessment.Status.DRAFT)
    entity.refresh_from_db()
    draft.refresh_from_db()
    versions = entity.version, draft.version
    rows = read_csv(export(client).content)
    rows[0].update(name="Ban Mae Tha Community Homestay", name_local="โฮมสเตย์ชุมชนบ้านแม่ทา")
    rows[0].update(region="TH-50", score_autonomy="3")

    import_file(client, csv_upload(rows))

    entity.refresh_from_db()
    draft.refresh_from_db()
    assert entity.version != versions[0] and draft.version != versions[1]
    # The search copies follow the new names (bulk_update runs no pre_save).
    assert entity.name_key == "banmaethacommunityhomestay"
    assert entity.name_local_key == name_key("โฮมสเตย์ชุมชนบ้านแม่ทา")
    assert "ban mae tha community homestay" in entity.search_text
    assert entity.region_id == "TH-50"
    change = entity.history.first()
    assert (change.history_type, change.history_user, change.name) == (
        "~",
        researcher,
        "Ban Mae Tha Community Homestay",
    )
    assert draft.history.first().history_type == "~"
    autonomy = Score.objects.get(assessment=draft, feature_id="autonomy")
    assert autonomy.score == 3
    assert [h.history_type for h in autonomy.history.order_by("history_id")] == ["+", "~"]
    # Unchanged scores get no history row.
    assert Score.history.filter(assessment_id=draft.pk, history_type="~").count() == 1
    # The version now stored is the one an export gives, and a form would check.
    assert read_csv(export(client).content)[0]["version"] == str(entity.version)


# --- lost updates ---------------------------------------------------------------------


def exported_then_changed(client):
    """A file exported before someone else changed its entity."""
    entity = draft_entity(name="Ban Don Weaving Group")
    rows = read_csv(export(client).content)
    assert rows[0]["version"] == str(entity.version)
    entity.description = "Changed by a colleague after the export."
    entity.save()
    rows[0]["locality"] = "Ban Don, Mae Rim"
    return entity, rows


def test_a_row_exported_before_its_entity_changed_is_refused(client, researcher):
    entity, rows = exported_then_changed(client)

    response = preview(client, csv_upload(rows))

    [(row, column, message)] = row_errors(response)
    assert (row, column) == (2, "version")
    assert message.startswith("This record changed since it was exported")
    assert "export it again" in message
    entity.refresh_from_db()
    assert entity.description == "Changed by a colleague after the export."


def test_a_row_with_the_current_version_or_none_imports(client, researcher):
    entity, rows = exported_then_changed(client)
    fresh = read_csv(export(client).content)
    fresh[0]["locality"] = "Ban Don, Mae Rim"
    import_file(client, csv_upload(fresh))
    entity.refresh_from_db()
    assert (entity.locality, entity.description) == (
        "Ban Don, Mae Rim",
        "Changed by a colleague after the export.",
    )

    # Without a version, a row is taken as it is, as before the column existed.
    rows[0].update(version="", locality="Mae Rim")
    import_file(client, csv_upload(rows))
    entity.refresh_from_db()
    assert entity.locality == "Mae Rim"


def test_a_version_a_spreadsheet_rounded_is_refused_with_a_hint(client, researcher):
    draft_entity(name="Ban Don Weaving Group")
    rows = read_csv(export(client).content)
    rows[0].update(version="8.41E+14", locality="Mae Rim")

    [(row, column, message)] = row_errors(preview(client, csv_upload(rows)))

    assert (row, column) == (2, "version")
    assert "export the file again as .xlsx" in message


def test_a_change_between_preview_and_confirmation_is_refused(client, researcher):
    entity = draft_entity(name="Ban Don Weaving Group")
    rows = read_csv(export(client).content)
    rows[0]["locality"] = "Ban Don, Mae Rim"
    previewed = preview(client, csv_upload(rows))
    entity.description = "Saved while the preview was open."
    entity.save()

    response = confirm(client, previewed)

    assert response.status_code == 200
    assert [(row, column) for row, column, _ in row_errors(response)] == [(2, "version")]
    entity.refresh_from_db()
    assert entity.locality == ""


# --- cached figures ----------------------------------------------------------------------


def test_changing_a_published_entity_moves_the_published_data_on(client, monkeypatch):
    calls = []
    monkeypatch.setattr(writing, "published_data_changed", lambda: calls.append(1))
    entity = EntityFactory(name="Ban Nong Bua Rice Cooperative")
    client.force_login(make_user("Reviewer"))
    rows = read_csv(export(client).content)

    import_file(client, csv_upload([another_row("Ban Pa Daeng Tea Group")]))
    assert calls == []  # new rows are drafts: nothing public changed

    rows[0]["description"] = "Forty members."
    import_file(client, csv_upload(rows))
    assert calls == [1]
    entity.refresh_from_db()
    assert entity.description == "Forty members."


# --- cost -------------------------------------------------------------------------------


def confirm_queries(client, rows):
    previewed = preview(client, csv_upload(rows))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(CONFIRM_URL, previewed.context["confirm_form"].initial)
    assert response.status_code == 302, row_errors(response)
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(client, researcher):
    few = confirm_queries(client, village_rows(20))
    Entity.objects.all().delete()
    many = confirm_queries(client, village_rows(60))
    # Forty more rows of nine records each: saved one by one, some 1,500 more
    # queries; in a batch, none on PostgreSQL, and on SQLite the few more
    # INSERTs that its limit of parameters a statement asks for.
    assert many - few <= 10


def test_the_constraints_checked_together_agree_with_django():
    samples = {
        "region": [None, "TH-50", "VN-HN"],
        "country": ["TH", "VN"],
        "women_share": [None, 0, 100, 101],
        "year_established": [None, 1799, 1800, 2100, 2101],
        "registered": [True, False, None],
        "registration_number": ["", "5-50", "x_%\\"],
    }
    for constraint in CONSTRAINTS.values():
        fields = constrained_fields(Entity, constraint)
        rows = list(itertools.product(*(samples[field.name] for field in fields)))
        verdicts = constraint_holds(Entity, constraint, rows)
        for values in rows:
            entity = Entity(**{field.attname: v for field, v in zip(fields, values, strict=True)})
            try:
                constraint.validate(Entity, entity)
                holds = True
            except ValidationError:
                holds = False
            assert verdicts[values] == holds, (constraint.name, values)
