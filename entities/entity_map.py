"""The map of entities drawn on the server as SVG: what /map/ shows without
JavaScript, and what its script turns into a map that pans and zooms.

The boundaries of the regions in view are drawn grey, without links (the
country pages colour them); over them, the entities as entities.map_cells
counts them: a cell holding one entity is a point, a cell of several a
circle sized by its count and labelled with it. Every mark is a link named
by its <title>, and every text is escaped, as in entities.maps, whose
projection (Web Mercator, y down) and fitted paths this map shares.

The boundaries are fitted to a box once per box and width and kept (the
default views: all the countries, each country); a map's drawing then only
adds its marks.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

from . import geography
from .maps import fitted_path, short_number

WIDTH = 640  # of the viewBox; the SVG scales to its box (a 360 px phone too)
PAD = 6
MAX_HEIGHT = 2 * WIDTH  # a tall box is drawn narrower, not taller
POINT_RADIUS = 5
CELL_RADIUS = (9, 24)  # the smallest cell's and the largest's
LABEL_SIZE = 11


@dataclass(frozen=True)
class Mark:
    """One point or cell: where, how many entities, what its <title> says,
    where its link leads."""

    latitude: float
    longitude: float
    count: int
    title: str
    href: str


@dataclass(frozen=True)
class Frame:
    bbox: tuple  # (west, south, east, north) in degrees
    width: int
    height: int
    origin: tuple  # the projected (x, y) of the box's north-west corner
    scale: float  # viewBox units per projected km
    boundaries: str  # one path: every region and outline in view

    def fit(self, latitude, longitude):
        x, y = geography.project(latitude, longitude)
        return (x - self.origin[0]) * self.scale + PAD, (y - self.origin[1]) * self.scale + PAD


def _overlaps(one, other):
    return not (one[2] < other[0] or other[2] < one[0] or one[3] < other[1] or other[3] < one[1])


@lru_cache(maxsize=32)
def _fitted(bbox, width):
    """(the box's projected north-west corner, the scale, the width and the
    height) of the map of ``bbox`` fitted to ``width`` and MAX_HEIGHT."""
    west, south, east, north = bbox
    x0, y0 = geography.project(north, west)
    x1, y1 = geography.project(south, east)
    scale = (width - 2 * PAD) / max(x1 - x0, 1e-9)
    if (y1 - y0) * scale + 2 * PAD > MAX_HEIGHT:
        scale = (MAX_HEIGHT - 2 * PAD) / (y1 - y0)
    width = math.ceil((x1 - x0) * scale + 2 * PAD)
    return (x0, y0), scale, width, math.ceil((y1 - y0) * scale + 2 * PAD)


def size(bbox, width=WIDTH):
    """(width, height) of the drawing of ``bbox``, as ``frame`` draws it."""
    return _fitted(bbox, width)[2:]


@lru_cache(maxsize=64)
def frame(bbox, width=WIDTH):
    """The map of ``bbox`` in a viewBox ``width`` wide (narrower when the box
    is tall), with the boundaries of the regions it overlaps fitted to it.
    Kept for the boxes drawn most (the default views): fitting the
    boundaries is most of a drawing's time, and they change only with a
    release."""
    (x0, y0), scale, map_width, height = _fitted(bbox, width)

    def fit(x, y):
        return (x - x0) * scale + PAD, (y - y0) * scale + PAD

    shapes = [
        region.path
        for region in geography.regions()
        if region.path and _overlaps(region.bbox, bbox)
    ]
    shapes += [outline.path for outline in geography.outlines() if _overlaps(outline.bbox, bbox)]
    boundaries = "".join(fitted_path(path, fit) for path in shapes)
    return Frame(bbox, map_width, height, (x0, y0), scale, boundaries)


def radius(count, largest):
    """A cell's radius: its area grows with its count, from the smallest
    cell's to the largest's; a single entity is a point."""
    if count <= 1:
        return POINT_RADIUS
    low, high = CELL_RADIUS
    return round(low + (high - low) * math.sqrt((count - 1) / max(largest - 1, 1)), 1)


def entity_map(map_frame, marks, *, title, chart_id="entity-map"):
    """The SVG of ``marks`` on ``map_frame``: the largest cells first, so that
    a smaller one beside them stays in sight and within reach."""
    largest = max((mark.count for mark in marks), default=1)
    drawn = []
    for mark in sorted(marks, key=lambda mark: -mark.count):
        x, y = map_frame.fit(mark.latitude, mark.longitude)
        if mark.count == 1:
            body = format_html(
                '<title>{}</title><circle class="map-point" cx="{}" cy="{}" r="{}"/>',
                mark.title,
                short_number(x),
                short_number(y),
                POINT_RADIUS,
            )
        else:
            body = format_html(
                '<title>{}</title><circle class="map-cell" cx="{}" cy="{}" r="{}"/>'
                '<text class="map-count" x="{}" y="{}" text-anchor="middle">{}</text>',
                mark.title,
                short_number(x),
                short_number(y),
                short_number(radius(mark.count, largest)),
                short_number(x),
                short_number(y + LABEL_SIZE / 3),
                number_format(mark.count, force_grouping=True),
            )
        drawn.append(format_html('<a href="{}">{}</a>', mark.href, body))
    return format_html(
        '<svg class="chart entity-map" viewBox="0 0 {w} {h}" width="100%" role="{role}" '
        'aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>'
        '<path class="map-boundary" d="{boundaries}"/>{marks}</svg>',
        w=map_frame.width,
        h=map_frame.height,
        role="group" if drawn else "img",
        id=chart_id,
        title=title,
        boundaries=map_frame.boundaries,
        marks=format_html_join("", "{}", ((mark,) for mark in drawn)),
    )
