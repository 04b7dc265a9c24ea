"""Seed the seven SSE features with their definitions and guidance."""

from django.db import migrations

from ._features_data import FEATURES

TEXT_FIELDS = (
    "name",
    "definition",
    "guidance_absent",
    "guidance_emerging",
    "guidance_substantial",
    "guidance_full",
    "adoption_guidance",
)


def load(apps, schema_editor):
    Feature = apps.get_model("research", "Feature")
    Feature.objects.bulk_create(
        Feature(
            code=row["code"],
            position=row["position"],
            **{field: row[field] for field in TEXT_FIELDS},
        )
        for row in FEATURES
    )


def unload(apps, schema_editor):
    apps.get_model("research", "Feature").objects.filter(
        code__in=[row["code"] for row in FEATURES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
