"""The one definition of what each entity filter means.

Used by the JSON API, the CSV export and the statistics (and the public pages),
so a filter means the same everywhere and every count agrees. A bad value is a
validation error naming the parameter and what it accepts.
"""

import django_filters
from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    MAX_QUERY_LENGTH,
    CodeListFilter,
    CopiedFilters,
    FilterForm,
    NullsLastOrderingFilter,
    YesNoUnknownFilter,
    bounded_number,
    choice_values,
    in_api_schema,
)
from core.freshness import cached_count, cached_figure
from research.framework import FEATURE_CODES, Band

from . import map_cells
from .models import Country, Entity, EntityType, Region, ReleasedEntity, Sector
from .reference import reference_codes
from .search import MAX_SEARCH_WORDS, matching, search_words


class FeatureListFilter(CodeListFilter):
    """Feature codes, applied all together through a queryset method
    (`practising` or `lacking`)."""

    def __init__(self, *args, queryset_method, **kwargs):
        self.queryset_method = queryset_method
        super().__init__(*args, allowed=lambda: FEATURE_CODES, case="lower", **kwargs)

    def filter(self, qs, value):
        return getattr(qs, self.queryset_method)(*value) if value else qs


class Box(tuple):
    """A bounding box (west, south, east, north) in degrees, written back as
    the parameter takes it: plain decimals, comma-separated."""

    def __str__(self):
        return map_cells.format_bbox(self)


class BoxField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Box(map_cells.parse_bbox(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


@extend_schema_field(
    {
        "type": "string",
        "maxLength": MAX_QUERY_LENGTH,
        "pattern": map_cells.BBOX_PATTERN,
        "example": "97.3,5.6,105.7,20.5",
    }
)
class BoxFilter(django_filters.Filter):
    """The entities placed in a box, as the map places them: their stored
    coordinates in it, or, without coordinates, their region's point in it."""

    field_class = BoxField

    def filter(self, qs, value):
        return qs.filter(map_cells.within(value)) if value else qs


@in_api_schema
class EntityFilterSet(django_filters.FilterSet):
    country = CodeListFilter(
        allowed=lambda: reference_codes(Country),
        case="upper",
        label=_("Country (ISO 3166-1 alpha-2 code)"),
    )
    region = CodeListFilter(
        allowed=lambda: reference_codes(Region),
        case="upper",
        label=_("Region (ISO 3166-2 code)"),
    )
    entity_type = CodeListFilter(
        allowed=lambda: reference_codes(EntityType), case="lower", label=_("Entity type")
    )
    sector = CodeListFilter(
        allowed=lambda: reference_codes(Sector), case="upper", label=_("Sector (ISIC section)")
    )
    origin = CodeListFilter(
        allowed=choice_values(Entity.Origin.choices), case="lower", label=_("Origin")
    )
    dependency = CodeListFilter(
        allowed=choice_values(Entity.Dependency.choices), case="lower", label=_("Dependency")
    )
    band = CodeListFilter(allowed=choice_values(Band.choices), case="lower", label=_("Band"))
    registered = YesNoUnknownFilter(field_name="registered", label=_("Registered"))
    sdg = bounded_number("sdgs", "exact", 1, 17, _("Contributes to SDG"))
    practises = FeatureListFilter(
        queryset_method="practising", label=_("Practises all of these features")
    )
    lacks = FeatureListFilter(
        queryset_method="lacking",
        label=_("Lacks all of these features (assessed, below the threshold)"),
    )
    practised_min = bounded_number("features_practised", "gte", 0, 7, _("Practises at least"))
    practised_max = bounded_number("features_practised", "lte", 0, 7, _("Practises at most"))
    year_min = bounded_number("year_established", "gte", 1800, 2100, _("Established from"))
    year_max = bounded_number("year_established", "lte", 1800, 2100, _("Established until"))
    bbox = BoxFilter(
        max_length=MAX_QUERY_LENGTH,
        label=_("Placed within the box west,south,east,north (degrees)"),
    )
    q = django_filters.CharFilter(method="search", max_length=MAX_QUERY_LENGTH, label=_("Search"))
    ordering = NullsLastOrderingFilter(
        fields=["name", "features_practised", "year_established", "updated_at"],
        label=_("Order by"),
    )

    class Meta:
        model = Entity
        fields = []
        form = FilterForm

    def get_form_class(self):
        """The form class, built once: django-filter builds it anew for every
        request, a good part of an API list request's time (profiled). None of
        these filters' fields depends on the request."""
        filterset_class = type(self)
        if "_form_class" not in filterset_class.__dict__:
            filterset_class._form_class = super().get_form_class()
        return filterset_class._form_class

    def search(self, queryset, name, value):
        return matching(queryset, value, indexed=not common_words(value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Whatever the order asked for, end with the id so pages never overlap.
        ordering = [*(queryset.query.order_by or Entity._meta.ordering)]
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        if self.form.cleaned_data.get("q"):
            queryset = first_matches(queryset)
        return queryset.order_by(*ordering)


# A search selects at most this many entities: the first ones registered (by
# id) that match it and the other filters. Sorting a very common phrase's
# 100,000 matches by name for every page would cost a second at a million
# entities; these many sort in milliseconds (docs/api.md, "Search").
SEARCH_MATCH_LIMIT = 10_000


def first_matches(matched):
    """``matched`` narrowed to its first SEARCH_MATCH_LIMIT rows by id: those
    up to the id of the last of them, found once per data version (cached),
    so that every page, order and output holds the same rows (the list, its
    count, the CSV and the statistics agree)."""
    limit = SEARCH_MATCH_LIMIT

    def last_id():
        ids = matched.order_by("pk").values_list("pk", flat=True)[limit - 1 : limit]
        return next(iter(ids), 0)  # 0: fewer matches than that, all kept

    last = cached_figure("search-last-id", matched, last_id)
    return matched.filter(pk__lte=last) if last else matched


# From this many published entities holding the words, a page in name order is
# found sooner without the trigram index (see entities.search.matching).
COMMON_FROM = 5000


def common_words(query):
    """Whether several words of ``query`` are held together by many published
    entities: the count is exact and cached until the published data changes
    (one count per search and data version). Only PostgreSQL has the index to
    avoid, and one word it estimates well."""
    words = search_words(query)[:MAX_SEARCH_WORDS]
    if connection.vendor != "postgresql" or len(words) < 2:
        return False
    matches = cached_count(
        matching(Entity.objects.published(), query)[:COMMON_FROM],
        key=("search-matches", words),
    )
    return matches >= COMMON_FROM


EntityFilterSet.base_filters = CopiedFilters(EntityFilterSet.base_filters)


class ReleasedEntityFilterSet(EntityFilterSet):
    """The same filters over a release's frozen entities (entities.releases),
    whose columns have Entity's names; only the SDGs are kept as text there."""

    sdg = bounded_number("sdgs", "exact", 1, 17, _("Contributes to SDG"))
    sdg.method = "contributing"

    class Meta(EntityFilterSet.Meta):
        model = ReleasedEntity

    def contributing(self, queryset, name, value):
        return queryset.filter(sdgs__contains=f" {int(value)} ")


ReleasedEntityFilterSet.base_filters = CopiedFilters(ReleasedEntityFilterSet.base_filters)


@in_api_schema
class RegionFilterSet(django_filters.FilterSet):
    country = CodeListFilter(
        allowed=lambda: reference_codes(Country), case="upper", label=_("Country")
    )

    class Meta:
        model = Region
        fields = []
