"""The import's coordinate columns: latitude, longitude and location_precision
are read as the admin's form reads them; a bad value is an error on its row
under its column, never a server error; the precision defaults to "locality"."""

from decimal import Decimal

import pytest

from entities.models import Entity
from workflow.imports.columns import COLUMNS

from ..importing import (
    another_row,
    csv_upload,
    draft_entity,
    export,
    import_file,
    import_types,
    preview,
    read_csv,
    row_errors,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


def stored(name):
    entity = Entity.objects.get(name=name)
    return entity.latitude, entity.longitude, entity.location_precision


def test_the_template_has_the_coordinate_columns_after_the_locality():
    at = COLUMNS.index("locality")
    assert COLUMNS[at + 1 : at + 4] == ["latitude", "longitude", "location_precision"]


def test_coordinates_are_read_and_the_precision_defaults_to_locality(client, researcher):
    rows = [
        another_row("Typed with a comma", latitude="19,1214", longitude="98.93831234"),
        another_row("Exact", latitude="18.7883", longitude="98.9853", location_precision="Exact"),
        another_row("Nowhere", latitude="", longitude="", location_precision=""),
    ]
    import_file(client, csv_upload(rows))
    assert stored("Typed with a comma") == (Decimal("19.1214"), Decimal("98.938312"), "locality")
    assert stored("Exact") == (Decimal("18.7883"), Decimal("98.9853"), "exact")
    assert stored("Nowhere") == (None, None, "")


def test_a_workbooks_number_cells_are_coordinates(client, researcher):
    row = another_row("Typed cells", latitude=19.1214, longitude=98, location_precision=None)
    import_file(client, xlsx_upload([row]))
    assert stored("Typed cells") == (Decimal("19.1214"), Decimal("98"), "locality")


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"latitude": "19.12.14"}, "latitude", "Write the latitude as a number of degrees"),
        ({"longitude": "98°56′E"}, "longitude", "Write the longitude as a number of degrees"),
        ({"latitude": "190"}, "latitude", "The latitude must be between -90 and 90"),
        ({"longitude": "-180.5"}, "longitude", "The longitude must be between -180 and 180"),
        ({"longitude": ""}, "longitude", "Give the longitude too: coordinates are a pair."),
        ({"latitude": ""}, "latitude", "Give the latitude too: coordinates are a pair."),
        ({"location_precision": "street"}, "location_precision", "is not one of: exact,"),
        (
            {"latitude": "", "longitude": "", "location_precision": "exact"},
            "location_precision",
            "Leave the precision blank when there are no coordinates.",
        ),
    ],
)
def test_a_bad_coordinate_is_an_error_on_its_row_naming_the_column(
    client, researcher, values, column, words
):
    rows = [
        another_row("Fine", latitude="19.1214", longitude="98.9383"),
        another_row("Wrong", **{"latitude": "19.1214", "longitude": "98.9383", **values}),
    ]
    response = preview(client, csv_upload(rows))
    assert response.status_code == 200
    [(row, found_column, message)] = row_errors(response)
    assert (row, found_column) == (3, column)
    assert words in message
    assert not Entity.objects.exists()


def test_a_file_without_the_precision_column_keeps_the_stored_precision(client, researcher):
    entity = draft_entity(
        name="Ban Don Weaving Group",
        latitude=Decimal("18.78"),
        longitude=Decimal("98.98"),
        location_precision="exact",
    )
    columns = [column for column in COLUMNS if column != "location_precision"]
    [row] = read_csv(export(client).content)
    row.update(latitude="18.7883", longitude="98.9853")
    import_file(client, csv_upload([row], columns=columns))
    entity.refresh_from_db()
    assert stored(entity.name) == (Decimal("18.7883"), Decimal("98.9853"), "exact")
    # Cleared coordinates take the precision with them.
    [row] = read_csv(export(client).content)
    row.update(latitude="", longitude="")
    import_file(client, csv_upload([row], columns=columns))
    assert stored(entity.name) == (None, None, "")


def test_the_export_writes_coordinates_as_typed_and_they_read_back_unchanged(client, researcher):
    draft_entity(
        name="Far south",
        latitude=Decimal("-8.5"),
        longitude=Decimal("100.000100"),
        location_precision="region",
    )
    exported = export(client).content
    [row] = read_csv(exported)
    assert (row["latitude"], row["longitude"], row["location_precision"]) == (
        "'-8.5",  # a cell starting with "-" is written against formulas, and read back
        "100.0001",
        "region",
    )
    previewed = preview(client, csv_upload([row]))
    assert import_types(previewed) == ["skip"]
