"""Every chart of the pages as a file: /charts/<kind>.svg and .png.

One view and a registry of chart kinds (``KINDS``): each kind names the
function that draws its chart from the request's parameters, the same
parameters as the page it comes from (the countries, the region maps'
measure and filters, the map's filters), with the same figures and the same
drawing as the page. The file frames the drawing with its title, the
source, the date of the data and the licence (entities.chart_files).

An unknown kind is a 404; a parameter the registry cannot read, a 400 that
says why. A PNG is the SVG rasterised on the server (core.rasterise): it
costs CPU, so it has a rate limit of its own (CHART_PNG_RATE), and where the
server has no PNG engine it is a 503 that says so. Both files are cached per
published-data version and address (core.freshness.cached_figure), so a
chart is drawn once for the data it shows.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import rasterise
from core.api.throttles import AnonymousRateThrottle
from core.freshness import cached_figure
from core.limits import refusal, too_many_downloads
from entities import chart_files, geography, maps
from entities.citation import add_headers, data_as_of, licence
from entities.filtersets import EntityFilterSet
from entities.models import Country, Entity, Region
from entities.statistics import grouped_statistics, statistics
from research.models import Feature, Score
from research.templatetags.charts import (
    compare_chart,
    count_chart,
    histogram_chart,
    mean_chart,
    profile_chart,
    share_chart,
)

from . import map as entity_map_page
from .figures import (
    compare_columns,
    compared_rows,
    country_rows,
    feature_rows,
    histogram_rows,
    origin_columns,
)
from .filtering import chosen_codes, filter_entities, query_without
from .region_maps import maps_context

# Scripts whose letters combine (Thai, Khmer): the PNG renderer does not
# shape them, so a PNG asked for in these languages is drawn in English.
UNSHAPED_LANGUAGES = rasterise.UNSHAPED_LANGUAGES
PNG_SCALE = 2  # pixels per SVG unit: sharp on a screen of twice the density
# The template context the chart tags draw in: a page's, not a PDF's (the
# file's frame gives the drawing its styles: entities.chart_files).
AS_ON_A_PAGE = {}


class BadParameter(Exception):
    """A parameter the chart cannot be drawn with: a 400 with the message."""


class TooMany(Exception):
    """Over the PNG rate: a 429, to try again in ``wait`` seconds."""

    def __init__(self, wait):
        super().__init__(wait)
        self.wait = wait


@dataclass(frozen=True)
class Chart:
    drawing: str  # the chart's SVG, as the page draws it
    title: str
    notes: list = field(default_factory=list)  # what it covers: countries, filters, credits
    legend: list = field(default_factory=list)  # chart_files.Swatch
    slug: str = ""  # what sets it apart, for the file's name (country codes)


@dataclass(frozen=True)
class Kind:
    draw: object  # request -> Chart
    parameters: tuple  # the parameters it reads; None: the entity filters as well


KINDS = {}


def kind(name, *, parameters=("country",)):
    def register(draw):
        KINDS[name] = Kind(draw, parameters)
        return draw

    return register


# --- The kinds -------------------------------------------------------------------


def chosen_countries(request, *, at_least=0):
    """The countries of ``?country=`` (read by the entity list's own filter,
    as the pages read them), in the order given, their published entities
    (none: the region, all published entities), and the entity list's
    parameters that select them, for the rows' links."""
    data = QueryDict(mutable=True)
    data.setlist("country", request.GET.getlist("country"))
    filterset = EntityFilterSet(data, queryset=Entity.objects.published())
    if not filterset.is_valid():
        raise BadParameter(said(filterset.errors.items()))
    codes = chosen_codes(filterset.form, "country")
    if len(codes) < at_least:
        raise BadParameter(
            _("country: at least %(count)s countries, e.g. country=KH,TH.") % {"count": at_least}
        )
    known = {country.code: country for country in Country.objects.filter(code__in=codes)}
    countries = [known[code] for code in codes if code in known]
    if not codes:
        return [], Entity.objects.published(), {}
    return countries, filterset.qs, {"country": ",".join(code for code in codes)}


def scope(countries):
    """The note of what a chart covers, and the slug of its file's name."""
    if not countries:
        return [_("All countries")], "all"
    names = ", ".join(str(country.name) for country in countries)
    return [_("Countries: %(names)s") % {"names": names}], "-".join(
        country.code.lower() for country in countries
    )


def profile_chart_of(request, draw, title, chart_id):
    """A chart of feature_rows over the chosen countries' published entities."""
    countries, entities, filters = chosen_countries(request)
    rows = feature_rows(list(Feature.objects.all()), statistics(entities), **filters)
    notes, slug = scope(countries)
    return Chart(draw(AS_ON_A_PAGE, rows, title, chart_id), title, notes, slug=slug)


