"""Charts drawn on the server as SVG: no chart library, no script, no CDN.

Each chart is a figure with a title for screen readers; the pages put a table
with the same figures beside it. Every label is escaped.

For a PDF (``pdf=True``) a chart carries its own styles inside the SVG, since
the PDF engine (WeasyPrint) applies no page stylesheet to an inline SVG, and
it draws no text that needs shaping: WeasyPrint draws an SVG ``<text>`` one
code point at a time, which breaks Thai, Khmer and any text with combining
marks. Such a text is drawn as a number, "[1]", and the numbers' texts
follow the chart in HTML (``TextKey``), where they are shaped as any text.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no value (drawn as an empty, hatched track)
    text: str  # the value as shown at the end of the bar
    href: str = ""
    css: str = "bar"
    title: str = ""  # the tooltip and spoken text; by default "label: text"

    @property
    def description(self):
        return self.title or f"{self.label}: {self.text}"


@dataclass(frozen=True)
class Series:
    """One set of bars in a grouped chart (e.g. one country)."""

    code: str  # written at the end of each of its bars, so colour is never needed
    name: str


ROW = 26
LABEL_WIDTH = 230
BAR_WIDTH = 300
TEXT_WIDTH = 70

# Charts with the label above each bar need no label column, so they can be
# drawn 320 units wide and shown at full size (12 px text) on a 360 px phone.
NARROW_WIDTH = 320
VALUE_ROOM = 60  # right of the bars, for the value
LINE_HEIGHT = 17  # of a label line (13 px text)
LABEL_CHARS = 44  # of a label line: what 13 px text fits in NARROW_WIDTH, with room
GROUP_LABEL_CHARS = 40  # the same in bold

# Fill and texture of each series of a grouped chart: Okabe–Ito colours, which
# stay apart for the common colour-vision deficiencies, each with its own
# texture so that the series also stay apart in greyscale and in print.
SERIES_STYLES = (
    ("#0072b2", ""),
    ("#e69f00", '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke-width="1.4"/>'),
    ("#009e73", '<circle cx="3" cy="3" r="1.4"/>'),
    ("#cc79a7", '<path d="M0,3 h6" stroke-width="1.6"/>'),
    ("#56b4e9", '<path d="M0,0 L6,6 M6,0 L0,6" stroke-width="1"/>'),
    ("#d55e00", '<path d="M3,0 v6" stroke-width="1.6"/>'),
    ("#f0e442", '<path d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke-width="1.4"/>'),
    ("#999999", '<path d="M0,0.5 h6 M0.5,0 v6" stroke-width="1"/>'),
)


# The chart styles of the stylesheet (static/css/registry.css), for a chart
# drawn into a PDF, whose engine applies no page stylesheet to an SVG.
PDF_STYLE = (
    "text{font-family:'Noto Sans','Noto Sans Thai','Noto Sans Khmer',sans-serif;"
    "font-size:12px;fill:#1d2733}"
    ".narrow text{font-size:13px}.narrow text.tick,text.tick{font-size:11px;fill:#5a6675}"
    ".bar{fill:#1f4e79}.score-fill-0{fill:#b2182b}.score-fill-1{fill:#ef8a62}"
    ".score-fill-2{fill:#67a9cf}.score-fill-3{fill:#2166ac}"
)

# Code points that an engine drawing one code point at a time draws right:
# Latin, Greek, Cyrillic (Kyrgyz and Mongolian Cyrillic), Armenian, the Latin
# letters with their marks precomposed (Vietnamese), punctuation and symbols.
_UNSHAPED_RANGES = ((0x0000, 0x058F), (0x1E00, 0x1FFF), (0x2000, 0x2BFF))


def draws_unshaped(text):
    """Whether ``text`` reads right when each code point is drawn alone: no
    character of a script that needs shaping (Thai, Khmer, the Mongolian
    script…) and no combining mark."""
    return all(
        any(low <= ord(char) <= high for low, high in _UNSHAPED_RANGES)
        and not unicodedata.category(char).startswith("M")
        for char in text
    )


class TextKey:
    """The texts a chart draws, for a PDF: a text that needs shaping is drawn
    as its number ("[1]"), and ``html()`` lists the numbered texts, to be
    shown after the chart. Used as a function on each text drawn."""

    def __init__(self):
        self.texts = []

    def __call__(self, text):
        text = str(text)
        if draws_unshaped(text):
            return text
        if text not in self.texts:
            self.texts.append(text)
        return f"[{self.texts.index(text) + 1}]"

    def html(self):
        if not self.texts:
            return mark_safe("")
        return format_html(
            '<ul class="chart-key">{}</ul>',
            format_html_join(
                "", "<li>[{}] {}</li>", ((n, text) for n, text in enumerate(self.texts, 1))
            ),
        )


def _as_drawn(text):
    return str(text)


def _keyed(pdf):
    """The function every text of a chart goes through: a TextKey for a PDF."""
    return TextKey() if pdf else _as_drawn


def _finish(svg, drawn):
    """The chart, followed by its key of texts in a PDF."""
    return svg + drawn.html() if isinstance(drawn, TextKey) else svg


def stacked_bars(bars, *, maximum, title, chart_id, width=NARROW_WIDTH, pdf=False):
    """One horizontal bar per item with its label on the line(s) above and its
    value right-aligned after it: legible on a phone as on a wide screen."""
    bar_height = 14
    track = width - VALUE_ROOM
    drawn = _keyed(pdf)
    rows, y = [], 0
    for bar in bars:
        label, label_height = _label_lines(drawn(bar.label), LABEL_CHARS)
        y += label_height
        length = _length(bar.value, maximum, track)
        body = format_html(
            '<title>{}</title><text x="0" y="{}">{}</text>'
            '<rect class="track" x="0" y="{}" width="{}" height="{}" fill="#eceff3"/>'
            '<rect class="{}" x="0" y="{}" width="{}" height="{}"/>'
            '<text class="value" x="{}" y="{}" text-anchor="end">{}</text>',
            bar.description,
            y - label_height + 13,
            label,
            y + 4,
            track,
            bar_height,
            bar.css,
            y + 4,
            f"{length:.1f}",
            bar_height,
            width - 2,
            y + 15,
            drawn(bar.text),
        )
        rows.append(_link(bar, format_html("<g>{}</g>", body)))
        y += bar_height + 8
    return _finish(_svg(width, y, chart_id, title, rows, css="chart narrow", pdf=pdf), drawn)


def grouped_bars(
    groups, series, *, maximum, title, chart_id, ticks=(), width=NARROW_WIDTH, pdf=False
):
    """One group of horizontal bars per item (e.g. a feature), one bar per
    series (e.g. a country) in each, with a legend on top. ``groups`` is a list
    of (label, bars) with the bars in the order of ``series``. Each bar ends with
    its series' code and its value, and each series has its own colour and
    texture, so the chart reads in greyscale too. ``ticks``: (value, label)."""
    bar_height, gap, legend_row = 13, 3, 18
    track = width - 70
    drawn = _keyed(pdf)
    defs = format_html_join(
        "",
        '<pattern id="{}-s{}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{}"/><g stroke="#1d2733" fill="#1d2733">{}</g>'
        "</pattern>",
        (
            (chart_id, index, colour, mark_safe(marks))
            for index, (colour, marks) in enumerate(SERIES_STYLES)
        ),
    )
    parts = []
    for index, one in enumerate(series):
        y = index * legend_row
        parts.append(
            format_html(
                '<rect x="0" y="{}" width="22" height="13" fill="url(#{}-s{})" stroke="#1d2733"'
                ' stroke-width=".5"/><text x="30" y="{}"><tspan font-weight="600">{}</tspan>'
                " {}</text>",
                y + 1,
                chart_id,
                index % len(SERIES_STYLES),
                y + 12,
                drawn(one.code),
                drawn(_shorten(one.name, 36)),
            )
        )
    top = len(series) * legend_row + 10
    for value, label in ticks:
        x = _length(value, maximum, track)
        anchor = "start" if x == 0 else "end" if x >= track else "middle"
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}" text-anchor="{}">{}</text>',
                f"{x:.1f}",
                top + 10,
                anchor,
                drawn(label),
            )
        )
    y = top + (16 if ticks else 0)
    grid_top = y - 4
    for group_label, bars in groups:
        label, label_height = _label_lines(drawn(group_label), GROUP_LABEL_CHARS)
        parts.append(
            format_html(
                '<text class="group" x="0" y="{}" font-weight="600">{}</text>', y + 14, label
            )
        )
        y += label_height + 2
        for index, (bar, one) in enumerate(zip(bars, series, strict=True)):
            length = _length(bar.value, maximum, track)
            body = format_html(
                '<title>{}</title><rect class="series" x="0" y="{}" width="{}" height="{}" '
                'fill="url(#{}-s{})"/><text x="{}" y="{}"><tspan font-weight="600">{}</tspan>'
                " {}</text>",
                bar.description,
                y,
                f"{length:.1f}",
                bar_height,
                chart_id,
                index % len(SERIES_STYLES),
                f"{length + 4:.1f}",
                y + 10.5,
                drawn(one.code),
                drawn(bar.text),
            )
            parts.append(_link(bar, format_html("<g>{}</g>", body)))
            y += bar_height + gap
        y += 12
    # Grid lines behind the bars (drawn first).
    grid = [
        format_html(
            '<line class="grid" x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="#d8dee6"/>',
            grid_top,
            y - 8,
            x=f"{_length(value, maximum, track):.1f}",
        )
        for value, _label in ticks
    ]
    svg = _svg(
        width,
        y,
        chart_id,
        title,
        grid + parts,
        defs=format_html("<defs>{}</defs>", defs),
        css="chart narrow",
        pdf=pdf,
    )
    return _finish(svg, drawn)


def vertical_bars(bars, *, maximum, title, chart_id, column=48, pdf=False):
    """One column per item (e.g. entities practising 0…7 features)."""
    plot_height, top, bottom = 160, 18, 22
    drawn = _keyed(pdf)
    width = column * len(bars) + 8
    height = top + plot_height + bottom
    columns = []
    for index, bar in enumerate(bars):
        x = 4 + index * column
        length = _length(bar.value, maximum, plot_height)
        body = format_html(
            '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text><title>{}</title>',
            bar.css,
            x + 6,
            f"{top + plot_height - length:.1f}",
            column - 12,
            f"{length:.1f}",
            x + column / 2,
            f"{top + plot_height - length - 4:.1f}",
            drawn(bar.text),
            x + column / 2,
            height - 6,
            drawn(bar.label),
            bar.description,
        )
        columns.append(format_html("<g>{}</g>", _link(bar, body)))
    baseline = format_html(
        '<line x1="0" x2="{}" y1="{y}" y2="{y}" stroke="#aab4c0"/>', width, y=top + plot_height
    )
    svg = _svg(width, height, chart_id, title, [baseline, *columns], pdf=pdf)
    return _finish(svg, drawn)


def _svg(width, height, chart_id, title, parts, *, defs="", css="chart", pdf=False):
    # A chart is an image named by its title, unless its bars are links: the
    # children of an image are hidden from assistive technology, so a chart with
    # links is a named group of them instead.
    role = "group" if any("<a href=" in part for part in parts) else "img"
    return format_html(
        '<svg class="{css}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" '
        'aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>{style}{defs}{parts}</svg>',
        css=css,
        style=mark_safe(f"<style>{PDF_STYLE}</style>") if pdf else "",
        w=width,
        h=height,
        role=role,
        id=chart_id,
        title=title,
        defs=defs,
        parts=format_html_join("", "{}", ((part,) for part in parts)),
    )


def _label_lines(text, chars):
    """A label as one or two lines of at most about ``chars`` characters (as
    tspans), and the height they take."""
    words, lines = str(text).split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > chars:
            if len(lines) == 2:
                lines[-1] = _shorten(lines[-1] + " " + word, chars)
                break
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) == 1:
        return _shorten(lines[0], chars), LINE_HEIGHT
    tspans = format_html('{}<tspan x="0" dy="{}">{}</tspan>', lines[0], LINE_HEIGHT, lines[1])
    return tspans, 2 * LINE_HEIGHT


def _length(value, maximum, full):
    return 0 if not value or not maximum else full * value / maximum


def _link(bar, body):
    # Named by its content: the bar's <title>, label and value.
    return format_html('<a href="{}">{}</a>', bar.href, body) if bar.href else body


def _shorten(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"
