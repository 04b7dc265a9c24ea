from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html

from entities import linked_data, public
from entities.models import Entity, IdentifierScheme
from entities.reference import shown_names
from research.framework import FEATURE_CODES, Band
from research.models import Feature, Score

from . import assessment_history
from .filtering import (
    active_count,
    filter_choices,
    filter_entities,
    paginate,
    query_without,
    render_results,
    selected_values,
    without_empty_values,
)

PAGE_SIZE = 50


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
    rendering (profiled). The reference data's names in the reader's language."""
    page.object_list = shown_names(page.object_list)
    link = public.address_prefix("entity-detail")
    bands = dict(Band.choices)
    for row in page:
        row["link"] = f"{link}{row['id']}/"
        row["band_label"] = bands[row["band"]]


def entity_detail(request, pk):
    entity = get_object_or_404(Entity.objects.published().with_profile(), pk=pk)
    features = list(Feature.objects.all())
    # The published assessments, latest first, with their scores: the history,
    # and the current profile's scores and evidence (the current assessment is
    # the latest published one). An entity without a current one has none.
    assessments = []
    if entity.current_assessment_id:
        assessments = list(
            entity.assessments.published()
            .latest_first()
            .only("id", "entity", *public.ASSESSMENT_FIELDS)
            .prefetch_related(
                Prefetch(
                    "scores", Score.objects.only("assessment", "feature", "score", "evidence")
                )
            )
        )
    identifiers = public.same_as_of([entity.pk]).get(entity.pk, [])
    history = assessment_history.history(assessments, features, entity.current_assessment_id)
    current = next((entry for entry in history if entry.current), None)
    # Each feature's cell of the current assessment: its score and evidence.
    cells = current.cells if current else [None] * len(features)
    lacking = set(entity.profile.lacking)
    rows = [
        {"feature": feature, "score": cell, "lacking": feature.code in lacking}
        for feature, cell in zip(features, cells, strict=True)
    ]
    return render(
        request,
        "pages/entity_detail.html",
        {
            "entity": entity,
            "rows": rows,
            "lacking": [row["feature"] for row in rows if row["lacking"]],
            "feature_codes": FEATURE_CODES,
            "features": features,
            "history": history,
            "chart_query": f"entity={entity.pk}",
            "review": review_note(entity),
            "same_as": same_as(identifiers),
            "linked_data": linked_data.script(
                linked_data.document(linked_data.values_of(entity), request, identifiers)
            ),
            "attributions": attributions(entity.pk),
        },
    )


def same_as(identifiers):
    """The entity's identifiers elsewhere (public.same_as_of) as its page
    lists them: the scheme's name, the identifier, and a link to the record
    when given."""
    return [
        {
            "scheme": IdentifierScheme(each["scheme"]).label,
            "value": each["value"],
            "link": public.web_link(each["url"] or ""),
        }
        for each in identifiers
    ]


def linked(text, url):
    return format_html('<a href="{}" rel="nofollow noopener">{}</a>', url, text) if url else text


def attributions(entity_id):
    """The attribution of each source whose licence requires one: its name
    and its licence's, each a link where an address is recorded."""
    return [
        {
            "source": linked(each["source_name"], each["source_url"]),
            "licence": linked(each["licence"], each["licence_url"]),
        }
        for each in public.attributions(entity_id)
    ]


def review_note(entity):
    """When the current assessment falls due for review, and whether that is
    past: public facts only (its date and the country's rule), never who
    assessed it. None for an entity not assessed."""
    due = entity.review_due_on()
    if due is None:
        return None
    return {"due": due, "overdue": due < timezone.localdate()}
