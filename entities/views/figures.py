"""The tables and figures that several public pages show (the home page, the
country pages, the tapestry, the methodology and the reports), built from
entities.statistics and the tapestry's counts, each count with the link to
the entity list filtered so that it lists exactly what was counted. The pages
share them through here and never import one another."""

import contextlib
import contextvars
from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.freshness import cached_figure
from entities.models import Country, Entity, EntityType, Sector
from entities.statistics import UNSPECIFIED, empty_statistics, feature_aggregates
from research.framework import (
    FEATURE_CODES,
    FEW_ASSESSED,
    Band,
    band_for,
    share,
    whole_percent_half_up,
)
from research.models import Assessment

from ..reference import reference_rows

# --- The country pages and the home page ---

MOST_LACKING_SHOWN = 3


# The release whose figures are being shown (a release's report), if any:
# their links then lead to the API's list of that release's entities, as the
# entity list page shows the current data only.
_release_shown = contextvars.ContextVar("release_shown", default=None)


@contextlib.contextmanager
def links_into_release(release):
    """Within it, list_url and list_address lead into ``release``."""
    token = _release_shown.set(release.number if release is not None else None)
    try:
        yield
    finally:
        _release_shown.reset(token)


def list_address():
    """The path of the entity list the figures link to, and the parameters
    every link to it carries first: the page's list, or the API's list of
    the release being shown (``?release=``)."""
    release = _release_shown.get()
    if release is None:
        return reverse("entity-list"), []
    return reverse("api:entity-list"), [("release", release)]


def list_url(**params):
    """The entity list filtered by ``params`` (the list's and the API's parameters)."""
    path, first = list_address()
    return f"{path}?{urlencode([*first, *params.items()])}"


def countries_in_order():
    """The current (phase 2) countries first, then the others; by name in each."""
    return Country.objects.order_by("-phase", "name")


def feature_rows(features, figures, **filters):
    """Each feature's figures in ``figures`` (a statistics result), with links
    to the entities (of ``filters``) that practise it and that lack it."""
    rows = []
    for feature in features:
        figure = figures["features"][feature.code]
        rows.append(
            {
                "feature": feature,
                "label": feature.name,
                "assessed": figure["assessed"],
                "practising": figure["practising"],
                # Assessed and below the threshold: what the `lacks` filter selects.
                "lacking": figure["assessed"] - figure["practising"],
                "share": figure["share_practising"],
                "mean": figure["mean_score"],
                "href": list_url(**filters, practises=feature.code),
                "lacking_href": list_url(**filters, lacks=feature.code),
            }
        )
    return rows


def country_rows(by_country):
    """The home page's row of each country with published entities (its count
    and share practising all seven, each with its link), and the countries
    without any; ``by_country``: grouped statistics by country."""
    rows, without_entities = [], []
    for country in countries_in_order():
        figures = by_country.get(country.code)
        if figures is None:  # nothing to count, list or draw
            without_entities.append(country)
            continue
        all_seven = figures["by_band"].get(Band.ALL.value, 0)
        rows.append(
            {
                "country": country,
                "label": country.name,
                "count": figures["entities"],
                "href": list_url(country=country.code),
                "all_seven": all_seven,
                "all_seven_share": share(all_seven, figures["entities"]),
                "all_seven_href": list_url(country=country.code, band=Band.ALL.value),
            }
        )
    return rows, without_entities


def compare_columns(countries, groups, features):
    """The comparison's column of each of ``countries`` (``groups``: their
    grouped statistics by country), in the order given."""
    columns = []
    for country in countries:
        figures = groups.get(country.code) or empty_statistics()
        assessed = sum(figures["practised_histogram"])  # those with a known count
        columns.append(
            {
                "country": country,
                "code": country.code,
                "name": country.name,
                "entities": figures["entities"],
                "assessed": assessed,
                "few_assessed": assessed < FEW_ASSESSED,
                "href": list_url(country=country.code),
                "features": feature_rows(features, figures, country=country.code),
            }
        )
    return columns


