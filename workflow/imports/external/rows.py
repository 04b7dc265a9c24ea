"""What an adapter gives for each record of a file, and the reading of the
files themselves (JSON, CSV) with a message for a file that cannot be read."""

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..files import FileProblem, decode, delimiter
from ..widgets import as_text


@dataclass
class ExternalRow:
    """One record of the source. ``line``: where the file has it (the CSV's
    line, the column names being line 1; a JSON file's record, from 1);
    ``values``: {import column: value as text}, the country as the source
    writes it; ``identifiers``: [(scheme, value, url)]; ``provenance``:
    {record_id, licence…} that differ from the format's own; ``notes``:
    (column, message) the reading found worth saying (a value it could not
    map, left empty)."""

    line: int
    values: dict
    identifiers: list = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    unmapped: list = field(default_factory=list)  # (column, value as the source gives it)

    def leave_unmapped(self, column, value):
        if value not in (None, "", []):
            self.unmapped.append((column, text(value)))


def text(value):
    """A JSON or CSV value as one line of text ("" for none): a list's items
    joined, an object's name, anything else as a spreadsheet's cell."""
    if isinstance(value, list | tuple):
        return "; ".join(text(item) for item in value if text(item))
    if isinstance(value, dict):
        return text(value.get("name") or value.get("@value") or value.get("@id") or "")
    return as_text(value).strip()


def load_json(data):
    """The file's JSON, or a FileProblem saying why not."""
    try:
        return json.loads(decode(data)[0])
    except (ValueError, RecursionError) as error:
        raise FileProblem(
            _("The file is not valid JSON (%(error)s). Upload the file as the source gave it.")
            % {"error": str(error)[:200]}
        ) from None


def wrong_shape(expected):
    return FileProblem(
        _("The file is JSON, but not in the expected shape: %(expected)s. Is the format right?")
        % {"expected": expected}
    )


def no_records():
    return FileProblem(_("The file holds no records to import."))


def read_csv(data, required):
    """[(line, {header as written, stripped: cell})] of a CSV file whose
    header holds at least one of ``required`` (normalised names)."""
    text_, _read_as = decode(data)
    reader = csv.reader(io.StringIO(text_, newline=""), delimiter=delimiter(text_))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise FileProblem(
            _("The file could not be read as CSV: %(error)s.") % {"error": error}
        ) from None
    if not rows:
        raise FileProblem(_("The file is empty: its first row must hold the column names."))
    header = [cell.strip() for cell in rows[0]]
    names = {header_key(name) for name in header}
    if not names & set(required):
        raise FileProblem(
            _(
                "The file's columns are not those of this format (expected e.g. %(columns)s). "
                "Is the format right?"
            )
            % {"columns": ", ".join(sorted(required))}
        )
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        records.append((number, dict(zip(header, (cell.strip() for cell in cells), strict=False))))
    if not records:
        raise no_records()
    return records


def header_key(name):
    """A column name compared: lower case, words joined by "_"."""
    return "_".join(name.strip().lower().replace("-", " ").replace("/", " ").split())


def by_key(record):
    """The CSV record with normalised column names."""
    return {header_key(name): value for name, value in record.items()}
