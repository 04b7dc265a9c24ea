"""A chart of the pages as a file of its own: the chart's drawing (from
research.charts, entities.maps or entities.entity_map) framed with its title,
what it covers, its legend, the source, the date of the data and the licence,
all as SVG text inside the image, and the styles inline, so that the file
reads the same wherever it goes, without the site's stylesheet.

The links of the drawing lead to pages of the site by relative addresses,
which lead nowhere from a file: they are kept as plain groups.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MARGIN = 16
MIN_WIDTH = 360  # of the chart's column: room for the source and licence lines
TITLE_SIZE, TITLE_LINE = 15, 19
NOTE_SIZE, NOTE_LINE = 11, 15
CHAR_WIDTH = 0.58  # a generous width of one character, in font sizes
FONTS = "'DejaVu Sans', 'Noto Sans', Verdana, Arial, sans-serif"

# The site's colours (static/css/registry.css) written out: no custom
# properties, which not every SVG reader (nor the PNG renderer) knows.
STYLE = (
    f"svg {{ font-family: {FONTS}; }}"
    "text { font-size: 12px; fill: #1d2733; }"
    ".narrow text { font-size: 13px; }"
    "text.tick, .narrow text.tick { font-size: 11px; fill: #5a6675; }"
    "text.file-title { font-size: 15px; font-weight: bold; }"
    "text.file-note { font-size: 11px; fill: #5a6675; }"
    ".bar { fill: #1f4e79; }"
    ".score-fill-0 { fill: #b2182b; } .score-fill-1 { fill: #ef8a62; }"
    ".score-fill-2 { fill: #67a9cf; } .score-fill-3 { fill: #2166ac; }"
    ".map-0 { fill: #fde725; } .map-1 { fill: #5ec962; } .map-2 { fill: #21918c; }"
    ".map-3 { fill: #3b528b; } .map-4 { fill: #440154; } .map-empty { fill: #eef0f3; }"
    ".map-none-ground { fill: #fff; }"
    ".region-map g > path { stroke: #5a6675; stroke-width: .5; stroke-linejoin: round;"
    " fill-rule: evenodd; }"
    ".region-map path.map-outline { fill: none; stroke: #5a6675; stroke-width: .8;"
    " stroke-dasharray: 3 2; }"
    ".region-map circle, .swatch { stroke: #1d2733; stroke-width: 1; }"
    ".entity-map .map-boundary { fill: #eef0f3; stroke: #5a6675; stroke-width: .5;"
    " stroke-linejoin: round; fill-rule: evenodd; }"
    ".entity-map .map-point { fill: #440154; stroke: #fff; stroke-width: 1.5; }"
    ".entity-map .map-cell { fill: #3b528b; fill-opacity: .9; stroke: #fff; stroke-width: 1.5; }"
    ".entity-map text.map-count { fill: #fff; font-size: 11px; font-weight: bold; }"
)

_OPENING = re.compile(r"^<svg\b([^>]*)>")
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_CLASS = re.compile(r'class="([^"]*)"')
_LINK = re.compile(r"<a href=\"[^\"]*\">")


@dataclass(frozen=True)
class Terms:
    """What every file states: where it comes from and under what terms."""

    source: str  # "Source: SSE Registry, <address>"
    as_of: str  # "Data as of <date>"
    licence: str  # "Licence: <name>, <address>"


@dataclass(frozen=True)
class Swatch:
    """A legend entry: a fill (a CSS class of STYLE, or a pattern url) and its label."""

    css: str
    label: str
    fill: str = ""


def size(drawing):
    """(width, height) of a chart's drawing, from its viewBox."""
    match = _VIEWBOX.search(_OPENING.match(str(drawing)).group(1))
    return float(match.group(1)), float(match.group(2))


def lines(text, width, font_size):
    """``text`` in lines that fit ``width`` at ``font_size``: broken between
    words, and inside a word (an address) longer than a line."""
    chars = max(int(width / (font_size * CHAR_WIDTH)), 10)
    result = [""]
    for word in str(text).split():
        while len(word) > chars:
            if result[-1]:
                result.append("")
            cut = _cut(word, chars)
            result[-1], word = word[:cut], word[cut:]
            result.append("")
        if not word:
            continue
        if result[-1] and len(result[-1]) + 1 + len(word) > chars:
            result.append(word)
        else:
            result[-1] = f"{result[-1]} {word}".strip()
    return [line for line in result if line]


