"""Where the map puts entities, and the grid it counts them by.

An entity is *placed* on a map when it has stored coordinates, or, failing
them, a region: it is then drawn at the region's point
(``geography.region_centroid``) with the precision "region", for the map
only, never stored as if exact. An entity with neither is left off.

At a million entities a map cannot be sent every point: ``cells()`` counts
the placed entities of a bounding box by a grid fitted to the zoom level,
in SQL (GROUP BY the floor of latitude and longitude over the cell size; a
plain B-tree on the coordinates, no PostGIS), and returns at most
``MAX_CELLS`` cells, each with its count, the mean position of its entities
and how many of them practise all seven features.

Boxes are (west, south, east, north) in degrees, as GeoJSON's bbox; zoom
levels are the web maps' (0: the whole world in 256 pixels).
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, FloatField, Min, Q, Value
from django.db.models.functions import Cast, Floor
from django.utils.translation import gettext

from entities import geography
from entities.models import LocationPrecision
from research.framework import Band

MAX_ZOOM = 18
TILE_PX = 256  # a web map's tile: the whole world at zoom 0

# The grid: a cell is this fraction of a tile's width at the zoom level
# (64 pixels on screen), so that a map fitted to a box shows a few hundred
# cells; a box too large for its zoom gets coarser cells, never more than
# MAX_CELLS of them.
CELLS_PER_TILE = 4
MAX_CELLS = 4096

DEFAULT_WIDTH_PX = 800
DEFAULT_HEIGHT_PX = 600

PRECISION_REGION = LocationPrecision.REGION.value


# --- Parameters --------------------------------------------------------------------


# Each part of a bbox: a plain decimal, as a map's script writes it (optional
# sign, ASCII digits, optional fraction). Python's float() would also take
# exponents, "nan", "inf", underscores, other scripts' digits and spaces; none
# of them is a coordinate a client means to send.
DECIMAL = r"[+-]?[0-9]+(?:\.[0-9]+)?"
BBOX_PATTERN = rf"^{DECIMAL},{DECIMAL},{DECIMAL},{DECIMAL}$"


def parse_bbox(text):
    """(west, south, east, north) from "w,s,e,n" in degrees; ValueError,
    with a message naming "bbox", for anything else: not four plain decimals
    (BBOX_PATTERN), outside ±180/±90, or west ≥ east or south ≥ north."""
    if not isinstance(text, str) or not re.fullmatch(BBOX_PATTERN, text):
        raise ValueError(
            gettext(
                "bbox must be four numbers, west,south,east,north in degrees, each a "
                "plain decimal, e.g. %(e)s."
            )
            % {"e": "97.3,5.6,105.7,20.5"}
        )
    west, south, east, north = (float(part) for part in text.split(","))
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(gettext("bbox: west and east must be between -180 and 180."))
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError(gettext("bbox: south and north must be between -90 and 90."))
    if west >= east or south >= north:
        raise ValueError(gettext("bbox: west must be less than east, and south less than north."))
    return west, south, east, north


def parse_zoom(text):
    """The zoom level from its text: a whole number from 0 to MAX_ZOOM in
    ASCII digits; ValueError with a message naming "zoom" otherwise."""
    zoom = int(text) if isinstance(text, str) and re.fullmatch("[0-9]{1,3}", text) else None
    if zoom is None or not 0 <= zoom <= MAX_ZOOM:
        raise ValueError(
            gettext("zoom must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
        )
    return zoom


# The whole world, for a map of countries the boundaries do not cover.
WORLD = (-180.0, -90.0, 180.0, 90.0)


def region_bbox(countries=()):
    """(west, south, east, north) around the regions of ``countries`` (codes),
    or, without any or when none of them has boundaries, around every
    country's: the map's default view."""
    boxes = [geography.country_bbox(code) for code in countries]
    boxes = [box for box in boxes if box is not None] or [
        geography.country_bbox(code) for code in geography.countries()
    ]
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        return WORLD
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def snapped(bbox, size):
    """``bbox`` widened out to the lines of the grid of ``size``, within the
    world's edges: a box whose cells are whole."""
    west, south, east, north = bbox
    return (
        max(math.floor(west / size) * size, -180.0),
        max(math.floor(south / size) * size, -90.0),
        min(math.ceil(east / size) * size, 180.0),
        min(math.ceil(north / size) * size, 90.0),
    )


def default_view(countries=(), width_px=DEFAULT_WIDTH_PX, height_px=DEFAULT_HEIGHT_PX, closer=0):
    """(bbox, zoom) of a map of ``countries`` (codes; none: every country)
    that asks no box: the box around their regions at the zoom that fits it
    in ``width_px`` × ``height_px`` (``closer`` levels more), widened to its
    cells' lines so that its cells are whole (and the counted grid,
    entities.map_grid, can answer)."""
    bbox = region_bbox(countries)
    zoom = min(fitted_zoom(bbox, width_px, height_px) + closer, MAX_ZOOM)
    size = cell_size(bbox, zoom)
    # Widening may ask for coarser cells (more than MAX_CELLS): widen again.
    while (wider := snapped(bbox, size)) != bbox or cell_size(wider, zoom) != size:
        bbox, size = wider, cell_size(wider, zoom)
    return bbox, zoom


