"""Figures over any set of entities: counts by dimension, the practised
histogram and the per-feature profile. Each figure is one GROUP BY query,
whatever the number of entities or groups."""

from collections import defaultdict

from django.db.models import Avg, Count, Q

from entities.freshness import cached_figure

from .framework import FEATURE_CODES, practising_threshold, score_field

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
    threshold = practising_threshold()
    aggregates = {"entities": Count("pk")}
    for code in FEATURE_CODES:
        column = score_field(code)
        aggregates[f"{code}__assessed"] = Count(column)
        aggregates[f"{code}__practising"] = Count("pk", filter=Q(**{f"{column}__gte": threshold}))
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
    whole set under the key None), in 1 + len(DIMENSIONS) + 1 queries, or none
    while the published data has not changed since the same query was last
    answered (entities.freshness)."""
    queryset = queryset.order_by()
    return cached_figure(
        f"statistics:{group_column}", queryset, lambda: _grouped(queryset, group_column)
    )


def _grouped(queryset, group_column):
    group = [group_column] if group_column else []
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
                "share_practising": round(practising / assessed, 4) if assessed else None,
                "mean_score": round(mean, 2) if mean is not None else None,
            }

    for dimension, column in DIMENSIONS.items():
        rows = queryset.values(*group, column).annotate(n=Count("pk")).order_by(*group, column)
        for row in rows:
            key = row[column] if row[column] is not None else UNSPECIFIED
            result[row.get(group_column)][dimension][key] = row["n"]

    for row in queryset.values(*group, "features_practised").annotate(n=Count("pk")):
        if row["features_practised"] is not None:
            result[row.get(group_column)]["practised_histogram"][row["features_practised"]] = row[
                "n"
            ]
    return dict(result)


def statistics(queryset):
    """Statistics of the whole ``queryset``."""
    return grouped_statistics(queryset).get(None, empty_statistics())
