"""The terms and the date that come with the published data, in one place: the
licence it is offered under, when it last changed ("data as of"), and how to
cite what a reader is looking at.

Every public output states them from here: the pages' footer (``context``,
a template context processor), every API answer and the CSV export (the
``Link`` and ``X-Data-As-Of`` headers: ``add_headers``, and
``CitationHeadersMiddleware`` for all of /api/v1/), the CSV's description
(entities/export.py) and the reports.

A citation names the data by its release when there is one (``release``, a
label such as "2027.1", given by the caller); without one, by the date the
published data last changed.
"""

import logging
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from core.freshness import published_data_changed_at
from research.models import Assessment, AssessmentStatus

from .models import Entity, EntityStatus

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/"
AS_OF_HEADER = "X-Data-As-Of"


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


def licence():
    """The licence the published data is offered under (DATA_LICENCE_NAME, _URL)."""
    return Licence(settings.DATA_LICENCE_NAME, settings.DATA_LICENCE_URL)


# --- Data as of ------------------------------------------------------------------


def latest_recorded_change():
    """The latest change the database records of what the public may see: a
    published entity's last save, or an entry in the history of entities or of
    assessments that left them published (a save, a deletion) or withdrawn.
    Drafts' edits are not counted: they change nothing the public sees. None
    when nothing was ever published."""
    shown = [EntityStatus.PUBLISHED, EntityStatus.WITHDRAWN]
    times = [
        Entity.objects.published().aggregate(at=Max("updated_at"))["at"],
        Entity.history.filter(status__in=shown).aggregate(at=Max("history_date"))["at"],
        Assessment.history.filter(status=AssessmentStatus.PUBLISHED).aggregate(
            at=Max("history_date")
        )["at"],
    ]
    return max((time for time in times if time is not None), default=None)


def data_as_of():
    """When the published data last changed (an aware datetime), or None when
    nothing is recorded or the database does not answer (an error page then
    still renders)."""
    try:
        return published_data_changed_at(latest_recorded_change)
    except DatabaseError:
        logger.warning("Could not tell when the published data last changed.", exc_info=True)
        return None


def iso(moment):
    """An aware datetime as ISO 8601 in UTC, to the second: 2026-12-06T23:47:04Z."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- How to cite -----------------------------------------------------------------


def edition(*, release=None, as_of=None):
    """What a citation calls the data: the release, or the date it was last
    changed; None when there is neither."""
    if release:
        return str(release)
    if as_of is not None:
        return _("data as of %(date)s") % {"date": timezone.localdate(as_of).isoformat()}
    return None


def citation(url, *, release=None, as_of=None, accessed=None):
    """How to cite ``url``: "SSE Registry, <release or data as of date>, <url>,
    accessed <date>". ``as_of`` defaults to data_as_of(), ``accessed`` to today."""
    if release is None and as_of is None:
        as_of = data_as_of()
    accessed = accessed or timezone.localdate()
    parts = [
        settings.SITE_NAME,
        edition(release=release, as_of=as_of),
        url,
        _("accessed %(date)s") % {"date": accessed.isoformat()},
    ]
    return ", ".join(part for part in parts if part)


# --- Headers ---------------------------------------------------------------------


def add_headers(response, *, described_by=None, as_of=None):
    """``Link: <licence>; rel="license"`` (and ``rel="describedby"`` when given),
    added to any Link the response has, and ``X-Data-As-Of``."""
    links = [f'<{licence().url}>; rel="license"']
    if described_by:
        links.append(f'<{described_by}>; rel="describedby"')
    response["Link"] = ", ".join([*filter(None, [response.get("Link")]), *links])
    as_of = as_of or data_as_of()
    if as_of is not None:
        response[AS_OF_HEADER] = iso(as_of)
    return response


class CitationHeadersMiddleware:
    """Every answer under /api/v1/ (errors and refusals too) states the data's
    licence and date in its headers, unless its view did already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and 'rel="license"' not in response.get("Link", ""):
            add_headers(response)
        return response


# --- Pages -----------------------------------------------------------------------


class PageCitation:
    """The footer's licence, date and citation of the page being read; worked
    out only if a template shows them."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def licence(self):
        return licence()

    @cached_property
    def as_of(self):
        return data_as_of()

    @cached_property
    def as_of_iso(self):
        return iso(self.as_of) if self.as_of else ""

    @cached_property
    def url(self):
        try:
            return self.request.build_absolute_uri()
        except DisallowedHost:  # a refused host: the address on the site alone
            return self.request.get_full_path()

    @cached_property
    def text(self):
        return citation(self.url, as_of=self.as_of)


def context(request):
    """Template context processor: ``data_terms``, a PageCitation."""
    return {"data_terms": PageCitation(request)}


# --- The API's schema ------------------------------------------------------------

SCHEMA_HEADERS = {
    "Link": {
        "schema": {"type": "string"},
        "description": 'The data\'s licence: `<licence URL>; rel="license"`. The CSV adds '
        'its description: `<…csv-metadata.json>; rel="describedby"`.',
    },
    AS_OF_HEADER: {
        "schema": {"type": "string", "format": "date-time"},
        "description": "When the published data last changed, in UTC to the second "
        "(ISO 8601, e.g. `2026-12-06T23:47:04Z`); absent while nothing is published.",
    },
}


def describe_headers(result, generator, request, public):
    """drf-spectacular hook: every answer's Link and X-Data-As-Of headers."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                headers = response.setdefault("headers", {})
                for name, header in SCHEMA_HEADERS.items():
                    headers.setdefault(name, header)
    return result
