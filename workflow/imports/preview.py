"""The preview a researcher reads before confirming: the rows with errors
first, then the others in the file's order; each by its key columns (name,
country, region, type: names rather than codes) and its status, with the
whole row (and, for a new or changed row, what it changes) on demand.

The rows shown are the first ``limit`` of each kind; every row was checked.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from import_export.results import RowResult

from entities.models import Country, EntityType, Region

from .widgets import as_text

KEY_COLUMNS = ("name", "country", "region", "entity_type")


def status_labels():
    return {
        RowResult.IMPORT_TYPE_INVALID: _("Error"),
        RowResult.IMPORT_TYPE_NEW: _("New"),
        RowResult.IMPORT_TYPE_UPDATE: _("Changed"),
        RowResult.IMPORT_TYPE_SKIP: _("Unchanged"),
    }


@dataclass
class PreviewRow:
    """``number``: as the spreadsheet numbers it (the column names are row 1);
    ``values``: {column: the cell as the file gives it}; ``cells``: (column,
    what the preview shows: the cell, or the change marked) for the whole row;
    ``errors``: (column or None, message)."""

    number: int
    status: str
    values: dict
    cells: list
    errors: list = field(default_factory=list)
    status_label: str = ""
    name: str = ""
    country: str = ""
    region: str = ""
    entity_type: str = ""


def invalid_row(invalid, headers):
    values = {
        column: "" if value == "---" else as_text(value)
        for column, value in zip(headers, invalid.values, strict=False)
    }
    errors = [
        (None if column == NON_FIELD_ERRORS else column, message)
        for column, messages in invalid.error_dict.items()
        for message in messages
    ]
    return PreviewRow(
        invalid.number + 1,
        RowResult.IMPORT_TYPE_INVALID,
        values,
        list(values.items()),
        errors,
    )


def valid_row(number, row_result, headers):
    raw = row_result.row_values or {}
    values = {column: as_text(raw.get(column)) for column in headers}
    shown = row_result.diff or list(values.values())
    return PreviewRow(
        number, row_result.import_type, values, list(zip(headers, shown, strict=False))
    )


def preview_rows(result, limit):
    """The rows to show: the first ``limit`` rows with errors, then the first
    ``limit`` rows of the file that have none."""
    headers = list(result.diff_headers)
    rows = [invalid_row(invalid, headers) for invalid in result.invalid_rows[:limit]]
    rows += [
        valid_row(index + 2, row_result, headers)
        for index, row_result in enumerate(result.rows[:limit])
        if row_result.is_valid()
    ]
    name_key_columns(rows)
    return rows


def name_key_columns(rows):
    """Each row's status and key columns, with the names of the codes it
    gives in the active language (a code not found is shown as it is)."""
    labels = status_labels()
    codes = {
        column: {row.values.get(column, "").strip() for row in rows} - {""}
        for column in KEY_COLUMNS[1:]
    }
    countries = {
        country.code: country.name
        for country in Country.objects.filter(code__in={c.upper() for c in codes["country"]})
    }
    regions = dict(
        Region.objects.filter(code__in={c.upper() for c in codes["region"]}).values_list(
            "code", "name"
        )
    )
    types = {
        kind.slug: kind.name
        for kind in EntityType.objects.filter(slug__in={c.lower() for c in codes["entity_type"]})
    }
    for row in rows:
        row.status_label = labels.get(row.status, row.status)
        row.name = row.values.get("name", "").strip()
        row.country = named(countries, row.values.get("country", "").strip().upper())
        row.region = named(regions, row.values.get("region", "").strip().upper())
        row.entity_type = named(types, row.values.get("entity_type", "").strip().lower())


def named(names, code):
    return names.get(code, code)