@kind("feature-shares")
def feature_shares(request):
    title = _("Share of assessed entities practising each feature")
    return profile_chart_of(request, share_chart, title, "chart-share")


@kind("feature-means")
def feature_means(request):
    title = _("Mean score on each feature (0–3)")
    return profile_chart_of(request, mean_chart, title, "chart-mean")


@kind("features-practised")
def features_practised(request):
    countries, entities, filters = chosen_countries(request)
    rows = histogram_rows(statistics(entities), filters)
    title = _("Entities by the number of features they practise, 0 to 7")
    notes, slug = scope(countries)
    return Chart(
        histogram_chart(AS_ON_A_PAGE, rows, title, "chart-histogram"), title, notes, slug=slug
    )


@kind("countries-entities", parameters=())
def countries_entities(request):
    rows, _without = country_rows(grouped_statistics(Entity.objects.published(), "country_id"))
    title = _("Published entities per country")
    return Chart(count_chart(AS_ON_A_PAGE, rows, title, "chart-entities"), title)


@kind("countries-all-seven", parameters=())
def countries_all_seven(request):
    rows, _without = country_rows(grouped_statistics(Entity.objects.published(), "country_id"))
    title = _("Share of each country's published entities practising all seven features")
    drawing = share_chart(
        AS_ON_A_PAGE,
        rows,
        title,
        "chart-all-seven",
        share="all_seven_share",
        href="all_seven_href",
    )
    return Chart(drawing, title)


@kind("compare")
def compare(request):
    countries, entities, _filters = chosen_countries(request, at_least=2)
    features = list(Feature.objects.all())
    columns = compare_columns(countries, grouped_statistics(entities, "country_id"), features)
    title = _("Share of assessed entities practising each feature, by country")
    notes, slug = scope(countries)
    drawing = compare_chart(
        AS_ON_A_PAGE, columns, compared_rows(columns, features), title, "chart-compare"
    )
    return Chart(drawing, title, notes, slug=slug)


@kind("origins")
def origins(request):
    countries, entities, filters = chosen_countries(request)
    features = list(Feature.objects.all())
    columns = origin_columns(grouped_statistics(entities, "origin"), features, filters)
    title = _("Share of assessed entities practising each feature, by origin")
    notes, slug = scope(countries)
    drawing = compare_chart(
        AS_ON_A_PAGE, columns, compared_rows(columns, features), title, "chart-origins"
    )
    return Chart(drawing, title, notes, slug=slug)


@kind("region-map", parameters=None)
def region_map(request):
    """One country's region map (``country``), with the measure and filters
    of the page; ``among``: the countries drawn beside it on the page, whose
    counts share its classes (the home page's and a report's maps)."""
    code = _one_code(request, "country", required=True)
    among = [code]
    if request.GET.get("among", "").strip():
        among = [value.strip().upper() for value in request.GET["among"].split(",")]
        if code not in among:
            among.append(code)
    unknown = [value for value in among if value not in geography.countries()]
    if unknown:
        raise BadParameter(
            _("No region map of %(codes)s; maps: %(allowed)s.")
            % {"codes": ", ".join(unknown)[:60], "allowed": ", ".join(geography.countries())}
        )
    countries = list(Country.objects.filter(code__in=among).order_by("-phase", "name"))
    if code not in {country.code for country in countries}:
        raise BadParameter(_("country: unknown country %(code)s.") % {"code": code})
    features = list(Feature.objects.all())
    regions = Region.objects.filter(country__in=[country.code for country in countries])
    where = maps_context(request, countries, list(regions), features, scope="chart")
    if where["errors"]:
        raise BadParameter(said(where["errors"]))
    drawn = next(one for one in where["maps"] if one["country"].code == code)
    notes = []
    if where["filtered"]:  # the entity list's filters (the title says the measure)
        filters = query_without(request, "country", "among", "measure", "feature")
        notes.append(_("Filters: %(filters)s") % {"filters": filters})
    notes.append(str(geography.CREDIT))
    legend = [
        chart_files.Swatch(entry.css, str(entry.label), _legend_fill(entry, code))
        for entry in where["legend"]
    ]
    return Chart(drawn["svg"], drawn["title"], notes, legend, slug=code.lower())


def said(errors):
    """Errors, (parameter, [messages]) pairs, as one sentence."""
    return " ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in errors)


def _legend_fill(entry, code):
    if entry.hatched:
        return f"url(#map-{code}-few-{entry.css})"
    if entry.css == maps.NO_DATA:
        return f"url(#map-{code}-none)"
    return ""


def _one_code(request, name, *, required):
    values = [value.strip() for value in request.GET.getlist(name) if value.strip()]
    if len(values) > 1 or (values and "," in values[0]):
        raise BadParameter(_("%(name)s: one country code only.") % {"name": name})
    if required and not values:
        raise BadParameter(_("%(name)s: required, e.g. %(name)s=TH.") % {"name": name})
    return values[0].upper() if values else ""


