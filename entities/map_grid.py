"""The map's grid counted in advance, so that the cells of a whole country
or of the region cost a read of a few thousand rows, not of a million
entities.

``rebuild()`` counts the published placed entities once, by the cells of
level ``LEVELS`` (the finest kept, 360 / 2**LEVELS degrees a side) and by
country, entity type and origin (all of them, and for each feature those
lacking it), adds each cell into the cells of the coarser levels that hold
it (the grid's cells nest: see ``map_cells.cell_size``), and stores the lot
as ``MapGridCell`` rows. A request for cells (``cells_of``) is answered from
these rows when

- its filters are only country, entity type and origin (each any number of
  values) and at most one feature lacking,
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

import itertools
import logging
import math
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import FloatField, Min, Q, Sum
from django.db.models.functions import Cast

from core import pgcopy
from core.freshness import cached_figure, current_version
from entities import geography, map_cells
from entities.models import Entity, MapGridCell, lacking_column
from research.framework import FEATURE_CODES, lacking_q, practising_threshold

logger = logging.getLogger(__name__)

LEVELS = 10  # levels 0 to 10: cells of 360° down to 0.35° (a web map's zoom 0 to 8)

# The filters the grid answers, and the column of each.
FILTERS = {"country": "country_id", "entity_type": "entity_type_id", "origin": "origin"}

VERSION_KEY = "map-grid-version"  # the published-data version the rows were counted at
BUILDING_KEY = "map-grid-building"  # held while a rebuild runs
# A rebuild that died (its process stopped) leaves the way free after this; at
# a million entities a rebuild takes some 12 seconds.
BUILD_TIMEOUT = 5 * 60
# The grid is written and read on the primary database, never on a replica
# (core.routing): the stamp that says it is current is the primary's, and a
# replica may not have replayed the rows it stamps. A read is a millisecond.
PRIMARY = DEFAULT_DB_ALIAS

WRITE_BATCH = 5000


# --- Counting ----------------------------------------------------------------------


def side(level):
    return 360 / 2**level


def level_of(size):
    """The level whose cells are ``size`` degrees a side."""
    return round(math.log2(360 / size))


# What a grid cell holds of its entities (map_cells.cell_measures and the
# sums of their positions): added up from the cells beneath it, or the lowest
# of theirs (an entity id).
SUMMED_MEASURES = ("count", "practising_all", "assessed", "latitude_sum", "longitude_sum")
LOWEST_MEASURES = ("first",)
# Held of all of them (None), and of those lacking each feature.
SUBSETS = (None, *FEATURE_CODES)


def column(lacking, measure):
    """The MapGridCell column of ``measure`` of the entities lacking the
    feature ``lacking`` (None: of all of them)."""
    if lacking is None:
        return measure
    return lacking_column(lacking, "" if measure == "count" else f"_{measure}")


SUMMED = [column(subset, measure) for subset in SUBSETS for measure in SUMMED_MEASURES]
LOWEST = [column(subset, measure) for subset in SUBSETS for measure in LOWEST_MEASURES]


def _among(lacking):
    return None if lacking is None else lacking_q(lacking)


def _measures():
    """The aggregates of a grid cell's measures over its entities, but the
    sums of positions, which depend on where the entities are placed."""
    return {
        column(subset, measure): aggregate
        for subset in SUBSETS
        for measure, aggregate in map_cells.cell_measures(_among(subset)).items()
    }


def _position_sums(latitude, longitude):
    """The sums of the positions ``latitude`` and ``longitude`` (expressions)
    of a cell's entities, and of those lacking each feature."""
    sums = {}
    for subset in SUBSETS:
        sums[column(subset, "latitude_sum")] = Sum(latitude, filter=_among(subset))
        sums[column(subset, "longitude_sum")] = Sum(longitude, filter=_among(subset))
    return sums


