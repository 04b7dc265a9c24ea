"""The map's grid counted in advance, so that the cells of a whole country
or of the region cost a read of a few thousand rows, not of a million
entities.

``rebuild()`` counts the published placed entities once, by the cells of
level ``LEVELS`` (the finest kept, 360 / 2**LEVELS degrees a side) and by
country, entity type and origin, adds each cell into the cells of the
coarser levels that hold it (the grid's cells nest: see
``map_cells.cell_size``), and stores the lot as ``MapGridCell`` rows. A
request for cells (``cells_of``) is answered from these rows when

- its filters are only country, entity type and origin (each any number of
  values),
- its box lies on the lines of its cells (``aligned``: the map's own views
  ask so), and its cells are of a level kept, and
- the rows were counted at the current published-data version
  (core.freshness): every write that changes what the public sees moves the
  version on, and a grid of an older version is never read.

Otherwise it is counted from the entities themselves (``map_cells.cells``),
with the same answer. A request that finds the grid behind starts one rebuild
(``refresh``): in a thread of its own by default, or within the request, or
never (``settings.MAP_GRID_REFRESH``: "background", "request", "manual"; the
``refresh_map_grid`` command rebuilds it at any time).
"""

import logging
import math
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import FloatField, Min, Q, Sum
from django.db.models.functions import Cast

from core.freshness import cached_figure, current_version
from entities import geography, map_cells
from entities.models import Entity, MapGridCell

logger = logging.getLogger(__name__)

LEVELS = 10  # levels 0 to 10: cells of 360° down to 0.35° (a web map's zoom 0 to 8)

# The filters the grid answers, and the column of each.
FILTERS = {"country": "country_id", "entity_type": "entity_type_id", "origin": "origin"}
# Parameters that select no entity (the list's order), or that the box
# itself answers (a box filter equal to the map's box).
NOT_FILTERS = ("ordering", "bbox")

VERSION_KEY = "map-grid-version"  # the published-data version the rows were counted at
BUILDING_KEY = "map-grid-building"  # held while a rebuild runs
BUILD_TIMEOUT = 30 * 60  # a rebuild that died leaves the way free after this

WRITE_BATCH = 5000


# --- Counting ----------------------------------------------------------------------


def side(level):
    return 360 / 2**level


def level_of(size):
    """The level whose cells are ``size`` degrees a side."""
    return round(math.log2(360 / size))


def _finest():
    """{(row, column, country, entity type, origin): [count, practising all,
    assessed, latitude sum, longitude sum, first id]} at level LEVELS, of the
    published entities placed by their coordinates, then by their region's
    point. Two queries."""
    size = side(LEVELS)
    published = Entity.objects.published().order_by()
    measures = map_cells.cell_measures()
    by_coordinates = (
        published.filter(latitude__isnull=False)
        .annotate(**map_cells.grid_position(size))
        .values("row", "column", "country_id", "entity_type_id", "origin")
        .annotate(
            **measures,
            latitude_sum=Sum(Cast("latitude", FloatField())),
            longitude_sum=Sum(Cast("longitude", FloatField())),
        )
    )
    grid = {}
    for found in by_coordinates.iterator(chunk_size=WRITE_BATCH):
        key = (int(found["row"]), int(found["column"]), *_group(found))
        _add(grid, key, found, found["latitude_sum"], found["longitude_sum"])

    by_region = (
        published.filter(latitude__isnull=True, region__isnull=False)
        .values("region_id", "country_id", "entity_type_id", "origin")
        .annotate(**measures)
    )
    for found in by_region.iterator(chunk_size=WRITE_BATCH):
        centroid = geography.region_centroid(found["region_id"])
        if centroid is None:
            continue  # a region without a point is placed nowhere, as on the live map
        latitude, longitude = centroid
        key = (math.floor(latitude / size), math.floor(longitude / size), *_group(found))
        count = found["count"]
        _add(grid, key, found, latitude * count, longitude * count)
    return grid


def _group(found):
    return found["country_id"], found["entity_type_id"], found["origin"]


def _add(grid, key, found, latitude_sum, longitude_sum):
    cell = grid.get(key)
    if cell is None:
        grid[key] = [
            found["count"],
            found["practising_all"],
            found["assessed"],
            latitude_sum,
            longitude_sum,
            found["first"],
        ]
        return
    cell[0] += found["count"]
    cell[1] += found["practising_all"]
    cell[2] += found["assessed"]
    cell[3] += latitude_sum
    cell[4] += longitude_sum
    cell[5] = min(cell[5], found["first"])


def _coarser(grid):
    """The cells of the next level up: each holds the four beneath it
    (a floor halving, as the grid's rows and columns are floors)."""
    coarser = {}
    for (row, column, *group), cell in grid.items():
        key = (row >> 1, column >> 1, *group)
        held = coarser.get(key)
        if held is None:
            coarser[key] = list(cell)
        else:
            for index in range(5):
                held[index] += cell[index]
            held[5] = min(held[5], cell[5])
    return coarser


def _rows():
    """Every level's MapGridCell rows, finest first."""
    grid = _finest()
    for level in range(LEVELS, -1, -1):
        for (row, column, country, entity_type, origin), cell in grid.items():
            yield MapGridCell(
                level=level,
                row=row,
                column=column,
                country_id=country,
                entity_type_id=entity_type,
                origin=origin,
                count=cell[0],
                practising_all=cell[1],
                assessed=cell[2],
                latitude_sum=cell[3],
                longitude_sum=cell[4],
                first=cell[5],
            )
        grid = _coarser(grid)


