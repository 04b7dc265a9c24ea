"""The region maps of the country pages and the home page: the measure the
reader picks, the entities it counts (the entity list's filters, read by the
list's own filter set), its figures per region from one grouped query
(entities.statistics.region_figures), and the rows of the table beside each
map, each count linking to the list filtered as it was counted."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.filters import GIVEN_TWICE
from entities import geography, maps
from entities.filtersets import EntityFilterSet, ReleasedEntityFilterSet
from entities.models import Entity
from entities.releases import released_entities
from entities.statistics import UNSPECIFIED, region_figures
from research.framework import FEW_ASSESSED, Band, share, whole_percent

from .figures import list_address
from .filtering import filter_summary, query_without, selected_values

ENTITIES, ALL_SEVEN, LACKING = "entities", "all_seven", "lacking"
MEASURES = (
    (ENTITIES, gettext_lazy("Published entities")),
    (ALL_SEVEN, gettext_lazy("Share practising all seven features")),
    (LACKING, gettext_lazy("Share lacking a feature")),
)
DEFAULT_MEASURE = ENTITIES
# The page sets the country and each region its own; ordering orders nothing
# here. Every other filter of the entity list applies to the maps.
NOT_APPLIED = ("country", "region", "ordering")
# The filters the maps' form offers; the others in force are kept as they are.
IN_THE_FORM = ("entity_type", "sector", "origin", "dependency")


@dataclass
class MapChoice:
    """What the request asks the maps to show, and what is wrong with it."""

    measure: str
    feature: object  # the Feature whose lack is measured, else None
    feature_code: str  # the feature asked for, if known (the form shows it chosen)
    filterset: EntityFilterSet
    filters: list  # (name, value) of each filter in force, as given
    errors: list = field(default_factory=list)  # (parameter, [messages])

    @property
    def shares(self):
        return self.measure != ENTITIES


def read_choice(request, queryset, features, *, release=None):
    """The measure (``measure``, and ``feature`` for the share lacking it)
    and the filters of the request, over ``queryset`` (published entities),
    or over ``release``'s entities. A value the registry does not know is an
    error naming its parameter."""
    errors = []
    measure = _one(request, "measure", errors)
    if measure is None:
        measure = DEFAULT_MEASURE
    elif measure not in dict(MEASURES):
        errors.append(("measure", [_unknown(measure, [code for code, _label in MEASURES])]))
        measure = DEFAULT_MEASURE
    feature_code = _one(request, "feature", errors)
    by_code = {feature.code: feature for feature in features}
    feature = None
    if feature_code is not None and feature_code not in by_code:
        errors.append(("feature", [_unknown(feature_code, list(by_code))]))
    elif measure == LACKING:
        feature = by_code.get(feature_code)
        if feature is None:
            errors.append(
                (
                    "feature",
                    [
                        _("Required with measure=lacking; one of: %(allowed)s.")
                        % {"allowed": ", ".join(by_code)}
                    ],
                )
            )

    data, filters = QueryDict(mutable=True), []
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if name in EntityFilterSet.base_filters and name not in NOT_APPLIED and kept:
            data.setlist(name, kept)
            filters.extend((name, value) for value in kept)
    if release is None:
        filterset = EntityFilterSet(data, queryset=queryset, request=request)
    else:
        filterset = ReleasedEntityFilterSet(
            data, queryset=released_entities(release), request=request
        )
    if not filterset.is_valid():
        errors.extend((name, list(messages)) for name, messages in filterset.errors.items())
    known_code = feature_code if feature_code in by_code else ""
    return MapChoice(measure, feature, known_code, filterset, filters, errors)


def _one(request, name, errors):
    values = [value for value in request.GET.getlist(name) if value.strip()]
    if len(values) > 1:
        errors.append((name, [str(GIVEN_TWICE)]))
    return values[0].strip() if values else None


def _unknown(value, allowed):
    return _("Unknown value %(value)s. Allowed: %(allowed)s.") % {
        "value": repr(value[:40]),
        "allowed": ", ".join(allowed),
    }


class Links:
    """The addresses of the entity list that a map's regions and counts lead
    to: the map's filters made into a query once, each region's place put
    before them (a map has some 80 regions, each with two links)."""

    def __init__(self, choice):
        self.path, first = list_address()
        self.path = f"{self.path}?{urlencode(first)}&" if first else f"{self.path}?"
        self.filters = urlencode(choice.filters)
        if choice.measure == LACKING:
            self.part = urlencode([*choice.filters, ("lacks", choice.feature.code)])
        else:
            self.part = self.all_seven(choice)

    @staticmethod
    def all_seven(choice):
        """The filters of the entities counted as practising all seven: the
        band "all" in place of any band asked; None when the bands asked
        leave it out (the count is then 0, with nothing to list)."""
        bands = choice.filterset.form.cleaned_data.get("band") or []
        if bands and Band.ALL.value not in bands:
            return None
        kept = [(name, value) for name, value in choice.filters if name != "band"]
        return urlencode([*kept, ("band", Band.ALL.value)])

    def href(self, place, query):
        if query is None:
            return ""
        return f"{self.path}{place}&{query}" if query else f"{self.path}{place}"


def maps_context(
    request, countries, regions, features, *, scope, width=maps.WIDTH, pdf=False, release=None
):
    """Everything a page needs to draw the maps of ``countries`` (their
    ``regions``, the Region rows, in any order) with the measure and the
    filters of ``request``: the form, one map and table per country, the
    legend. With a bad parameter, no figures: the errors say why. ``pdf``:
    the maps drawn for a PDF (entities.maps.region_map); ``release``: the
    maps of that release's entities, without links to files of the current
    data's maps."""
    choice = read_choice(request, Entity.objects.published(), features, release=release)
    context = {
        "measure": choice.measure,
        "measures": MEASURES,
        "feature": choice.feature,
        "features": features,
        "errors": choice.errors,
        "few": FEW_ASSESSED,
        "shares": choice.shares,
        "filtered": bool(choice.filters),
        "credit": geography.CREDIT,
        # The measure and filters, for links to the same maps elsewhere.
        "query": query_without(request, *NOT_APPLIED, "page", "page_size"),
        "maps": [],
        "origins": Entity.Origin.choices,
        "dependencies": Entity.Dependency.choices,
        **form_state(choice, features),
    }
    if choice.errors:
        return context
    filtered = choice.filterset.qs.filter(country__in=[country.code for country in countries])
    figures = region_figures(
        filtered,
        choice.feature.code if choice.feature else None,
        key=(scope, [country.code for country in countries], choice.filters, release),
    )
    names = {region.code: region.shown_name for region in regions}
    links = Links(choice)
    # Entities without a region have no country here: shown only on a
    # country's own page.
    unspecified = figures.get(UNSPECIFIED) if len(countries) == 1 else None
    # The parameters of each map as a file (entities.views.chart_downloads):
    # its country, the countries whose maps share its classes, the measure and
    # filters. ISO codes: nothing to quote.
    among = f"&among={','.join(c.code for c in countries)}" if len(countries) > 1 else ""
    query = f"&{context['query']}" if context["query"] else ""
    per_country = []
    for country in countries:
        codes = [region.code for region in geography.regions(country.code)]
        rows = [
            region_row(choice, links, country, code, names.get(code, code), figures.get(code, {}))
            for code in codes
        ]
        per_country.append((country, rows))
    scale = (
        maps.ShareScale()
        if choice.shares
        else maps.CountScale(row["entities"] for _country, rows in per_country for row in rows)
    )
    for country, rows in per_country:
        for row in rows:
            value = row["percent"] if choice.shares else row["entities"]
            row["css"] = scale.css(value) if row["entities"] else maps.EMPTY
        shades = {
            row["code"]: maps.Shade(
                row["code"],
                row["name"],
                row["css"],
                row["title"],
                row["href"],
                choice.shares and row["few"],
            )
            for row in rows
        }
        title = map_title(choice, country)
        with_entities = sorted(
            (row for row in rows if row["entities"]), key=lambda row: order(choice, row)
        )
        without_region = unspecified_row(choice, links, country, unspecified)
        context["maps"].append(
            {
                "country": country,
                "title": title,
                "svg": maps.region_map(
                    country.code,
                    shades,
                    title=title,
                    chart_id=f"map-{country.code}",
                    width=width,
                    pdf=pdf,
                ),
                "rows": with_entities,
                # The table's rows: the regions with entities, then those of none.
                "table": with_entities + ([without_region] if without_region else []),
                "without_entities": [row for row in rows if not row["entities"]],
                "markers": [
                    {"name": names.get(region.code, region.name), "reason": region.reason}
                    for region in geography.regions(country.code)
                    if region.is_marker
                ],
                "entities": sum(row["entities"] for row in rows),
                "any_few": any(row["few"] for row in with_entities),
                "chart_query": None if release else f"country={country.code}{among}{query}",
            }
        )
    context["legend"] = maps.legend_entries(scale, shares=choice.shares)
    return context


