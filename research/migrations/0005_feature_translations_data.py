"""Fill the features' translation columns: the English texts as they are now,
and the Thai and Vietnamese names from _features_data.py. Every other text
stays empty and falls back to English."""

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
TRANSLATED_NAMES = ("th", "vi")


def fill(apps, schema_editor):
    Feature = apps.get_model("research", "Feature")
    names = {row["code"]: row for row in FEATURES}
    features = list(Feature.objects.all())
    for feature in features:
        for field in TEXT_FIELDS:
            setattr(feature, f"{field}_en", getattr(feature, field))
        row = names.get(feature.code, {})
        for language in TRANSLATED_NAMES:
            setattr(feature, f"name_{language}", row.get(f"name_{language}") or None)
    Feature.objects.bulk_update(
        features,
        [f"{field}_en" for field in TEXT_FIELDS]
        + [f"name_{language}" for language in TRANSLATED_NAMES],
    )


def unfill(apps, schema_editor):
    # The untranslated columns get the English texts back, including edits made
    # since, whichever language they were saved in.
    Feature = apps.get_model("research", "Feature")
    features = list(Feature.objects.all())
    for feature in features:
        for field in TEXT_FIELDS:
            english = getattr(feature, f"{field}_en")
            if english:
                setattr(feature, field, english)
    Feature.objects.bulk_update(features, TEXT_FIELDS)


class Migration(migrations.Migration):
    dependencies = [("research", "0004_feature_translations")]

    operations = [migrations.RunPython(fill, unfill)]
