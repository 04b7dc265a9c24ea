from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.embedding import embeddable
from core.freshness import cached_count
from entities import filtersets, linked_data, public
from entities.models import Entity, IdentifierScheme
from entities.reference import shown_names
from research.framework import FEATURE_CODES, Band
from research.models import Feature, Score

from . import assessment_history
from .embedding import back_link, embed_snippet
from .filtering import (
    active_count,
    explains_deep_pages,
    filter_choices,
    filter_entities,
    filter_summary,
    paginate,
    query_without,
    render_results,
    selected_values,
    without_empty_values,
)
from .sharing import entity_description, share_context

PAGE_SIZE = 50
EMBEDDED_ROWS = 20  # the entities an embedded list shows, with a link to them all


@without_empty_values
@explains_deep_pages
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
        "embed": embed_snippet(request, "entity-list"),
        "search_limit": searched_to_limit(filterset, page.paginator.count),
        **filter_choices(filterset.form),
    }
    return render_results(
        request,
        "pages/entity_list.html",
        "pages/entity_results.html",
        context,
        status=400 if filterset.errors else 200,
    )


@embeddable
@without_empty_values
def entity_list_embed(request):
    """The list, compact, for another site's page (/embed/list/): the first
    entities the filters select, their count, and a link to them all."""
    filterset, entities = filter_entities(request)
    paginator = Paginator(entities.values(*public.LISTED), EMBEDDED_ROWS)
    paginator.count = cached_count(entities)
    page = paginator.page(1)
    label_rows(page)
    choices = filter_choices(filterset.form)
    selected = selected_values(filterset.form)
    context = {
        "filterset": filterset,
        "page": page,
        "active_filters": filter_summary(
            filterset.form, selected, choices, list(choices["features"])
        ),
        "full_page": back_link(request, "entity-list"),
    }
    status = 400 if filterset.errors else 200
    return render(request, "embeds/list.html", context, status=status)


def searched_to_limit(filterset, count):
    """The search's limit when a search selected as many entities as it may
    (entities.filtersets.SEARCH_MATCH_LIMIT), so the page can say so; else None."""
    limit = filtersets.SEARCH_MATCH_LIMIT
    searched = getattr(filterset.form, "cleaned_data", {}).get("q")
    return limit if searched and count >= limit else None


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
            "share": share_context(
                request,
                title=entity.name,
                description=entity_description(entity),
                image_view="og-entity",
                image_args=[entity.pk],
                image_alt=_("%(entity)s: score on each of the seven features")
                % {"entity": entity.name},
            ),
        },
    )


@embeddable
def entity_embed(request, pk):
    """An entity, compact, for another site's page (/embed/entity/<id>/):
    its name, country and type, and its score on each feature."""
    entity = get_object_or_404(Entity.objects.published().with_profile(), pk=pk)
    scores = {}
    if entity.current_assessment_id:  # the latest published assessment
        scores = {
            score.feature_id: score
            for score in Score.objects.filter(assessment_id=entity.current_assessment_id)
        }
    rows = [
        {"feature": feature, "score": scores.get(feature.pk)} for feature in Feature.objects.all()
    ]
    context = {
        "entity": entity,
        "rows": rows,
        "full_page": back_link(request, "entity-detail", args=[entity.pk]),
    }
    return render(request, "embeds/entity.html", context)


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
