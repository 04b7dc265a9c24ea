"""Region maps drawn on the server as SVG (choropleths): no map library, no
script, no tiles.

Every region of a country is drawn: a shape from entities.geography, or,
where the boundaries have none, a labelled marker at its point; a source
shape that covers several regions is drawn as an uncoloured outline under
their markers. Each region is coloured by its class of a measure (a CSS
class: the palette is the stylesheet's), is a link when it has one, and
carries a <title> for hover and screen readers. Like research/charts.py,
the drawing is a titled group of links and every text in it is escaped.
For a PDF (``pdf=True``) the map carries its palette inside the SVG and
draws its labels as research.charts draws a chart's texts for a PDF.

The regions' paths are fitted to the map's viewBox once per country and
width, and kept for the life of the process with the markers' places: a
map's drawing then only joins strings.
"""

import math
import re
from dataclasses import dataclass
from functools import cache

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from research.charts import TextKey
from research.framework import FEW_ASSESSED

from . import geography

WIDTH = 320  # of the viewBox: at full size (12 px text) on a 360 px phone
PAD = 6  # around the country
MARKER_RADIUS = 5
LABEL_SIZE = 12  # the labels' font size, in viewBox units (.chart text)
LABEL_CHAR = 0.6 * LABEL_SIZE  # a generous width of one character of a label
CLASSES = 5  # of the sequential palette (the stylesheet's --map-0 … --map-4)
HATCH = 6  # the side of a hatching's tile

# The stylesheet's rules of the maps (static/css/registry.css), for a map
# drawn into a PDF, whose engine applies no page stylesheet to an SVG.
PDF_STYLE = (
    "a>path,g>path{stroke:#5a6675;stroke-width:.5;stroke-linejoin:round;fill-rule:evenodd}"
    ".map-0{fill:#fde725}.map-1{fill:#5ec962}.map-2{fill:#21918c}.map-3{fill:#3b528b}"
    ".map-4{fill:#440154}.map-empty{fill:#eef0f3}.map-none-ground{fill:#fff}"
    "path.map-outline{fill:none;stroke:#5a6675;stroke-width:.8;stroke-dasharray:3 2}"
    "circle{stroke:#1d2733;stroke-width:1.2}"
    # No white halo: WeasyPrint draws the stroke over the letters (no paint-order).
    "text.map-label{font-family:'Noto Sans',sans-serif;font-size:12px;fill:#1d2733}"
)

EMPTY = "map-empty"  # no entity to count
NO_DATA = "map-none"  # entities, but none assessed: no share (hatched grey)
OUTLINE = "map-outline"  # a source shape of several regions, each a marker


def class_css(index):
    """The CSS class of the palette's colour ``index`` (0: lightest, lowest)."""
    return f"map-{index}"


@dataclass(frozen=True)
class Shade:
    """How one region is drawn: its name (a marker's label), its class
    (class_css(i), EMPTY or NO_DATA), the <title> that says its figures, the
    link, and whether its share rests on few assessed entities (hatched)."""

    code: str
    name: str
    css: str
    title: str
    href: str = ""
    few: bool = False


@dataclass(frozen=True)
class LegendEntry:
    css: str
    label: str
    hatched: bool = False  # the "few assessed" hatching over the colour


# --- Classes -------------------------------------------------------------------


def _palette_index(index, classes):
    """Fewer classes than colours take colours spread over the palette."""
    if classes <= 1:
        return CLASSES // 2
    return round(index * (CLASSES - 1) / (classes - 1))


class CountScale:
    """Counts in up to five classes by quantiles of the positive counts (the
    regions of all the maps drawn together, so that they compare), each class
    a range of whole numbers; 0 is EMPTY."""

    def __init__(self, counts):
        values = sorted(count for count in counts if count > 0)
        bounds = []
        for step in range(1, CLASSES + 1):
            if not values:
                break
            bound = values[math.ceil(step * len(values) / CLASSES) - 1]
            if not bounds or bound > bounds[-1]:
                bounds.append(bound)
        self.bounds = bounds  # the upper bound of each class

    def css(self, count):
        if not count:
            return EMPTY
        for index, bound in enumerate(self.bounds):
            if count <= bound:
                return class_css(_palette_index(index, len(self.bounds)))
        return class_css(CLASSES - 1)  # above every bound: not one of the counts given

    def entries(self):
        entries, low = [], 1
        for index, bound in enumerate(self.bounds):
            label = (
                number_format(bound)
                if low == bound
                else _("%(low)s–%(high)s")
                % {"low": number_format(low), "high": number_format(bound)}
            )
            entries.append(LegendEntry(class_css(_palette_index(index, len(self.bounds))), label))
            low = bound + 1
        return entries


