"""The map of entities (/map/): the entity list's filters, the filtered
entities placed in view drawn on the server (entities.entity_map) as points,
or as cells counted by entities.map_cells where many are close, and beneath
it the list of those in view, for the keyboard and the phone. With
JavaScript, static/js/map.js makes the drawing a map that pans and zooms,
asking the API for the cells of each view."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.embedding import embeddable
from core.freshness import cached_count
from entities import entity_map, geography, map_cells, map_grid, public
from entities.filtersets import Box
from entities.reference import shown_names

from .embedding import back_link, embed_snippet
from .filtering import (
    active_count,
    filter_choices,
    filter_entities,
    filter_summary,
    query_without,
    selected_values,
    without_empty_values,
)

LISTED = 50  # entities in view listed beneath the map


@without_empty_values
def entity_map_page(request):
    filterset, entities = filter_entities(request)
    choices = filter_choices(filterset.form)
    selected = selected_values(filterset.form)
    features = list(choices["features"])
    context = {
        **choices,
        "features": features,
        "filterset": filterset,
        "form": filterset.form,
        "selected": selected,
        "active_count": active_count(selected),
        "active_filters": filter_summary(filterset.form, selected, choices, features),
        "credit": geography.CREDIT,
        "map": None if filterset.errors else map_context(request, filterset, entities),
        "embed": embed_snippet(request, "entity-map"),
    }
    return render(request, "pages/map.html", context, status=400 if filterset.errors else 200)


@embeddable
@without_empty_values
def entity_map_embed(request):
    """The map, compact, for another site's page (/embed/map/): the drawing
    the page shows without JavaScript (its points and cells lead to the
    registry's pages), how many entities it places, and a link to the map."""
    filterset, entities = filter_entities(request)
    choices = filter_choices(filterset.form)
    selected = selected_values(filterset.form)
    context = {
        "filterset": filterset,
        "active_filters": filter_summary(
            filterset.form, selected, choices, list(choices["features"])
        ),
        "credit": geography.CREDIT,
        "map": None if filterset.errors else embedded_map(request, filterset, entities),
        "full_page": back_link(request, "entity-map"),
    }
    status = 400 if filterset.errors else 200
    return render(request, "embeds/map.html", context, status=status)


def embedded_map(request, filterset, entities):
    """The map's context, its points and cells leading out of the frame (a
    new tab), as every link of an embedded view does."""
    context = map_context(request, filterset, entities)
    drawing = str(context["svg"]).replace("<a href=", '<a target="_blank" href=')
    return {**context, "svg": mark_safe(drawing)}  # noqa: S308 (the map's own drawing)


def view(filterset):
    """(bbox, zoom) of the map: the box asked for, else the default view of
    the chosen countries (map_cells.default_view), at one zoom level more
    than fits the drawing, so that its cells are some 30 units wide."""
    asked = filterset.form.cleaned_data.get("bbox")
    if asked:
        bbox = tuple(asked)
        width, height = entity_map.size(bbox)
        return bbox, min(map_cells.fitted_zoom(bbox, width, height) + 1, map_cells.MAX_ZOOM)
    countries = filterset.form.cleaned_data.get("country") or ()
    width, height = entity_map.size(map_cells.region_bbox(countries))
    return map_cells.default_view(countries, width, height, closer=1)


def map_context(request, filterset, entities):
    bbox, zoom = view(filterset)
    frame = entity_map.frame(bbox)
    filters = query_without(request, "page", "page_size", "bbox", "ordering")
    cells = map_grid.cells_of(filterset.form.cleaned_data, entities, bbox, zoom)
    marks = [mark(cell, filters) for cell in cells]
    in_view = sum(cell.count for cell in cells)
    title = _("Published entities on the map, by place")
    listed = shown_names(
        entities.filter(map_cells.within(bbox)).values(
            "id",
            "name",
            "entity_type_id",
            "entity_type__name",
            "country_id",
            "country__name",
            "region_id",
            "region__name",
        )[:LISTED]
    )
    link = public.address_prefix("entity-detail")
    rows = [{**row, "link": f"{link}{row['id']}/"} for row in listed]
    list_query = query_without(request, "page", "page_size", "bbox")
    list_query = f"{list_query}&{box_query(bbox)}" if list_query else box_query(bbox)
    return {
        "svg": entity_map.entity_map(frame, marks, title=title),
        "title": title,
        "in_view": in_view,
        "rows": rows,
        "more": in_view - len(rows),
        "list_href": f"{reverse('entity-list')}?{list_query}",
        # The drawing as a file (entities.views.chart_downloads): these filters, this box.
        "chart_query": query_without(request, "page", "page_size", "ordering"),
        "unplaced": cached_count(map_cells.unplaced(entities)),
        "data": {
            "bbox": [float(value) for value in bbox],
            "filters": filters,
            # What the script asks for each view: the API's cells and boundaries.
            "cellsUrl": reverse("api:map-cells"),
            "cellsPerTile": map_cells.CELLS_PER_TILE,
            "maxZoom": map_cells.MAX_ZOOM,
            "regionsUrl": f"{reverse('api:region-list')}?format=geojson",
            "entitiesUrl": reverse("api:entity-list"),
            "entityUrl": link,
            "listUrl": reverse("entity-list"),
            "listed": LISTED,
            "tileUrl": settings.MAP_TILE_URL,
            "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
            "credit": str(geography.CREDIT),
            # What the script writes, in the page's language.
            "words": {
                "one": _("1 entity in this view."),
                "many": _("{count} entities in this view."),
                "cell": _("{count} entities here: closer, or their list"),
            },
        },
    }


def box_query(bbox):
    return urlencode({"bbox": str(Box(bbox))})


def mark(cell, filters):
    """A cell as the drawing shows it: one entity leads to its page, several
    to the list of them (the cell's box, within the map's, so that the list
    holds what the cell counts)."""
    if cell.entity is not None:
        entity_id, name = cell.entity
        href = reverse("entity-detail", args=[entity_id])
        return entity_map.Mark(cell.latitude, cell.longitude, 1, name, href)
    query = f"{filters}&{box_query(cell.bbox)}" if filters else box_query(cell.bbox)
    values = {
        "count": number_format(cell.count, force_grouping=True),
        "all": number_format(cell.practising_all, force_grouping=True),
        "assessed": number_format(cell.assessed, force_grouping=True),
    }
    title = ngettext("%(count)s entity here", "%(count)s entities here", cell.count) % values
    if cell.assessed:
        title += (
            "; " + _("%(all)s of the %(assessed)s assessed practise all seven features") % values
        )
    return entity_map.Mark(
        cell.latitude, cell.longitude, cell.count, title, f"{reverse('entity-list')}?{query}"
    )
