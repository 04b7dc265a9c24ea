"""Whether an entity is registered becomes yes, no or unknown (null): many
sources do not say, and "no" was then recorded for them. The stored answers
keep their values (true: yes, false: no), in the entity, its history and the
releases' frozen rows; only new rows default to unknown. The registration
number's check is written anew so that unknown, like no, takes no number (a
check whose condition is null would let the row pass). Migrating back makes
unknown "no"."""

from django.db import migrations, models

HELP = "Legally registered: yes, no, or unknown when the sources do not say."


def unknown_to_no(apps, schema_editor):
    """Going back: the field takes no unknown, so unknown becomes no."""
    for name in ("Entity", "HistoricalEntity", "ReleasedEntity"):
        model = apps.get_model("entities", name)
        model._base_manager.filter(registered__isnull=True).update(registered=False)


def registered_field():
    return models.BooleanField(
        blank=True, default=None, help_text=HELP, null=True, verbose_name="registered"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0023_murmurations_notice"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="entity",
            name="entity_registration_number_needs_registered",
        ),
        migrations.AlterField(
            model_name="entity",
            name="registered",
            field=registered_field(),
        ),
        migrations.AlterField(
            model_name="historicalentity",
            name="registered",
            field=registered_field(),
        ),
        migrations.AlterField(
            model_name="releasedentity",
            name="registered",
            field=models.BooleanField(null=True),
        ),
        # Only when migrating back, before the fields lose their nulls.
        migrations.RunPython(migrations.RunPython.noop, unknown_to_no),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("registered", True), ("registered__isnull", False)),
                    ("registration_number", ""),
                    _connector="OR",
                ),
                name="entity_registration_number_needs_registered",
                violation_error_message=(
                    "A registration number is only recorded for a registered entity."
                ),
            ),
        ),
    ]
