"""One spreadsheet row per entity: its fields, its SDGs and its latest
assessment's seven scores with evidence (django-import-export resource).
Which assessment is a row's depends on who exports or imports it: never an
independent second assessment, and for a researcher blind on the entity only
their own independent draft (``sheets.sheet_assessments``).

The import keeps the workflow's rules: rows are scoped to the user's
countries, an entity changes only if the user may edit it, new records are
drafts, scores go to a draft assessment, likely duplicates are refused unless
confirmed, a row exported with a version that is no longer the stored one is
refused. Rows are checked one by one, but what needs the database is looked up
for the whole file first (the records named by id, the likely duplicates), and
the rows are written in batches with their history (``writing.ImportWriter``):
50,000 rows preview and confirm in a minute or two each.

The resource's hooks hand each step to its part: ``reading.RowReading``
(the rows into entities), ``validation.RowValidation`` (the checks, with
``ConstraintChecks`` and ``duplicate_checks.DuplicateChecks``) and the writer.
"""

from copy import deepcopy
from itertools import islice

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader

from entities.models import Entity

from ..scoping import country_codes
from .columns import COLUMNS, FIELDS
from .duplicate_checks import DuplicateChecks
from .reading import RowReading
from .sheets import attach_sheets, new_entity
from .validation import ConstraintChecks, RowValidation
from .widgets import is_blank
from .writing import ImportWriter

PREVIEW_ROWS = 1000  # the first rows, shown in the preview with what they change


def preset_country(dataset, user):
    """A researcher of one country may leave the country column empty: each
    row that says nothing there is taken to be in that country (a row left
    wholly empty stays empty, and is said to be)."""
    codes = country_codes(user)
    headers = dataset.headers or []
    if codes is None or len(codes) != 1 or "country" not in headers:
        return
    code, column = next(iter(codes)), headers.index("country")
    for index, row in enumerate(dataset):
        if is_blank(row[column]) and not all(is_blank(value) for value in row):
            values = list(row)
            values[column] = code
            dataset[index] = values


class EntityResource(resources.Resource):
    """Every column declared (``columns.FIELDS``), on a plain Resource: a
    ModelResource would add the model's other fields, and reset the id
    sequence after an import (racing with concurrent inserts on PostgreSQL)
    though new rows never carry their own ids."""

    locals().update(FIELDS)

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        # Who exports (the admin passes it); an import is told in before_import.
        self.user = user

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
            attach_sheets(chunk, self.user)
            yield from chunk

    # --- import --------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """The parts, and what they look up for the whole file: the records
        named by id (locked when confirming), then the likely duplicates and
        the check constraints of every row."""
        self.user = kwargs["user"]
        self.preset_country(dataset)
        self.writer = ImportWriter(self.user, self._meta.batch_size)
        self.constraints = ConstraintChecks()
        self.duplicates = DuplicateChecks(self.writer)
        self.validation = RowValidation(self.user, self.constraints, self.duplicates)
        self.reading = RowReading(self.fields, self.get_import_fields())
        self.reading.load(dataset, self.user, lock=not self._is_dry_run(kwargs))
        identities, constrained = self.reading.read_ahead(dataset)
        self.duplicates.look_up(identities)
        self.constraints.look_up(constrained)

    def preset_country(self, dataset):
        preset_country(dataset, self.user)

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs["row_number"] + 1  # as the spreadsheet numbers it
        self.shown = None
        if all(is_blank(value) for value in row.values()):
            raise ValidationError(_("This row is empty: delete it or fill it in."))

    def init_instance(self, row=None):
        return new_entity()

    def get_or_init_instance(self, instance_loader, row):
        return self.reading.instance(row, self.row_number)

    def after_init_instance(self, instance, new, row, **kwargs):
        # The preview's first rows show what they change: keep them as they were.
        if kwargs["row_number"] <= PREVIEW_ROWS:
            self.shown = (instance, deepcopy(instance), new)

    def import_instance(self, instance, row, **kwargs):
        self.reading.read(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged (skipped, nothing written) when the entity's fields and the
        latest assessment equal what is stored."""
        return self.reading.unchanged(instance, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        self.validation.validate(instance, import_validation_errors, self.row_number)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the row for its batch; the preview only checks."""
        if self._is_dry_run(kwargs):
            return
        if instance.pk is None:
            instance.status = Entity.Status.DRAFT
            instance.created_by = self.user
        self.writer.add(instance, self.row_number, self.validation.updates_draft(instance.sheet))

    def after_import_row(self, row, row_result, **kwargs):
        """What a row shown in the preview changes (the library's diff, only
        for the rows shown: for a whole file it costs more than the checks)."""
        if self.shown is not None:
            row_result.row_values = row  # the preview's key columns and whole row
            instance, original, new = self.shown
            diff = self.get_diff_class()(self, original, new)
            diff.compare_with(self, instance)
            row_result.diff = diff.as_html()

    def after_import(self, dataset, result, **kwargs):
        # What the preview shows besides the errors: the legacy encoding a CSV
        # file was read in (files.decode), the warnings in the rows' order.
        result.read_as = getattr(dataset, "read_as", None)
        result.row_warnings = sorted(self.validation.warnings)
        failed = result.has_errors() or result.has_validation_errors()
        if kwargs.get("dry_run") or failed:
            return  # rolled back: nothing to finish
        self.writer.finish()
