"""Names refuse zero-width and text-direction characters from now on, and
search sets them aside: the search copy of an entity stored with one is
made again without it. (The duplicate-check keys always kept letters and
digits only, so they need nothing.) A name that holds one keeps it until
someone edits the entity, when the form asks for it to be removed."""

from django.db import migrations, models
from django.db.models import Q

from entities.search import INVISIBLE, normalise, refuse_invisible

SOURCE_FIELDS = ("name", "name_local", "locality", "description")
BATCH = 5000


def search_text_without_invisible(apps, schema_editor):
    Entity = apps.get_model("entities", "Entity")
    holding = Q()
    for char in INVISIBLE:
        holding |= Q(search_text__contains=char)
    batch = []
    for entity in Entity.objects.filter(holding).only(*SOURCE_FIELDS).iterator(BATCH):
        entity.search_text = normalise(
            " ".join(getattr(entity, field) or "" for field in SOURCE_FIELDS)
        )
        batch.append(entity)
        if len(batch) == BATCH:
            Entity.objects.bulk_update(batch, ["search_text"])
            batch = []
    Entity.objects.bulk_update(batch, ["search_text"])


def name_field():
    return models.CharField(max_length=255, validators=[refuse_invisible], verbose_name="name")


def name_local_field():
    return models.CharField(
        blank=True,
        help_text="Khmer, Kyrgyz or Mongolian Cyrillic, Thai, Vietnamese…",
        max_length=255,
        validators=[refuse_invisible],
        verbose_name="name in the local script",
    )


class Migration(migrations.Migration):
    dependencies = [("entities", "0009_tapestry_indexes")]

    operations = [
        migrations.AlterField(model_name="entity", name="name", field=name_field()),
        migrations.AlterField(model_name="entity", name="name_local", field=name_local_field()),
        migrations.AlterField(model_name="historicalentity", name="name", field=name_field()),
        migrations.AlterField(
            model_name="historicalentity", name="name_local", field=name_local_field()
        ),
        # Back: the copies without the characters match what the older
        # release searched for just as well; nothing to undo.
        migrations.RunPython(search_text_without_invisible, migrations.RunPython.noop),
    ]
