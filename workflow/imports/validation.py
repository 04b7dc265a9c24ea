"""The checks of a new or changed row, each message under its column: the
user's countries and rights, the model's validation and check constraints,
a complete assessment. Likely duplicates are checked by ``duplicate_checks``."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from entities import coordinates, geography
from entities.models import Country, Entity
from research.models import Assessment, Feature
from workflow.rules import can_edit
from workflow.scoping import country_codes, in_scope

from .columns import ENTITY_FIELDS, EXAMPLE_MARKER, evidence_column, is_example_name
from .constraints import constrained_fields, constraint_holds
from .widgets import CodeWidget, is_blank

# Entity fields checked by full_clean(): the model's fields the row sets but
# the reference codes, which their widgets check against the codes loaded
# once per import.
VALIDATED_FIELDS = {
    field.attribute
    for field in ENTITY_FIELDS.values()
    if not field.readonly
    and "__" not in field.attribute
    and not isinstance(field.widget, CodeWidget)
}
ALL_FIELDS = {field.name for field in Entity._meta.fields}
NOT_VALIDATED = ALL_FIELDS - VALIDATED_FIELDS
# The model's check constraints on what a row can set, with the column each
# one's message belongs to. Each holds trivially when its column is blank, so
# it is only checked when the column has a value.
CONSTRAINT_COLUMNS = {
    "entity_region_in_country": "region",
    "entity_registration_number_needs_registered": "registration_number",
    "entity_women_share_percent": "women_share",
    "entity_year_established_range": "year_established",
}
CONSTRAINTS = {c.name: c for c in Entity._meta.constraints if c.name in CONSTRAINT_COLUMNS}
CONSTRAINED_FIELDS = {name: constrained_fields(Entity, c) for name, c in CONSTRAINTS.items()}


def add_error(errors, column, messages):
    if not isinstance(messages, list | tuple):
        messages = [messages]
    errors.setdefault(column, []).extend(messages)


def example_refusal():
    return _(
        "This is the template's example row: delete it, or write one of your entities in "
        "it, without “%(marker)s” at the start of the name."
    ) % {"marker": EXAMPLE_MARKER}


class ConstraintChecks:
    """The check constraints, looked up for the whole file first
    (``look_up``), then read for each row."""

    def __init__(self):
        self.holds = {}  # constraint name -> {values: holds}

    def look_up(self, constrained):
        """``constrained``: {constraint name: the sets of values to check}."""
        self.holds = {
            name: constraint_holds(Entity, CONSTRAINTS[name], rows)
            for name, rows in constrained.items()
        }

    def check(self, entity, errors):
        """Each message under its column; a row whose values were not looked
        up (it should not happen) is looked up on its own."""
        for name, column in CONSTRAINT_COLUMNS.items():
            if (
                column in errors
                or "country" in errors
                or is_blank(getattr(entity, ENTITY_FIELDS[column].attribute))
            ):
                continue
            constraint = CONSTRAINTS[name]
            values = tuple(getattr(entity, field.attname) for field in CONSTRAINED_FIELDS[name])
            # None of a constraint's, when no row could be read ahead (each
            # has a bad value in some column): looked up here too.
            holds = self.holds.get(name, {}).get(values)
            if holds is None:
                holds = constraint_holds(Entity, constraint, [values])[values]
            if not holds:
                add_error(errors, column, constraint.get_violation_error_message())


class RowValidation:
    """What the user may import, and whether the row's values hold."""

    def __init__(self, user, constraints, duplicates):
        self.user = user
        self.feature_names = dict(Feature.objects.values_list("code", "name"))
        self.constraints = constraints
        self.duplicates = duplicates
        # (row, column, message) of the valid rows worth a second look; the
        # import may still proceed.
        self.warnings = []
        self._country_names = None

    def validate(self, entity, import_errors, row_number):
        errors = {}
        for column, messages in (import_errors or {}).items():
            add_error(errors, column, messages)
        sheet = entity.sheet
        if sheet.entity_changed and is_example_name(entity.name) and "name" not in errors:
            add_error(errors, "name", example_refusal())
        if sheet.entity_changed:
            self.check_entity(entity, errors)
        if sheet.assessment_changed:
            self.check_assessment(sheet, errors)
        if errors:
            raise ValidationError(errors)
        if entity.pk is None:
            self.duplicates.add_new_row(row_number, entity)
        if sheet.entity_changed:
            self.check_coordinates(entity, row_number)

    def check_coordinates(self, entity, row_number):
        """A warning for coordinates outside the bounding box of the entity's
        country (for the countries whose boundaries the registry holds): a
        slip of sign or order, most likely, but the row may be imported."""
        latitude, longitude, country = entity.latitude, entity.longitude, entity.country_id
        if latitude is None or longitude is None or geography.country_bbox(country) is None:
            return
        if geography.in_country_bbox(country, latitude, longitude):
            return
        values = {
            "latitude": coordinates.text(latitude),
            "longitude": coordinates.text(longitude),
            "country": self.country_name(country),
        }
        if geography.in_country_bbox(country, longitude, latitude):
            message = _(
                "%(latitude)s, %(longitude)s lies outside %(country)s, but the other way "
                "round it lies inside: are the latitude and the longitude swapped?"
            )
        else:
            message = _(
                "%(latitude)s, %(longitude)s lies outside %(country)s. Check the coordinates "
                "(the latitude first; south and west are negative)."
            )
        self.warnings.append((row_number, "latitude", message % values))

    def country_name(self, code):
        if self._country_names is None:
            self._country_names = dict(Country.objects.values_list("code", "name"))
        return self._country_names.get(code, code)

    def check_entity(self, entity, errors):
        user = self.user
        if entity.country_id and not in_scope(user, entity.country_id):
            codes = ", ".join(sorted(country_codes(user) or ()))
            message = (
                _("You can import entities of your countries only (%(codes)s).") % {"codes": codes}
                if codes
                else _("You are not assigned to any country yet: ask an administrator.")
            )
            add_error(errors, "country", message)
            return
        if entity.pk is not None and not can_edit(user, entity):
            add_error(errors, "status", self.refusal(entity))
            return
        exclude = NOT_VALIDATED | set(errors)
        try:
            entity.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                add_error(errors, field, messages)
        self.constraints.check(entity, errors)
        if not entity.sheet.confirmed_distinct and not ({"name", "country"} & set(errors)):
            self.duplicates.check(entity, errors)

    def refusal(self, entity):
        if not self.user.has_perm("entities.change_entity"):
            return _("You may not change entities.")
        return _(
            "This entity is %(status)s: ask a reviewer to change it, or leave its columns "
            "as they are and give new scores to add a new assessment."
        ) % {"status": entity.get_status_display().lower()}

    def check_assessment(self, sheet, errors):
        if sheet.assessed_on is None and "assessed_on" not in errors:
            add_error(errors, "assessed_on", _("Give the date of the assessment (YYYY-MM-DD)."))
        if not sheet.method and "method" not in errors:
            add_error(
                errors,
                "method",
                _("Give the method, one of: %(codes)s.")
                % {"codes": ", ".join(Assessment.Method.values)},
            )
        for code, (value, evidence) in sheet.scores().items():
            if value is not None and not evidence:
                add_error(
                    errors,
                    evidence_column(code),
                    _("%(feature)s: give the evidence for this score.")
                    % {"feature": self.feature_names.get(code, code)},
                )
        if not self.may_record(sheet):
            add_error(errors, NON_FIELD_ERRORS, _("You may not record assessments."))

    def may_record(self, sheet):
        if self.updates_draft(sheet):
            return True
        return self.user.has_perm("research.add_assessment")

    def updates_draft(self, sheet):
        assessment = sheet.assessment
        return (
            assessment is not None
            and assessment.status == Assessment.Status.DRAFT
            and can_edit(self.user, assessment)
        )
