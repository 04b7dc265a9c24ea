"""The reports: one printable document per country (/countries/<code>/report/)
and for the region or chosen countries (/report/?country=TH&country=VN), built
from the published data with the figures of the country pages, the tapestry
and the region maps (entities.statistics, never counted again here), and the
recommendations: for each country and entity type, the features its assessed
entities lack most, with the country's own recommendation, the feature's
adoption guidance and the entities that could adopt it.

The heavy figures are cached until the published data changes
(core.freshness.cached_figure), so a report costs a fixed number of queries
whatever the number of entities."""

import copy
import operator
from collections import defaultdict
from functools import reduce
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.db import connection
from django.db.models import Count, F, JSONField, Q, Window
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, RowNumber
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.freshness import cached_figure
from core.pdf import missing as pdf_missing
from entities import geography, maps
from entities.filtersets import EntityFilterSet, ReleasedEntityFilterSet
from entities.models import (
    Country,
    CountryRecommendation,
    Entity,
    Region,
    Release,
    ReleasedEntity,
)
from entities.public import address_prefix
from entities.releases import released_entities
from entities.statistics import grouped_statistics, statistics
from research.framework import FEW_ASSESSED, Band, lacking_q, practising_threshold, share
from research.models import Assessment, Feature
from research.reliability import agreement

from .figures import (
    METHOD_DESCRIPTIONS,
    SMALL_MAP_WIDTH,
    agreement_table,
    band_ranges,
    compared_rows,
    countries_in_order,
    counts_by_country_and_type,
    feature_rows,
    form_choices,
    histogram_rows,
    links_into_release,
    list_url,
    makeup_tables,
    origin_columns,
    region_breakdown,
    total_by,
    type_rows,
)
from .filtering import chosen_codes, without_empty_values
from .region_maps import maps_context

# Of each entity type of a country, the features recommended: those the most
# of its assessed entities lack.
RECOMMENDED_SHOWN = 3
# Entities named under each recommendation; the rest are one link away.
ADOPTERS_SHOWN = 10


@without_empty_values
def country_report(request, code):
    context = country_context(request, code)
    query = release_query(context["release"])
    context["pdf_href"] = reverse("country-report-pdf", args=[context["slug"]]) + query
    context["pdf_missing"] = pdf_missing()
    return render(request, "pages/report.html", context)


@without_empty_values
def region_report(request):
    """The region, or the countries of ``?country=`` (read by the entity
    list's own filter, as the comparison reads them)."""
    context, status = region_context(request)
    if status == 200:
        query = request.GET.urlencode()
        context["pdf_href"] = reverse("region-report-pdf") + (f"?{query}" if query else "")
        context["pdf_missing"] = pdf_missing()
    return render(request, "pages/report.html", context, status=status)


def requested_release(request):
    """The release ``?release=<number>`` names, or None: a report as of that
    release, made from its frozen entities alone. 400 for a value that is
    not one number, 404 for a release that does not exist."""
    values = request.GET.getlist("release")
    if not values:
        return None
    if len(values) > 1 or not values[0].isdigit() or len(values[0]) > 9:
        raise BadRequest(_("release: a release's number, once, e.g. release=1."))
    release = Release.objects.filter(number=int(values[0])).first()
    if release is None:
        raise Http404(_("No release %(number)s.") % {"number": values[0]})
    return release


def release_query(release):
    return f"?release={release.number}" if release is not None else ""


def published_or_released(release):
    """The entities a report counts: those published now, or ``release``'s."""
    return Entity.objects.published() if release is None else released_entities(release)


def country_context(request, code, *, for_pdf=False):
    """The report of the country of ``code`` (as of the release ``?release=``
    names, if any); Http404 for a code the registry does not know."""
    stored_code = Country.stored_code(code)
    if stored_code is None:
        raise Http404
    country = get_object_or_404(Country, pk=stored_code)
    release = requested_release(request)
    entities = published_or_released(release).filter(country=country)
    context = report_context(
        request, [country], entities, {"country": country.code}, for_pdf=for_pdf, release=release
    )
    context.update(
        title=_("Report: %(country)s") % {"country": country.name},
        country=country,
        slug=country.code.lower(),
        agreement=report_agreement(release, country=country),
    )
    return context


