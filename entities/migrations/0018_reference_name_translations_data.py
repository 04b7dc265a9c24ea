"""Fill the reference data's translation columns: English as the names are
now, and each language's names from _reference_names_<language>.py. A
column already holding a name (one written in the admin) is kept; a
translation equal to the English is not stored (it falls back)."""

import importlib

from django.db import migrations

LANGUAGES = ("km", "ky", "mn", "th", "vi")
# model, its names in the files, the translated fields
TABLES = (
    ("Country", "COUNTRIES", ("name",)),
    ("EntityType", "ENTITY_TYPES", ("name", "description")),
    ("Sector", "SECTORS", ("name",)),
    ("SustainableDevelopmentGoal", "SDGS", ("name",)),
)


def names(language):
    return importlib.import_module(f"{__package__}._reference_names_{language}")


def fill(apps, schema_editor):
    files = {language: names(language) for language in LANGUAGES}
    for model_name, table, fields in TABLES:
        model = apps.get_model("entities", model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                english = getattr(row, field)
                setattr(row, f"{field}_en", getattr(row, f"{field}_en") or english)
                for language, file in files.items():
                    translated = getattr(file, table).get(row.pk)
                    if isinstance(translated, dict):
                        translated = translated.get(field)
                    column = f"{field}_{language}"
                    if not getattr(row, column) and translated and translated != english:
                        setattr(row, column, translated)
        model.objects.bulk_update(
            rows,
            [f"{field}_{language}" for field in fields for language in ("en", *LANGUAGES)],
        )


class Migration(migrations.Migration):
    dependencies = [("entities", "0017_reference_name_translations")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