def _finest():
    """{(row, column, country, entity type, origin): {measure: value}} at
    level LEVELS, of the published entities placed by their coordinates, then
    by their region's point. Two queries."""
    size = side(LEVELS)
    published = Entity.objects.using(PRIMARY).published().order_by()
    grid = {}
    by_coordinates = (
        published.filter(latitude__isnull=False)
        .annotate(**map_cells.grid_position(size))
        .values("row", "column", "country_id", "entity_type_id", "origin")
        .annotate(
            **_measures(),
            **_position_sums(Cast("latitude", FloatField()), Cast("longitude", FloatField())),
        )
    )
    for found in by_coordinates.iterator(chunk_size=WRITE_BATCH):
        _add(grid, (int(found["row"]), int(found["column"]), *_group(found)), found)

    by_region = (
        published.filter(latitude__isnull=True, region__isnull=False)
        .values("region_id", "country_id", "entity_type_id", "origin")
        .annotate(**_measures())
    )
    for found in by_region.iterator(chunk_size=WRITE_BATCH):
        centroid = geography.region_centroid(found["region_id"])
        if centroid is None:
            continue  # a region without a point is placed nowhere, as on the live map
        latitude, longitude = centroid
        for subset in SUBSETS:
            count = found[column(subset, "count")]
            found[column(subset, "latitude_sum")] = latitude * count
            found[column(subset, "longitude_sum")] = longitude * count
        key = (math.floor(latitude / size), math.floor(longitude / size), *_group(found))
        _add(grid, key, found)
    return grid


def _group(found):
    return found["country_id"], found["entity_type_id"], found["origin"]


def _add(grid, key, found):
    """Add the measures ``found`` into the cell ``key`` of ``grid``."""
    cell = grid.get(key)
    if cell is None:
        grid[key] = {name: found[name] or 0 for name in SUMMED} | {
            name: found[name] for name in LOWEST
        }
        return
    for name in SUMMED:
        cell[name] += found[name] or 0
    for name in LOWEST:
        if found[name] is not None:
            cell[name] = found[name] if cell[name] is None else min(cell[name], found[name])


def _coarser(grid):
    """The cells of the next level up: each holds the four beneath it
    (a floor halving, as the grid's rows and columns are floors)."""
    coarser = {}
    for (row, column, *group), cell in grid.items():
        _add(coarser, (row >> 1, column >> 1, *group), cell)
    return coarser


KEYS = ["level", "row", "column", "country_id", "entity_type_id", "origin"]


def _rows():
    """Every level's rows, finest first, each a dict of MapGridCell's fields."""
    grid = _finest()
    for level in range(LEVELS, -1, -1):
        for (row, column, country, entity_type, origin), cell in grid.items():
            yield {
                "level": level,
                "row": row,
                "column": column,
                "country_id": country,
                "entity_type_id": entity_type,
                "origin": origin,
                **cell,
            }
        grid = _coarser(grid)


def _write(rows):
    """Write ``rows`` (dicts of MapGridCell's fields): on PostgreSQL with
    COPY (ten times faster than bulk_create's prepared values at a million
    entities), elsewhere with bulk_create. Returns how many."""
    written = 0
    if connections[PRIMARY].vendor == "postgresql":
        fields = [*KEYS, *SUMMED, *LOWEST]
        table = pgcopy.Table(MapGridCell, fields)
        with connections[PRIMARY].cursor() as cursor:
            for row in rows:
                table.add_texts([pgcopy.copy_text(row[name]) for name in fields])
                written += 1
                if written % WRITE_BATCH == 0:
                    table.copy(cursor)
            table.copy(cursor)
        return written
    rows = iter(rows)
    while batch := [MapGridCell(**row) for row in itertools.islice(rows, WRITE_BATCH)]:
        MapGridCell.objects.using(PRIMARY).bulk_create(batch)
        written += len(batch)
    return written


def _stamp():
    """What the grid is counted for: the published-data version, and the
    practising threshold its counts of lacking features rest on. None
    without a reachable cache."""
    version = current_version()
    return None if version is None else [version, practising_threshold()]


def rebuild():
    """Count the grid anew from the published entities and mark it current
    for the published-data version read before counting (so that a write
    meanwhile leaves it behind). Returns the number of rows written."""
    with transaction.atomic(using=PRIMARY):
        _lock()
        stamp = _stamp()
        MapGridCell.objects.using(PRIMARY).all().delete()
        written = _write(_rows())
    _set_stamp(stamp)
    return written


