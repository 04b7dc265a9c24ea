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
    make_user,
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


# --- coordinates outside the entity's country ---------------------------------------


def warnings(response):
    return response.context["result"].row_warnings


def test_the_preview_flags_coordinates_outside_the_country_and_the_import_proceeds(
    client, researcher
):
    rows = [
        another_row("Inside", latitude="19.1214", longitude="98.9383"),
        another_row("In Viet Nam", latitude="21.0285", longitude="105.8542"),
        another_row("Nowhere", latitude="", longitude="", location_precision=""),
        another_row("Wrong sign", latitude="-13.7563", longitude="100.5018"),
    ]
    previewed = preview(client, csv_upload(rows))
    assert [(row, column) for row, column, _ in warnings(previewed)] == [
        (3, "latitude"),
        (5, "latitude"),
    ]
    far, wrong_sign = (message for _, _, message in warnings(previewed))
    assert far == (
        "21.0285, 105.8542 lies outside Thailand. Check the coordinates "
        "(the latitude first; south and west are negative)."
    )
    assert wrong_sign.startswith("-13.7563, 100.5018 lies outside Thailand.")
    page = previewed.content.decode()
    assert "2 rows to check" in page
    assert "lies outside Thailand" in page
    assert "Confirm import" in page  # a warning does not stop the import
    import_file(client, csv_upload(rows))
    assert stored("In Viet Nam") == (Decimal("21.0285"), Decimal("105.8542"), "locality")


def test_swapped_coordinates_are_named_as_such(client):
    client.force_login(make_user("National researcher", ["KG"]))
    bishkek = {"country": "KG", "region": "", "latitude": "42.8746", "longitude": "74.5698"}
    rows = [another_row("Bishkek", **bishkek)]
    assert warnings(preview(client, csv_upload(rows))) == []
    rows = [another_row("Bishkek", **{**bishkek, "latitude": "74.5698", "longitude": "42.8746"})]
    [(row, column, message)] = warnings(preview(client, csv_upload(rows)))
    assert (row, column) == (2, "latitude")
    assert message == (
        "74.5698, 42.8746 lies outside Kyrgyzstan, but the other way round it lies "
        "inside: are the latitude and the longitude swapped?"
    )


def test_unchanged_rows_and_countries_without_boundaries_are_not_flagged(client):
    client.force_login(make_user("National researcher", ["TH", "CN"]))
    draft_entity(
        name="Stored far away",
        latitude=Decimal("-33.86"),
        longitude=Decimal("151.21"),
        location_precision="exact",
    )
    rows = read_csv(export(client).content)
    rows.append(
        another_row("Beijing", country="CN", region="", latitude="39.9", longitude="116.4")
    )
    previewed = preview(client, csv_upload(rows))
    # The stored row is unchanged (it was flagged, if ever, when it changed); the
    # registry holds no boundaries of China.
    assert import_types(previewed) == ["skip", "new"]
    assert warnings(previewed) == []
