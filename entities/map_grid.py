"""The map's grid counted in advance, so that the cells of a whole country
or of the region cost a read of a few thousand rows, not of a million
entities.

``rebuild()`` counts the published placed entities once, by the cells of
level ``LEVELS`` (the finest kept, 360 / 2**LEVELS degrees a side), by
country, entity type and origin (the *dimensions*), and, beside all of them,
by each value of one *facet* at a time: a filter of the list whose value each
entity has one of (its sector, dependency, registration, band, number of
features practised, each SDG it contributes to), or a feature practised or
lacking. It stores the lot as ``MapGridCell`` rows, then adds each level's
rows up into the level above (the grid's cells nest: see
``map_cells.cell_size``), in SQL. A request for cells (``cells_of``) is
answered from these rows when

- its filters are dimensions (each any number of values) and at most one
  facet (``FACETS``): any number of values of a facet each entity has one
  of, one feature practised or lacking,
- its box lies on the lines of its cells (``aligned``: the map's own views
  ask so), and its cells are of a level kept, and
- the rows were counted at the current published-data version
  (core.freshness): every write that changes what the public sees moves the
  version on, and a grid of an older version is never read.

Otherwise (a search, a region, a year, two facets at once) it is counted
from the entities themselves (``map_cells.cells``), with the same answer. A
request that finds the grid behind starts one rebuild (``refresh``): in a
thread of its own by default, or within the request, or never
(``settings.MAP_GRID_REFRESH``: "background", "request", "manual"; the
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
from core.filters import YesNoUnknownField
from core.freshness import cached_figure, current_version
from entities import geography, map_cells
from entities.models import Entity, MapGridCell
from research.framework import FEATURE_CODES, lacking_q, practising_q, practising_threshold

logger = logging.getLogger(__name__)

LEVELS = 10  # levels 0 to 10: cells of 360° down to 0.35° (a web map's zoom 0 to 8)
# The facets' rows go down to this level only (cells of 1.4°, a web map's zoom
# 6): finer, they would be three rows in four of a grid five times the size,
# for maps closer than a country's; those count their entities.
FACET_LEVELS = 9

# The dimensions: filters the grid answers together, and the column of each.
DIMENSIONS = {"country": "country_id", "entity_type": "entity_type_id", "origin": "origin"}

# The facets: filters the grid answers one at a time beside the dimensions.
# Those of a value each entity has one of (an SDG: each it contributes to), by
# the entities' field; a row holds the entities of one value.
VALUE_FACETS = {
    "sector": "sector_id",
    "dependency": "dependency",
    "registered": "registered",
    "band": "band",
    "practised": "features_practised",  # the filters practised_min, practised_max
    "sdg": "sdgs",
}
# The value a facet's row holds for the entities without one (null), where
# that is itself a value the filter asks for: registration unknown. Without
# it here, such entities are in no row of the facet (no SDG).
NULL_VALUES = {"registered": YesNoUnknownField.UNKNOWN}
# Those of a feature, by what selects the entities of one: a row holds the
# entities practising (lacking) the feature its value names.
FEATURE_FACETS = {"practises": practising_q, "lacks": lacking_q}
FACETS = (*VALUE_FACETS, *FEATURE_FACETS)
ALL = ""  # the facet and value of the rows of all the entities

# What the stamp of a grid counted by this code holds beside the version: a
# grid of another layout (an older release's rows) is never read.
LAYOUT = 3  # 3: the rows of the entities whose registration is unknown

VERSION_KEY = "map-grid-version"  # the published-data version the rows were counted at
BUILDING_KEY = "map-grid-building"  # held while a rebuild runs
# A rebuild that died (its process stopped) leaves the way free after this; at
# a million entities a rebuild takes about a minute.
BUILD_TIMEOUT = 10 * 60
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


# What a grid row holds of its entities (map_cells.cell_measures and the sums
# of their positions): added up from the rows beneath it, or the lowest of
# theirs (an entity id).
SUMMED = ("count", "practising_all", "assessed", "latitude_sum", "longitude_sum")
LOWEST = ("first",)
KEYS = ("level", "row", "column", *DIMENSIONS.values(), "facet", "value")


def value_text(value):
    """A facet's value as a grid row holds it (a filter's cleaned value, or
    an entity's): text, a yes/no as "true"/"false" (the filter's cleaned
    "true", "false" or "unknown" as it is)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _measures(subsets, latitude=None, longitude=None):
    """The aggregates of a grid row's measures over the entities of each of
    ``subsets`` (Q or None for all; named s<index>_<measure>), with the
    ``latitude`` and ``longitude`` expressions the sums of the positions."""
    measures = {}
    for index, among in enumerate(subsets.values()):
        for measure, aggregate in map_cells.cell_measures(among).items():
            measures[f"s{index}_{measure}"] = aggregate
        if latitude is not None:
            measures[f"s{index}_latitude_sum"] = Sum(latitude, filter=among)
            measures[f"s{index}_longitude_sum"] = Sum(longitude, filter=among)
    return measures