def region_context(request, *, for_pdf=False):
    """The report of the region, or of the countries of ``?country=``, and
    its status: 400, with the errors and no figures, for countries not understood."""
    release = requested_release(request)
    data = QueryDict(mutable=True)
    data.setlist("country", request.GET.getlist("country"))
    filterset_class = EntityFilterSet if release is None else ReleasedEntityFilterSet
    filterset = filterset_class(data, queryset=published_or_released(release))
    if not filterset.is_valid():
        context = {"title": _("Regional report"), "errors": filterset.errors["country"]}
        return {**context, "release": release}, 400
    codes = chosen_codes(filterset.form, "country")
    countries = list(countries_in_order())
    if codes:
        countries = [country for country in countries if country.code in codes]
        entities = filterset.qs
        filters = {"country": ",".join(country.code for country in countries)}
        title = _("Report: %(countries)s") % {
            "countries": ", ".join(country.name for country in countries)
        }
    else:
        entities = published_or_released(release)
        filters = {}
        title = _("Regional report")
    context = report_context(
        request, countries, entities, filters, for_pdf=for_pdf, release=release
    )
    context.update(
        title=title,
        region=True,
        chosen=bool(codes),
        agreement=report_agreement(release, countries=countries),
    )
    # The PDF's file name: the region's, or the countries'.
    context["slug"] = "-".join(c.code.lower() for c in countries) if codes else "region"
    if not codes:  # the region: the definitions of the countries mapped
        context["definitions"] = context["with_entities"]
    return context, 200


def report_context(request, countries, entities, filters, *, for_pdf=False, release=None):
    """Every section of the report of ``countries``' published ``entities``
    (or ``release``'s frozen ones: the report as of that release, its links
    leading to the API's list of the release's entities, without the
    current data's chart files); ``filters``: the entity list's parameters
    that select them, for links; ``for_pdf``: drawn into a PDF (its maps and
    charts style themselves)."""
    with links_into_release(release):
        context = _report_context(request, countries, entities, filters, for_pdf, release)
    context["release"] = release
    if release is not None:
        context["chart_query"] = None
        context["release_href"] = reverse("release-detail", args=[release.number])
    return context


def _report_context(request, countries, entities, filters, for_pdf, release):
    features = list(Feature.objects.all())
    choices = form_choices()
    figures = statistics(entities)
    total = figures["entities"]
    assessed = sum(figures["practised_histogram"])
    # Per country and type: the tapestry's counts (cached), which also say
    # which countries have published entities.
    counts = counts_by_country_and_type(entities)
    by_country = {row["country_id"] for row in counts}
    with_entities = [country for country in countries if country.code in by_country]
    context = {
        "countries": countries,
        # Whose working definitions the report gives.
        "definitions": countries,
        "with_entities": with_entities,
        "without_entities": [country for country in countries if country.code not in by_country],
        "entities": total,
        "entities_href": list_url(**filters),
        # The parameters of the report's charts as files (entities.views.chart_downloads).
        "chart_query": urlencode(filters, safe=","),
        "threshold": practising_threshold(),
        "few": FEW_ASSESSED,
        "recommended_shown": RECOMMENDED_SHOWN,
        "basis": basis(total, assessed),
        "method": method_context(entities, release),
        "pdf": for_pdf,
    }
    if not total:
        return context
    region_rows = list(Region.objects.filter(country__in=with_entities))
    types = choices["types"]
    by_origin = grouped_statistics(entities, "origin")
    profile = feature_rows(features, figures, **filters)
    all_seven = figures["by_band"].get(Band.ALL.value, 0)
    context.update(
        {
            "all_seven": all_seven,
            "all_seven_share": share(all_seven, total),
            "all_seven_href": list_url(**filters, band=Band.ALL.value),
            "makeup": makeup_tables(figures, choices, filters),
            "regions": region_breakdown(figures, region_rows, filters),
            "where": report_maps(
                request, with_entities, region_rows, features, pdf=for_pdf, release=release
            ),
            "features": features,
            "profile": profile,
            "histogram": histogram_rows(figures, filters),
            "not_assessed": total - assessed,
            "by_type": flag_rows(type_rows(counts, types, features)),
            "lacking_by_type": lacking_by_type(counts, types, features, filters),
            "lacking_by_origin": lacking_by_origin(by_origin, features, filters),
            "origins": origin_columns(by_origin, features, filters),
            "recommendations": recommendations(
                entities, with_entities, counts, types, features, filters
            ),
        }
    )
    context["origin_rows"] = compared_rows(context["origins"], features)
    return context


def basis(entities, assessed):
    """What a section rests on: its entities, those assessed, and whether
    they are too few for its shares to be compared without caution."""
    return {"entities": entities, "assessed": assessed, "few": assessed < FEW_ASSESSED}


