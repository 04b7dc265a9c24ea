"""Where an entity is: its latitude and longitude (decimal degrees, six
places) and how precise they are (an exact address, a locality, the region's
centre), all empty until someone gives them. The database refuses a latitude
outside -90..90, a longitude outside -180..180, half a pair, and a precision
without coordinates or coordinates without one. A partial B-tree index on
(latitude, longitude) of the published entities that have coordinates serves
the map, which groups them into a grid in SQL. Adding the columns rewrites no
table on PostgreSQL (nullable columns, a constant default); each constraint
and the index read the table once."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0010_names_without_invisible_characters"),
    ]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, -90 to 90: north of the equator is positive.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        -90,
                        message="The latitude must be between -90 and 90 (degrees north of the equator; south is negative).",
                    ),
                    django.core.validators.MaxValueValidator(
                        90,
                        message="The latitude must be between -90 and 90 (degrees north of the equator; south is negative).",
                    ),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="entity",
            name="location_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("exact", "Exact address"),
                    ("locality", "Locality"),
                    ("region", "Region's centre"),
                ],
                help_text="What the coordinates mark: the exact address, the locality (village, town or district), or only the region's centre. Blank when there are no coordinates.",
                max_length=10,
                verbose_name="precision of the location",
            ),
        ),
        migrations.AddField(
            model_name="entity",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, -180 to 180: east of Greenwich is positive.",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        -180,
                        message="The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative).",
                    ),
                    django.core.validators.MaxValueValidator(
                        180,
                        message="The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative).",
                    ),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AddField(
            model_name="historicalentity",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, -90 to 90: north of the equator is positive.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        -90,
                        message="The latitude must be between -90 and 90 (degrees north of the equator; south is negative).",
                    ),
                    django.core.validators.MaxValueValidator(
                        90,
                        message="The latitude must be between -90 and 90 (degrees north of the equator; south is negative).",
                    ),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="historicalentity",
            name="location_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("exact", "Exact address"),
                    ("locality", "Locality"),
                    ("region", "Region's centre"),
                ],
                help_text="What the coordinates mark: the exact address, the locality (village, town or district), or only the region's centre. Blank when there are no coordinates.",
                max_length=10,
                verbose_name="precision of the location",
            ),
        ),
        migrations.AddField(
            model_name="historicalentity",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, -180 to 180: east of Greenwich is positive.",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        -180,
                        message="The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative).",
                    ),
                    django.core.validators.MaxValueValidator(
                        180,
                        message="The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative).",
                    ),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(
                condition=models.Q(("status", "published"), ("latitude__isnull", False)),
                fields=["latitude", "longitude"],
                name="entity_published_coords_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("latitude__isnull", True), ("latitude__range", (-90, 90)), _connector="OR"
                ),
                name="entity_latitude_range",
                violation_error_message="The latitude must be between -90 and 90 (degrees north of the equator; south is negative).",
            ),
        ),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("longitude__isnull", True), ("longitude__range", (-180, 180)), _connector="OR"
                ),
                name="entity_longitude_range",
                violation_error_message="The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative).",
            ),
        ),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                    models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                    _connector="OR",
                ),
                name="entity_coordinates_pair",
                violation_error_message="Give both the latitude and the longitude, or neither.",
            ),
        ),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("latitude__isnull", True), ("location_precision", "")),
                    models.Q(
                        ("latitude__isnull", False),
                        ("location_precision__in", ["exact", "locality", "region"]),
                    ),
                    _connector="OR",
                ),
                name="entity_location_precision_with_coordinates",
                violation_error_message="Give the precision of the location with the coordinates, and only with them.",
            ),
        ),
    ]
