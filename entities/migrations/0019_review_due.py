"""How many months until a country's records fall due for review, and each
entity's copy of its current assessment's date, which the review filters read."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_current_assessed_on(apps, schema_editor):
    """Each entity's copy of its current assessment's date, in one UPDATE."""
    Entity = apps.get_model("entities", "Entity")
    Assessment = apps.get_model("research", "Assessment")
    Entity.objects.filter(current_assessment__isnull=False).update(
        current_assessed_on=Subquery(
            Assessment.objects.filter(pk=OuterRef("current_assessment_id")).values("assessed_on")
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0018_reference_name_translations_data"),
        ("research", "0006_feature_texts_in_five_languages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="review_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How many months after its assessment a published record of this country is due for review. Blank: the registry's default.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="months until review",
            ),
        ),
        migrations.AddField(
            model_name="entity",
            name="current_assessed_on",
            field=models.DateField(editable=False, null=True, verbose_name="assessed on"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["current_assessed_on"], name="entity_assessed_idx"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(
                fields=["country", "current_assessed_on"], name="entity_country_assessed_idx"
            ),
        ),
        migrations.RunPython(fill_current_assessed_on, migrations.RunPython.noop),
    ]