def report_maps(request, countries, region_rows, features, *, pdf=False, release=None):
    """The region maps of ``countries``: the published entities of each
    region, whatever the request asks of the country pages' maps (the report
    has no form for them)."""
    mapped = [country for country in countries if country.code in geography.countries()]
    if not mapped:
        return {}
    plain = copy.copy(request)
    plain.GET = QueryDict()
    return maps_context(
        plain,
        mapped,
        [region for region in region_rows if region.country_id in {c.code for c in mapped}],
        features,
        scope="report",
        width=SMALL_MAP_WIDTH if len(mapped) > 2 else maps.WIDTH,
        pdf=pdf,
        release=release,
    )


def flag_rows(rows):
    """Rows of the tapestry by type, each flagged when its shares rest on
    fewer than FEW_ASSESSED assessed entities (the most assessed on a feature)."""
    for row in rows:
        row["assessed"] = max((cell["assessed"] for cell in row["cells"]), default=0)
        row["few"] = row["assessed"] < FEW_ASSESSED
    return rows


def lacking_rows(features, totals, filters):
    """The features the entities of ``totals`` (assessed and practising
    counts per feature, as the tapestry counts them) lack, most lacked first,
    with the share of those assessed on it that lack it and the link to them."""
    rows = []
    for feature in features:
        assessed = totals[f"{feature.code}__assessed"]
        lacking = assessed - totals[f"{feature.code}__practising"]
        if lacking:
            rows.append(
                {
                    "feature": feature,
                    "label": feature.name,
                    "assessed": assessed,
                    "lacking": lacking,
                    "share": share(lacking, assessed),
                    "href": list_url(**filters, lacks=feature.code),
                }
            )
    return sorted(rows, key=lambda row: (-row["lacking"], row["feature"].position))


def group_row(label, totals, features, filters, shown=RECOMMENDED_SHOWN):
    assessed = max(totals[f"{feature.code}__assessed"] for feature in features)
    return {
        "label": label,
        "entities": totals["entities"],
        "href": list_url(**filters),
        "assessed": assessed,
        "few": assessed < FEW_ASSESSED,
        "features": lacking_rows(features, totals, filters)[:shown],
    }


def lacking_by_type(counts, types, features, filters):
    totals = total_by(counts, "entity_type_id")
    return [
        group_row(kind.name, totals[kind.slug], features, {**filters, "entity_type": kind.slug})
        for kind in types
        if kind.slug in totals
    ]


def statistics_totals(figures):
    """A statistics result's feature counts as the tapestry's totals."""
    totals = {"entities": figures["entities"]}
    for code, figure in figures["features"].items():
        totals[f"{code}__assessed"] = figure["assessed"]
        totals[f"{code}__practising"] = figure["practising"]
    return totals


def lacking_by_origin(by_origin, features, filters):
    return [
        group_row(
            label,
            statistics_totals(by_origin[value]),
            features,
            {**filters, "origin": value},
        )
        for value, label in Entity.Origin.choices
        if value in by_origin
    ]


def method_context(entities, release=None):
    """The method: the threshold and bands (the framework's), and how the
    current profiles of ``entities`` were assessed: by which methods, by how
    many assessors (a release records the methods, not the assessors)."""
    figures = method_figures(entities) if release is None else released_methods(entities)
    return {
        "threshold": practising_threshold(),
        "bands": band_ranges(),
        "methods": [
            {
                "label": label,
                "description": METHOD_DESCRIPTIONS.get(value, ""),
                "count": figures["by_method"].get(value, 0),
            }
            for value, label in Assessment.Method.choices
        ],
        "assessments": sum(figures["by_method"].values()),
        "assessors": figures["assessors"],
    }


def method_figures(entities):
    """The assessments that the current profiles of ``entities`` rest on, by
    method, and how many people assessed them: two queries, cached."""
    current = Assessment.objects.filter(pk__in=entities.values("current_assessment_id"))

    def compute():
        by_method = dict(current.order_by().values_list("method").annotate(n=Count("pk")))
        assessors = current.aggregate(n=Count("assessor", distinct=True))["n"]
        return {"by_method": by_method, "assessors": assessors}

    return cached_figure("report-method", entities, compute)


def released_methods(entities):
    """The methods of the assessments a release's ``entities`` froze (read
    from their frozen detail), cached; the release does not name assessors."""
    methods = KT("frozen__assessment__method")

    def compute():
        rows = (
            entities.order_by()
            .annotate(frozen=Cast("detail", JSONField()))
            .values_list(methods)
            .annotate(n=Count("pk"))
        )
        return {"by_method": {method: n for method, n in rows if method}, "assessors": None}

    return cached_figure("report-method", entities, compute)


