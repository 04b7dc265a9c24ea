from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entities import public
from entities.models import Country, Entity, EntityType, Region, Sector
from research.framework import FEATURE_CODES, Band
from research.models import Feature, Score

from ..reference import reference_rows
from .filtering import (
    chosen_codes,
    filter_entities,
    paginate,
    query_without,
    render_results,
    without_empty_values,
)

PAGE_SIZE = 50
ORDERINGS = [
    ("", _("Name")),
    ("-features_practised", _("Most features practised")),
    ("features_practised", _("Fewest features practised")),
    ("-year_established", _("Newest")),
    ("year_established", _("Oldest")),
    ("-updated_at", _("Recently updated")),
]


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


@without_empty_values
def entity_list(request):
    filterset, entities = filter_entities(request)
    # The rows as plain values: building model instances of the entity and its
    # four related rows cost more than the query (profiled).
    page = paginate(request, entities.values(*public.LISTED), PAGE_SIZE)
    selected = selected_values(filterset.form)
    label_rows(page)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "selected": selected,
        "active_count": active_count(selected),
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page", "page_size"),
        **filter_choices(filterset.form),
    }
    return render_results(
        request,
        "pages/entity_list.html",
        "pages/entity_results.html",
        context,
        status=400 if filterset.errors else 200,
    )


def label_rows(page):
    """Give each row of the page its link and band label, once: resolving the
    URL and the choice's label in the template cost a third of the page's
    rendering (profiled)."""
    link = reverse("entity-detail", args=[0]).removesuffix("0/")
    bands = dict(Band.choices)
    for row in page:
        row["link"] = f"{link}{row['id']}/"
        row["band_label"] = bands[row["band"]]


def entity_detail(request, pk):
    entity = get_object_or_404(Entity.objects.published().with_profile(), pk=pk)
    features = list(Feature.objects.all())
    scores = {}
    if entity.current_assessment_id:
        scores = {
            score.feature_id: score
            for score in Score.objects.filter(assessment_id=entity.current_assessment_id)
        }
    lacking = set(entity.profile.lacking)
    rows = [
        {"feature": feature, "score": scores.get(feature.code), "lacking": feature.code in lacking}
        for feature in features
    ]
    return render(
        request,
        "pages/entity_detail.html",
        {
            "entity": entity,
            "rows": rows,
            "lacking": [row["feature"] for row in rows if row["lacking"]],
            "feature_codes": FEATURE_CODES,
        },
    )
