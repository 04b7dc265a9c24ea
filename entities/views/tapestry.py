"""The tapestry: entities as rows, the seven features as columns, each cell
coloured by score, grouped by country or entity type; and below it the same
picture aggregated by entity type over every filtered entity."""

from dataclasses import dataclass
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.embedding import embeddable
from entities.models import Country, EntityType
from research.framework import (
    ScoreLevel,
    is_practised,
    practising_threshold,
)

from ..reference import reference_rows
from .embedding import back_link, embed_snippet
from .figures import counts_by_country_and_type, total_by, type_rows
from .filtering import (
    active_count,
    filter_choices,
    filter_entities,
    filter_summary,
    paginate,
    query_without,
    render_results,
    selected_values,
    without_empty_values,
)

PAGE_SIZE = 100
EMBEDDED_ROWS = 30  # the rows an embedded tapestry shows, with a link to them all


@dataclass(frozen=True)
class Grouping:
    label: str
    heading: str
    caption: str
    column: str  # the entity column whose value forms a group
    order: tuple  # how groups follow each other: the reference model's own order
    model: type  # the reference model whose rows are the groups


GROUPINGS = {
    "country": Grouping(
        gettext_lazy("Country"),
        gettext_lazy("Entities by country"),
        gettext_lazy("Score of each entity on the seven features, grouped by country"),
        "country_id",
        ("country__name",),
        Country,
    ),
    "entity_type": Grouping(
        gettext_lazy("Entity type"),
        gettext_lazy("Entities by type"),
        gettext_lazy("Score of each entity on the seven features, grouped by entity type"),
        "entity_type_id",
        ("entity_type__position", "entity_type__name"),
        EntityType,
    ),
}
DEFAULT_GROUPING = "country"
# Within a group: most features practised first (unassessed last), then by
# name; the order of the indexes entity_tapestry_country_idx and
# entity_tapestry_type_idx.
WITHIN_GROUP = (F("features_practised").desc(nulls_last=True), "name", "id")


@without_empty_values
def tapestry(request):
    context, status = tapestry_context(request, PAGE_SIZE)
    context["embed"] = embed_snippet(request, "tapestry")
    return render_results(
        request, "pages/tapestry.html", "pages/tapestry_results.html", context, status=status
    )


@embeddable
@without_empty_values
def tapestry_embed(request):
    """The tapestry, compact, for another site's page (/embed/tapestry/): its
    first rows, the legend, and a link to the whole of it."""
    context, status = tapestry_context(request, EMBEDDED_ROWS, first_page=True)
    context["full_page"] = back_link(request, "tapestry")
    return render(request, "embeds/tapestry.html", context, status=status)


def tapestry_context(request, page_size, *, first_page=False):
    """(the tapestry's context, its status) for the request's filters and
    grouping; ``first_page``: the first page whatever the request asks."""
    group = request.GET.get("group") or DEFAULT_GROUPING
    filterset, entities = filter_entities(request)
    group_error = None
    if group not in GROUPINGS:
        group_error = _("Unknown value %(value)s for group. Allowed: %(allowed)s.") % {
            "value": repr(group[:40]),
            "allowed": ", ".join(GROUPINGS),
        }
        entities = entities.none()
    grouping = GROUPINGS.get(group, GROUPINGS[DEFAULT_GROUPING])

    choices = filter_choices(filterset.form)
    selected = selected_values(filterset.form)
    features = list(choices["features"])
    types = list(choices["types"])
    counts = counts_by_country_and_type(entities)
    # The tapestry shows no SDGs, so the listing's prefetch of them is dropped.
    rows = entities.with_profile().prefetch_related(None)
    sizes = total_by(counts, grouping.column)
    group_sizes = [
        (row.pk, sizes[row.pk]["entities"])
        for row in reference_rows(grouping.model)
        if row.pk in sizes
    ]
    grouped = GroupedRows(rows, grouping, group_sizes)
    if first_page:
        paginator = Paginator(grouped, page_size)
        paginator.count = len(grouped)
        page = paginator.page(1)
    else:
        page = paginate(request, grouped, page_size, count=len(grouped))

    context = {
        **choices,
        "features": features,
        "types": types,
        # The shared filter form's "Order by" cannot change the tapestry's order.
        "orderings": [("", _("Most features practised, then name"))],
        "filterset": filterset,
        "form": filterset.form,
        "selected": selected,
        "active_count": active_count(selected),
        "active_filters": filter_summary(filterset.form, selected, choices, features),
        "group": group,
        "groupings": [(value, grouping.label) for value, grouping in GROUPINGS.items()],
        "grouping": grouping,
        "group_error": group_error,
        "page": page,
        "groups": tapestry_groups(page, grouping, features, dict(group_sizes)),
        "by_type": type_rows(counts, types, features),
        "query": query_without(request, "page"),
        "list_query": query_without(request, "page", "group"),
        "export_query": query_without(request, "page", "group", "page_size"),
        "threshold": practising_threshold(),
        "score_levels": [
            (value, label, is_practised(value)) for value, label in reversed(ScoreLevel.choices)
        ],
    }
    return context, 400 if filterset.errors or group_error else 200