class ShareScale:
    """Shares (as the whole percentages shown) in five classes of 20 points:
    0–19 %, 20–39 %, … 80–100 %."""

    step = 100 // CLASSES

    def css(self, percent):
        if percent is None:
            return NO_DATA
        return class_css(min(percent // self.step, CLASSES - 1))

    def entries(self):
        entries = []
        for index in range(CLASSES):
            high = 100 if index == CLASSES - 1 else (index + 1) * self.step - 1
            entries.append(
                LegendEntry(
                    class_css(index),
                    _("%(low)s–%(high)s%%")
                    % {"low": number_format(index * self.step), "high": number_format(high)},
                )
            )
        return entries


# --- The drawing -----------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    path: str | None  # fitted to the viewBox; None for a marker
    point: tuple | None  # a marker's (x, y) in the viewBox
    label: tuple | None  # a marker's label: (x, y, text-anchor)


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    places: tuple  # every region of the country, shapes then markers, in code order
    outlines: tuple  # fitted paths


_RING = re.compile(r"M([^MZ]*)Z")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def short_number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tenths(tenths):
    """A number of tenths as short as SVG reads it: 12, 1.5, .5, -.5."""
    text = short_number(tenths / 10)
    if text.startswith("0."):
        return text[1:]
    return "-" + text[2:] if text.startswith("-0.") else text


def fitted_path(path, fit):
    """A path of absolute "M x y L x y x y … Z" rings (geography's) in the
    viewBox's units, each ring as its first point and relative steps ("M x y
    l dx dy … z"): a third shorter. The points are rounded to a tenth before
    the steps are taken, so no rounding accumulates along a ring and two
    neighbours' shared border stays one line."""
    rings = []
    for ring in _RING.findall(path):
        numbers = [float(number) for number in _NUMBER.findall(ring)]
        points = [
            tuple(round(value * 10) for value in fit(x, y))
            for x, y in zip(numbers[0::2], numbers[1::2], strict=True)
        ]
        (x0, y0), steps, text = points[0], [], ""
        previous = points[0]
        for x, y in points[1:]:
            if (x, y) != previous:
                steps.append((x - previous[0], y - previous[1]))
                previous = (x, y)
        if len(steps) < 2:  # smaller than a tenth at this size: nothing to draw
            continue
        for dx, dy in steps:
            for value in (_tenths(dx), _tenths(dy)):
                # A minus sign separates two numbers; otherwise a space does.
                text += value if not text or value.startswith("-") else f" {value}"
        rings.append(f"M{_tenths(x0)} {_tenths(y0)}l{text}z")
    return "".join(rings)


@cache
def _frame(country, width):
    """The country's regions fitted to a viewBox ``width`` wide: computed once
    per process and width (a country's paths are up to 70 KB of text)."""
    x0, y0, x1, y1 = geography.country_projected_bbox(country)
    scale = (width - 2 * PAD) / (x1 - x0)
    height = math.ceil((y1 - y0) * scale + 2 * PAD)

    def fit(x, y):
        return (x - x0) * scale + PAD, (y - y0) * scale + PAD

    regions = geography.regions(country)
    points = {
        region.code: tuple(round(v, 1) for v in fit(*geography.project(*region_point(region))))
        for region in regions
        if region.is_marker
    }
    labels = _place_labels(
        [(region.name, points[region.code]) for region in regions if region.is_marker],
        width,
        height,
    )
    places = []
    for region in sorted(regions, key=lambda region: (region.is_marker, region.code)):
        point = points.get(region.code)
        places.append(
            _Place(
                code=region.code,
                name=region.name,
                path=None if point else fitted_path(region.path, fit),
                point=point,
                label=labels.get(region.name),
            )
        )
    outlines = tuple(fitted_path(outline.path, fit) for outline in geography.outlines(country))
    return _Frame(width, height, tuple(places), outlines)


def region_point(region):
    return region.latitude, region.longitude


def _place_labels(markers, width, height):
    """Where each marker's label goes: on the right of its point, else on its
    left, below or above it; the first place inside the map that covers no
    other marker and no label placed before it. (name, (x, y)) -> (x, y, anchor)."""
    gap, line = MARKER_RADIUS + 3, LABEL_SIZE + 2
    taken = [
        (x - MARKER_RADIUS, y - MARKER_RADIUS, x + MARKER_RADIUS, y + MARKER_RADIUS)
        for _name, (x, y) in markers
    ]
    placed = {}
    for name, (x, y) in markers:
        size = LABEL_CHAR * len(name)
        baseline, half = y + LABEL_SIZE / 3, size / 2
        middle_top, middle_bottom = y - line / 2, y + line / 2
        candidates = [
            (x + gap, baseline, "start", (x + gap, middle_top, x + gap + size, middle_bottom)),
            (x - gap, baseline, "end", (x - gap - size, middle_top, x - gap, middle_bottom)),
            (x, y + gap + LABEL_SIZE, "middle", (x - half, y + gap, x + half, y + gap + line)),
            (x, y - gap, "middle", (x - half, y - gap - line, x + half, y - gap)),
        ]
        fitting = [
            candidate
            for candidate in candidates
            if _inside(candidate[3], width, height)
            and not any(_overlap(candidate[3], box) for box in taken)
        ]
        label_x, label_y, anchor, box = (fitting or candidates)[0]
        taken.append(box)
        placed[name] = (round(label_x, 1), round(label_y, 1), anchor)
    return placed


def _inside(box, width, height):
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


def _overlap(one, other):
    return not (
        one[2] <= other[0] or other[2] <= one[0] or one[3] <= other[1] or other[3] <= one[1]
    )


def region_map(country, shades, *, title, chart_id, width=WIDTH, pdf=False):
    """The SVG map of ``country``'s regions; ``shades``: region code -> Shade.
    A region without a shade is drawn empty, without a link. For a PDF, the
    map's styles are inside it, and a label that needs shaping is drawn as a
    number, listed after the map."""
    frame = _frame(country, width)
    key = TextKey() if pdf else None
    shapes, markers = [], []
    for place in frame.places:
        shade = shades.get(place.code) or Shade(place.code, place.name, EMPTY, place.name)
        if place.path is not None:
            body = format_html(
                '<title>{}</title><path class="{}" d="{}"{}/>',
                shade.title,
                _css(shade),
                place.path,
                _fill(shade, chart_id),
            )
            shapes.append(_link(shade.href, body))
        else:
            x, y = place.point
            label_x, label_y, anchor = place.label
            body = format_html(
                '<title>{}</title><circle class="{}" cx="{}" cy="{}" r="{}"{}/>'
                '<text class="map-label" x="{}" y="{}" text-anchor="{}">{}</text>',
                shade.title,
                _css(shade),
                short_number(x),
                short_number(y),
                MARKER_RADIUS,
                _fill(shade, chart_id),
                short_number(label_x),
                short_number(label_y),
                anchor,
                key(shade.name) if key else shade.name,
            )
            markers.append(_link(shade.href, body))
    outlines = [format_html('<path class="{}" d="{}"/>', OUTLINE, path) for path in frame.outlines]
    svg = format_html(
        '<svg class="chart region-map" viewBox="0 0 {w} {h}" width="100%" role="{role}" '
        'aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>{style}<defs>{defs}</defs>{parts}</svg>',
        style=mark_safe(f"<style>{PDF_STYLE}</style>") if pdf else "",
        w=frame.width,
        h=frame.height,
        role="group" if any(shade.href for shade in shades.values()) else "img",
        id=chart_id,
        title=title,
        defs=_patterns(chart_id),
        parts=format_html_join("", "{}", ((part,) for part in [*shapes, *outlines, *markers])),
    )
    return svg + key.html() if key else svg


def _css(shade):
    return "map-few" if shade.few else shade.css


def _fill(shade, chart_id):
    """A hatched fill (few assessed, or no data) is a pattern of this map's;
    a plain one comes from the stylesheet's class."""
    if shade.few:
        return format_html(' fill="url(#{}-few-{})"', chart_id, shade.css)
    if shade.css == NO_DATA:
        return format_html(' fill="url(#{}-none)"', chart_id)
    return ""


def _patterns(chart_id):
    # The few-assessed hatching keeps the class's colour (its tile is drawn by
    # the stylesheet's class) under dark lines; no data is grey lines on white.
    tile = (
        '<pattern id="{}-{}" width="{s}" height="{s}" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="{}" width="{s}" height="{s}"/>'
        '<path d="M0 0V{s}" stroke="{}" stroke-opacity="{}" stroke-width="1.2"/></pattern>'
    )
    few = [
        (chart_id, f"few-{class_css(index)}", class_css(index), "#1d2733", ".7")
        for index in range(CLASSES)
    ]
    return format_html_join(
        "",
        tile.replace("{s}", str(HATCH)),
        [*few, (chart_id, "none", "map-none-ground", "#8995a3", "1")],
    )


def _link(href, body):
    # Named by its <title>.
    return (
        format_html('<a href="{}">{}</a>', href, body) if href else format_html("<g>{}</g>", body)
    )


def legend_entries(scale, *, shares):
    """The legend of a map: its classes, then what no colour of them means;
    for a share, also the hatching of a share that rests on few entities."""
    entries = list(scale.entries())
    entries.append(LegendEntry(EMPTY, _("No published entity")))
    if shares:
        entries.append(LegendEntry(NO_DATA, _("None assessed: no share")))
        entries.append(
            LegendEntry(
                class_css(CLASSES // 2),
                _("Hatched: fewer than %(few)s assessed, a share to read with care")
                % {"few": FEW_ASSESSED},
                hatched=True,
            )
        )
    return entries
