"""The "Download: SVG · PNG" line under a chart (entities.views.chart_downloads)."""

from django import template
from django.urls import reverse

from core import rasterise

register = template.Library()


@register.inclusion_tag("pages/chart_downloads.html")
def chart_downloads(kind, query=""):
    """The links to the files of chart ``kind`` drawn with ``query`` (the
    parameters of the page that shows it); without a PNG engine on the
    server, the PNG is said to be unavailable instead of linked. A query of
    None (a release's report: the files draw the current data) shows no line."""
    if query is None:
        return {"hidden": True}
    suffix = f"?{query}" if query else ""
    return {
        "svg_href": reverse("chart-download", kwargs={"kind": kind, "fmt": "svg"}) + suffix,
        "png_href": reverse("chart-download", kwargs={"kind": kind, "fmt": "png"}) + suffix,
        "png_available": rasterise.available(),
    }