# Government- and donor-induced entities, compared with grassroots ones.
COMPARED_ORIGINS = (Entity.Origin.COMMUNITY, Entity.Origin.GOVERNMENT, Entity.Origin.DONOR)
# The code written at the end of each origin's bars in the comparison chart.
ORIGIN_CODES = {
    Entity.Origin.COMMUNITY: "C",
    Entity.Origin.GOVERNMENT: "G",
    Entity.Origin.DONOR: "D",
}


def origin_columns(by_origin, features, filters):
    """Grassroots, government- and donor-induced entities side by side: the
    share of each that practise each feature."""
    columns = []
    for origin in COMPARED_ORIGINS:
        figures = by_origin.get(origin.value)
        if figures is None:
            continue
        assessed = sum(figures["practised_histogram"])
        all_seven = figures["by_band"].get(Band.ALL.value, 0)
        origin_filters = {**filters, "origin": origin.value}
        columns.append(
            {
                "code": ORIGIN_CODES[origin],
                "name": origin.label,
                "entities": figures["entities"],
                "href": list_url(**origin_filters),
                "assessed": assessed,
                "few": assessed < FEW_ASSESSED,
                "all_seven": all_seven,
                "all_seven_share": share(all_seven, figures["entities"]),
                "features": feature_rows(features, figures, **origin_filters),
            }
        )
    return columns


def compared_rows(columns, features):
    """The rows of a comparison chart: a feature each, with the cell of each
    column (of compare_columns or origin_columns)."""
    return [
        {"label": feature.name, "cells": [column["features"][index] for column in columns]}
        for index, feature in enumerate(features)
    ]


# The home page's small maps: narrower than a country's, so that their labels
# keep their size when three of them share a row.
SMALL_MAP_WIDTH = 240


def form_choices():
    """The choices of the maps' form that are reference rows (cached)."""
    return {"types": reference_rows(EntityType), "sectors": reference_rows(Sector)}


def breakdown(counts, names, param, filters, total):
    """Rows of one dimension of a statistics result, largest first, each
    linking to the list filtered by ``filters`` and that value (none for
    "unspecified")."""
    rows = [
        {
            "label": names.get(key, key),
            "count": count,
            "share": share(count, total),
            "href": "" if key == UNSPECIFIED else list_url(**filters, **{param: key}),
        }
        for key, count in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], str(row["label"])))


def makeup_tables(figures, choices, filters):
    """The entities of ``figures`` (a statistics result) by type, sector,
    origin and dependency: a table each, its counts linking to the list
    filtered by ``filters`` and the value."""
    total = figures["entities"]
    return [
        {
            "column": _("Type"),
            "title": _("By type"),
            "rows": breakdown(
                figures["by_type"],
                {kind.slug: kind.name for kind in choices["types"]},
                "entity_type",
                filters,
                total,
            ),
        },
        {
            "column": _("Sector"),
            "title": _("By sector (ISIC)"),
            "rows": breakdown(
                figures["by_sector"],
                {sector.code: str(sector) for sector in choices["sectors"]},
                "sector",
                filters,
                total,
            ),
        },
        {
            "column": _("Origin"),
            "title": _("By origin"),
            "rows": breakdown(
                figures["by_origin"], dict(Entity.Origin.choices), "origin", filters, total
            ),
        },
        {
            "column": _("Dependency"),
            "title": _("By dependency on government and donors"),
            "rows": breakdown(
                figures["by_dependency"],
                dict(Entity.Dependency.choices),
                "dependency",
                filters,
                total,
            ),
        },
    ]


def histogram_rows(figures, filters):
    """The entities by the number of features they practise, 0 to 7, each
    count linking to the list of those entities."""
    return [
        {
            "practised": practised,
            "count": count,
            "href": list_url(**filters, practised_min=practised, practised_max=practised),
        }
        for practised, count in enumerate(figures["practised_histogram"])
    ]


def most_lacking(profile, shown=MOST_LACKING_SHOWN):
    """The ``shown`` feature rows (of feature_rows) that the most assessed
    entities lack, in the features' order among equals."""
    return sorted(
        (row for row in profile if row["lacking"]),
        key=lambda row: (-row["lacking"], row["feature"].position),
    )[:shown]


