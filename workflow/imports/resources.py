"""One spreadsheet row per entity: its fields, its SDGs and its latest
assessment's seven scores with evidence (django-import-export resource).

The import keeps the workflow's rules: rows are scoped to the user's
countries, an entity changes only if the user may edit it, new records are
drafts, scores go to a draft assessment, likely duplicates are refused unless
confirmed. Every write is a model save(), so the history records it with the
user who imported.
"""

from collections import defaultdict
from contextlib import suppress
from functools import reduce
from itertools import islice
from operator import and_

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from entities.models import Country, Entity, EntityType, Region, Sector
from research.framework import FEATURE_CODES
from research.models import Assessment, Feature, Score
from research.services import record_scores, refresh_profiles
from workflow.duplicates import Reason, RowIndex, likely_duplicates
from workflow.rules import can_edit
from workflow.scoping import country_codes, in_scope, scope

from .columns import (
    ASSESSMENT_COLUMNS,
    COLUMNS,
    ENTITY_COLUMNS,
    ChoiceWidget,
    CodeWidget,
    ConfirmedWidget,
    DateWidget,
    GoalsWidget,
    IntegerWidget,
    ScoreWidget,
    TextWidget,
    YesNoWidget,
    comparable,
    evidence_column,
    is_blank,
    score_column,
)