class GroupedRows:
    """The tapestry's entities in its order (group after group, each in
    WITHIN_GROUP order), for the paginator, which takes one slice: a page.

    Sorting every filtered entity for each page took seconds for a country of
    150,000. Knowing each group's size, a page is read group by group instead,
    each group along its index: at most three queries, for the group the page
    starts in, the groups it holds whole (together smaller than a page, so
    sorting them is cheap) and the group it ends in."""

    def __init__(self, entities, grouping, group_sizes):
        self.entities = entities
        self.grouping = grouping
        self.group_sizes = group_sizes  # [(key, size)] in the groups' order

    def __len__(self):
        return sum(size for _, size in self.group_sizes)

    def __getitem__(self, window):
        spans = list(self.spans(window.start or 0, window.stop))
        if not spans:
            return []
        if len(spans) == 1:
            return self.part(*spans[0])
        opening, *whole, closing = spans
        rows = self.part(*opening)
        if whole:
            column = self.grouping.column
            inside = self.entities.filter(**{f"{column}__in": [key for key, _, _ in whole]})
            rows += list(inside.order_by(*self.grouping.order, *WITHIN_GROUP))
        return rows + self.part(*closing)

    def spans(self, start, stop):
        """(group, first, end) for each group the rows start…stop reach, with
        first and end counted within the group."""
        offset = 0
        for key, size in self.group_sizes:
            if offset >= stop:
                break
            if offset + size > start:
                yield key, max(start - offset, 0), min(stop - offset, size)
            offset += size

    def part(self, key, first, end):
        """Rows first…end of one group. Their ids are found first, along the
        group's index alone: a deep page passes many rows, which are then
        not joined to their country, type, sector and assessment for nothing."""
        group = self.entities.filter(**{self.grouping.column: key}).order_by(*WITHIN_GROUP)
        ids = group.values("pk")[first:end]
        return list(self.entities.filter(pk__in=ids).order_by(*WITHIN_GROUP))


def tapestry_groups(page, grouping, features, sizes):
    """The page's rows, cut into groups, each with its size over all pages."""
    levels = dict(ScoreLevel.choices)
    groups = []
    for key, entities in groupby(page.object_list, key=lambda e: getattr(e, grouping.column)):
        entities = list(entities)
        label = getattr(entities[0], grouping.column.removesuffix("_id"))
        rows = []
        for entity in entities:
            scores = entity.profile.scores
            rows.append(
                {
                    "entity": entity,
                    "cells": [
                        score_cell(feature, scores[feature.code], levels) for feature in features
                    ],
                }
            )
        groups.append({"key": key, "label": label, "size": sizes.get(key, 0), "rows": rows})
    return groups


def score_cell(feature, score, levels):
    if score is None:
        return {
            "css": "score-none",
            "shown": "–",
            "text": _("%(feature)s: not assessed") % {"feature": feature.name},
        }
    return {
        "css": f"score-{score}",
        "shown": score,
        "text": _("%(feature)s: %(score)d (%(label)s)")
        % {"feature": feature.name, "score": score, "label": str(levels[score]).lower()},
    }
