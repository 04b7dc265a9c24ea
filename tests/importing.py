"""The admin's spreadsheet import as a researcher or reviewer drives it: the
people, the files they upload, and the steps (preview, confirm, export)."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entities.models import Entity
from research.models import Assessment, Score
from workflow.imports.columns import COLUMNS, EXAMPLE_ROW
from workflow.models import CountryAssignment

from .factories import EntityFactory, UserFactory

IMPORT_URL = reverse("admin:entities_entity_import")
CONFIRM_URL = reverse("admin:entities_entity_process_import")
EXPORT_URL = reverse("admin:entities_entity_export")
CHANGELIST_URL = reverse("admin:entities_entity_changelist")
CSV_FORMAT, XLSX_FORMAT = "0", "1"


# --- people ---------------------------------------------------------------------


def make_user(group, countries=()):
    """A staff member of the role's group, assigned to the given countries."""
    role = group.split()[-1].lower()
    user = UserFactory(username=f"{role}-{'-'.join(countries)}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    for code in countries:
        CountryAssignment.objects.create(user=user, country_id=code)
    return user


@pytest.fixture
def researcher(client):
    user = make_user("National researcher", ["TH"])
    client.force_login(user)
    return user


@pytest.fixture
def reviewer(client):
    user = make_user("Reviewer")
    client.force_login(user)
    return user


# --- files ----------------------------------------------------------------------


def sheet_row(**values):
    """The template's example row with some values changed."""
    return {**EXAMPLE_ROW, **values}


def another_row(name, **values):
    """The example row for another entity (no local name, no registration)."""
    return sheet_row(**{"name_local": "", "registration_number": "", **values, "name": name})


def csv_bytes(rows, columns=COLUMNS, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def csv_upload(rows, columns=COLUMNS, name="entities.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, columns))


def xlsx_upload(rows, columns=COLUMNS, name="entities.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def read_csv(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


# --- the admin's steps -------------------------------------------------------------


def preview(client, upload):
    return client.post(IMPORT_URL, {"resource": "0", "import_file": upload})


def confirm(client, previewed):
    assert "confirm_form" in previewed.context, row_errors(previewed) or page_errors(previewed)
    return client.post(CONFIRM_URL, previewed.context["confirm_form"].initial)


def import_file(client, upload):
    response = confirm(client, preview(client, upload))
    assert response.status_code == 302, row_errors(response)
    return response


def row_errors(response):
    """(row as the spreadsheet numbers it, column, message) for each error."""
    result = response.context.get("result")
    if result is None:
        return []
    return [
        (row.number + 1, column, str(message))
        for row in result.invalid_rows
        for column, messages in row.error_dict.items()
        for message in messages
    ]


def page_errors(response):
    form = response.context.get("form")
    return form.errors.get("import_file", []) if form is not None else []


def import_types(response):
    return [row.import_type for row in response.context["result"].rows]


def export(client, file_format=CSV_FORMAT, query=""):
    response = client.post(f"{EXPORT_URL}{query}", {"resource": "0", "format": file_format})
    assert response.status_code == 200
    return response


def history_counts():
    return (
        Entity.history.count(),
        Assessment.history.count(),
        Score.history.count(),
    )


def draft_entity(**kwargs):
    return EntityFactory(status=Entity.Status.DRAFT, **kwargs)
