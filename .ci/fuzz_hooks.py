"""Schemathesis hooks for .ci/fuzz-api.

A map's `bbox` is four plain decimals (the schema's pattern) with west less
than east and south less than north, each within its range: the pattern
cannot say the second part, so a generated box such as `0,0,0,0` matches the
schema and is refused (400, which the schema declares) while schemathesis
expects it accepted. The box is put in order and range here, so that valid
requests stay valid; a box that does not match the pattern (a negative case)
is left as generated. The pattern is entities.map_cells.BBOX_PATTERN's
(this runs outside Django).

Likewise a `release` the schema allows (a number from 1) names release 1,
the one .ci/fuzz-api makes: another number is a release that does not exist
(400). A value the schema forbids is left as generated. The list as GeoJSON
and an entity as JSON-LD are of the current data only (`release` with
`format=geojson` or `format=jsonld` is a 400, as their descriptions say and
the schema cannot): `release` is left out there.
"""

import re
from decimal import Decimal

import schemathesis

DECIMAL = r"[+-]?[0-9]+(?:\.[0-9]+)?"
BBOX = re.compile(rf"{DECIMAL},{DECIMAL},{DECIMAL},{DECIMAL}")


def ordered(low, high, limit):
    low, high = sorted(max(-limit, min(limit, value)) for value in (low, high))
    if low == high:
        low, high = (low - 1, high) if high == limit else (low, high + 1)
    return low, high


def plain(number):
    """The float as a plain decimal that reads back as the same float."""
    return format(Decimal(repr(number)), "f")


def existing_release(value):
    """1 for a release number the schema allows, else the value as it is."""
    text = str(value)
    if (
        not isinstance(value, bool)
        and text.isascii()
        and text.isdigit()
        and 1 <= int(text) <= 999_999_999
    ):
        return 1
    return value


@schemathesis.hook
def map_case(context, case):
    if "release" in (case.query or {}):
        if case.query.get("format") in ("geojson", "jsonld"):
            del case.query["release"]
        else:
            case.query["release"] = existing_release(case.query["release"])
    bbox = (case.query or {}).get("bbox")
    if isinstance(bbox, str) and BBOX.fullmatch(bbox):
        west, south, east, north = (float(part) for part in bbox.split(","))
        west, east = ordered(west, east, 180)
        south, north = ordered(south, north, 90)
        case.query["bbox"] = ",".join(plain(number) for number in (west, south, east, north))
    return case
