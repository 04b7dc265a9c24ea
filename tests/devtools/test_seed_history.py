"""seed_demo writes the history of everything it creates, as a save would
(one creation row each), and fills the columns a save derives."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from devtools.demo.generator import DemoGenerator
from devtools.demo.writing import BatchWriter
from entities.models import Entity
from entities.search import name_key
from research.models import Assessment, Score

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HistoricalEntity = Entity.history.model
HistoricalEntitySdgs = HistoricalEntity.sdgs.model
HistoricalAssessment = Assessment.history.model
HistoricalScore = Score.history.model
HISTORY_MODELS = (HistoricalEntity, HistoricalEntitySdgs, HistoricalAssessment, HistoricalScore)


def seed(entities, **options):
    call_command("seed_demo", entities=entities, stdout=StringIO(), **options)


def tracked_values(historical, obj):
    return {field.attname: getattr(obj, field.attname) for field in historical.tracked_fields}


def assert_one_creation_row_each(model, created_at):
    """Each row of ``model`` has exactly one history row: its creation, with
    the row's own values, dated ``created_at(row)``, by nobody, as demo data."""
    historical = model.history.model
    rows = {obj.pk: obj for obj in model.objects.all()}
    history = list(historical.objects.all())
    assert rows
    assert sorted(record.id for record in history) == sorted(rows)
    for record in history:
        obj = rows[record.id]
        assert record.history_type == "+"
        assert record.history_user_id is None
        assert record.history_change_reason == "demo data"
        assert record.history_date == created_at(obj)
        assert tracked_values(historical, record) == tracked_values(historical, obj)


def test_every_entity_has_its_creation_in_the_history():
    seed(40, batch_size=15)
    assert_one_creation_row_each(Entity, lambda entity: entity.created_at)
    record = HistoricalEntity.objects.order_by("id").first()
    entity = Entity.objects.order_by("id").first()
    assert (record.name, record.status, record.is_demo) == (entity.name, entity.status, True)


def test_every_assessment_and_score_has_its_creation_in_the_history():
    seed(40, batch_size=15)
    assert_one_creation_row_each(Assessment, lambda assessment: assessment.created_at)
    created = dict(Assessment.objects.values_list("pk", "created_at"))
    assert_one_creation_row_each(Score, lambda score: created[score.assessment_id])
    assert HistoricalScore.objects.count() == 7 * Assessment.objects.count()


def test_the_creation_history_holds_each_entitys_sdgs():
    seed(40, batch_size=15)
    links = Entity.sdgs.through.objects.values_list(
        "id", "entity_id", "sustainabledevelopmentgoal"
    )
    history = HistoricalEntitySdgs.objects.values_list(
        "id", "entity_id", "sustainabledevelopmentgoal", "history__id"
    )
    assert sorted(links) == sorted((id_, entity, goal) for id_, entity, goal, _ in history)
    assert all(entity == history_of for _, entity, _, history_of in history)
    entity = Entity.objects.filter(sdgs__isnull=False).first()
    record = entity.history.get()
    assert sorted(record.sdgs.values_list("sustainabledevelopmentgoal", flat=True)) == sorted(
        entity.sdgs.values_list("number", flat=True)
    )


def test_demo_entities_have_their_name_keys():
    seed(40, batch_size=15)
    for name, name_local, key, local_key in Entity.objects.values_list(
        "name", "name_local", "name_key", "name_local_key"
    ):
        assert key and key == name_key(name)
        assert local_key and local_key == name_key(name_local)


def test_a_demo_entity_can_be_edited_and_the_change_is_recorded():
    seed(3)
    entity = Entity.objects.order_by("pk").first()
    entity.locality = "Somewhere else"
    entity.save()  # passes the version check
    assert list(entity.history.values_list("history_type", flat=True)) == ["~", "+"]


def test_if_empty_adds_neither_rows_nor_history():
    seed(5)
    counts = [model.objects.count() for model in HISTORY_MODELS]
    seed(50, if_empty=True)
    assert Entity.objects.count() == 5
    assert [model.objects.count() for model in HISTORY_MODELS] == counts


def test_a_batch_that_fails_leaves_neither_rows_nor_history():
    generator = DemoGenerator(seed=1)
    good = [generator.row() for _ in range(3)]
    bad = [generator.row() for _ in range(3)]
    bad[1].entity.status = "lost"  # refused by entity_status_valid
    with pytest.raises(IntegrityError), BatchWriter() as writer:
        writer.write(good)
        writer.write(bad)
    assert Entity.objects.count() == HistoricalEntity.objects.count() == 3
    assert Score.objects.count() == HistoricalScore.objects.count()
