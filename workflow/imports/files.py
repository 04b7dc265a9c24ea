"""Reading and writing the spreadsheet files: CSV and Excel (.xlsx).

A CSV file is read as UTF-8 (with or without its byte-order mark) or, if it
is not, in the legacy code page it is clearly in (``encodings``); the
dataset's ``read_as`` names that code page for the preview. The export
writes UTF-8.

Every problem with the file as a whole (its encoding, its columns, its size)
is raised as a FileProblem whose message the import page shows as it is;
problems with single rows are the resource's business.
"""

import csv
import io
import re
import zipfile
from itertools import chain
from xml.etree import ElementTree

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from core.formulas import neutralise, unneutralise

from . import encodings
from .columns import ASSESSMENT_COLUMNS, COLUMNS, REQUIRED_COLUMNS
from .widgets import as_text, is_blank

# A workbook is a zip of XML files; refuse one that unpacks to far more than
# the upload limit (a "zip bomb") before opening it. Its XML takes about three
# times the bytes of a CSV file of the same rows (50,000 rows: 137 MB).
UNPACKED_FACTOR = 5
# The reader loads a workbook's shared texts (each cell's text, once) whole
# before its first row; refuse more of them than its cells use: more texts
# than text cells, beyond a few a spreadsheet program may leave behind, or
# more bytes than those cells may hold (Excel's 32,767 characters a cell,
# 6 bytes for the longest escaped character, "&quot;").
SPARE_TEXTS = 1_000
SPARE_TEXT_BYTES = 1024 * 1024
CELL_MAX_BYTES = 32_767 * 6
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
TEXT_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt\s*=\s*["']s["']""")
SHARED_TEXT = re.compile(rb"<(?:\w+:)?si[\s>/]")
LONGEST_TAG = 64 * 1024
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
        "The file is not in UTF-8, the encoding that keeps Thai, Khmer, Kyrgyz, Mongolian "
        "and Vietnamese letters intact. In Excel, use File › Save as › “CSV UTF-8 (Comma "
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
    """(the file's text, the name of the legacy encoding it was read in or
    None for UTF-8)."""
    if isinstance(data, str):
        text, read_as = data.removeprefix("\ufeff"), None
    else:
        text, read_as = decode_bytes(data)
    if "\x00" in text:
        # No stored text may hold one (PostgreSQL refuses it); a CSV file in
        # UTF-8 never does, one in UTF-16 without its byte-order mark is full of them.
        raise FileProblem(not_utf8_message())
    return text, read_as


def decode_bytes(data):
    if data.startswith(UTF16_BOMS):
        raise FileProblem(not_utf8_message())
    if data.startswith(ZIP_START):
        raise FileProblem(
            _("This is an Excel workbook, not a CSV file: give it the .xlsx extension.")
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    if (detected := encodings.detect(data)) is None:
        raise FileProblem(not_utf8_message())
    return detected


def delimiter(text):
    """Commas, or the semicolons or tabs some spreadsheets write instead."""
    first_line = text.split("\n", 1)[0]
    return max([",", ";", "\t"], key=first_line.count)


class SheetCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        text, read_as = decode(in_stream)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
        try:
            dataset = build_dataset([unneutralise(cell) for cell in row] for row in reader)
        except csv.Error as error:
            raise FileProblem(
                _("The file could not be read as CSV: %(error)s.") % {"error": error}
            ) from None
        dataset.read_as = read_as
        return dataset

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


def check_unpacked(archive):
    """Refuse a workbook that unpacks to more than its rows can need, from the
    sizes its zip declares (reading stops there) and a count of its tags."""
    if sum(member.file_size for member in archive.infolist()) > UNPACKED_FACTOR * max_bytes():
        raise FileProblem(_("The workbook is too large once unpacked; split it."))
    parts = part_types(archive)
    texts = [name for name, kind in parts.items() if kind == SHARED_STRINGS]
    if not texts:
        return
    most = (max_rows() + 1) * (len(COLUMNS) + 1)  # the cells within the rows limit
    cells = min(
        most,
        sum(
            count_tags(archive, name, TEXT_CELL, most)
            for name, kind in parts.items()
            if kind == WORKSHEET
        ),
    )
    size = sum(archive.getinfo(name).file_size for name in texts)
    if (
        size > cells * CELL_MAX_BYTES + SPARE_TEXT_BYTES
        or sum(count_tags(archive, name, SHARED_TEXT, cells + SPARE_TEXTS) for name in texts)
        > cells + SPARE_TEXTS
    ):
        raise FileProblem(
            _(
                "The workbook holds far more text than its cells use, so it is not read. "
                "Open it in your spreadsheet program, save it again (or save it as CSV) "
                "and upload that file."
            )
        )


def part_types(archive):
    """Each part's content type by its name in the zip, as the reader finds them."""
    if archive.getinfo(CONTENT_TYPES).file_size > 1024 * 1024:
        raise ValueError("content types too large")
    root = ElementTree.fromstring(archive.read(CONTENT_TYPES))
    return {
        element.get("PartName", "").lstrip("/"): element.get("ContentType")
        for element in root
        if element.tag.endswith("Override")
    }


def count_tags(archive, name, pattern, enough):
    """How often a tag occurs in a part, read a block at a time; the count
    stops once past enough. A block is cut before its last "<", so that no
    tag is split between two."""
    count, tail = 0, b""
    with archive.open(name) as part:
        while count <= enough and (block := part.read(1024 * 1024)):
            text = tail + block
            cut = text.rfind(b"<")
            if cut == -1 or len(text) - cut > LONGEST_TAG:
                cut = len(text)
            count += len(pattern.findall(text, 0, cut))
            tail = text[cut:]
    return count + len(pattern.findall(tail))


class SheetXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        try:
            check_unpacked(zipfile.ZipFile(io.BytesIO(in_stream)))
        except FileProblem:
            raise
        except Exception:  # not a zip, a part missing or damaged, encrypted
            raise FileProblem(not_xlsx_message()) from None
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
