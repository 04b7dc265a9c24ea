"""Charts drawn for a PDF: their styles inside the SVG (WeasyPrint applies no
page stylesheet to an inline SVG), and no text that needs shaping drawn in
it (WeasyPrint draws an SVG text one code point at a time): such a text is a
number in the chart, and the numbered texts follow it in HTML."""

import re

from research.charts import (
    PDF_STYLE,
    Bar,
    Series,
    draws_unshaped,
    grouped_bars,
    stacked_bars,
)

from ..source import ROOT

THAI = "วิสาหกิจชุมชน"
KHMER = "សហគមន៍"


def svg_texts(markup):
    """The texts the SVG draws (not its titles, which are not drawn)."""
    svg = markup[: markup.index("</svg>")]
    return re.findall(r"<text[^>]*>(.*?)</text>", svg)


def test_scripts_that_need_shaping_are_told_apart():
    for text in ("Cooperative", "Hợp tác xã Tân Phú", "Кыргызстан", "Монгол Улс", "12 %", "–"):
        assert draws_unshaped(text), text
    for text in (THAI, KHMER, "ᠮᠣᠩᠭᠣᠯ", "e\u0301"):  # the last: a combining accent
        assert not draws_unshaped(text), text


def test_a_pdf_chart_styles_itself_and_keys_the_texts_that_need_shaping():
    bars = [Bar(THAI, 3, "3"), Bar("Cooperative", 2, "2"), Bar(KHMER, 1, "1")]
    web = str(stacked_bars(bars, maximum=3, title="T", chart_id="c"))
    assert "<style>" not in web and THAI in svg_texts(web)[0]
    chart = str(stacked_bars(bars, maximum=3, title="T", chart_id="c", pdf=True))
    assert "<style>" in chart[: chart.index("</svg>")]
    drawn = svg_texts(chart)
    assert "[1]" in drawn and "Cooperative" in drawn and "[2]" in drawn
    assert all(draws_unshaped(text) for text in drawn)
    key = chart[chart.index("</svg>") :]
    assert f"<li>[1] {THAI}</li>" in key and f"<li>[2] {KHMER}</li>" in key


def test_a_pdf_grouped_chart_keys_its_series_names():
    series = [Series("T", THAI), Series("V", "Viet Nam")]
    groups = [("Autonomy", [Bar(THAI, 0.5, "50%"), Bar("Viet Nam", 0.25, "25%")])]
    chart = str(grouped_bars(groups, series, maximum=1, title="T", chart_id="g", pdf=True))
    drawn = [re.sub(r"<[^>]+>", "", text) for text in svg_texts(chart)]
    assert "T [1]" in drawn and "V Viet Nam" in drawn
    assert all(draws_unshaped(text) for text in drawn)
    assert f"[1] {THAI}" in chart[chart.index("</svg>") :]


def test_the_pdf_styles_keep_the_stylesheets_colours():
    stylesheet = (ROOT / "static" / "css" / "registry.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", stylesheet))
    assert f".bar{{fill:{colours['accent']}}}" in PDF_STYLE
    for score in range(4):
        assert f".score-fill-{score}{{fill:{colours[f'score-{score}']}}}" in PDF_STYLE
