"""Reading and writing the spreadsheet files: CSV in UTF-8 and Excel (.xlsx).

Every problem with the file as a whole (its encoding, its columns, its size)
is raised as a FileProblem whose message the import page shows as it is;
problems with single rows are the resource's business.
"""

import csv
import io
import zipfile
from itertools import chain

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from entities.export import FORMULA_STARTS, neutralise

from .columns import ASSESSMENT_COLUMNS, COLUMNS, REQUIRED_COLUMNS, as_text, is_blank

# A workbook is a zip of XML files; refuse one that unpacks to far more than
# the upload limit (a "zip bomb") before opening it. Its XML takes about three
# times the bytes of a CSV file of the same rows (50,000 rows: 137 MB).
UNPACKED_FACTOR = 5
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_START = b"PK\x03\x04"


class FileProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def max_rows():
    return settings.IMPORT_MAX_ROWS


def max_bytes():
    return settings.IMPORT_MAX_BYTES


def not_utf8_message():
    return _(
        "The file is not in UTF-8, the encoding that keeps Thai, Khmer, Mongolian and "
        "Vietnamese letters intact. In Excel, use File › Save as › “CSV UTF-8 (Comma "
        "delimited)”; in LibreOffice, tick “Edit filter settings” and choose “Unicode "
        "(UTF-8)”. Or upload the workbook itself (.xlsx)."
    )


def check_columns(names):
    """Refuse a header row that is not the template's (in any order)."""
    problems = []
    if unknown := [name for name in names if name not in COLUMNS]:
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if twice := sorted({name for name in names if names.count(name) > 1}):
        problems.append(
            _("Columns named more than once: %(columns)s.") % {"columns": ", ".join(twice)}
        )
    if missing := [name for name in REQUIRED_COLUMNS if name not in names]:
        problems.append(
            _("Missing required columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    given = [name for name in ASSESSMENT_COLUMNS if name in names]
    if given and len(given) < len(ASSESSMENT_COLUMNS):
        absent = [name for name in ASSESSMENT_COLUMNS if name not in names]
        problems.append(
            _("The assessment columns go together; missing: %(columns)s.")
            % {"columns": ", ".join(absent)}
        )
    if problems:
        problems.append(
            _("The first row must hold the template's column names (download the template).")
        )
        raise FileProblem(" ".join(problems))


def build_dataset(rows):
    """A dataset from rows of cells, the first holding the column names.

    Blank rows at the end are dropped; the count of the others is checked
    against IMPORT_MAX_ROWS while reading, so a huge file is refused early.
    """
    rows = iter(rows)
    header = next(rows, None)
    names = [as_text(cell).strip().lower() for cell in header or ()]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise FileProblem(_("The file is empty: its first row must hold the column names."))
    if "" in names:
        raise FileProblem(
            _("Column %(number)s of the first row has no name.") % {"number": names.index("") + 1}
        )
    check_columns(names)

    width, limit = len(names), max_rows()
    data, blank_rows = [], []
    for number, cells in enumerate(rows, start=2):
        cells = list(cells)
        if any(not is_blank(cell) for cell in cells[width:]):
            raise FileProblem(
                _("Row %(number)s has a value in a column without a name.") % {"number": number}
            )
        cells = cells[:width] + [""] * (width - len(cells))
        if all(is_blank(cell) for cell in cells):
            blank_rows.append(cells)  # kept only if a row with data follows
            continue
        data.extend(blank_rows)
        blank_rows = []
        data.append(cells)
        if len(data) > limit:
            raise FileProblem(
                _(
                    "The file has more than %(limit)s rows; an import takes at most %(limit)s. "
                    "Split it into smaller files."
                )
                % {"limit": f"{limit:,}"}
            )
    if not data:
        raise FileProblem(_("The file has the column names but no rows to import."))
    return tablib.Dataset(*data, headers=names)


def decode(data):
    text = data.removeprefix("\ufeff") if isinstance(data, str) else decode_bytes(data)
    if "\x00" in text:
        # No stored text may hold one (PostgreSQL refuses it); a CSV file in
        # UTF-8 never does, one in UTF-16 without its byte-order mark is full of them.
        raise FileProblem(not_utf8_message())
    return text


def decode_bytes(data):
    if data.startswith(UTF16_BOMS):
        raise FileProblem(not_utf8_message())
    if data.startswith(ZIP_START):
        raise FileProblem(
            _("This is an Excel workbook, not a CSV file: give it the .xlsx extension.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(not_utf8_message()) from None


def delimiter(text):
    """Commas, or the semicolons or tabs some spreadsheets write instead."""
    first_line = text.split("\n", 1)[0]
    return max([",", ";", "\t"], key=first_line.count)


def unneutralise(cell):
    """Undo the quote the export puts before text a spreadsheet would run as a formula."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


class SheetCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
        try:
            return build_dataset([unneutralise(cell) for cell in row] for row in reader)
        except csv.Error as error:
            raise FileProblem(
                _("The file could not be read as CSV: %(error)s.") % {"error": error}
            ) from None

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([neutralise(value) for value in row])
        # The byte-order mark tells spreadsheets the file is UTF-8.
        return "\ufeff" + out.getvalue()


def not_xlsx_message():
    return _(
        "The file could not be read as an Excel workbook (.xlsx). If it is a CSV file, "
        "give it the .csv extension; old .xls workbooks must be saved as .xlsx."
    )


class SheetXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        try:
            archive = zipfile.ZipFile(io.BytesIO(in_stream))
            unpacked = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, ValueError):
            raise FileProblem(not_xlsx_message()) from None
        if unpacked > UNPACKED_FACTOR * max_bytes():
            raise FileProblem(_("The workbook is too large once unpacked; split it."))
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except Exception:
            raise FileProblem(not_xlsx_message()) from None
        try:
            sheet = book.worksheets[0]
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            width = len(header)
            # One column past the header's, to find values in a column without a name.
            rows = sheet.iter_rows(min_row=2, max_col=width + 1, values_only=True)
            return build_dataset(chain([header], rows))
        except FileProblem:
            raise
        except Exception:
            raise FileProblem(not_xlsx_message()) from None
        finally:
            book.close()

    def export_data(self, dataset, **kwargs):
        import openpyxl
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("entities")
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)

        def text_cell(value, font=None):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", as_text(value)))
            cell.data_type = "s"  # text, never a formula
            if font:
                cell.font = font
            return cell

        sheet.append([text_cell(name, bold) for name in dataset.headers])
        for row in dataset:
            sheet.append([text_cell(value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def expired_message():
    return _("The uploaded file is no longer available. Upload it again.")