def _passes():
    """(level, the entities' field grouped by beside the dimensions or None,
    {(facet, value or None: the field's): Q or None}) of each pass over the
    entities: all of them at the finest level; then, at the facets' finest,
    those practising or lacking each feature, and each facet of values."""
    yield LEVELS, None, {(ALL, ALL): None}
    features = {}
    for facet, selects in FEATURE_FACETS.items():
        for code in FEATURE_CODES:
            features[facet, code] = selects(code)
    yield FACET_LEVELS, None, features
    for facet, field in VALUE_FACETS.items():
        yield FACET_LEVELS, field, {(facet, None): None}


def _finest():
    """The rows of each pass (``_passes``) of the published entities placed
    by their coordinates, then by their region's point, as dicts of
    MapGridCell's fields: two queries a pass. Streams: only the rows of the
    entities placed by their region are held, to be added into the cells
    of the others."""
    published = Entity.objects.using(PRIMARY).published().order_by()
    latitude, longitude = Cast("latitude", FloatField()), Cast("longitude", FloatField())
    dimensions = list(DIMENSIONS.values())
    for level, field, subsets in _passes():
        size = side(level)
        grouped = [*dimensions, *([field] if field else [])]
        by_region = {}
        placed_by_region = (
            published.filter(latitude__isnull=True, region__isnull=False)
            .values("region_id", *grouped)
            .annotate(**_measures(subsets))
        )
        for found in placed_by_region.iterator(chunk_size=WRITE_BATCH):
            centroid = geography.region_centroid(found["region_id"])
            if centroid is None:
                continue  # a region without a point is placed nowhere, as on the live map
            latitude_of, longitude_of = centroid
            for index in range(len(subsets)):
                count = found[f"s{index}_count"]
                found[f"s{index}_latitude_sum"] = latitude_of * count
                found[f"s{index}_longitude_sum"] = longitude_of * count
            where = (level, math.floor(latitude_of / size), math.floor(longitude_of / size))
            for key, measures in _split(where, found, field, subsets):
                if key in by_region:
                    _add(by_region[key], measures)
                else:
                    by_region[key] = measures

        # One row a cell and group each: the rows of the region's points are
        # added into theirs, or follow.
        placed_by_coordinates = (
            published.filter(latitude__isnull=False)
            .annotate(**map_cells.grid_position(size))
            .values("row", "column", *grouped)
            .annotate(**_measures(subsets, latitude, longitude))
        )
        for found in placed_by_coordinates.iterator(chunk_size=WRITE_BATCH):
            where = (level, int(found["row"]), int(found["column"]))
            for key, measures in _split(where, found, field, subsets):
                if key in by_region:
                    _add(measures, by_region.pop(key))
                yield dict(zip(KEYS, key, strict=True)) | measures
        for key, measures in by_region.items():
            yield dict(zip(KEYS, key, strict=True)) | measures


def _split(where, found, field, subsets):
    """(key, measures) of each subset of ``found`` (a row grouped by the
    cell ``where``: level, row, column) that holds an entity."""
    group = tuple(found[name] for name in DIMENSIONS.values())
    for index, (facet, value) in enumerate(subsets):
        if not found[f"s{index}_count"]:
            continue
        if value is None:
            if found[field] is None and facet not in NULL_VALUES:
                continue  # no value (no SDG): in no row of the facet
            value = NULL_VALUES[facet] if found[field] is None else value_text(found[field])
        measures = {name: found[f"s{index}_{name}"] for name in (*SUMMED, *LOWEST)}
        yield (*where, *group, facet, value), measures


def _add(held, measures):
    for name in SUMMED:
        held[name] += measures[name]
    held["first"] = min(held["first"], measures["first"])


def _write_finest(rows):
    """Write the finest ``rows`` (dicts of MapGridCell's fields), counted from
    the entities: on PostgreSQL with COPY (ten times faster than
    bulk_create's prepared values at a million entities), elsewhere with
    bulk_create. Returns how many."""
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
    while batch := [MapGridCell(**row) for row in itertools.islice(rows, WRITE_BATCH)]:
        MapGridCell.objects.using(PRIMARY).bulk_create(batch)
        written += len(batch)
    return written


