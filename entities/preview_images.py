"""The preview image of a page shared on social media (Open Graph's
``og:image``): 1200 × 630, the size those sites show large. The registry's
name, the page's subject (an entity or a country) and a line about it, and
the seven features as small bars: an entity's score on each, a country's
share of assessed entities practising each.

Drawn as SVG here, rasterised to PNG by core.rasterise (the sites that show
previews read no SVG). CairoSVG does not shape text whose letters combine
(Thai, Khmer), so the views draw these images in English for those
languages, with the entity's own ``name`` (its name in Latin letters, the
one the registry lists it by; the name in local script is left out).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html, format_html_join

from .chart_files import FONTS, lines

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
TITLE_SIZE = 54
TITLE_LINES = 2
SUBTITLE_SIZE = 28
SUBTITLE_LINES = 2
LABEL_SIZE = 22
CHAR_WIDTH = 0.6  # a generous width of one character, in font sizes
BARS_TOP = 330
BAR_ROW = 38
BAR_X, BAR_WIDTH, BAR_HEIGHT = 540, 420, 22
INK, MUTED, ACCENT, TRACK = "#1d2733", "#5a6675", "#1f4e79", "#eef0f3"
# The score colours of the site (static/css/registry.css, entities.chart_files).
SCORE_FILLS = {0: "#b2182b", 1: "#ef8a62", 2: "#67a9cf", 3: "#2166ac"}


@dataclass(frozen=True)
class Bar:
    label: str  # the feature's name
    fraction: float | None  # 0–1; None: nothing to draw (not assessed)
    text: str  # the value in words, right of the bar
    fill: str = ACCENT


def clipped(text, width, font_size):
    """``text`` cut to fit ``width`` at ``font_size``, with an ellipsis."""
    chars = max(int(width / (font_size * CHAR_WIDTH)), 4)
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def some_lines(text, font_size, most):
    """``text`` in at most ``most`` lines of the image's width; the last one
    ends in an ellipsis when the text is longer."""
    width = WIDTH - 2 * MARGIN
    found = lines(text, width, font_size)
    if len(found) <= most:
        return found
    kept = found[:most]
    kept[-1] = clipped(kept[-1] + " " + found[most], width, font_size)
    if not kept[-1].endswith("…"):
        kept[-1] += "…"
    return kept


def text(x, y, size, content, *, fill=INK, weight="normal", anchor="start"):
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" font-weight="{}" text-anchor="{}">{}</text>',
        x,
        y,
        size,
        fill,
        weight,
        anchor,
        content,
    )


def preview_svg(*, title, subtitle, note, bars, caption):
    """The image as SVG text. Every text is escaped."""
    parts = [
        format_html('<rect width="{}" height="{}" fill="#fff"/>', WIDTH, HEIGHT),
        format_html('<rect width="{}" height="14" fill="{}"/>', WIDTH, ACCENT),
        text(MARGIN, 78, 28, clipped(settings.SITE_NAME, 700, 28), fill=ACCENT, weight="bold"),
    ]
    y = 100
    for line in some_lines(title, TITLE_SIZE, TITLE_LINES):
        y += 64
        parts.append(text(MARGIN, y, TITLE_SIZE, line, weight="bold"))
    y += 10
    for line in some_lines(subtitle, SUBTITLE_SIZE, SUBTITLE_LINES):
        y += 36
        parts.append(text(MARGIN, y, SUBTITLE_SIZE, line, fill=MUTED))
    if note:
        parts.append(
            text(WIDTH - MARGIN, 78, 24, clipped(note, 420, 24), fill=MUTED, anchor="end")
        )
    top = max(BARS_TOP, y + 30)
    parts.append(text(MARGIN, top - 6, 20, clipped(caption, WIDTH - 2 * MARGIN, 20), fill=MUTED))
    for index, bar in enumerate(bars):
        row = top + 12 + index * BAR_ROW
        parts.append(
            text(MARGIN, row + 18, LABEL_SIZE, clipped(bar.label, BAR_X - MARGIN - 20, LABEL_SIZE))
        )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                BAR_X,
                row,
                BAR_WIDTH,
                BAR_HEIGHT,
                TRACK,
            )
        )
        if bar.fraction:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    BAR_X,
                    row,
                    round(BAR_WIDTH * min(max(bar.fraction, 0), 1), 1),
                    BAR_HEIGHT,
                    bar.fill,
                )
            )
        parts.append(
            text(
                WIDTH - MARGIN,
                row + 18,
                LABEL_SIZE,
                clipped(bar.text, WIDTH - MARGIN - BAR_X - BAR_WIDTH - 16, LABEL_SIZE),
                fill=MUTED,
                anchor="end",
            )
        )
    return str(
        format_html(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            'viewBox="0 0 {w} {h}" font-family="{fonts}" role="img"><title>{title}</title>'
            "{parts}</svg>\n",
            w=WIDTH,
            h=HEIGHT,
            fonts=FONTS,
            title=title,
            parts=format_html_join("", "{}", ((part,) for part in parts)),
        )
    )
