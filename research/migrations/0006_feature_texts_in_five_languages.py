"""Fill the features' texts in Khmer, Kyrgyz, Mongolian, Thai and Vietnamese
from _feature_texts_<language>.py. A text already written in the admin is
kept; the Thai and Vietnamese names 0005 filled give way to the new ones."""

import importlib

from django.db import migrations

from ._features_data import FEATURES

LANGUAGES = ("km", "ky", "mn", "th", "vi")
TEXT_FIELDS = (
    "name",
    "definition",
    "guidance_absent",
    "guidance_emerging",
    "guidance_substantial",
    "guidance_full",
    "adoption_guidance",
)


def fill(apps, schema_editor):
    Feature = apps.get_model("research", "Feature")
    earlier = {row["code"]: row for row in FEATURES}  # the names 0005 filled
    files = {
        language: importlib.import_module(f"{__package__}._feature_texts_{language}").FEATURES
        for language in LANGUAGES
    }
    features = list(Feature.objects.all())
    for feature in features:
        for language, texts in files.items():
            for field, text in texts.get(feature.code, {}).items():
                column = f"{field}_{language}"
                current = getattr(feature, column)
                replaceable = not current or current == earlier.get(feature.code, {}).get(column)
                if replaceable and text and text != getattr(feature, f"{field}_en"):
                    setattr(feature, column, text)
    Feature.objects.bulk_update(
        features, [f"{field}_{language}" for field in TEXT_FIELDS for language in LANGUAGES]
    )


class Migration(migrations.Migration):
    dependencies = [("research", "0005_feature_translations_data")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