def unspecified_row(choice, links, country, figures):
    """The entities without a region, when there are any."""
    if not figures:
        return None
    return region_row(choice, links, country, UNSPECIFIED, _("Region not recorded"), figures)


def order(choice, row):
    """The table's order: the highest figure of the measure first, then by name."""
    value = row["share"] if choice.shares else row["entities"]
    return (value is None, -(value or 0), str(row["name"]))


def region_row(choice, links, country, code, name, figures):
    """One region's figures for the measure, its links and its <title>. The
    entities without a region have no link: the list has no such filter."""
    entities = figures.get("entities", 0)
    if choice.measure == LACKING:
        whole = figures.get("feature_assessed", 0)
        part = whole - figures.get("feature_practising", 0)
    else:
        whole = figures.get("assessed", 0)
        part = figures.get("all_seven", 0)
    fraction = share(part, whole)
    place = "" if code == UNSPECIFIED else urlencode({"country": country.code, "region": code})
    row = {
        "code": code,
        "name": name,
        "href": links.href(place, links.filters) if place else "",
        "entities": entities,
        "whole": whole,
        "part": part,
        "part_href": links.href(place, links.part) if place else "",
        "share": fraction,
        "percent": None if fraction is None else whole_percent(fraction),
        "few": 0 < whole < FEW_ASSESSED,
    }
    row["title"] = region_title(choice, row)
    return row


