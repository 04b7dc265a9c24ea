"""Indexes for a registry of a million entities (docs/performance.md).

On a large registry this migration takes a while: on PostgreSQL, at 1,000,000
entities, about a minute for the three indexes on this 2-core machine, during
which writes to entities wait. The trigram index exists on PostgreSQL only
(pg_trgm, a trusted extension that the database's owner may create): it lets
the text search (`search_text LIKE '%word%'`) find rare words without reading
every row. SQLite has no such index and reads them all, which suits its size.
"""

from django.db import migrations, models

TRIGRAM_INDEX = "entity_search_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON entities_entity "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("entities", "0006_fill_name_keys")]

    operations = [
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["name", "id"], name="entity_name_id_idx"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["country", "name", "id"], name="entity_country_name_idx"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
