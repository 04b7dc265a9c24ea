"""The public pages' use of the one entity filter definition."""

import functools

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from core.freshness import cached_count
from entities.api.pagination import MAX_OFFSET
from entities.filtersets import EntityFilterSet
from entities.models import Country, Entity, EntityType, Region, Sector
from research.framework import Band
from research.models import Feature

from ..reference import reference_rows

ORDERINGS = [
    ("", _("Name")),
    ("-features_practised", _("Most features practised")),
    ("features_practised", _("Fewest features practised")),
    ("-year_established", _("Newest")),
    ("year_established", _("Oldest")),
    ("-updated_at", _("Recently updated")),
]


def filter_entities(request, queryset=None):
    """The published entities that the request's query string selects, with the
    bound filter set (whose form shows the filters and any errors)."""
    queryset = Entity.objects.published() if queryset is None else queryset
    filterset = EntityFilterSet(request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        return filterset, filterset.qs
    return filterset, queryset.none()


def chosen_codes(form, name):
    """The codes of a list filter (``country``…) as the form read them, to show
    them chosen. When the filter was refused, the form shows its error and
    this gives the known codes among those asked (none if they were too many):
    the page never parses the raw parameter by hand, where a refusal would
    escape the form's validation."""
    form.is_valid()
    if name in form.cleaned_data:
        return form.cleaned_data[name]
    field = form.fields[name]
    try:
        asked = field.to_python(form.data.getlist(name))
    except ValidationError:
        return []
    allowed = set(field.allowed())
    return [code for code in asked if code in allowed]


def filter_choices(form):
    """What the filter form offers; regions only of the chosen countries."""
    chosen = chosen_codes(form, "country")  # only known codes reach the query
    regions = Region.objects.select_related("country").order_by("country__name", "name")
    return {
        "countries": reference_rows(Country),
        "regions": regions.filter(country__in=chosen) if chosen else regions.none(),
        "types": reference_rows(EntityType),
        "sectors": reference_rows(Sector),
        "origins": Entity.Origin.choices,
        "dependencies": Entity.Dependency.choices,
        "bands": Band.choices,
        "features": reference_rows(Feature),
        "orderings": ORDERINGS,
    }


SUMMARY_LABELS = {
    "country": _("Country"),
    "region": _("Region"),
    "sector": _("Sector (ISIC)"),
    "practises": _("Practises all of"),
    "lacks": _("Lacks all of"),
    "bbox": _("Map area (west, south, east, north)"),
}


def filter_summary(form, selected, choices, features):
    """The filters in force, in words, for the reader of a printed or phone page
    where the form is not in sight. Choice lists are read only when used."""
    named = {
        "country": lambda: {country.code: country.name for country in choices["countries"]},
        "entity_type": lambda: {kind.slug: kind.name for kind in choices["types"]},
        "sector": lambda: {sector.code: sector.name for sector in choices["sectors"]},
        "origin": lambda: dict(choices["origins"]),
        "dependency": lambda: dict(choices["dependencies"]),
        "band": lambda: dict(choices["bands"]),
        "practises": lambda: {feature.code: feature.name for feature in features},
        "lacks": lambda: {feature.code: feature.name for feature in features},
        "registered": lambda: {"true": _("Yes"), "false": _("No"), "unknown": _("Unknown")},
        "region": lambda: {
            region.code: region.shown_name
            for region in Region.objects.filter(code__in=selected["region"])
        },
    }
    summary = []
    for name, values in selected.items():
        if name == "ordering":  # the order is no filter
            continue
        names = named[name]() if name in named else {}
        label = SUMMARY_LABELS.get(name, form.fields[name].label)
        summary.append((label, ", ".join(str(names.get(value, value)) for value in values)))
    return summary


def selected_values(form):
    """Each filter's chosen values as the form understood them (codes split and
    case-normalised), for checking boxes and filling fields."""
    form.is_valid()
    selected = {}
    for name in form.fields:
        value = form.cleaned_data.get(name, form.data.get(name))
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            selected[name] = [str(item) for item in value]
        else:
            selected[name] = [str(value)]
    return selected


def active_count(selected):
    """How many filter values are in force (the order is no filter)."""
    return sum(len(values) for name, values in selected.items() if name != "ordering")


def render_results(request, template, results_template, context, *, status=200):
    """The whole page, or to htmx only its results (``results_template``), on
    the same URL: the answer varies on the htmx header so that no cache serves
    one for the other."""
    response = render(
        request, results_template if request.htmx else template, context, status=status
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


class DeepPage(Http404):
    """A page number past those served: the first ``MAX_OFFSET`` entities of
    a filter, as in the API (each deeper page would cost the database more
    than the last). ``last``: the last page served."""

    def __init__(self, last):
        super().__init__(f"Pages past {last} are not served.")
        self.last = last


def paginate(request, queryset, per_page, *, count=None):
    """A page of ``queryset`` (published entities); a bad or past-the-end page
    number, or one given twice, is a 404, and one past the pages served a
    DeepPage. A caller that already knows the count passes it; else it comes
    from the figure cache."""
    paginator = Paginator(queryset, per_page)
    # A cached property: set, it is never queried.
    paginator.count = cached_count(queryset) if count is None else count
    numbers = request.GET.getlist("page")
    if len(numbers) > 1:
        raise Http404("The page number is given more than once.")
    last = max(1, MAX_OFFSET // per_page)
    try:
        number = paginator.validate_number(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from None
    if number > last:
        raise DeepPage(last)
    return paginator.page(number)


def explains_deep_pages(view):
    """A page number past those served is answered with where the rest are:
    the API's cursor paging and the CSV, with the same filters (404)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DeepPage as deep:
            filters = query_without(request, "page", "page_size")
            query = f"?{filters}&" if filters else "?"
            return render(
                request,
                "pages/deep_page.html",
                {
                    "last": deep.last,
                    "last_href": f"{query}page={deep.last}",
                    "cursor_href": f"{reverse('api:entity-list')}{query}cursor=",
                    "csv_href": f"{reverse('entity-download')}{query.rstrip('?&')}",
                    "shown": MAX_OFFSET,
                },
                status=404,
            )

    return wrapper


def query_without(request, *names):
    """The current query string without the given parameters (for links that
    replace them, such as page numbers or a changed ordering), and without the
    empty values the filter form sends for "any": the pages ignore them, and
    the API, where the CSV link leads, refuses them."""
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if name not in names and kept:
            params.setlist(name, kept)
    return params.urlencode()


def without_empty_values(view):
    """Answers a page's address whose query holds empty values (what a filter
    form sends without JavaScript for "any") with a redirect to the same
    filters without them, so that the address a person shares carries only the
    filters set. With JavaScript the form leaves them out itself (its htmx
    requests are served as they come)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        empty = any(not value.strip() for _, values in request.GET.lists() for value in values)
        if empty and not request.htmx:
            query = query_without(request)
            return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
        return view(request, *args, **kwargs)

    return wrapper