def _add_up(level):
    """Write the rows of ``level`` from those of the level beneath (but the
    facets' rows of level FACET_LEVELS, counted from the entities): each cell
    holds the four beneath it (a row or column halved to its floor, which an
    arithmetic shift is on PostgreSQL and SQLite alike). Returns how many."""
    connection = connections[PRIMARY]
    quote = connection.ops.quote_name
    table = quote(MapGridCell._meta.db_table)
    grouped = [quote(name) for name in KEYS[3:]]
    summed = [quote(name) for name in SUMMED]
    lowest = [quote(name) for name in LOWEST]
    columns = [quote(name) for name in KEYS] + summed + lowest
    selected = [
        "%s",
        f"{quote('row')} >> 1",
        f"{quote('column')} >> 1",
        *grouped,
        *(f"SUM({name})" for name in summed),
        *(f"MIN({name})" for name in lowest),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(selected)} FROM {table} WHERE {quote('level')} = %s "
            f"GROUP BY {', '.join(selected[1 : 3 + len(grouped)])}",
            [level, level + 1],
        )
        return cursor.rowcount


def _stamp():
    """What the grid is counted for: the published-data version, the
    practising threshold its counts of features practised and lacking rest
    on, and the rows' layout. None without a reachable cache."""
    version = current_version()
    return None if version is None else [version, practising_threshold(), LAYOUT]


def rebuild():
    """Count the grid anew from the published entities and mark it current
    for the published-data version read before counting (so that a write
    meanwhile leaves it behind). Returns the number of rows written."""
    with transaction.atomic(using=PRIMARY):
        _lock()
        stamp = _stamp()
        MapGridCell.objects.using(PRIMARY).all().delete()
        written = _write_finest(_finest())
        for level in range(LEVELS - 1, -1, -1):
            written += _add_up(level)
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
    """(the facet, the grid's filter: a Q over MapGridCell) of the request's
    ``filters`` (the filter set's cleaned data), or None when they hold a
    filter the grid does not answer, or two facets."""
    grid_filter, facets = Q(), {}
    for name, value in _given(filters):
        if name == "bbox" and tuple(value) == tuple(bbox):
            continue
        if name in DIMENSIONS:
            grid_filter &= Q(**{f"{DIMENSIONS[name]}__in": value})
        elif name in FEATURE_FACETS and len(set(value)) == 1:
            facets[name] = [value[0]]
        elif name in ("practised_min", "practised_max"):
            facets["practised"] = _practised(filters)
        elif name in VALUE_FACETS:
            given = value if isinstance(value, list) else [value]
            facets[name] = [value_text(int(one) if name == "sdg" else one) for one in given]
        else:
            return None
    if len(facets) > 1:
        return None
    [(facet, values)] = facets.items() or [(ALL, [ALL])]
    return facet, grid_filter & Q(facet=facet, value__in=values)


def _practised(filters):
    """The values of the facet "practised" (numbers of features) that the
    filters practised_min and practised_max leave."""
    lowest, highest = filters.get("practised_min"), filters.get("practised_max")
    lowest = 0 if lowest in (None, "") else int(lowest)
    highest = len(FEATURE_CODES) if highest in (None, "") else int(highest)
    return [str(number) for number in range(lowest, highest + 1)]


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


# The aggregates of a cell's measures over its grid rows, named as
# map_cells.named_cells reads them.
MEASURES = {
    "count": Sum("count"),
    "practising_all": Sum("practising_all"),
    "assessed": Sum("assessed"),
    "latitude": Sum("latitude_sum"),
    "longitude": Sum("longitude_sum"),
    "first": Min("first"),
}


def from_grid(filters, queryset, bbox, zoom):
    """The cells from the grid, or None when the grid cannot give them."""
    size = map_cells.cell_size(bbox, zoom)
    level = level_of(size)
    answer = answerable(filters, bbox)
    if answer is None or not aligned(bbox, size):
        return None
    facet, grid_filter = answer
    if level > (LEVELS if facet == ALL else FACET_LEVELS):
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
        MapGridCell.objects.using(PRIMARY)
        .filter(grid_filter, level=level, row__range=rows, column__range=columns)
        .values("row", "column")
        .annotate(**{f"cell_{name}": measure for name, measure in MEASURES.items()})
        .order_by("row", "column")
    )
    return map_cells.named_cells(
        queryset.using(PRIMARY),
        bbox,
        size,
        [
            (
                (found["row"], found["column"]),
                {name: found[f"cell_{name}"] for name in MEASURES},
            )
            for found in counted
        ],
    )