def _mercator_y(latitude):
    """Web Mercator's northing of a latitude, as a fraction of the world's width."""
    latitude = max(-geography.MAX_LATITUDE, min(geography.MAX_LATITUDE, latitude))
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / (2 * math.pi)


def fitted_zoom(bbox, width_px=DEFAULT_WIDTH_PX, height_px=DEFAULT_HEIGHT_PX):
    """The largest zoom level at which ``bbox`` fits a web map of
    ``width_px`` × ``height_px`` pixels (0 to MAX_ZOOM)."""
    west, south, east, north = bbox
    fractions = [
        ((east - west) / 360, width_px),
        (_mercator_y(north) - _mercator_y(south), height_px),
    ]
    zoom = MAX_ZOOM
    for fraction, pixels in fractions:
        if fraction > 0:
            zoom = min(zoom, math.floor(math.log2(pixels / (TILE_PX * fraction))))
    return max(0, min(MAX_ZOOM, zoom))


def cell_size(bbox, zoom):
    """The side of the grid's cells in degrees at ``zoom`` over ``bbox``: a
    quarter of a tile's width in degrees (360 / 2**zoom / 4), doubled until
    the box spans at most MAX_CELLS cells. Always 360 / 2**k, so the grid
    is the same wherever the box lies and the cells nest from one zoom to
    the next."""
    west, south, east, north = bbox
    exponent = zoom + round(math.log2(CELLS_PER_TILE))
    while exponent > 0:
        size = 360 / 2**exponent
        across = math.floor(east / size) - math.floor(west / size) + 1
        down = math.floor(north / size) - math.floor(south / size) + 1
        if across * down <= MAX_CELLS:
            return size
        exponent -= 1
    return 360.0


# --- Placement ---------------------------------------------------------------------


def _placed_q():
    return Q(latitude__isnull=False) | Q(region__isnull=False)


def placed(queryset):
    """The entities of ``queryset`` that have a place on a map: stored
    coordinates, or a region."""
    return queryset.filter(_placed_q())


def unplaced(queryset):
    """The entities of ``queryset`` with neither coordinates nor a region."""
    return queryset.exclude(_placed_q())


def place(latitude, longitude, precision, region_id):
    """(latitude, longitude, precision) where a map draws an entity of these
    stored values: its coordinates with their precision, else its region's
    point with the precision "region"; None when it has neither."""
    if latitude is not None:
        return float(latitude), float(longitude), precision
    centroid = geography.region_centroid(region_id) if region_id else None
    return None if centroid is None else (*centroid, PRECISION_REGION)


def positions(queryset, chunk_size=2000):
    """(entity id, latitude, longitude, precision) of each placed entity of
    ``queryset``, in its order (see ``place``). Entities with neither
    coordinates nor a region are left out. Streams (constant memory)."""
    rows = placed(queryset).values_list(
        "pk", "latitude", "longitude", "location_precision", "region_id"
    )
    for pk, *stored in rows.iterator(chunk_size=chunk_size):
        if (found := place(*stored)) is not None:
            yield pk, *found


# --- The grid ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    latitude: float  # the mean position of its entities
    longitude: float
    count: int
    practising_all: int  # of them, those practising all seven features
    assessed: int  # of them, those with a profile (at least one feature scored)
    bbox: tuple  # the cell's (west, south, east, north)
    entity: tuple | None  # (id, name) when the cell holds one entity, else None


def grid_position(size):
    """The row and column of an entity's cell in the grid of ``size``, by its
    stored coordinates (annotations)."""
    size_value = Value(size, output_field=FloatField())
    return {
        "row": Floor(Cast("latitude", FloatField()) / size_value),
        "column": Floor(Cast("longitude", FloatField()) / size_value),
    }


def cell_measures(among=None):
    """What a cell counts, as the region maps count it (entities.statistics):
    the practising-all-seven entities are the band "all" of the stored profile,
    the assessed ones those with a count of features practised. ``among``: a
    Q, to count only the entities it selects."""
    among = among or Q()
    return {
        "count": Count("pk", filter=among),
        "practising_all": Count("pk", filter=among & Q(band=Band.ALL)),
        "assessed": Count("features_practised", filter=among),
        "first": Min("pk", filter=among),
    }