def region_title(choice, row):
    """What a region's <title> says: its name and figures, in words."""
    values = {"region": row["name"], "count": number_format(row["entities"])}
    if not row["entities"]:
        return _("%(region)s: no published entity") % values
    if choice.measure == ENTITIES:
        return (
            ngettext(
                "%(region)s: %(count)s published entity",
                "%(region)s: %(count)s published entities",
                row["entities"],
            )
            % values
        )
    values["feature"] = choice.feature.name if choice.feature else ""
    if row["share"] is None:
        text = (
            ngettext(
                "%(region)s: %(count)s published entity, not assessed",
                "%(region)s: %(count)s published entities, none assessed",
                row["entities"],
            )
            if choice.measure == ALL_SEVEN
            else ngettext(
                "%(region)s: %(count)s published entity, not assessed on %(feature)s",
                "%(region)s: %(count)s published entities, none assessed on %(feature)s",
                row["entities"],
            )
        )
        return text % values
    values.update(
        part=number_format(row["part"]),
        whole=number_format(row["whole"]),
        percent=_("%(percent)s%%") % {"percent": number_format(row["percent"])},
        few=FEW_ASSESSED,
    )
    if choice.measure == ALL_SEVEN:
        text = (
            _(
                "%(region)s: %(percent)s practise all seven features "
                "(%(part)s of %(whole)s assessed; fewer than %(few)s assessed)"
            )
            if row["few"]
            else _("%(region)s: %(percent)s practise all seven features (%(part)s of %(whole)s)")
        )
        return text % values
    text = (
        _(
            "%(region)s: %(percent)s lack %(feature)s "
            "(%(part)s of %(whole)s assessed on it; fewer than %(few)s assessed)"
        )
        if row["few"]
        else _("%(region)s: %(percent)s lack %(feature)s (%(part)s of %(whole)s assessed on it)")
    )
    return text % values


def map_title(choice, country):
    values = {"country": country.name, "feature": choice.feature.name if choice.feature else ""}
    if choice.measure == ALL_SEVEN:
        return _("%(country)s: share practising all seven features, by region") % values
    if choice.measure == LACKING:
        return _("%(country)s: share lacking %(feature)s, by region") % values
    return _("%(country)s: published entities by region") % values


def form_state(choice, features):
    """What the maps' form shows chosen, and the filters in force that it does
    not offer: kept as hidden fields, and said in words."""
    form = choice.filterset.form
    selected = selected_values(form)
    others = {name: values for name, values in selected.items() if name not in IN_THE_FORM}
    choices = {
        "types": [],
        "sectors": [],
        "origins": Entity.Origin.choices,
        "dependencies": Entity.Dependency.choices,
        "bands": Band.choices,
        "countries": [],
    }
    return {
        "selected": selected,
        "hidden": [(name, value) for name, value in choice.filters if name not in IN_THE_FORM],
        "other_filters": filter_summary(form, others, choices, features),
        "chosen_feature": choice.feature_code,
    }