def _lock():
    """Wait for any other rebuild to end, and keep others waiting until this
    one's transaction ends: two at once would each delete only the rows it
    saw and both write theirs, every count twice. On PostgreSQL a table lock
    that lets the maps read on (SQLite lets one writer in at a time)."""
    connection = connections[PRIMARY]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(MapGridCell._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def mark_current():
    """Mark the grid counted at the current published-data version: only
    right after moving the version on with no change to the published data,
    and only if the grid was current before (the benchmark does so to forget
    the cached figures)."""
    _set_stamp(_stamp())


def _set_stamp(stamp):
    if stamp is not None:
        cache.set(VERSION_KEY, stamp, None)


def is_current():
    """Whether the grid was counted at the current published-data version
    (and threshold). Without a reachable cache nothing can tell: never."""
    stamp = _stamp()
    return stamp is not None and cache.get(VERSION_KEY) == stamp


def refresh():
    """Start a rebuild of a grid found behind, as settings.MAP_GRID_REFRESH
    says, unless one is running. Returns the thread of a rebuild in the
    background, else None."""
    mode = settings.MAP_GRID_REFRESH
    if mode == "manual" or not cache.add(BUILDING_KEY, True, BUILD_TIMEOUT):
        return None
    if mode == "request":
        try:
            _rebuild_and_release()
        except DatabaseError:  # the maps count the entities instead
            logger.exception("Could not rebuild the map's grid.")
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


def _given(filters):
    """(name, value) of the filters the request gives (the filter set's
    cleaned data), but the list's order, which selects no entity."""
    return [
        (name, value)
        for name, value in filters.items()
        if value not in (None, "", []) and name != "ordering"
    ]


def answerable(filters, bbox):
    """(the grid's filter, the measures of the entities counted) of the
    request's ``filters`` (the filter set's cleaned data), or None when it
    has a filter the grid does not answer."""
    grid_filter, lacking = Q(), None
    for name, value in _given(filters):
        if name == "bbox" and tuple(value) == tuple(bbox):
            continue
        if name == "lacks" and len(set(value)) == 1:
            lacking = value[0]
            grid_filter &= Q(**{f"{column(lacking, 'count')}__gt": 0})
        elif name in FILTERS:
            grid_filter &= Q(**{f"{FILTERS[name]}__in": value})
        else:
            return None
    return grid_filter, _counted(lacking)


def _counted(lacking):
    """The aggregates of a cell's measures over its grid rows, named as
    map_cells.named_cells reads them: of all the entities, or of those
    lacking the feature ``lacking``."""
    return {
        "count": Sum(column(lacking, "count")),
        "practising_all": Sum(column(lacking, "practising_all")),
        "assessed": Sum(column(lacking, "assessed")),
        "latitude": Sum(column(lacking, "latitude_sum")),
        "longitude": Sum(column(lacking, "longitude_sum")),
        "first": Min(column(lacking, "first")),
    }


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
    entry), the box, the zoom, and the threshold a lacking feature rests on."""
    selected = sorted(
        (name, repr(sorted(value) if isinstance(value, list) else value))
        for name, value in _given(filters)
    )
    return ("map-cells", tuple(bbox), zoom, selected, practising_threshold())


def from_grid(filters, queryset, bbox, zoom):
    """The cells from the grid, or None when the grid cannot give them."""
    size = map_cells.cell_size(bbox, zoom)
    level = level_of(size)
    answer = answerable(filters, bbox)
    if answer is None or level > LEVELS or not aligned(bbox, size):
        return None
    if not is_current():
        refresh()
        if not is_current():
            return None
    grid_filter, measures = answer
    west, south, east, north = bbox
    # The rows and columns of the cells in the box; a box up to the world's
    # north or east edge holds the points on it, in the cell beyond.
    rows = (round(south / size), round(north / size) - (north != 90))
    columns = (round(west / size), round(east / size) - (east != 180))
    counted = (
        MapGridCell.objects.using(PRIMARY)
        .filter(grid_filter, level=level, row__range=rows, column__range=columns)
        .values("row", "column")
        .annotate(**{f"cell_{name}": measure for name, measure in measures.items()})
        .order_by("row", "column")
    )
    return map_cells.named_cells(
        queryset.using(PRIMARY),
        bbox,
        size,
        [
            (
                (found["row"], found["column"]),
                {name: found[f"cell_{name}"] for name in measures},
            )
            for found in counted
        ],
    )
