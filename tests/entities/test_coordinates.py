"""An entity's coordinates: what the database refuses whatever writes the row,
what the model's validation says (each message under its field), how typed
values are read, and that the history records them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities import coordinates
from entities.models import Entity

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

BANGKOK = {
    "latitude": Decimal("13.7563"),
    "longitude": Decimal("100.5018"),
    "location_precision": "locality",
}


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- the database ---------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"latitude": Decimal("90.000001")},
        {"latitude": Decimal("-91")},
        {"latitude": Decimal("99.999999")},
        {"longitude": Decimal("180.5")},
        {"longitude": Decimal("-180.000001")},
        {"longitude": Decimal("999")},
    ],
)
def test_a_coordinate_out_of_range_is_refused_by_the_database(values):
    entity = EntityFactory(**BANGKOK)
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(**values))


@pytest.mark.parametrize("missing", ["latitude", "longitude"])
def test_half_a_pair_is_refused_by_the_database(missing):
    entity = EntityFactory(**BANGKOK)
    refused(lambda: Entity.objects.filter(pk=entity.pk).update(**{missing: None}))
    refused(
        lambda: Entity.objects.bulk_create([EntityFactory.build(**{**BANGKOK, missing: None})])
    )


def test_the_precision_goes_with_coordinates_and_only_with_them_in_the_database():
    located, unlocated = EntityFactory(**BANGKOK), EntityFactory()
    refused(lambda: Entity.objects.filter(pk=located.pk).update(location_precision=""))
    refused(lambda: Entity.objects.filter(pk=located.pk).update(location_precision="street"))
    refused(lambda: Entity.objects.filter(pk=unlocated.pk).update(location_precision="exact"))


def test_the_limits_themselves_and_no_coordinates_are_accepted():
    entity = EntityFactory()
    assert (entity.latitude, entity.longitude, entity.location_precision) == (None, None, "")
    for latitude, longitude in [(90, 180), (-90, -180), (0, 0)]:
        Entity.objects.filter(pk=entity.pk).update(
            latitude=latitude, longitude=longitude, location_precision="exact"
        )
        entity.refresh_from_db()
        assert (entity.latitude, entity.longitude) == (latitude, longitude)


def test_the_history_records_the_coordinates():
    entity = EntityFactory()
    entity.latitude, entity.longitude = Decimal("21.028511"), Decimal("105.804817")
    entity.location_precision = "exact"
    entity.save()
    latest = entity.history.latest()
    assert (latest.latitude, latest.longitude, latest.location_precision) == (
        Decimal("21.028511"),
        Decimal("105.804817"),
        "exact",
    )
    assert entity.history.earliest().latitude is None


# --- the model's validation -----------------------------------------------------


def messages(**values):
    entity = EntityFactory.build(**values)
    with pytest.raises(ValidationError) as raised:
        entity.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({**BANGKOK, "latitude": Decimal("91")}, "latitude", "latitude must be between -90"),
        ({**BANGKOK, "longitude": Decimal("-181")}, "longitude", "between -180 and 180"),
        ({**BANGKOK, "longitude": None}, "longitude", "Give the longitude too"),
        ({**BANGKOK, "latitude": None}, "latitude", "Give the latitude too"),
        ({**BANGKOK, "location_precision": ""}, "location_precision", "how precise"),
        ({"location_precision": "exact"}, "location_precision", "Leave the precision blank"),
        ({**BANGKOK, "location_precision": "street"}, "location_precision", "not a valid choice"),
    ],
)
def test_validation_names_the_field(values, field, words):
    errors = messages(**values)
    assert list(errors) == [field]
    assert any(words in message for message in errors[field])


def test_valid_coordinates_pass_validation():
    EntityFactory.build(**BANGKOK).full_clean()
    EntityFactory.build().full_clean()


# --- typed values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("13.7563", "13.756300"),
        (" 13,7563 ", "13.756300"),
        ("-8.5", "-8.500000"),
        ("+100", "100.000000"),
        ("13.75633124", "13.756331"),  # rounded to six places (11 cm)
        ("13.7563°", "13.756300"),
        (".5", "0.500000"),
        ("-0.0000001", "0.000000"),
        (13.7563, "13.756300"),  # a spreadsheet's number
        (100, "100.000000"),
        ("", None),
        (None, None),
    ],
)
def test_typed_latitude_or_longitude_is_read(typed, read):
    value = coordinates.parse(typed, "longitude")
    assert value == (None if read is None else Decimal(read))
    if read is not None:
        assert str(value) == read


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("13.7563, 100.5018", "Write the latitude as a number"),
        ("13°45'N", "Write the latitude as a number"),
        ("1e2", "Write the latitude as a number"),
        ("nan", "Write the latitude as a number"),
        ("1,000.5", "Write the latitude as a number"),
        (True, "Write the latitude as a number"),
        (float("inf"), "Write the latitude as a number"),
        ("90.0000006", "between -90 and 90"),
        ("-123", "between -90 and 90"),
        (1e300, "between -90 and 90"),
    ],
)
def test_a_malformed_or_out_of_range_value_is_refused_with_a_message(typed, words):
    with pytest.raises(coordinates.CoordinateError) as raised:
        coordinates.parse(typed, "latitude")
    assert words in str(raised.value.message)


@pytest.mark.parametrize(
    ("stored", "written"),
    [("13.756300", "13.7563"), ("100.000000", "100"), ("-0.000100", "-0.0001"), ("0", "0")],
)
def test_a_stored_coordinate_is_written_without_trailing_zeros(stored, written):
    assert coordinates.text(Decimal(stored)) == written
    assert coordinates.text(None) == ""