def format_bbox(bbox):
    """A box as the ``bbox`` parameter takes it back: each number a plain
    decimal (never an exponent), exactly as stored, comma-separated."""
    texts = []
    for number in bbox:
        text = format(Decimal(repr(float(number))), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        texts.append("0" if text == "-0" else text)
    return ",".join(texts)


# A box holds its west and south edges but not its east and north ones
# (except at the world's edge), as the grid's cells do: neighbouring cells
# never share an entity, and a cell's list holds what the cell counts.


def in_box(bbox, latitude, longitude):
    """Whether the point (latitude, longitude) lies in ``bbox``."""
    west, south, east, north = bbox
    return (
        west <= longitude
        and (longitude < east or east == 180)
        and south <= latitude
        and (latitude < north or north == 90)
    )


def coordinates_in_box(bbox):
    """A Q for the entities whose stored coordinates lie in ``bbox``."""
    west, south, east, north = bbox
    east_edge = Q(longitude__lte=east) if east == 180 else Q(longitude__lt=east)
    north_edge = Q(latitude__lte=north) if north == 90 else Q(latitude__lt=north)
    return Q(latitude__gte=south, longitude__gte=west) & east_edge & north_edge


def regions_in_box(bbox):
    """The codes of the regions whose point lies in ``bbox``, with that point."""
    return {
        found.code: found.point
        for found in geography.regions()
        if in_box(bbox, found.point[1], found.point[0])
    }


def within(bbox):
    """A Q for the entities a map places in ``bbox``: their stored
    coordinates in it, or, without coordinates, their region's point."""
    return coordinates_in_box(bbox) | Q(
        latitude__isnull=True, region_id__in=sorted(regions_in_box(bbox))
    )


def cells(queryset, bbox, zoom):
    """The placed entities of ``queryset`` within ``bbox`` counted by the
    grid of ``cell_size(bbox, zoom)``: a list of Cell, at most MAX_CELLS,
    in the grid's order (south to north, west to east). Entities placed by
    their region count in the cell of the region's point when that point is
    in the box. Two queries, three when a cell holds a single entity (its
    name)."""
    size = cell_size(bbox, zoom)
    queryset = queryset.order_by()

    by_coordinates = (
        queryset.filter(coordinates_in_box(bbox))
        .annotate(**grid_position(size))
        .values("row", "column")
        .annotate(
            **cell_measures(),
            latitude_mean=Avg(Cast("latitude", FloatField())),
            longitude_mean=Avg(Cast("longitude", FloatField())),
        )
    )
    grid = {}
    for row in by_coordinates:
        key = (int(row["row"]), int(row["column"]))
        count = row["count"]
        grid[key] = {
            "count": count,
            "practising_all": row["practising_all"],
            "assessed": row["assessed"],
            "first": row["first"],
            "latitude": row["latitude_mean"] * count,
            "longitude": row["longitude_mean"] * count,
        }

    inside = regions_in_box(bbox)
    if inside:
        by_region = (
            queryset.filter(latitude__isnull=True, region_id__in=sorted(inside))
            .values("region_id")
            .annotate(**cell_measures())
        )
        for row in by_region:
            longitude, latitude = inside[row["region_id"]]
            key = (math.floor(latitude / size), math.floor(longitude / size))
            cell = grid.setdefault(
                key,
                {
                    "count": 0,
                    "practising_all": 0,
                    "assessed": 0,
                    "first": row["first"],
                    "latitude": 0.0,
                    "longitude": 0.0,
                },
            )
            count = row["count"]
            cell["count"] += count
            cell["practising_all"] += row["practising_all"]
            cell["assessed"] += row["assessed"]
            cell["latitude"] += latitude * count
            cell["longitude"] += longitude * count

    return named_cells(queryset, bbox, size, sorted(grid.items()))


def named_cells(queryset, bbox, size, counted):
    """The Cells of ``counted``, ((row, column), {count, practising_all,
    assessed, latitude and longitude: the sums of its entities' positions,
    first: its lowest entity id}) in the grid of ``size``, each cut to
    ``bbox``; a cell of one entity named from ``queryset`` (one query)."""
    single = {cell["first"] for _, cell in counted if cell["count"] == 1}
    names = dict(queryset.filter(pk__in=single).values_list("pk", "name")) if single else {}
    west, south, east, north = bbox
    found = []
    for (row, column), cell in counted:
        count = cell["count"]
        entity = None
        if count == 1 and cell["first"] in names:
            entity = (cell["first"], names[cell["first"]])
        found.append(
            Cell(
                latitude=round(cell["latitude"] / count, 6),
                longitude=round(cell["longitude"] / count, 6),
                count=count,
                practising_all=cell["practising_all"],
                assessed=cell["assessed"],
                bbox=(
                    max(column * size, west),
                    max(row * size, south),
                    min((column + 1) * size, east),
                    min((row + 1) * size, north),
                ),
                entity=entity,
            )
        )
    return found
