"""The map's API: the grid cells a map draws (``/api/v1/map/cells/``).

The cells count the published entities that the entity list's filters select,
read by the list's own filter backend, so a filter means on the map what it
means in the list and a bad value is the same 400. A cell's ``list_url`` leads
to the public list with the same filters and the cell's box.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.filters import GIVEN_TWICE
from entities import map_cells, map_grid, public
from entities.filtersets import EntityFilterSet
from entities.models import Entity
from research.framework import share, whole_percent

from .serializers import MapCellsSerializer

# The map's own parameters; every other parameter of the request that the
# entity list knows is a filter, carried into each cell's list_url.
MAP_PARAMETERS = ("bbox", "zoom")


def _parsed(params, name, parse, errors):
    """``parse`` of the one value of ``name`` in the query, or None when it is
    not given; given twice, empty or refused by ``parse``, an error naming
    it."""
    values = params.getlist(name)
    if len(values) > 1:
        errors[name] = [str(GIVEN_TWICE)]
    elif values and not values[0]:
        errors[name] = [_("Give a value, or leave the parameter out.")]
    elif values:
        try:
            return parse(values[0])
        except ValueError as error:
            errors[name] = [str(error)]
    return None


def read_view(params, countries, errors):
    """(bbox, zoom) of the request: each as given, else the default view of
    the countries filtered on (map_cells.default_view). A bad value is a 400
    naming its parameter, with the ``errors`` found before."""
    bbox = _parsed(params, "bbox", map_cells.parse_bbox, errors)
    zoom = _parsed(params, "zoom", map_cells.parse_zoom, errors)
    if errors:
        raise ValidationError(errors)
    if bbox is None:
        bbox, fitted = map_cells.default_view(countries)
        zoom = fitted if zoom is None else zoom
    if zoom is None:
        zoom = map_cells.fitted_zoom(bbox)
    return bbox, zoom


class CellLinks:
    """The public pages a request's cells lead to: an entity's page, and the
    list with the request's filters and a cell's box."""

    def __init__(self, request):
        self.list_path = request.build_absolute_uri(reverse("entity-list"))
        self.entity_path = public.address_prefix("entity-detail", request)
        self.filters = [
            (name, value)
            for name, values in request.query_params.lists()
            if name in EntityFilterSet.base_filters and name not in MAP_PARAMETERS
            for value in values
        ]

    def entity(self, pk, name):
        return {"id": pk, "name": name, "url": f"{self.entity_path}{pk}/"}

    def cell_list(self, bbox):
        box = map_cells.format_bbox(bbox)
        return f"{self.list_path}?{urlencode([*self.filters, ('bbox', box)], safe=',')}"


def cell_json(cell, links):
    rounded = share(cell.practising_all, cell.assessed)
    return {
        "latitude": cell.latitude,
        "longitude": cell.longitude,
        "count": cell.count,
        "practising_all": cell.practising_all,
        "assessed": cell.assessed,
        "share_practising_all": None if rounded is None else whole_percent(rounded),
        "bbox": list(cell.bbox),
        "entity": None if cell.entity is None else links.entity(*cell.entity),
        "list_url": links.cell_list(cell.bbox),
    }


BBOX_PARAMETER = OpenApiParameter(
    "bbox",
    {"type": "string", "pattern": map_cells.BBOX_PATTERN},
    description=(
        "The box to count in: west,south,east,north in decimal degrees (WGS 84), plain "
        "decimals (e.g. `97.3441,5.6128,105.6368,20.4651`); west less than east, south "
        "less than north. Default: around the countries filtered on (else every "
        "country the registry has boundaries of), widened to the lines of its cells. "
        "A box on the lines of its cells (each edge a multiple of `cell_size`) is "
        "answered from the grid counted in advance when the only filters are "
        "`country`, `entity_type`, `origin` and a `lacks` of one feature: the "
        "fastest way to ask."
    ),
)
ZOOM_PARAMETER = OpenApiParameter(
    "zoom",
    {"type": "integer", "minimum": 0, "maximum": map_cells.MAX_ZOOM},
    description=(
        f"The web map's zoom level (0 to {map_cells.MAX_ZOOM}: 0 shows the whole world "
        "in 256 pixels), which sets the cells' size. Default: the zoom that fits the box "
        "in 800 × 600 pixels."
    ),
)


class MapCellsView(generics.GenericAPIView):
    """The placed published entities of a box, counted by a grid fitted to the
    zoom level."""

    filterset_class = EntityFilterSet
    serializer_class = MapCellsSerializer
    pagination_class = None

    def get_queryset(self):
        return Entity.objects.published()

    @extend_schema(
        summary="The map's cells: published entities counted by a grid",
        description=(
            "The published entities that the entity list's filters select and that "
            "have a place in the box (their coordinates, else their region's centre), "
            "counted by a grid whose cells are a quarter of a map tile at the zoom level "
            f"(coarser where the box would need more than {map_cells.MAX_CELLS} cells). "
            "Each cell has its entities' mean position, how many practise all seven "
            "features among those assessed, the entity when it holds one, and the "
            "address of the public list of its entities."
        ),
        filters=True,
        parameters=[BBOX_PARAMETER, ZOOM_PARAMETER],
    )
    def get(self, request):
        backend = self.filter_backends[0]()
        filterset = backend.get_filterset(request, self.get_queryset(), self)
        errors, countries = {}, []
        if filterset.is_valid():
            countries = filterset.form.cleaned_data.get("country") or []
        else:
            errors = dict(translate_validation(filterset.errors).detail)
        bbox, zoom = read_view(request.query_params, countries, errors)
        found = map_grid.cells_of(filterset.form.cleaned_data, filterset.qs, bbox, zoom)
        links = CellLinks(request)
        return Response(
            {
                "bbox": list(bbox),
                "zoom": zoom,
                "cell_size": map_cells.cell_size(bbox, zoom),
                "count": sum(cell.count for cell in found),
                "cells": [cell_json(cell, links) for cell in found],
            }
        )
