"""One spreadsheet row per entity: its fields, its SDGs and its latest
assessment's seven scores with evidence (django-import-export resource).

The import keeps the workflow's rules: rows are scoped to the user's
countries, an entity changes only if the user may edit it, new records are
drafts, scores go to a draft assessment, likely duplicates are refused unless
confirmed, a row exported with a version that is no longer the stored one is
refused. Rows are checked one by one, but what needs the database is looked up
for the whole file first (the records named by id, the likely duplicates), and
the rows are written in batches with their history (``writing.ImportWriter``):
50,000 rows preview and confirm in a minute or two each.
"""

from collections import defaultdict
from contextlib import suppress
from copy import deepcopy
from itertools import islice

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader

from core.freshness import published_data_changed
from entities.models import Entity
from entities.profiles import refresh_profiles
from research.framework import FEATURE_CODES
from research.models import Assessment, Feature, Score
from workflow.duplicates import (
    Reason,
    RowIndex,
    likely_duplicates,
    likely_duplicates_of_many,
    links_to_matches,
)
from workflow.rules import can_edit
from workflow.scoping import country_codes, in_scope, scope

from .columns import (
    ASSESSMENT_COLUMNS,
    COLUMNS,
    ENTITY_COLUMNS,
    ENTITY_FIELDS,
    FIELDS,
    evidence_column,
    score_column,
)
from .constraints import constrained_fields, constraint_holds
from .widgets import CodeWidget, comparable, is_blank
from .writing import ImportWriter

LOAD_BATCH = 500
PREVIEW_ROWS = 1000  # the first rows, shown in the preview with what they change
DUPLICATES_BATCH = 1000  # rows whose likely duplicates are looked up together
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
# What tells entities apart, by column and by attribute.
IDENTITY_COLUMNS = ("name", "name_local", "country", "registration_number")
IDENTITY_FIELDS = tuple(ENTITY_FIELDS[column].attribute for column in IDENTITY_COLUMNS)
# The columns look_ahead reads: what the likely duplicates and the constraints need.
READ_AHEAD_COLUMNS = list(
    dict.fromkeys(
        [
            *IDENTITY_COLUMNS,
            *(field.name for fields in CONSTRAINED_FIELDS.values() for field in fields),
        ]
    )
)
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


def attach_sheets(entities, lock=False):
    """Give each entity its ``sheet``: its SDGs and latest assessment as stored,
    in four queries whatever the number of entities. ``lock``: lock the
    assessments until the transaction ends (an import about to change them)."""
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
    assessments = Assessment.objects.filter(entity_id__in=by_id)
    if lock:
        assessments = assessments.select_for_update()
    for assessment in assessments.order_by("entity_id", "-assessed_on", "-id"):
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


