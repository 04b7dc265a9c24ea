"""The region at a glance, the country pages and the comparison of countries.

Every figure comes from entities.statistics over published entities, the query
layer of the API's statistics, so a page and the API agree; and every count
links to the entity list filtered so that it lists exactly what was counted.
"""

from urllib.parse import urlencode

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from entities import geography
from entities.filtersets import EntityFilterSet
from entities.models import Country, Entity, Region
from entities.statistics import empty_statistics, grouped_statistics, statistics
from research.framework import FEW_ASSESSED, Band, practising_threshold, share
from research.models import Feature

from .figures import (
    SMALL_MAP_WIDTH,
    compare_columns,
    compared_rows,
    countries_in_order,
    country_rows,
    feature_rows,
    form_choices,
    histogram_rows,
    list_url,
    makeup_tables,
    most_lacking,
    region_breakdown,
)
from .filtering import chosen_codes, without_empty_values
from .region_maps import maps_context
from .sharing import country_description, share_context

MIN_COMPARED = 2


def compare_href(countries):
    """The comparison of ``countries`` (those with published entities), or ""
    when they are too few to compare."""
    codes = [country.code for country in countries]
    if len(codes) < MIN_COMPARED:
        return ""
    return f"{reverse('compare')}?country={','.join(codes)}"  # ISO codes: nothing to quote


def current_with_entities(countries):
    return compare_href(country for country in countries if country.phase == Country.Phase.PHASE_2)


# --- Home ----------------------------------------------------------------------


@without_empty_values
def home(request):
    by_country = grouped_statistics(Entity.objects.published(), "country_id")
    features = list(Feature.objects.all())
    rows, without_entities = country_rows(by_country)
    # Every published entity has a country, so the region's figures are the sums
    # of the countries' counts (the share is practising / assessed, as in the API).
    region = empty_statistics()
    for figures in by_country.values():
        region["entities"] += figures["entities"]
        for code, figure in figures["features"].items():
            region["features"][code]["assessed"] += figure["assessed"]
            region["features"][code]["practising"] += figure["practising"]
    for figure in region["features"].values():
        figure["share_practising"] = share(figure["practising"], figure["assessed"])
    all_seven = sum(row["all_seven"] for row in rows)
    # The countries with region boundaries and published entities, each a map.
    mapped = [row["country"] for row in rows if row["country"].code in geography.countries()]
    where = {}
    if mapped:
        where = maps_context(
            request,
            mapped,
            Region.objects.filter(country__in=mapped),
            features,
            scope="home",
            width=SMALL_MAP_WIDTH,
        )
        where.update(form_choices())
    return render(
        request,
        "pages/home.html",
        {
            "where": where,
            "without_mapped": [
                country for country in without_entities if country.code in geography.countries()
            ],
            "rows": rows,
            "with_entities": sum(1 for row in rows if row["count"]),
            "without_entities": without_entities,
            "entities": region["entities"],
            "all_seven": all_seven,
            "all_seven_share": share(all_seven, region["entities"]),
            "all_seven_href": list_url(band=Band.ALL.value),
            "features": feature_rows(features, region),
            "threshold": practising_threshold(),
            "compare_current_href": current_with_entities(row["country"] for row in rows),
        },
        status=400 if where.get("errors") else 200,
    )


# --- Countries -----------------------------------------------------------------


def country_list(request):
    # The count of the API's country list, so the two never disagree.
    countries = countries_in_order().with_published_counts()
    rows = [{"country": country, "href": list_url(country=country.code)} for country in countries]
    with_entities = [row["country"] for row in rows if row["country"].published_entities]
    return render(
        request,
        "pages/country_list.html",
        {"rows": rows, "compare_current_href": current_with_entities(with_entities)},
    )


@without_empty_values
def country_detail(request, code):
    stored_code = Country.stored_code(code)
    if stored_code is None:
        raise Http404
    country = get_object_or_404(Country, pk=stored_code)
    figures = statistics(Entity.objects.published().filter(country=country))
    features = list(Feature.objects.all())
    total = figures["entities"]
    region_rows = list(Region.objects.filter(country=country))
    filters = {"country": country.code}
    choices = form_choices()
    # Where: a map of the country's regions, when it has published entities
    # and region boundaries.
    where = {}
    if total and country.code in geography.countries():
        where = maps_context(request, [country], region_rows, features, scope="country")
        where.update(choices)
    profile = feature_rows(features, figures, **filters)
    all_seven = figures["by_band"].get(Band.ALL.value, 0)
    return render(
        request,
        "pages/country_detail.html",
        {
            "country": country,
            "entities": total,
            "entities_href": list_url(**filters),
            "all_seven": all_seven,
            "all_seven_share": share(all_seven, total),
            "all_seven_href": list_url(**filters, band=Band.ALL.value),
            "makeup": makeup_tables(figures, choices, filters),
            "regions": region_breakdown(figures, region_rows, filters),
            "profile": profile,
            "histogram": histogram_rows(figures, filters),
            "not_assessed": total - sum(figures["practised_histogram"]),
            "most_lacking": most_lacking(profile),
            "threshold": practising_threshold(),
            "tapestry_href": f"{reverse('tapestry')}?{urlencode(filters)}",
            "export_href": f"{reverse('entity-download')}?{urlencode(filters)}",
            "export_metadata_href": f"{reverse('entity-download-metadata')}?{urlencode(filters)}",
            "compare_href": f"{reverse('compare')}?{urlencode(filters)}",
            "report_href": reverse("country-report", args=[country.code.lower()]),
            "chart_query": urlencode(filters),
            "where": where,
            "share": share_context(
                request,
                title=country.name,
                description=country_description(country, total, all_seven),
                image_view="og-country",
                image_args=[country.code.lower()],
                image_alt=_("%(country)s: share of the assessed entities practising each feature")
                % {"country": country.name},
            ),
        },
        status=400 if where.get("errors") else 200,
    )


# --- Compare -------------------------------------------------------------------


@without_empty_values
def compare(request):
    # Only `country` counts here; it is read by the list's own filter, so codes
    # are split, case-folded and checked exactly as on the list and in the API.
    data = QueryDict(mutable=True)
    data.setlist("country", request.GET.getlist("country"))
    filterset = EntityFilterSet(data, queryset=Entity.objects.published())
    valid = filterset.is_valid()
    countries = list(countries_in_order())
    known = {country.code: country for country in countries}
    chosen = [known[code] for code in chosen_codes(filterset.form, "country")]
    context = {
        "countries": countries,
        "chosen_codes": [country.code for country in chosen],
        "errors": filterset.errors.get("country", []),
        "min_compared": MIN_COMPARED,
        "columns": [],
    }
    if valid and len(chosen) >= MIN_COMPARED:
        groups = grouped_statistics(filterset.qs, "country_id")
        features = list(Feature.objects.all())
        columns = compare_columns(chosen, groups, features)
        context["columns"] = columns
        context["few_assessed"] = FEW_ASSESSED
        context["any_few_assessed"] = any(column["few_assessed"] for column in columns)
        context["rows"] = compared_rows(columns, features)
        context["chart_query"] = urlencode(
            {"country": ",".join(column["code"] for column in columns)}, safe=","
        )
    return render(request, "pages/compare.html", context, status=200 if valid else 400)
