"""Figures over any set of entities: counts by dimension, the practised
histogram and the per-feature profile. Each figure is one GROUP BY query,
whatever the number of entities or groups."""

from collections import defaultdict

from django.db import connection, connections
from django.db.models import Avg, Count, F, Q

from core.freshness import cached_figure
from research.framework import (
    FEATURE_CODES,
    SHARE_DIGITS,
    Band,
    practising_q,
    score_field,
    share,
)

# Statistics dimension -> the entity column it counts by.
DIMENSIONS = {
    "by_type": "entity_type_id",
    "by_sector": "sector_id",
    "by_origin": "origin",
    "by_dependency": "dependency",
    "by_region": "region_id",
    "by_band": "band",
}

UNSPECIFIED = "unspecified"  # the key of entities without a value (e.g. no region)

# Values of ?group_by= -> the entity column that forms the groups.
GROUPS = {
    "country": "country_id",
    "entity_type": "entity_type_id",
    "sector": "sector_id",
    "origin": "origin",
    "dependency": "dependency",
}


def feature_aggregates():
    aggregates = {"entities": Count("pk")}
    for code in FEATURE_CODES:
        column = score_field(code)
        aggregates[f"{code}__assessed"] = Count(column)
        aggregates[f"{code}__practising"] = Count("pk", filter=practising_q(code))
        aggregates[f"{code}__mean"] = Avg(column)
    return aggregates


def empty_statistics():
    return {
        "entities": 0,
        **{dimension: {} for dimension in DIMENSIONS},
        "practised_histogram": [0] * (len(FEATURE_CODES) + 1),
        "features": {
            code: {"assessed": 0, "practising": 0, "share_practising": None, "mean_score": None}
            for code in FEATURE_CODES
        },
    }


def grouped_statistics(queryset, group_column=None):
    """Statistics of ``queryset`` for each value of ``group_column`` (or for the
    whole set under the key None): two queries on PostgreSQL, eight elsewhere,
    and none while the published data has not changed since the same query
    was last answered (entities.freshness)."""
    queryset = queryset.order_by()
    return cached_figure(
        f"statistics:{group_column}", queryset, lambda: _grouped(queryset, group_column)
    )


def _grouped(queryset, group_column):
    result = defaultdict(empty_statistics)

    if group_column:
        feature_rows = queryset.values(group_column).annotate(**feature_aggregates())
    else:
        feature_rows = [queryset.aggregate(**feature_aggregates())]
    for row in feature_rows:
        stats = result[row.get(group_column)]
        stats["entities"] = row["entities"]
        for code in FEATURE_CODES:
            assessed = row[f"{code}__assessed"]
            practising = row[f"{code}__practising"]
            mean = row[f"{code}__mean"]
            stats["features"][code] = {
                "assessed": assessed,
                "practising": practising,
                "share_practising": share(practising, assessed, SHARE_DIGITS),
                "mean_score": round(mean, 2) if mean is not None else None,
            }

    counts = _counts_in_one_scan if connection.vendor == "postgresql" else _counts_by_column
    for group_key, column, value, n in counts(queryset, group_column):
        stats = result[group_key]
        if column == "features_practised":
            if value is not None:
                stats["practised_histogram"][value] = n
        else:
            stats[COUNTED[column]][UNSPECIFIED if value is None else value] = n
    return dict(result)


# Entity column -> the statistics dimension it is counted for; the practised
# histogram counts features_practised.
COUNTED = {column: dimension for dimension, column in DIMENSIONS.items()}
COUNTED_COLUMNS = [*DIMENSIONS.values(), "features_practised"]


def query_count():
    """The queries one uncached computation of statistics costs here."""
    return 2 if connection.vendor == "postgresql" else 1 + len(COUNTED_COLUMNS)


def _counts_by_column(queryset, group_column):
    """(group, column, value, entities) for each counted column: a GROUP BY
    query per column."""
    group = [group_column] if group_column else []
    for column in COUNTED_COLUMNS:
        rows = queryset.values(*group, column).annotate(n=Count("pk")).order_by(*group, column)
        for row in rows:
            yield row.get(group_column), column, row[column], row["n"]


def _counts_in_one_scan(queryset, group_column):
    """The same as _counts_by_column, in one scan of the selected entities:
    PostgreSQL's GROUPING SETS count by every column at once (at 690,000
    entities, one scan instead of seven)."""
    quote = connection.ops.quote_name
    # The group under a name of its own: it may be a counted column too.
    group = {"statistics_group": F(group_column)} if group_column else {}
    selected, params = queryset.values(*COUNTED_COLUMNS, **group).query.sql_with_params()
    columns = [quote(column) for column in COUNTED_COLUMNS]
    grouped_by = [quote(name) for name in group]
    sets = ", ".join(f"({', '.join([*grouped_by, column])})" for column in columns)
    sql = (
        f"SELECT GROUPING({', '.join(columns)}), {', '.join([*grouped_by, *columns])}, "
        f"COUNT(*) FROM ({selected}) AS selected GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING() sets a bit for each column left out of a row's set, the
    # first column's bit highest: the one bit clear names the counted column.
    every = (1 << len(columns)) - 1
    counted_by_mask = {
        every ^ (1 << (len(columns) - 1 - index)): index for index in range(len(columns))
    }
    # Raw SQL on the database the router picks for the queryset (a public
    # read may go to the replica).
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    for mask, *values, n in rows:
        group_key = values.pop(0) if group_column else None
        index = counted_by_mask[mask]
        found.append((group_key, COUNTED_COLUMNS[index], values[index], n))
    # In the order of the query per column: by group, then value, empty last.
    found.sort(key=lambda row: (str(row[0]), row[1], row[2] is None, str(row[2])))
    return found


def statistics(queryset):
    """Statistics of the whole ``queryset``."""
    return grouped_statistics(queryset).get(None, empty_statistics())


def region_figures(queryset, feature=None, *, key=None):
    """What the region maps show, per region of ``queryset`` (its code, or
    UNSPECIFIED for entities without one): ``entities``; ``assessed``, those
    with at least one feature scored (they have a count of features
    practised); ``all_seven``, those practising all seven (the band "all");
    and for a ``feature`` code, ``feature_assessed`` and
    ``feature_practising``, those assessed on it and those practising it (the
    rest of them lack it). ``entities`` is the statistics' ``by_region``.

    One GROUP BY query, whatever the number of entities or regions, and none
    while the published data has not changed since the same figures were
    last computed (``key``: what determines ``queryset``, as
    core.freshness.cached_figure takes it)."""
    queryset = queryset.order_by()
    aggregates = {
        "entities": Count("pk"),
        "assessed": Count("features_practised"),
        "all_seven": Count("pk", filter=Q(band=Band.ALL)),
    }
    if feature is not None:
        aggregates["feature_assessed"] = Count(score_field(feature))
        aggregates["feature_practising"] = Count("pk", filter=practising_q(feature))

    def compute():
        rows = queryset.values("region_id").annotate(**aggregates)
        return {
            UNSPECIFIED if row["region_id"] is None else row["region_id"]: {
                name: row[name] for name in aggregates
            }
            for row in rows
        }

    return cached_figure(f"region-figures:{feature or ''}", queryset, compute, key=key)