@kind("entity-map", parameters=None)
def entity_map(request):
    """The map of entities (/map/) with the entity list's filters and box."""
    filterset, entities = filter_entities(request)
    if filterset.errors:
        raise BadParameter(said(filterset.errors.items()))
    drawn = entity_map_page.map_context(request, filterset, entities)
    notes = [str(geography.CREDIT)]
    countries = filterset.form.cleaned_data.get("country") or []
    if any(filterset.form.cleaned_data.get(name) for name in filterset.form.cleaned_data):
        filters = query_without(request, "page", "page_size", "ordering")
        notes.insert(0, _("Filters: %(filters)s") % {"filters": filters})
    return Chart(drawn["svg"], drawn["title"], notes, slug="-".join(countries).lower())


@kind("entity-profile", parameters=("entity",))
def entity_profile(request):
    """A published entity's score on each feature (its page's chart)."""
    value = request.GET.get("entity", "").strip()
    if not value.isdigit():
        raise BadParameter(_("entity: the number of a published entity, e.g. entity=12."))
    entity = Entity.objects.published().filter(pk=int(value)).first()
    if entity is None:
        raise Http404
    scores = {}
    if entity.current_assessment_id:  # the latest published assessment
        scores = {
            score.feature_id: score
            for score in Score.objects.filter(assessment_id=entity.current_assessment_id)
        }
    features = Feature.objects.all()
    rows = [{"feature": feature, "score": scores.get(feature.pk)} for feature in features]
    title = _("%(entity)s: score on each of the seven features") % {"entity": entity.name}
    return Chart(profile_chart(rows), title, slug=str(entity.pk))


# --- The view --------------------------------------------------------------------


class ChartPngThrottle(AnonymousRateThrottle):
    """Rendering a PNG costs CPU: a limit of its own, per client address."""

    scope = "chart-png"

    def get_rate(self):
        return settings.CHART_PNG_RATE


@require_safe
def chart_download(request, kind, fmt):
    chart_kind = KINDS.get(kind)
    if chart_kind is None:
        raise Http404
    if chart_kind.parameters is not None:
        unknown = sorted(set(request.GET) - set(chart_kind.parameters))
        if unknown:
            names = ", ".join(unknown)[:100]
            return _bad(request, _("Unknown parameter: %(names)s.") % {"names": names})
    if fmt == "png" and not rasterise.available():
        return _no_png(request)
    language = translation.get_language()
    if fmt == "png" and language in UNSHAPED_LANGUAGES:
        language = "en"
    as_of = data_as_of()
    try:
        with translation.override(language):
            content, slug = cached_figure(
                "chart-file",
                None,
                lambda: draw_file(request, kind, fmt, as_of),
                key=(fmt, language, request.build_absolute_uri()),
            )
    except BadParameter as error:
        return _bad(request, str(error))
    except TooMany as refused:
        return too_many_downloads(request, refused.wait)
    except rasterise.PngUnavailable:
        return _no_png(request)
    response = HttpResponse(
        content, content_type="image/png" if fmt == "png" else "image/svg+xml; charset=utf-8"
    )
    date = timezone.localdate(as_of).isoformat() if as_of else timezone.localdate().isoformat()
    name = "-".join(part for part in ("sse-registry", kind, slug, date) if part)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return add_headers(response, as_of=as_of)


def draw_file(request, kind, fmt, as_of):
    """(the file's content, the slug of its name)."""
    if fmt == "png":
        # Only a PNG drawn counts against the limit: one from the cache costs nothing.
        throttle = ChartPngThrottle()
        if not throttle.allow_request(request, None):
            raise TooMany(round(throttle.wait() or 60))
    chart = KINDS[kind].draw(request)
    # The address of the SVG, which draws the chart again with the data of the day.
    svg_address = request.build_absolute_uri(
        reverse("chart-download", kwargs={"kind": kind, "fmt": "svg"})
    )
    if request.GET:
        svg_address += "?" + request.GET.urlencode(safe=",")
    terms = chart_files.terms_lines(
        address=svg_address,
        as_of=timezone.localdate(as_of) if as_of else None,
        licence=licence(),
    )
    svg = chart_files.standalone(
        chart.drawing, title=chart.title, terms=terms, notes=chart.notes, legend=chart.legend
    )
    if fmt == "png":
        return rasterise.png(svg, scale=PNG_SCALE), chart.slug
    return svg, chart.slug


def _bad(request, message):
    return refusal(request, 400, _("Bad request"), message)


def _no_png(request):
    return refusal(
        request,
        503,
        _("PNG not available"),
        _("This server cannot make PNG files (no PNG engine is installed). The SVG file is."),
    )
