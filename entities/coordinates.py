"""An entity's coordinates as people type them and as the registry writes them.

Latitude and longitude are decimal degrees (WGS 84), stored with six decimal
places (about 11 cm). A value typed with more places is rounded to six, so
that a position copied from a map application is taken as it is; a comma
may stand for the decimal point. Out of range or malformed, it is refused
with a message that names the field. The same reading serves the admin's
form and the spreadsheet import; ``text`` writes a stored value for the
page and the CSV (no trailing zeros).
"""

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

DECIMAL_PLACES = 6
STEP = Decimal(1).scaleb(-DECIMAL_PLACES)  # 0.000001
# field -> its limit either side of zero, in degrees
LIMITS = {"latitude": 90, "longitude": 180}
# field -> (max_digits, decimal_places) of its column
DIGITS = {"latitude": (8, DECIMAL_PLACES), "longitude": (9, DECIMAL_PLACES)}

RANGE_MESSAGES = {
    "latitude": _(
        "The latitude must be between -90 and 90 (degrees north of the equator; "
        "south is negative)."
    ),
    "longitude": _(
        "The longitude must be between -180 and 180 (degrees east of Greenwich; west is negative)."
    ),
}
FORMAT_MESSAGES = {
    "latitude": _("Write the latitude as a number of degrees, e.g. 13.7563."),
    "longitude": _("Write the longitude as a number of degrees, e.g. 100.5018."),
}

# Digits with an optional decimal point or comma (and a degree sign after it):
# no exponent, no thousands separators, nothing a spreadsheet could misread.
NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:[.,]\d*)?|[.,]\d+)\s*°?")
LONGEST = 40  # characters of a typed value: more is no coordinate


def validators(field):
    """The model field's range validators, with the message naming it."""
    limit = LIMITS[field]
    message = RANGE_MESSAGES[field]
    return [MinValueValidator(-limit, message=message), MaxValueValidator(limit, message=message)]


class CoordinateError(ValueError):
    """A typed coordinate that cannot be taken; ``message`` names the field."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse(value, field):
    """``value`` (text as typed, or a number from a spreadsheet) as a Decimal of
    six places within the field's range; None when blank. Raises
    CoordinateError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CoordinateError(FORMAT_MESSAGES[field])
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(repr(value) if isinstance(value, float) else value)
        except InvalidOperation:
            raise CoordinateError(FORMAT_MESSAGES[field]) from None
        if not number.is_finite():
            raise CoordinateError(FORMAT_MESSAGES[field])
        if abs(number) > 2 * LIMITS[field]:  # far out, before rounding it to six places
            raise CoordinateError(RANGE_MESSAGES[field])
    else:
        text = str(value).strip()
        if not text:
            return None
        match = NUMBER.fullmatch(text) if len(text) <= LONGEST else None
        if match is None:
            raise CoordinateError(FORMAT_MESSAGES[field])
        sign, digits = match.groups()
        number = Decimal(sign + digits.replace(",", ".").rstrip("."))
    number = number.quantize(STEP, rounding=ROUND_HALF_EVEN)
    if abs(number) > LIMITS[field]:
        raise CoordinateError(RANGE_MESSAGES[field])
    return number + 0  # -0.000000 is 0.000000


def text(value):
    """A stored coordinate as written on the page and in the CSV: plain
    decimal notation without trailing zeros (13.7563, 100, -0.5); "" for None."""
    if value is None:
        return ""
    number = Decimal(value)
    written = format(number.normalize(), "f")
    return "0" if written in ("-0", "0") else written


class CoordinateField(forms.Field):
    """A latitude or longitude typed as text (entities.coordinates reads it:
    more than six places are rounded, a comma may stand for the point), so
    that what a researcher types or pastes always works, in any browser and
    language; shown without trailing zeros."""

    widget = forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "size": 14}
    )

    def __init__(self, name, **kwargs):
        self.name = name
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse(value, self.name)
        except CoordinateError as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return text(value)
        return value
