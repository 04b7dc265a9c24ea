"""Partial indexes for the tapestry: each group (a country, an entity type) in
its order, most features practised first, so a page is read along an index
instead of sorting every filtered entity (docs/performance.md)."""

from django.db import migrations, models

from entities.indexes import NullsLastIndex


class Migration(migrations.Migration):
    dependencies = [("entities", "0008_published_list_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="entity",
            index=NullsLastIndex(
                models.F("country"),
                models.OrderBy(models.F("features_practised"), descending=True, nulls_last=True),
                models.F("name"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="entity_tapestry_country_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=NullsLastIndex(
                models.F("entity_type"),
                models.OrderBy(models.F("features_practised"), descending=True, nulls_last=True),
                models.F("name"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="entity_tapestry_type_idx",
            ),
        ),
    ]
