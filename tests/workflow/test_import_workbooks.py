"""A workbook is a zip of XML files: one that unpacks to far more than its rows
can need (texts no cell uses, a "zip bomb") is refused before it is read,
with a message; a workbook whose cells use its shared texts imports."""

import io
import re
import time
import zipfile
from xml.sax.saxutils import escape

import pytest

from entities.models import Entity
from workflow.imports.columns import COLUMNS, REQUIRED_COLUMNS
from workflow.imports.files import SHARED_STRINGS

from ..importing import (
    another_row,
    confirm,
    csv_upload,
    import_types,
    page_errors,
    preview,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

INLINE_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')
UNUSED = "more text than its cells use"


def with_shared_strings(workbook, unused=()):
    """The workbook with its cells' texts in a shared-strings part, as Excel
    and LibreOffice write it, followed by the given texts that no cell uses."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    texts = []

    def shared(match):
        texts.append(match[3])
        return f'<c r="{match[1]}"{match[2]} t="s"><v>{len(texts) - 1}</v></c>'

    sheet = INLINE_CELL.sub(shared, source.read("xl/worksheets/sheet1.xml").decode())
    items = [f"<si><t>{text}</t></si>" for text in texts]
    items += [f"<si><t>{escape(text)}</t></si>" for text in unused]
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{''.join(items)}</sst>"
    )
    types = source.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS}"/></Types>',
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            replaced = {"xl/worksheets/sheet1.xml": sheet, "[Content_Types].xml": types}
            target.writestr(name, replaced.get(name, source.read(name)))
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def workbook(rows, unused=(), columns=COLUMNS):
    upload = xlsx_upload(rows, columns)
    return type(upload)(upload.name, with_shared_strings(upload.read(), unused))


ROWS = [another_row("Ban Huai Hom Weaving Group"), another_row("Ban Pa Daeng Tea Group")]


def test_a_workbook_whose_cells_use_its_shared_texts_imports(client, researcher):
    previewed = preview(client, workbook(ROWS))
    assert import_types(previewed) == ["new", "new"]
    confirm(client, previewed)
    assert Entity.objects.count() == 2


def test_texts_that_no_cell_uses_are_refused_before_reading(client, researcher):
    unused = [f"unused text {number}" for number in range(5_000)]
    response = preview(client, workbook(ROWS, unused))
    assert any(UNUSED in error for error in page_errors(response)), page_errors(response)
    assert not response.context.get("confirm_form")


def test_one_text_longer_than_a_cell_may_hold_is_refused(client, researcher):
    # Twelve cells with text, which may hold some 200 kB each.
    response = preview(client, workbook(ROWS, ["x" * 5_000_000], columns=REQUIRED_COLUMNS))
    assert any(UNUSED in error for error in page_errors(response)), page_errors(response)


def test_a_workbook_that_unpacks_far_beyond_the_limit_is_refused(client, researcher, settings):
    upload = workbook(ROWS)
    settings.IMPORT_MAX_BYTES = upload.size + 4096  # the file itself is within the limit
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("docProps/padding.xml", b" " * 10 * settings.IMPORT_MAX_BYTES)
    content = out.getvalue()
    assert len(content) <= settings.IMPORT_MAX_BYTES

    response = preview(client, type(upload)(upload.name, content))

    assert "The workbook is too large once unpacked; split it." in page_errors(response)


def test_the_same_rows_as_csv_and_as_workbook_with_shared_texts_agree(client, researcher):
    from_csv = import_types(preview(client, csv_upload(ROWS)))
    from_workbook = import_types(preview(client, workbook(ROWS)))
    assert from_csv == from_workbook == ["new", "new"]


def test_refusing_a_workbook_full_of_unused_texts_is_quick(client, researcher):
    # Some 6 MB of texts that no cell uses, in a file of about 1 MB.
    unused = [f"text {number} of a workbook padded" for number in range(200_000)]
    upload = workbook(ROWS, unused)
    started = time.perf_counter()
    response = preview(client, upload)
    assert any(UNUSED in error for error in page_errors(response))
    assert time.perf_counter() - started < 1.5
