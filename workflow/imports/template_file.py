"""The template workbook: the sheet to fill in (the columns and the example
row), then a sheet of the codes every coded column accepts, each with its
name in the reader's language; each coded column of the first sheet offers
its codes as a drop-down (a "list" data validation on the codes sheet's
range). The import reads the first sheet only, so a filled-in template
imports as it is.
"""

import io

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .code_lists import CODES_SHEET, code_lists

DATA_SHEET = "entities"
FIRST_CODE_ROW = 3  # row 1: the list's title, row 2: its headings


def text_cell(sheet, row, column, value, bold=False):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def code_sheet_value(value):
    """Numbers as numbers (scores, SDGs), so that a number typed or picked
    in a cell matches its drop-down; every other code as text."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def write_codes(sheet, lists):
    """Each list in a block of columns, a blank column between two; returns
    {list key: the absolute range of its codes} for the lists with codes."""
    ranges, column = {}, 1
    for code_list in lists:
        text_cell(sheet, 1, column, code_list.title, bold=True)
        for offset, heading in enumerate(code_list.headings):
            text_cell(sheet, 2, column + offset, heading, bold=True)
        for number, row in enumerate(code_list.rows, start=FIRST_CODE_ROW):
            for offset, value in enumerate(row):
                text_cell(sheet, number, column + offset, code_sheet_value(value))
        if code_list.rows:
            letter = get_column_letter(column)
            last = FIRST_CODE_ROW + len(code_list.rows) - 1
            ranges[code_list.key] = f"{CODES_SHEET}!${letter}${FIRST_CODE_ROW}:${letter}${last}"
        sheet.column_dimensions[get_column_letter(column + 1)].width = 40
        column += code_list.width + 1
    return ranges


def add_drop_downs(sheet, headers, lists, ranges):
    """A drop-down on every coded column, from the second row to the last a
    file may have."""
    last_row = settings.IMPORT_MAX_ROWS + 1
    for code_list in lists:
        if code_list.key not in ranges:
            continue
        for column_name in code_list.columns:
            if column_name not in headers:
                continue
            letter = get_column_letter(headers.index(column_name) + 1)
            validation = DataValidation(
                type="list",
                formula1=ranges[code_list.key],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Not a code of the list"),
                error=_("Choose a code from the list (sheet “%(sheet)s”).")
                % {"sheet": CODES_SHEET},
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)


def template_workbook(headers, rows):
    """The template as .xlsx bytes: the data sheet (``headers``, ``rows``),
    the codes sheet, the drop-downs."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.freeze_panes = "A2"
    for column, name in enumerate(headers, start=1):
        text_cell(data, 1, column, name, bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value != "":
                text_cell(data, number, column, value)
    lists = code_lists()
    ranges = write_codes(book.create_sheet(CODES_SHEET), lists)
    add_drop_downs(data, list(headers), lists, ranges)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