def report_agreement(release, *, country=None, countries=()):
    """The agreement between assessors a report shows: of ``country``'s
    entities for a country's report; for the region's or several countries',
    of every country's entities (the figures are few, and pooled they say the
    most), with the overall figures of each of ``countries`` that has any.
    None for a report as of a release, which froze the published profiles,
    not the assessments compared."""
    if release is not None:
        return None
    summary = agreement(None if country is None else country.code)
    table = agreement_table(summary, Feature.objects.all())
    table["region"] = country is None
    table["by_country"] = [
        {"label": one.name, **summary["countries"][one.code]}
        for one in countries
        if one.code in summary["countries"]
    ]
    return table


def recommendations(entities, countries, counts, types, features, filters):
    """For each country with entities and each of its entity types whose
    assessed entities lack a feature: the RECOMMENDED_SHOWN features most
    lacked, each with the country's own recommendation, the feature's
    adoption guidance and the first ADOPTERS_SHOWN entities that lack it."""
    texts = {
        (text.country_id, text.feature_id): text.text
        for text in CountryRecommendation.objects.filter(country__in=countries)
    }
    by_country = {}
    for row in counts:
        by_country.setdefault(row["country_id"], []).append(row)
    wanted, sections = [], []
    for country in countries:
        totals = total_by(by_country.get(country.code, []), "entity_type_id")
        groups = []
        for kind in types:
            if kind.slug not in totals:
                continue
            group_filters = {**filters, "country": country.code, "entity_type": kind.slug}
            group = group_row(kind.name, totals[kind.slug], features, group_filters)
            if not group["features"]:
                continue
            for row in group["features"]:
                row["text"] = texts.get((country.code, row["feature"].code), "")
                row["key"] = (country.code, kind.slug, row["feature"].code)
                wanted.append(row["key"])
            groups.append(group)
        sections.append({"country": country, "groups": groups})
    found = adopters(entities, wanted)
    prefix = address_prefix("entity-detail")
    for section in sections:
        for group in section["groups"]:
            for row in group["features"]:
                row["adopters"] = [
                    {"name": name, "href": f"{prefix}{pk}/"}
                    for pk, name in found.get(row["key"], ())
                ]
    return sections


def adopters(entities, wanted):
    """For each (country, entity type, feature) of ``wanted``, the first
    ADOPTERS_SHOWN of ``entities`` of that country and type that lack the
    feature, by name: (id, name) pairs. A query per feature (seven at most,
    whatever the number of countries and types); cached together."""
    groups_by_feature = defaultdict(list)
    for country, kind, code in wanted:
        groups_by_feature[code].append((country, kind))

    def compute():
        found = {key: [] for key in wanted}
        for code, groups in groups_by_feature.items():
            for country, kind, pk, name in _first_lacking(entities, code, groups):
                found[(country, kind, code)].append((pk, name))
        return found

    # What is wanted follows from the entities' published data: their SQL and
    # the data's version (the cache key) determine it.
    return cached_figure("report-adopters", entities, compute)


def identity(entities):
    """The column holding an entity's id: its key, or a released entity's ``entity_id``."""
    return "entity_id" if entities.model is ReleasedEntity else "pk"


def _first_lacking(entities, code, groups):
    """(country, type, id, name) of the first ADOPTERS_SHOWN of ``entities``
    lacking the feature ``code`` in each (country, type) of ``groups``, by
    name. Where the database takes a slice in each part of a UNION
    (PostgreSQL), one part per group, each walking the published entities of
    its country in name order (entity_published_country_idx) until it has
    enough: milliseconds at a million entities. Elsewhere (SQLite, small
    registries) the entities lacking it numbered within their group."""
    lacking = entities.filter(lacking_q(code))
    # An entity's id: a released entity's is the one it had when frozen.
    shown = ("country_id", "entity_type_id", identity(entities), "name")
    if connection.features.supports_slicing_ordering_in_compound:
        parts = [
            lacking.filter(country_id=country, entity_type_id=kind)
            .order_by("name", identity(entities))
            .values_list(*shown)[:ADOPTERS_SHOWN]
            for country, kind in groups
        ]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return (
        lacking.filter(
            reduce(
                operator.or_,
                (Q(country_id=country, entity_type_id=kind) for country, kind in groups),
            )
        )
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("country_id"), F("entity_type_id")],
                order_by=[F("name").asc(), F(identity(entities)).asc()],
            )
        )
        .filter(place__lte=ADOPTERS_SHOWN)
        .order_by("country_id", "entity_type_id", "name", identity(entities))
        .values_list(*shown)
    )