def _cut(word, at):
    """Where to break ``word`` near ``at``: never before a combining mark (a
    Thai or Khmer vowel or tone mark, a Vietnamese accent written apart),
    which belongs to the letter before it."""
    cut = at
    while cut > 1 and unicodedata.category(word[cut]).startswith("M"):
        cut -= 1
    return cut


def standalone(drawing, *, title, terms, notes=(), legend=()):
    """The file's SVG (text): ``title`` over the chart ``drawing``, then its
    ``legend``, the ``notes`` (what it covers, its filters, credits) and the
    ``terms``. Every text is escaped."""
    chart_width, chart_height = size(drawing)
    width = max(chart_width, MIN_WIDTH)
    texts, y = [], MARGIN
    for line in lines(title, width, TITLE_SIZE):
        y += TITLE_LINE
        texts.append(_text("file-title", y, line))
    y += 10
    chart_top = y
    y += chart_height + 8
    for entry in legend:
        fill = format_html(' fill="{}"', entry.fill) if entry.fill else ""
        label = lines(entry.label, width - 26, 12)
        y += 18
        texts.append(
            format_html(
                '<rect class="swatch {}" x="{}" y="{}" width="20" height="12"{}/>',
                entry.css,
                MARGIN,
                y - 11,
                fill,
            )
        )
        for index, line in enumerate(label):
            y += 16 if index else 0
            texts.append(format_html('<text x="{}" y="{}">{}</text>', MARGIN + 26, y, line))
    y += 8
    for note in [*notes, terms.source, terms.as_of, terms.licence]:
        for line in lines(note, width, NOTE_SIZE):
            y += NOTE_LINE
            texts.append(_text("file-note", y, line))
    height = y + MARGIN
    total_width = width + 2 * MARGIN
    return str(
        format_html(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            'viewBox="0 0 {w} {h}" role="img" aria-labelledby="file-title">'
            '<title id="file-title">{title}</title><style>{style}</style>'
            '<rect width="100%" height="100%" fill="#fff"/>{texts}{chart}</svg>\n',
            w=_number(total_width),
            h=_number(height),
            title=title,
            style=mark_safe(STYLE),  # noqa: S308 (the module's own constant)
            texts=format_html_join("", "{}", ((text,) for text in texts)),
            chart=_placed(drawing, MARGIN, chart_top, chart_width, chart_height),
        )
    )


def _placed(drawing, x, y, width, height):
    """The chart's <svg> as a child of the file's, at (x, y), at its own size,
    its links made plain groups."""
    drawing = str(drawing)
    attributes = _OPENING.match(drawing).group(1)
    css = _CLASS.search(attributes)
    opening = format_html(
        '<svg class="{}" x="{}" y="{}" width="{}" height="{}" viewBox="0 0 {} {}">',
        css.group(1) if css else "chart",
        x,
        y,
        _number(width),
        _number(height),
        _number(width),
        _number(height),
    )
    body = _LINK.sub("<g>", drawing[_OPENING.match(drawing).end() :]).replace("</a>", "</g>")
    return mark_safe(opening + body)  # noqa: S308 (escaped by the chart's own drawing)


def _text(css, y, line):
    return format_html('<text class="{}" x="{}" y="{}">{}</text>', css, MARGIN, y, line)


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def terms_lines(*, address, as_of, licence):
    """The three lines of Terms, in words: ``as_of`` a date or None."""
    return Terms(
        source=_("Source: %(site)s, %(address)s")
        % {"site": settings.SITE_NAME, "address": address},
        as_of=_("Data as of %(date)s") % {"date": as_of.isoformat()}
        if as_of
        else _("Data as of: nothing published yet"),
        licence=_("Licence: %(name)s, %(url)s") % {"name": licence.name, "url": licence.url},
    )
