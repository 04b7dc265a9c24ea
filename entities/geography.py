"""Where the registry's regions are: their boundaries, a point inside each,
the countries' bounding boxes, and the projection the server-drawn maps use.

The data is entities/geodata/regions.json, generated from Natural Earth's
admin-1 boundaries (public domain) by devtools/geodata/build_regions.py and
committed; see entities/geodata/README.md. It is read once per process, on
first use. Plain Python: no GIS library at run time.

Every region has an entry. Most have a *shape* (``status == "shape"``): a
GeoJSON Polygon or MultiPolygon in lon/lat, its SVG ``path`` and a point
inside it. A region the source has no boundary for is a *marker*
(``status == "marker"``): a labelled point with a ``reason``, no geometry.
A source shape that covers several regions at once is an *outline*
(``outlines()``), for a map to draw without a colour of its own.

Coordinates in: latitude and longitude in degrees, as float, Decimal, int
or a numeric string. Projected units (``path``, ``project()``, the
projected bboxes): Web Mercator in kilometres, y pointing down, as SVG's.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "geodata" / "regions.json"

CREDIT = _("Boundaries: Natural Earth (public domain)")
SOURCE_URL = "https://www.naturalearthdata.com/"

EARTH_RADIUS_KM = 6378.137  # Web Mercator's sphere (EPSG:3857)
MAX_LATITUDE = 85.0511287798  # Web Mercator's limit: the map is square

SHAPE = "shape"
MARKER = "marker"


def _reason_text(kind, name, other, fallback):
    if kind == "inside":
        # Translators: why a region is drawn as a point on a map; %(other)s is
        # the region whose boundary holds it.
        text = gettext(
            "The source has no boundary of its own for %(name)s: it lies within %(other)s."
        )
    elif kind == "shared":
        # Translators: why two regions are each drawn as a point on a map.
        text = gettext("The source draws %(name)s and %(other)s as one area.")
    else:
        return fallback
    return text % {"name": name, "other": other}


# Translated when shown, in the language of the request that shows it.
_lazy_reason = lazy(_reason_text, str)


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    name: str
    status: str  # SHAPE or MARKER
    reason: str  # why a marker has no shape (translatable); "" for a shape
    geometry: dict | None = field(hash=False, compare=False, repr=False)  # GeoJSON, lon/lat
    point: tuple  # (lon, lat): inside the shape, or the marker's place
    bbox: tuple  # (west, south, east, north) in degrees
    path: str | None = field(repr=False)  # the SVG path of the shape, projected units

    @property
    def latitude(self):
        return self.point[1]

    @property
    def longitude(self):
        return self.point[0]

    @property
    def is_marker(self):
        return self.status == MARKER


@dataclass(frozen=True)
class Outline:
    """A source shape covering several regions, each of them a marker."""

    id: str
    country: str
    codes: tuple
    geometry: dict = field(hash=False, compare=False, repr=False)
    bbox: tuple
    path: str = field(repr=False)


@dataclass(frozen=True)
class _Data:
    header: dict
    regions: dict  # code -> Region, in code order
    countries: dict  # code -> {"bbox": (...), "projected_bbox": (...)}
    outlines: tuple
    rings: dict  # code -> the shape's polygons, each a tuple of rings of (lon, lat)


@cache
def _data():
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    names = {code: entry["name"] for code, entry in raw["regions"].items()}
    regions, rings = {}, {}
    for code in sorted(raw["regions"]):
        entry = raw["regions"][code]
        reason = ""
        if entry["status"] == MARKER:
            related = entry.get("reason_region")
            reason = _lazy_reason(
                entry.get("reason_kind"),
                entry["name"],
                names.get(related, related),
                entry.get("reason", ""),
            )
        geometry = entry["geometry"]
        regions[code] = Region(
            code=code,
            country=entry["country"],
            name=entry["name"],
            status=entry["status"],
            reason=reason,
            geometry=geometry,
            point=tuple(entry["point"]),
            bbox=tuple(entry["bbox"]),
            path=entry["d"],
        )
        if geometry is not None:
            rings[code] = _polygons(geometry)
    countries = {
        code: {"bbox": tuple(box["bbox"]), "projected_bbox": tuple(box["projected_bbox"])}
        for code, box in raw["countries"].items()
    }
    outlines = tuple(
        Outline(
            id=outline["id"],
            country=outline["country"],
            codes=tuple(outline["codes"]),
            geometry=outline["geometry"],
            bbox=tuple(outline["bbox"]),
            path=outline["d"],
        )
        for outline in raw["outlines"]
    )
    return _Data(raw["header"], regions, countries, outlines, rings)


def _polygons(geometry):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return tuple(tuple(tuple(map(tuple, ring)) for ring in polygon) for polygon in polygons)


def _degrees(value):
    """A coordinate as a float; None for a value that is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def header():
    """The data file's provenance: source, version, licence, credit, the
    command that generated it, the simplification."""
    return dict(_data().header)


