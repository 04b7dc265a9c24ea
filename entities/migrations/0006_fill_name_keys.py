"""Fill the duplicate-check keys of entities that existed before them."""

from django.db import migrations

from entities.search import name_key


def fill(apps, schema_editor):
    Entity = apps.get_model("entities", "Entity")
    batch = []
    for entity in Entity.objects.only("name", "name_local").iterator(chunk_size=5000):
        entity.name_key = name_key(entity.name)[:255]
        entity.name_local_key = name_key(entity.name_local)[:255]
        batch.append(entity)
        if len(batch) == 5000:
            Entity.objects.bulk_update(batch, ["name_key", "name_local_key"])
            batch = []
    Entity.objects.bulk_update(batch, ["name_key", "name_local_key"])


class Migration(migrations.Migration):
    dependencies = [("entities", "0005_history_and_workflow_fields")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