LOAD_BATCH = 500
# Entity fields checked by full_clean(); the reference codes are checked by
# their widgets against the codes loaded once per import.
VALIDATED_FIELDS = {
    "name",
    "name_local",
    "locality",
    "legal_form",
    "year_established",
    "registered",
    "registration_number",
    "origin",
    "dependency",
    "members",
    "women_share",
    "workers",
    "description",
    "website",
    "sources",
    "contact_person",
    "contact_email",
    "contact_phone",
    "internal_notes",
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
IDENTITY_FIELDS = ("name", "name_local", "country_id", "registration_number")
SHOWN_DUPLICATES = 3


class Sheet:
    """What a row holds besides the entity's own fields: its SDGs, its
    assessment, the confirmation that it is no duplicate, and what the import
    found out about it."""

    def __init__(self):
        self.sdgs = ()
        self.assessed_on = None
        self.method = ""
        for code in FEATURE_CODES:
            setattr(self, score_column(code), None)
            setattr(self, evidence_column(code), "")
        self.confirmed_distinct = False
        self.assessment = None  # the stored latest assessment
        self.stored = self.assessment_values()
        self.stored_sdgs = ()
        self.identity = None  # the stored name, country…; None for a new entity
        self.has_assessment = False
        self.entity_changed = False
        self.assessment_changed = False

    def assessment_values(self):
        return {column: getattr(self, column) for column in ASSESSMENT_COLUMNS}

    def set_assessment_values(self, values):
        for column, value in values.items():
            setattr(self, column, value)

    def scores(self):
        return {
            code: (getattr(self, score_column(code)), getattr(self, evidence_column(code)))
            for code in FEATURE_CODES
        }


def attach_sheets(entities):
    """Give each entity its ``sheet``: its SDGs and latest assessment as stored,
    in four queries whatever the number of entities."""
    by_id = {entity.pk: entity for entity in entities}
    for entity in entities:
        entity.sheet = Sheet()
        entity.sheet.identity = tuple(getattr(entity, name) for name in IDENTITY_FIELDS)
    sdgs = Entity._meta.get_field("sdgs")
    goals = defaultdict(list)
    for entity_id, number in sdgs.remote_field.through.objects.filter(
        **{f"{sdgs.m2m_field_name()}_id__in": by_id}
    ).values_list(f"{sdgs.m2m_field_name()}_id", f"{sdgs.m2m_reverse_field_name()}_id"):
        goals[entity_id].append(number)
    latest = {}
    for assessment in Assessment.objects.filter(entity_id__in=by_id).order_by(
        "entity_id", "-assessed_on", "-id"
    ):
        latest.setdefault(assessment.entity_id, assessment)
    scores = defaultdict(dict)
    for score in Score.objects.filter(assessment_id__in=[a.pk for a in latest.values()]):
        scores[score.assessment_id][score.feature_id] = (score.score, score.evidence)
    for entity_id, entity in by_id.items():
        sheet = entity.sheet
        sheet.sdgs = sheet.stored_sdgs = tuple(sorted(goals[entity_id]))
        assessment = latest.get(entity_id)
        if assessment is not None:
            assessment.entity = entity
            sheet.assessment = assessment
            sheet.assessed_on, sheet.method = assessment.assessed_on, assessment.method
            for code, (value, evidence) in scores[assessment.pk].items():
                setattr(sheet, score_column(code), value)
                setattr(sheet, evidence_column(code), evidence)
            sheet.stored = sheet.assessment_values()


def _field(attribute, column, widget, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


def feature_fields():
    fields = {}
    for code in FEATURE_CODES:
        fields[score_column(code)] = _field(
            f"sheet__{score_column(code)}", score_column(code), ScoreWidget()
        )
        fields[evidence_column(code)] = _field(
            f"sheet__{evidence_column(code)}", evidence_column(code), TextWidget()
        )
    return fields


class EntityResource(resources.Resource):
    """Every column declared here, on a plain Resource: a ModelResource would
    add the model's other fields, and reset the id sequence after an import
    (racing with concurrent inserts on PostgreSQL) though new rows never
    carry their own ids."""

    id = _field("id", "id", IntegerWidget(), readonly=True)
    name = _field("name", "name", TextWidget())
    name_local = _field("name_local", "name_local", TextWidget())
    country = _field("country_id", "country", CodeWidget(Country, "TH"))
    region = _field("region_id", "region", CodeWidget(Region, "TH-50", required=False))
    locality = _field("locality", "locality", TextWidget())
    entity_type = _field(
        "entity_type_id",
        "entity_type",
        CodeWidget(EntityType, "community-enterprise", case=str.lower),
    )
    sector = _field("sector_id", "sector", CodeWidget(Sector, "A"))
    legal_form = _field("legal_form", "legal_form", TextWidget())
    year_established = _field("year_established", "year_established", IntegerWidget())
    registered = _field("registered", "registered", YesNoWidget())
    registration_number = _field("registration_number", "registration_number", TextWidget())
    origin = _field("origin", "origin", ChoiceWidget(Entity.Origin, Entity.Origin.UNKNOWN))
    dependency = _field(
        "dependency", "dependency", ChoiceWidget(Entity.Dependency, Entity.Dependency.UNKNOWN)
    )
    members = _field("members", "members", IntegerWidget())
    women_share = _field("women_share", "women_share", IntegerWidget())
    workers = _field("workers", "workers", IntegerWidget())
    description = _field("description", "description", TextWidget())
    website = _field("website", "website", TextWidget())
    sdgs = _field("sheet__sdgs", "sdgs", GoalsWidget())
    sources = _field("sources", "sources", TextWidget())
    contact_person = _field("contact_person", "contact_person", TextWidget())
    contact_email = _field("contact_email", "contact_email", TextWidget())
    contact_phone = _field("contact_phone", "contact_phone", TextWidget())
    internal_notes = _field("internal_notes", "internal_notes", TextWidget())
    status = _field("status", "status", TextWidget(), readonly=True)
    assessed_on = _field("sheet__assessed_on", "assessed_on", DateWidget())
    method = _field("sheet__method", "method", ChoiceWidget(Assessment.Method))
    # A score and an evidence column per feature, in the framework's order.
    locals().update(feature_fields())
    confirmed_distinct = _field(
        "sheet__confirmed_distinct", "confirmed_distinct", ConfirmedWidget()
    )

    class Meta:
        import_id_fields = ["id"]
        import_order = COLUMNS
        export_order = COLUMNS
        instance_loader_class = BaseInstanceLoader
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        chunk_size = 1000

    @classmethod
    def get_display_name(cls):
        return _("Entities with their latest assessment")

    # --- export ------------------------------------------------------------

    def iter_queryset(self, queryset):
        entities = queryset.prefetch_related(None).iterator(chunk_size=self.get_chunk_size())
        while chunk := list(islice(entities, self.get_chunk_size())):
            attach_sheets(chunk)
            yield from chunk

    # --- import: loading -----------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self.user = kwargs["user"]
        self.feature_names = dict(Feature.objects.values_list("code", "name"))
        self.seen_ids = {}  # entity id -> row it appeared in
        self.created = {}  # new entity id -> its row
        self.touched = set()
        self.new_rows = RowIndex()  # the file's valid new entities, for duplicates
        self.existing = {}
        ids = set()
        if "id" in dataset.headers:
            for value in dataset["id"]:
                with suppress(ValueError):  # reported on its row
                    ids.add(self.fields["id"].widget.clean(value))
        ids = sorted(ids - {None})
        for start in range(0, len(ids), LOAD_BATCH):
            batch = scope(Entity.objects.filter(pk__in=ids[start : start + LOAD_BATCH]), self.user)
            entities = list(batch)
            attach_sheets(entities)
            self.existing.update((entity.pk, entity) for entity in entities)

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs["row_number"] + 1  # as the spreadsheet numbers it
        if all(is_blank(value) for value in row.values()):
            raise ValidationError(_("This row is empty: delete it or fill it in."))

    def init_instance(self, row=None):
        entity = Entity()
        entity.sheet = Sheet()
        return entity

    def get_or_init_instance(self, instance_loader, row):
        try:
            pk = self.fields["id"].widget.clean(row.get("id"))
        except ValueError as error:
            raise ValidationError({"id": str(error)}) from None
        if pk is None:
            return self.init_instance(row), True
        if pk in self.seen_ids:
            raise ValidationError(
                {"id": _("This entity is already in row %(row)s.") % {"row": self.seen_ids[pk]}}
            )
        entity = self.existing.get(pk)
        if entity is None:
            # The same words whether it does not exist or is another country's.
            message = _("No entity with id %(id)s in your countries.") % {"id": pk}
            raise ValidationError({"id": message})
        self.seen_ids[pk] = self.row_number
        return entity, False

    # --- import: reading a row -------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        """Set the row's values, collecting each column's error under its name."""
        errors = {}
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
        sheet = instance.sheet
        sheet.has_assessment = any(not is_blank(row.get(column)) for column in ASSESSMENT_COLUMNS)
        if not sheet.has_assessment:
            # No assessment in this row: the stored one stays as it is.
            sheet.set_assessment_values(sheet.stored)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged (skipped, nothing written) when the entity's fields and the
        latest assessment equal what is stored."""
        sheet = instance.sheet
        sheet.entity_changed = instance.pk is None or any(
            comparable(field.get_value(instance)) != comparable(field.get_value(original))
            for field in self.entity_fields()
        )
        sheet.assessment_changed = sheet.has_assessment and (
            sheet.assessment is None
            or {key: comparable(value) for key, value in sheet.assessment_values().items()}
            != {key: comparable(value) for key, value in sheet.stored.items()}
        )
        if import_validation_errors:
            return False
        return not (sheet.entity_changed or sheet.assessment_changed)

    def entity_fields(self):
        return [
            field
            for field in self.get_import_fields()
            if field.column_name in ENTITY_COLUMNS and not field.readonly
        ]

    # --- import: checking a changed or new row ----------------------------------

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {}
        for column, messages in (import_validation_errors or {}).items():
            _add(errors, column, messages)
        sheet = instance.sheet
        if sheet.entity_changed:
            self.check_entity(instance, errors)
        if sheet.assessment_changed:
            self.check_assessment(sheet, errors)
        if errors:
            raise ValidationError(errors)
        if instance.pk is None:
            self.new_rows.add(
                self.row_number,
                instance.country_id,
                instance.name,
                instance.name_local,
                instance.registration_number,
            )

    def check_entity(self, entity, errors):
        user = self.user
        if entity.country_id and not in_scope(user, entity.country_id):
            codes = ", ".join(sorted(country_codes(user) or ()))
            message = (
                _("You can import entities of your countries only (%(codes)s).") % {"codes": codes}
                if codes
                else _("You are not assigned to any country yet: ask an administrator.")
            )
            _add(errors, "country", message)
            return
        if entity.pk is not None and not can_edit(user, entity):
            _add(errors, "status", self.refusal(entity))
            return
        exclude = NOT_VALIDATED | set(errors)
        try:
            entity.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                _add(errors, field, messages)
        self.check_constraints(entity, errors)
        if not entity.sheet.confirmed_distinct and not ({"name", "country"} & set(errors)):
            self.check_duplicates(entity, errors)

    def check_constraints(self, entity, errors):
        """The model's check constraints on the row's values, each message under
        its column: all in one query, then one by one only if that one fails."""
        constraints = [
            CONSTRAINTS[name]
            for name, column in CONSTRAINT_COLUMNS.items()
            if column not in errors
            and "country" not in errors
            and not is_blank(getattr(entity, self.fields[column].attribute))
        ]
        if not constraints:
            return
        together = CheckConstraint(
            condition=reduce(and_, [constraint.condition for constraint in constraints]),
            name="entity_import_row",
        )
        if _holds(together, entity):
            return
        for constraint in constraints:
            try:
                constraint.validate(Entity, entity, exclude=_unnamed(constraint))
            except ValidationError as error:
                _add(errors, CONSTRAINT_COLUMNS[constraint.name], error.messages)

    def refusal(self, entity):
        if not self.user.has_perm("entities.change_entity"):
            return _("You may not change entities.")
        return _(
            "This entity is %(status)s: ask a reviewer to change it, or leave its columns "
            "as they are and give new scores to add a new assessment."
        ) % {"status": entity.get_status_display().lower()}

    def check_duplicates(self, entity, errors):
        sheet = entity.sheet
        identity = tuple(getattr(entity, name) for name in IDENTITY_FIELDS)
        if sheet.identity is not None and identity == sheet.identity:
            return
        described = (entity.country_id, entity.name, entity.name_local, entity.registration_number)
        hint = _("If it is a different entity, write yes in confirmed_distinct.")
        # Stored entities, but not those this import created: they are its rows.
        stored = likely_duplicates(*described, exclude_pk=entity.pk, limit=2 * SHOWN_DUPLICATES)
        stored = [match for match in stored if match.pk not in self.created]
        for match in stored[:SHOWN_DUPLICATES]:
            _add(
                errors,
                _duplicate_column(match.duplicate_reason),
                format_html(
                    '{} <a href="{}">{} (id {})</a> ({}). {}',
                    _("Likely a duplicate of"),
                    reverse("admin:entities_entity_change", args=[match.pk]),
                    match.name,
                    match.pk,
                    match.duplicate_reason.label,
                    hint,
                ),
            )
        for row, reason in self.new_rows.find(*described, limit=SHOWN_DUPLICATES):
            _add(
                errors,
                _duplicate_column(reason),
                _("Likely the same entity as row %(row)s (%(reason)s). %(hint)s")
                % {"row": row, "reason": reason.label, "hint": hint},
            )

    def check_assessment(self, sheet, errors):
        if sheet.assessed_on is None and "assessed_on" not in errors:
            _add(errors, "assessed_on", _("Give the date of the assessment (YYYY-MM-DD)."))
        if not sheet.method and "method" not in errors:
            _add(
                errors,
                "method",
                _("Give the method, one of: %(codes)s.")
                % {"codes": ", ".join(Assessment.Method.values)},
            )
        for code, (value, evidence) in sheet.scores().items():
            if value is not None and not evidence:
                _add(
                    errors,
                    evidence_column(code),
                    _("%(feature)s: give the evidence for this score.")
                    % {"feature": self.feature_names.get(code, code)},
                )
        if not self.may_record(sheet):
            _add(errors, NON_FIELD_ERRORS, _("You may not record assessments."))

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

    # --- import: writing --------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._is_dry_run(kwargs):
            return  # the preview only checks; the confirmation writes
        super().save_instance(instance, is_create, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.status = Entity.Status.DRAFT
            instance.created_by = self.user

    def do_instance_save(self, instance, is_create):
        if instance.sheet.entity_changed:
            instance.save(force_insert=is_create)

    def after_save_instance(self, instance, row, **kwargs):
        sheet = instance.sheet
        if sheet.entity_changed and sheet.sdgs != sheet.stored_sdgs:
            instance.sdgs.set(sheet.sdgs)
        if sheet.assessment_changed:
            self.save_assessment(instance, sheet)
        if sheet.identity is None:
            self.created[instance.pk] = self.row_number
        self.touched.add(instance.pk)

    def save_assessment(self, entity, sheet):
        """Update the latest assessment if it is a draft the user may edit, or
        start a new draft assessment."""
        if self.updates_draft(sheet):
            assessment = sheet.assessment
        else:
            assessment = Assessment(entity=entity, assessor=self.user)
        assessment.assessed_on = sheet.assessed_on
        assessment.method = sheet.method
        assessment.save()
        record_scores(assessment, sheet.scores())

    def after_import(self, dataset, result, **kwargs):
        failed = result.has_errors() or result.has_validation_errors()
        if not kwargs.get("dry_run") and not failed and self.touched:
            refresh_profiles(sorted(self.touched))


def _unnamed(constraint):
    """The fields a constraint does not name, whose values need not be sent."""
    return ALL_FIELDS - constraint.condition.referenced_base_fields


def _holds(constraint, entity):
    try:
        constraint.validate(Entity, entity, exclude=_unnamed(constraint))
    except ValidationError:
        return False
    return True


def _duplicate_column(reason):
    return "registration_number" if reason == Reason.SAME_REGISTRATION_NUMBER else "name"


def _add(errors, column, messages):
    if not isinstance(messages, list | tuple):
        messages = [messages]
    errors.setdefault(column, []).extend(messages)