def region_breakdown(figures, region_rows, filters):
    """The entities of ``figures`` by region (``region_rows``: the Region
    rows of their countries), largest first."""
    regions = {region.code: region.shown_name for region in region_rows}
    regions[UNSPECIFIED] = _("Not recorded")
    return breakdown(figures["by_region"], regions, "region", filters, figures["entities"])


# --- The method ---

METHOD_DESCRIPTIONS = {
    Assessment.Method.DESK_REVIEW: _(
        "Statutes, bylaws, registration papers, reports, accounts and public sources."
    ),
    Assessment.Method.INTERVIEW: _("Conversations with members, workers, leaders and partners."),
    Assessment.Method.SURVEY: _("A questionnaire answered by the entity or its members."),
    Assessment.Method.SITE_VISIT: _("The researcher sees the activity, meetings and records."),
    Assessment.Method.SELF_ASSESSMENT: _(
        "The entity scores itself with the guidance on this page; a researcher checks the "
        "evidence."
    ),
}


def band_ranges():
    """Each band with the practised counts that fall in it (low, high), asked
    of the framework's own rule so that the band limits have one home."""
    counts = defaultdict(list)
    for count in range(len(FEATURE_CODES) + 1):
        counts[band_for(count, fully_assessed=True)].append(count)
    return [
        {
            "label": label,
            "low": min(counts[band], default=None),
            "high": max(counts[band], default=None),
            "unassessed": band == Band.UNASSESSED,
        }
        for band, label in Band.choices
    ]


def agreement_table(summary, features):
    """The agreement between assessors as the methodology page and the reports
    show it, from research.reliability.agreement's ``summary``: how many
    entities were assessed twice, one row per feature (in the features'
    order) and the row of all features pooled."""
    return {
        "n_entities": summary["n_entities"],
        "threshold": summary["threshold"],
        "rows": [
            {"label": feature.name, **summary["features"][feature.code]} for feature in features
        ],
        "overall": {"label": _("All features"), **summary["overall"]},
    }


# --- The tapestry aggregated by entity type ---

SHARE_STEPS = 5  # shades of the aggregated tapestry: 0–19 %, 20–39 %, … 80–100 %


def counts_by_country_and_type(entities):
    """Per (country, type): entities, and per feature how many are assessed
    and how many practise it. One GROUP BY with conditional counts, whatever the
    number of entities; the rows are few (countries × types) and add up to
    any coarser grouping. Cached until the published data changes."""
    aggregates = {
        name: aggregate
        for name, aggregate in feature_aggregates().items()
        if not name.endswith("__mean")
    }
    grouped = entities.order_by().values("country_id", "entity_type_id").annotate(**aggregates)
    return cached_figure("tapestry-counts", entities, lambda: list(grouped))


def add_up(rows):
    total = defaultdict(int)
    for row in rows:
        for name, value in row.items():
            if name not in ("country_id", "entity_type_id"):
                total[name] += value
    return total


def total_by(counts, column):
    rows_by_key = defaultdict(list)
    for row in counts:
        rows_by_key[row[column]].append(row)
    return {key: add_up(rows) for key, rows in rows_by_key.items()}


def type_rows(counts, types, features):
    """Entity type × feature: the share of the type's filtered entities that
    practise each feature, of those assessed on it (not assessed is never 0),
    and a last row for all of them."""
    totals = total_by(counts, "entity_type_id")
    rows = [
        {"label": entity_type.name, **share_row(totals[entity_type.slug], features)}
        for entity_type in types
        if entity_type.slug in totals
    ]
    if len(rows) > 1:
        rows.append(
            {"label": _("All types"), "total": True, **share_row(add_up(counts), features)}
        )
    return rows


def share_row(totals, features):
    cells = []
    for feature in features:
        assessed = totals[f"{feature.code}__assessed"]
        practising = totals[f"{feature.code}__practising"]
        # The shade follows the number written in the cell.
        percent = whole_percent_half_up(practising, assessed)
        cells.append(
            {
                "feature": feature,
                "assessed": assessed,
                "practising": practising,
                "percent": percent,
                "css": "share-none"
                if percent is None
                else f"share-{min(percent * SHARE_STEPS // 100, SHARE_STEPS - 1)}",
            }
        )
    return {"entities": totals["entities"], "cells": cells}
