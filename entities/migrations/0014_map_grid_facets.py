"""The map's grid by facets: a row holds the entities of one value of one
filter (a sector, a feature lacking, …) in place of a column for each
feature lacking. The rows are derived and counted again (entities.map_grid),
so the old ones are simply dropped."""

from django.db import migrations, models


def forget_the_rows(apps, schema_editor):
    apps.get_model("entities", "MapGridCell").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0013_map_grid"),
    ]

    operations = [
        migrations.RunPython(forget_the_rows, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="mapgridcell", name="map_grid_cell_idx"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_economic_activity"),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_economic_activity_practising_all"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_economic_activity_assessed"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_economic_activity_latitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_economic_activity_longitude_sum"
        ),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_economic_activity_first"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_collective_interest"),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_collective_interest_practising_all"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_collective_interest_assessed"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_collective_interest_latitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_collective_interest_longitude_sum"
        ),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_collective_interest_first"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_voluntary_cooperation"),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_voluntary_cooperation_practising_all"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_voluntary_cooperation_assessed"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_voluntary_cooperation_latitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_voluntary_cooperation_longitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_voluntary_cooperation_first"
        ),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid_practising_all"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid_assessed"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid_latitude_sum"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid_longitude_sum"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_mutual_aid_first"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_democratic_governance"),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_democratic_governance_practising_all"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_democratic_governance_assessed"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_democratic_governance_latitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_democratic_governance_longitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_democratic_governance_first"
        ),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy_practising_all"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy_assessed"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy_latitude_sum"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy_longitude_sum"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_autonomy_first"),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_people_over_capital"),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_people_over_capital_practising_all"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_people_over_capital_assessed"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_people_over_capital_latitude_sum"
        ),
        migrations.RemoveField(
            model_name="mapgridcell", name="lacking_people_over_capital_longitude_sum"
        ),
        migrations.RemoveField(model_name="mapgridcell", name="lacking_people_over_capital_first"),
        migrations.AddField(
            model_name="mapgridcell",
            name="facet",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="mapgridcell",
            name="value",
            field=models.CharField(default="", max_length=40),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="mapgridcell",
            index=models.Index(
                fields=["level", "facet", "value", "row", "column"], name="map_grid_cell_idx"
            ),
        ),
    ]
