"""The template a researcher downloads: the XLSX has a sheet of every coded
column's codes with their names in the researcher's language and a drop-down
of them in each coded column; the CSV's codes are on a page of their own; the
example row is marked, and refused if it is imported as it is."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.utils import get_column_letter

from entities.models import Entity
from workflow.imports.columns import COLUMNS, EXAMPLE_MARKER, EXAMPLE_ROW

from ..factories import UserFactory
from ..importing import IMPORT_URL, confirm, import_types, preview, row_errors

pytestmark = pytest.mark.django_db

CODES_URL = reverse("admin:entities_entity_import_codes")


def template(client, extension):
    response = client.get(reverse("admin:entities_entity_import_template", args=[extension]))
    assert response.status_code == 200
    assert f"sse-registry-import-template.{extension}" in response["Content-Disposition"]
    return response.content


def workbook(client):
    return openpyxl.load_workbook(io.BytesIO(template(client, "xlsx")))


def in_thai(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"


def code_blocks(sheet):
    """{title: [rows of the block]}: each list on the codes sheet, its title
    in row 1, its headings in row 2, its rows beneath, a blank column after."""
    blocks, column = {}, 1
    while (title := sheet.cell(1, column).value) is not None:
        width = 1
        while sheet.cell(2, column + width).value is not None:
            width += 1
        rows = [
            tuple(sheet.cell(row, column + offset).value for offset in range(width))
            for row in range(3, sheet.max_row + 1)
        ]
        blocks[title] = [row for row in rows if row[0] is not None]
        blocks[title, "range"] = (column, 3, 2 + len(blocks[title]))
        column += width + 1
    return blocks


def drop_downs(sheet):
    """{column name: (the list's formula, the cells it covers)}."""
    headers = [cell.value for cell in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for cells in str(validation.sqref).split():
            letter = cells.split(":")[0].rstrip("0123456789")
            found[headers[openpyxl.utils.column_index_from_string(letter) - 1]] = (
                validation.formula1,
                cells,
            )
    return found


def codes_range(blocks, title):
    column, first, last = blocks[title, "range"]
    letter = get_column_letter(column)
    return f"codes!${letter}${first}:${letter}${last}"


# --- the workbook -------------------------------------------------------------------


def test_the_workbook_has_the_data_sheet_first_then_the_codes(client, researcher):
    book = workbook(client)
    assert book.sheetnames == ["entities", "codes"]
    data = book["entities"]
    assert [cell.value for cell in data[1]] == COLUMNS
    assert data.cell(2, COLUMNS.index("name") + 1).value.startswith(EXAMPLE_MARKER)


def test_the_codes_sheet_lists_every_coded_columns_codes_with_their_names(client, researcher):
    blocks = code_blocks(workbook(client)["codes"])

    assert ("TH", "Thailand") in blocks["Countries"]
    assert ("TH-50", "Chiang Mai (เชียงใหม่)", "TH") in blocks["Regions by country"]
    regions = blocks["Regions by country"]
    assert [row[2] for row in regions] == sorted(row[2] for row in regions)  # by country
    assert ("community-enterprise", "Community enterprise") in blocks["Entity types"]
    sectors = blocks["Sectors (ISIC sections)"]
    assert [code for code, _name in sectors] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert ("community", "Community or grassroots") in blocks["Origins"]
    assert ("low", "Low") in blocks["Dependency levels"]
    assert ("interview", "Interview") in blocks["Assessment methods"]
    assert ("exact", "Exact address") in blocks["Location precision"]
    goals = blocks["Sustainable Development Goals (several, separated by commas)"]
    assert [number for number, _name in goals] == list(range(1, 18))
    features = blocks["Features (the columns score_… and evidence_…)"]
    assert ("score_autonomy", "Autonomy and independence") in features
    assert blocks["Scores"] == [(0, "Absent"), (1, "Emerging"), (2, "Substantial"), (3, "Full")]
    assert blocks["Registered (an empty cell is unknown)"] == [
        ("yes", "Yes"),
        ("no", "No"),
        ("unknown", "Unknown"),
    ]
    assert blocks["Yes or no"] == [("yes", "Yes"), ("no", "No")]  # confirmed_distinct


def test_each_coded_column_offers_its_codes_as_a_drop_down(client, researcher):
    book = workbook(client)
    blocks = code_blocks(book["codes"])
    found = drop_downs(book["entities"])
    last = settings.IMPORT_MAX_ROWS + 1

    def column(name):
        letter = get_column_letter(COLUMNS.index(name) + 1)
        return f"{letter}2:{letter}{last}"

    expected = {
        "country": "Countries",
        "region": "Regions by country",
        "location_precision": "Location precision",
        "entity_type": "Entity types",
        "sector": "Sectors (ISIC sections)",
        "registered": "Registered (an empty cell is unknown)",
        "origin": "Origins",
        "dependency": "Dependency levels",
        "method": "Assessment methods",
        "score_autonomy": "Scores",
        "score_people_over_capital": "Scores",
        "confirmed_distinct": "Yes or no",
    }
    for name, title in expected.items():
        assert found[name] == (codes_range(blocks, title), column(name)), name
    assert "sdgs" not in found  # several numbers in a cell: listed, no drop-down
    assert "name" not in found


def test_the_codes_are_named_in_the_researchers_language(client, researcher):
    in_thai(client)
    book = workbook(client)
    blocks = code_blocks(book["codes"])

    countries = next(rows for title, rows in blocks.items() if ("TH", "ไทย") in rows)
    assert ("VN", "เวียดนาม") in countries
    sectors = next(
        rows for title, rows in blocks.items() if ("A", "เกษตรกรรม การป่าไม้ และการประมง") in rows
    )
    assert len(sectors) == 21
    assert any(("community-enterprise", "วิสาหกิจชุมชน") in rows for rows in blocks.values())
    assert "Countries" not in blocks  # the titles too
    # The formulas do not depend on the language: the sheet keeps its name.
    assert drop_downs(book["entities"])["country"][0] == codes_range(
        blocks, next(title for title, rows in blocks.items() if rows is countries)
    )


def test_the_filled_in_workbook_imports_its_first_sheet(client, researcher):
    book = workbook(client)
    data = book["entities"]
    data.cell(2, COLUMNS.index("name") + 1).value = "Ban Huai Hom Weaving Group"
    data.cell(2, COLUMNS.index("registration_number") + 1).value = "5-50-07-08/1-0999"
    out = io.BytesIO()
    book.save(out)

    previewed = preview(client, SimpleUploadedFile("filled.xlsx", out.getvalue()))

    assert import_types(previewed) == ["new"]
    confirm(client, previewed)
    assert Entity.objects.get().name_local == EXAMPLE_ROW["name_local"]


# --- the example row ------------------------------------------------------------


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_example_row_imported_as_it_is_is_refused_with_a_clear_message(
    client, researcher, extension
):
    content = template(client, extension)

    previewed = preview(client, SimpleUploadedFile(f"template.{extension}", content))

    assert previewed.status_code == 200
    [(row, column, message)] = row_errors(previewed)
    assert (row, column) == (2, "name")
    assert "template's example row" in message
    assert "confirm_form" not in previewed.context
    assert not Entity.objects.exists()


def test_the_csv_templates_example_row_imports_once_unmarked(client, researcher):
    content = template(client, "csv").decode("utf-8-sig")
    content = content.replace(f"{EXAMPLE_MARKER} ", "")

    previewed = preview(client, SimpleUploadedFile("template.csv", content.encode()))

    assert import_types(previewed) == ["new"]
    confirm(client, previewed)
    assert Entity.objects.get().name == EXAMPLE_ROW["name"]


# --- the page of codes ----------------------------------------------------------


def test_the_import_page_links_to_the_codes_which_the_page_lists(client, researcher):
    assert CODES_URL in client.get(IMPORT_URL).content.decode()

    page = client.get(CODES_URL).content.decode()

    assert "<code>TH-50</code></td><td>Chiang Mai (เชียงใหม่)</td><td>TH</td>" in page
    assert "<code>community-enterprise</code></td><td>Community enterprise</td>" in page
    assert "<code>self_assessment</code>" in page


def test_the_codes_page_in_thai(client, researcher):
    in_thai(client)
    page = client.get(CODES_URL).content.decode()
    assert "<code>TH</code></td><td>ไทย</td>" in page
    assert 'lang="th"' in page


def test_the_codes_page_needs_the_import_permission(client):
    client.force_login(UserFactory(username="viewer", is_staff=True))
    assert client.get(CODES_URL).status_code == 403