def rebuild():
    """Count the grid anew from the published entities and mark it current
    for the published-data version read before counting (so that a write
    meanwhile leaves it behind). Returns the number of rows written."""
    version = current_version()
    written = 0
    with transaction.atomic():
        MapGridCell.objects.all().delete()
        batch = []
        for row in _rows():
            batch.append(row)
            if len(batch) == WRITE_BATCH:
                MapGridCell.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        MapGridCell.objects.bulk_create(batch)
        written += len(batch)
    if version is not None:
        cache.set(VERSION_KEY, version, None)
    return written


def mark_current():
    """Mark the grid counted at the current published-data version: only for
    a version moved on with no change to the published data (the benchmark
    does so to forget the cached figures)."""
    version = current_version()
    if version is not None:
        cache.set(VERSION_KEY, version, None)


def is_current():
    """Whether the grid was counted at the current published-data version.
    Without a reachable cache nothing can tell: never."""
    version = current_version()
    return version is not None and cache.get(VERSION_KEY) == version


def refresh():
    """Start a rebuild of a grid found behind, as settings.MAP_GRID_REFRESH
    says, unless one is running. Returns the thread of a rebuild in the
    background, else None."""
    mode = settings.MAP_GRID_REFRESH
    if mode == "manual" or not cache.add(BUILDING_KEY, True, BUILD_TIMEOUT):
        return None
    if mode == "request":
        _rebuild_and_release()
        return None
    thread = threading.Thread(target=_in_background, name="map-grid-rebuild", daemon=True)
    thread.start()
    return thread


def _rebuild_and_release():
    try:
        rebuild()
    finally:
        cache.delete(BUILDING_KEY)


def _in_background():
    try:
        _rebuild_and_release()
    except Exception:
        logger.exception("Could not rebuild the map's grid; maps count the entities meanwhile.")
    finally:
        connections.close_all()  # this thread's own connections


# --- Reading -----------------------------------------------------------------------


def aligned(bbox, size):
    """Whether each edge of ``bbox`` lies on a line of the grid of ``size``."""
    return all(float(edge / size).is_integer() for edge in bbox)


def answerable(filters, bbox):
    """The grid's filter of the request's ``filters`` (the filter set's
    cleaned data), or None when it has a filter the grid does not answer."""
    grid_filter = Q()
    for name, value in filters.items():
        if value in (None, "", []) or name == "ordering":
            continue
        if name == "bbox" and tuple(value) == tuple(bbox):
            continue
        if name not in FILTERS:
            return None
        grid_filter &= Q(**{f"{FILTERS[name]}__in": value})
    return grid_filter


def cells_of(filters, queryset, bbox, zoom):
    """The cells of ``map_cells.cells(queryset, bbox, zoom)``: from the
    figure cache, else from the grid when it can answer (see the module's
    text), else counted from ``queryset``. ``filters`` are the filter set's
    cleaned data that selected ``queryset`` from the published entities."""

    def count():
        found = from_grid(filters, queryset, bbox, zoom)
        return map_cells.cells(queryset, bbox, zoom) if found is None else found

    return cached_figure("map-cells", queryset, count, key=cache_key(filters, bbox, zoom))


def cache_key(filters, bbox, zoom):
    """What determines a request's cells: its filters as the filter set read
    them (so that `country=th,vn` and `country=VN&country=TH` share an
    entry), the box and the zoom."""
    selected = sorted(
        (name, repr(sorted(value) if isinstance(value, list) else value))
        for name, value in filters.items()
        if value not in (None, "", []) and name != "ordering"
    )
    return ("map-cells", tuple(bbox), zoom, selected)


def from_grid(filters, queryset, bbox, zoom):
    """The cells from the grid, or None when the grid cannot give them."""
    size = map_cells.cell_size(bbox, zoom)
    level = level_of(size)
    grid_filter = answerable(filters, bbox)
    if grid_filter is None or level > LEVELS or not aligned(bbox, size):
        return None
    if not is_current():
        refresh()
        if not is_current():
            return None
    west, south, east, north = bbox
    # The rows and columns of the cells in the box; a box up to the world's
    # north or east edge holds the points on it, in the cell beyond.
    rows = (round(south / size), round(north / size) - (north != 90))
    columns = (round(west / size), round(east / size) - (east != 180))
    counted = (
        MapGridCell.objects.filter(
            grid_filter,
            level=level,
            row__range=rows,
            column__range=columns,
        )
        .values("row", "column")
        .annotate(
            total=Sum("count"),
            practising_all_sum=Sum("practising_all"),
            assessed_sum=Sum("assessed"),
            latitudes=Sum("latitude_sum"),
            longitudes=Sum("longitude_sum"),
            lowest=Min("first"),
        )
        .order_by("row", "column")
    )
    return map_cells.named_cells(
        queryset,
        bbox,
        size,
        [
            (
                (found["row"], found["column"]),
                {
                    "count": found["total"],
                    "practising_all": found["practising_all_sum"],
                    "assessed": found["assessed_sum"],
                    "latitude": found["latitudes"],
                    "longitude": found["longitudes"],
                    "first": found["lowest"],
                },
            )
            for found in counted
        ],
    )
