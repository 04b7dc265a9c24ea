"""Covering indexes for the map's cells (entities.map_cells.cells): the
published entities with coordinates by (latitude, longitude), and those
without by region, each carrying the columns a cell counts (id, band,
features practised) and the commonest filters (country, entity type), so
that PostgreSQL answers a map from the index alone. The first replaces the
plain coordinates index of 0011. SQLite has no covering indexes and builds
them on the key columns alone (entities.indexes.CoveringIndex)."""

from django.db import migrations, models

from entities.indexes import CoveringIndex

CELL_COLUMNS = ("id", "band", "features_practised", "country", "entity_type")


class Migration(migrations.Migration):
    dependencies = [("entities", "0011_entity_coordinates")]

    operations = [
        migrations.RemoveIndex(model_name="entity", name="entity_published_coords_idx"),
        migrations.AddIndex(
            model_name="entity",
            index=CoveringIndex(
                condition=models.Q(("status", "published"), ("latitude__isnull", False)),
                fields=["latitude", "longitude"],
                covering=CELL_COLUMNS,
                name="entity_published_cells_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=CoveringIndex(
                condition=models.Q(("status", "published"), ("latitude__isnull", True)),
                fields=["region"],
                covering=CELL_COLUMNS,
                name="entity_published_no_coords_idx",
            ),
        ),
    ]