class EntityResource(resources.Resource):
    """Every column declared (``columns.FIELDS``), on a plain Resource: a
    ModelResource would add the model's other fields, and reset the id
    sequence after an import (racing with concurrent inserts on PostgreSQL)
    though new rows never carry their own ids."""

    locals().update(FIELDS)

    class Meta:
        import_id_fields = ["id"]
        import_order = COLUMNS
        export_order = COLUMNS
        instance_loader_class = BaseInstanceLoader
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        chunk_size = 1000
        # Rows are written in batches by save_instance and after_import; "bulk"
        # also spares a savepoint per row (the batch has its own).
        use_bulk = True
        batch_size = 1000
        # The rows shown in the preview get their diff in after_import_row.
        skip_diff = True

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
        self.import_fields = self.get_import_fields()  # once, not for every row
        self.imported_entity_fields = self.entity_fields()
        self.new_rows = RowIndex()  # the file's valid new entities, for duplicates
        self.writer = ImportWriter(self.user, self._meta.batch_size)
        self.load_existing(dataset, lock=not self._is_dry_run(kwargs))
        self.look_ahead(dataset)

    def load_existing(self, dataset, lock):
        """The entities the file names by id, in the user's countries, with
        their sheets. When confirming, they and their assessments are locked
        until the import's transaction ends: the versions checked are then
        still the stored ones when the rows are written."""
        self.existing = {}
        ids = set()
        if "id" in dataset.headers:
            for value in dataset["id"]:
                with suppress(ValueError):  # reported on its row
                    ids.add(self.fields["id"].widget.clean(value))
        ids = sorted(ids - {None})
        for start in range(0, len(ids), LOAD_BATCH):
            batch = scope(Entity.objects.filter(pk__in=ids[start : start + LOAD_BATCH]), self.user)
            if lock:
                batch = batch.select_for_update().order_by("pk")
            entities = list(batch)
            attach_sheets(entities, lock=lock)
            self.existing.update((entity.pk, entity) for entity in entities)

    def look_ahead(self, dataset):
        """Read the file once for the values whose checks need the database,
        and look these up for all rows together: the stored likely duplicates
        of each new or renamed entity, each check constraint on each distinct
        set of values. The rows are then checked one by one and find their
        answers here; a row whose values were not read ahead (it should not
        happen) is looked up on its own."""
        blank = Entity()
        described, constrained = set(), defaultdict(set)
        for values in dataset:
            row = dict(zip(dataset.headers, values, strict=False))
            try:
                pk = self.fields["id"].widget.clean(row.get("id"))
                confirmed = self.fields["confirmed_distinct"].widget.clean(
                    row.get("confirmed_distinct")
                )
                entity = self.existing[pk] if pk else blank
                # As import_instance will set them: a missing column keeps the stored value.
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
                described.add((*_described(identity), pk))
            for name, fields in CONSTRAINED_FIELDS.items():
                constrained[name].add(tuple(read[field.attname] for field in fields))

        self.stored_duplicates = {}  # (country, name, name_local, number, id) -> entities
        described = sorted(described, key=str)
        for start in range(0, len(described), DUPLICATES_BATCH):
            batch = described[start : start + DUPLICATES_BATCH]
            matches = likely_duplicates_of_many(batch, limit=2 * SHOWN_DUPLICATES)
            self.stored_duplicates.update(zip(batch, matches, strict=True))
        self.constraint_holds = {  # constraint name -> {values: holds}
            name: constraint_holds(Entity, CONSTRAINTS[name], rows)
            for name, rows in constrained.items()
        }

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs["row_number"] + 1  # as the spreadsheet numbers it
        self.shown = None
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
        # What skip_row compares the row with.
        entity.sheet.stored_values = self.entity_values(entity)
        return entity, False

    def after_init_instance(self, instance, new, row, **kwargs):
        # The preview's first rows show what they change: keep them as they were.
        if kwargs["row_number"] <= PREVIEW_ROWS:
            self.shown = (instance, deepcopy(instance), new)

    # --- import: reading a row -------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        """Set the row's values, collecting each column's error under its name."""
        errors = {}
        for field in self.import_fields:
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

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged (skipped, nothing written) when the entity's fields and the
        latest assessment equal what is stored."""
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
                    self.imported_entity_fields, values, sheet.stored_values, strict=True
                )
                if value != stored and "__" not in field.attribute
            ]
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

    def entity_values(self, entity):
        return [comparable(field.get_value(entity)) for field in self.imported_entity_fields]

    def after_import_row(self, row, row_result, **kwargs):
        """What a row shown in the preview changes (the library's diff, only
        for the rows shown: for a whole file it costs more than the checks)."""
        if self.shown is not None:
            instance, original, new = self.shown
            diff = self.get_diff_class()(self, original, new)
            diff.compare_with(self, instance)
            row_result.diff = diff.as_html()

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
        """The model's check constraints on the row's values, each message
        under its column. Each holds trivially when its column is blank."""
        for name, column in CONSTRAINT_COLUMNS.items():
            if (
                column in errors
                or "country" in errors
                or is_blank(getattr(entity, self.fields[column].attribute))
            ):
                continue
            constraint = CONSTRAINTS[name]
            values = tuple(getattr(entity, field.attname) for field in CONSTRAINED_FIELDS[name])
            holds = self.constraint_holds[name].get(values)
            if holds is None:
                holds = constraint_holds(Entity, constraint, [values])[values]
            if not holds:
                _add(errors, column, constraint.get_violation_error_message())

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
        described = _described(identity)
        hint = _("If it is a different entity, write yes in confirmed_distinct.")
        stored = self.stored_duplicates.get((*described, entity.pk))
        if stored is None:
            stored = likely_duplicates(
                *described, exclude_pk=entity.pk, limit=2 * SHOWN_DUPLICATES
            )
        # Stored entities, but not those this import created: they are its rows.
        stored = [match for match in stored if match.pk not in self.writer.created]
        for match in stored[:SHOWN_DUPLICATES]:
            _add(
                errors,
                _duplicate_column(match.duplicate_reason),
                format_html(
                    "{} {}. {}", _("Likely a duplicate of"), links_to_matches([match]), hint
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
        """Queue the row for its batch; the preview only checks."""
        if self._is_dry_run(kwargs):
            return
        if instance.pk is None:
            instance.status = Entity.Status.DRAFT
            instance.created_by = self.user
        self.writer.add(instance, self.row_number, self.updates_draft(instance.sheet))

    def after_import(self, dataset, result, **kwargs):
        failed = result.has_errors() or result.has_validation_errors()
        if kwargs.get("dry_run") or failed:
            return  # rolled back: nothing to finish
        self.writer.flush()
        if self.writer.changed_published:
            # Bulk writes send no post_save: say so to the cached figures.
            published_data_changed()
        if self.writer.touched:
            refresh_profiles(sorted(self.writer.touched))


def _described(identity):
    """An entity's identity as likely_duplicates() takes it: (country, name,
    name_local, registration number)."""
    values = dict(zip(IDENTITY_FIELDS, identity, strict=True))
    return (
        values["country_id"],
        values["name"],
        values["name_local"],
        values["registration_number"],
    )


def _duplicate_column(reason):
    return "registration_number" if reason == Reason.SAME_REGISTRATION_NUMBER else "name"


def _add(errors, column, messages):
    if not isinstance(messages, list | tuple):
        messages = [messages]
    errors.setdefault(column, []).extend(messages)