def region(code):
    """The region of this ISO 3166-2 code ("TH-50"), or None."""
    return _data().regions.get(code)


def regions(country=None):
    """The regions of one country (its alpha-2 code), or of every country,
    in code order."""
    every = _data().regions.values()
    return tuple(r for r in every if country is None or r.country == country)


def outlines(country=None):
    """The source shapes that cover several regions (drawn without a colour
    of their own, the regions' markers on them)."""
    return tuple(o for o in _data().outlines if country is None or o.country == country)


def countries():
    """The alpha-2 codes of the countries with regions here."""
    return tuple(_data().countries)


def region_centroid(code):
    """(latitude, longitude) of the region's point: inside its shape, or its
    marker's place. Where an entity with a region but no coordinates is
    placed on a map (precision "region"). None for an unknown code."""
    found = region(code)
    return None if found is None else (found.point[1], found.point[0])


def country_bbox(code):
    """(west, south, east, north) in degrees around the country's regions, or None."""
    box = _data().countries.get(code)
    return None if box is None else box["bbox"]


def country_projected_bbox(code):
    """(min x, min y, max x, max y) of the country's bbox in projected units
    (y down, so min y is the north), for an SVG viewBox; or None."""
    box = _data().countries.get(code)
    return None if box is None else box["projected_bbox"]


def _in_box(box, lat, lon):
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north


def in_country_bbox(code, lat, lon):
    """Whether (lat, lon) lies in the country's bounding box (edges included).
    False for an unknown country or a coordinate that is not a number."""
    box = country_bbox(code)
    lat, lon = _degrees(lat), _degrees(lon)
    return box is not None and lat is not None and lon is not None and _in_box(box, lat, lon)


def _in_ring(ring, lon, lat):
    """Ray casting: whether the point is inside the closed ring."""
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > lat) != (y0 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
        x0, y0 = x1, y1
    return inside


def region_contains(code, lat, lon):
    """Whether (lat, lon) lies inside the region's shape (not in one of its
    holes). False for a marker, an unknown code or a coordinate that is not
    a number."""
    found = region(code)
    lat, lon = _degrees(lat), _degrees(lon)
    if found is None or found.geometry is None or lat is None or lon is None:
        return False
    if not _in_box(found.bbox, lat, lon):
        return False
    for exterior, *holes in _data().rings[code]:
        if _in_ring(exterior, lon, lat) and not any(_in_ring(hole, lon, lat) for hole in holes):
            return True
    return False


def project(lat, lon):
    """(x, y) of a point in the paths' units: Web Mercator in km, rounded to
    0.1 km, y pointing down (the negated northing), so a point is drawn on
    the same SVG as the regions. Latitudes beyond Web Mercator's ±85.05°
    are drawn at its edge; ValueError for a coordinate that is not a number."""
    lat, lon = _degrees(lat), _degrees(lon)
    if lat is None or lon is None:
        raise ValueError("latitude and longitude must be finite numbers")
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = EARTH_RADIUS_KM * math.radians(lon)
    y = EARTH_RADIUS_KM * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return round(x, 1) + 0.0, round(-y, 1) + 0.0
