"""Reading a file's rows into entities and their sheets: the records each row
names, its values with each column's error, and what it changes."""

from collections import defaultdict
from contextlib import suppress

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entities.models import Entity

from .columns import ASSESSMENT_COLUMNS, ENTITY_COLUMNS
from .duplicate_checks import described, website_of
from .sheets import IDENTITY_COLUMNS, IDENTITY_FIELDS, load_named, new_entity
from .validation import CONSTRAINED_FIELDS
from .widgets import comparable, is_blank

# The columns read ahead: what the likely duplicates and the constraints need.
READ_AHEAD_COLUMNS = list(
    dict.fromkeys(
        [
            *IDENTITY_COLUMNS,
            *(field.name for fields in CONSTRAINED_FIELDS.values() for field in fields),
        ]
    )
)


def settle_precision(entity, row):
    """A row that gives no precision: "locality" for coordinates (the likeliest:
    a researcher knows the village), none without them. A file without the
    column keeps the stored precision of coordinates that stay."""
    if not is_blank(row.get("location_precision")):
        return
    has_coordinates = entity.latitude is not None and entity.longitude is not None
    if has_coordinates:
        if "location_precision" in row or not entity.location_precision:
            entity.location_precision = Entity.LocationPrecision.LOCALITY
    elif entity.latitude is None and entity.longitude is None:
        entity.location_precision = ""


class RowReading:
    """``fields``: the resource's fields by column; ``import_fields``: those
    read, in the sheet's order."""

    def __init__(self, fields, import_fields):
        self.fields = fields
        self.import_fields = import_fields
        self.entity_fields = [
            field
            for field in import_fields
            if field.column_name in ENTITY_COLUMNS and not field.readonly
        ]
        self.existing = {}
        self.seen_ids = {}  # entity id -> row it appeared in

    def load(self, dataset, user, lock):
        """The entities the file names by id, in the user's countries."""
        ids = set()
        if "id" in dataset.headers:
            for value in dataset["id"]:
                with suppress(ValueError):  # reported on its row
                    ids.add(self.fields["id"].widget.clean(value))
        self.existing = load_named(ids - {None}, user, lock)

    def read_ahead(self, dataset):
        """Read the file once for the values whose checks need the database:
        (the identities of the new or renamed entities, as the likely
        duplicates are looked up; {constraint name: the distinct sets of
        values it constrains})."""
        blank = Entity()
        identities, constrained = set(), defaultdict(set)
        for values in dataset:
            row = dict(zip(dataset.headers, values, strict=False))
            try:
                pk = self.fields["id"].widget.clean(row.get("id"))
                confirmed = self.fields["confirmed_distinct"].widget.clean(
                    row.get("confirmed_distinct")
                )
                entity = self.existing[pk] if pk else blank
                # As read() will set them: a missing column keeps the stored value.
                read = {
                    self.fields[column].attribute: self.fields[column].widget.clean(row[column])
                    if column in row
                    else getattr(entity, self.fields[column].attribute)
                    for column in READ_AHEAD_COLUMNS
                }
            except (ValueError, KeyError):
                continue  # an error on its row
            identity = tuple(read[name] for name in IDENTITY_FIELDS)
            if not confirmed and (entity is blank or identity != entity.sheet.identity):
                identities.add((*described(identity), website_of(identity), pk))
            for name, fields in CONSTRAINED_FIELDS.items():
                constrained[name].add(tuple(read[field.attname] for field in fields))
        return identities, constrained

    def instance(self, row, row_number):
        """(the row's entity, whether it is new): a stored one when it names one."""
        try:
            pk = self.fields["id"].widget.clean(row.get("id"))
        except ValueError as error:
            raise ValidationError({"id": str(error)}) from None
        if pk is None:
            return new_entity(), True
        if pk in self.seen_ids:
            raise ValidationError(
                {"id": _("This entity is already in row %(row)s.") % {"row": self.seen_ids[pk]}}
            )
        entity = self.existing.get(pk)
        if entity is None:
            # The same words whether it does not exist or is another country's.
            message = _("No entity with id %(id)s in your countries.") % {"id": pk}
            raise ValidationError({"id": message})
        self.seen_ids[pk] = row_number
        # What unchanged() compares the row with.
        entity.sheet.stored_values = self.entity_values(entity)
        return entity, False

    def read(self, instance, row, **kwargs):
        """Set the row's values, collecting each column's error under its name."""
        errors = {}
        for field in self.import_fields:
            if field.readonly or field.column_name not in row:
                continue
            try:
                field.save(instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
        if "location_precision" not in errors:
            settle_precision(instance, row)
        sheet = instance.sheet
        sheet.has_assessment = any(not is_blank(row.get(column)) for column in ASSESSMENT_COLUMNS)
        if not sheet.has_assessment:
            # No assessment in this row: the stored one stays as it is.
            sheet.set_assessment_values(sheet.stored)
        try:
            self.check_version(instance, row)
        except ValidationError as error:
            errors["version"] = error
        if errors:
            raise ValidationError(errors)

    def check_version(self, entity, row):
        """Refuse a row exported from an older version of its entity: writing
        it would undo the changes made since (a lost update)."""
        try:
            exported = self.fields["version"].widget.clean(row.get("version"))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        if exported is not None and entity.pk is not None and exported != entity.version:
            raise ValidationError(
                _(
                    "This record changed since it was exported (someone saved it after you "
                    "exported your file): export it again and redo your changes in the new "
                    "file, or clear its version to overwrite those changes."
                ),
                code="stale",
            )

    def unchanged(self, instance, import_errors):
        """Whether the entity's fields and the latest assessment equal what is
        stored; notes on the sheet what changed."""
        sheet = instance.sheet
        if instance.pk is None:
            sheet.entity_changed = True
        else:
            values = self.entity_values(instance)
            sheet.entity_changed = values != sheet.stored_values
            # The model's fields among them, for the writer to update (the SDGs
            # are the sheet's).
            sheet.changed_fields = [
                field.attribute
                for field, value, stored in zip(
                    self.entity_fields, values, sheet.stored_values, strict=True
                )
                if value != stored and "__" not in field.attribute
            ]
        sheet.assessment_changed = sheet.has_assessment and (
            sheet.assessment is None
            or {key: comparable(value) for key, value in sheet.assessment_values().items()}
            != {key: comparable(value) for key, value in sheet.stored.items()}
        )
        if import_errors:
            return False
        return not (sheet.entity_changed or sheet.assessment_changed)

    def entity_values(self, entity):
        return [comparable(field.get_value(entity)) for field in self.entity_fields]
