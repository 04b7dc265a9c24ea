"""The reports as PDF (/countries/<code>/report.pdf, /report.pdf with the
HTML report's ``?country=``): the report's own context (entities.views.reports)
drawn by the print template (pages/report_pdf.html) through WeasyPrint
(core.pdf): A4, a cover with the date, release, licence and citation, the
contents with their page numbers, numbered pages.

A PDF is cached for the published-data version, its address (its
``?country=`` alone: another parameter cannot make it drawn again) and the
language (core.freshness.cached_figure): a second request draws nothing.
Without WeasyPrint or its libraries, the answer is 503 with a page that
says what is missing."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import pdf
from core.freshness import cached_figure
from entities.citation import add_headers, citation, data_as_of, licence

from .filtering import without_empty_values
from .reports import country_context, region_context


class Refused(Exception):
    """The request cannot have a PDF; ``response`` says why (never cached)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


@without_empty_values
def country_report_pdf(request, code):
    return report_pdf(request, lambda: country_context(request, code, for_pdf=True))


@without_empty_values
def region_report_pdf(request):
    def context():
        context, status = region_context(request, for_pdf=True)
        if status != 200:
            raise Refused(render(request, "pages/report.html", context, status=status))
        return context

    return report_pdf(request, context)


def report_pdf(request, make_context):
    missing = pdf.missing()
    if missing:
        return render(
            request,
            "pages/report_pdf_missing.html",
            {"title": _("No PDF"), "missing": missing, "html_url": html_address(request)},
            status=503,
        )
    address = canonical_address(request)
    try:
        filename, body, as_of = cached_figure(
            "report-pdf",
            None,
            lambda: draw(request, make_context(), address),
            key=(address, get_language()),
        )
    except Refused as refused:
        return refused.response
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return add_headers(response, as_of=as_of)


def canonical_address(request):
    """The PDF's address with only what selects the report (``?country=``,
    ``?release=``): another parameter neither draws the PDF again nor is
    cited in it."""
    selecting = [
        (name, value) for name in ("country", "release") for value in request.GET.getlist(name)
    ]
    query = f"?{urlencode(selecting)}" if selecting else ""
    return request.build_absolute_uri(request.path + query)


def draw(request, context, address):
    """The report of ``context`` as a PDF: (file name, bytes, data as of);
    ``address``: the PDF's own, which it cites."""
    release = context.get("release")
    as_of = data_as_of() if release is None else release.data_as_of
    context.update(
        as_of=as_of,
        licence=licence(),
        citation=citation(address, release=release.label if release else None, as_of=as_of),
        html_url=request.build_absolute_uri(html_address(request)),
        language=get_language(),
    )
    html = render_to_string("pages/report_pdf.html", context, request=request)
    body = pdf.render(html, base_url=address)
    day = timezone.localdate(as_of) if as_of else timezone.localdate()
    edition = f"release-{release.number}" if release else day.isoformat()
    return f"sse-registry-report-{context['slug']}-{edition}.pdf", body, as_of


def html_address(request):
    """The HTML report of a PDF's address: the same, without ".pdf"."""
    query = request.GET.urlencode()
    return request.path.removesuffix(".pdf") + "/" + (f"?{query}" if query else "")
