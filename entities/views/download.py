"""The pages' "Download CSV": the API's export, under a limit of its own.

A person reading the pages may download a few files a minute; counted against
the API's anonymous limit, with everyone behind one address sharing it, they
were refused. Here the same export has its own throttle scope and rate,
generous for reading, still limited. The API's own address keeps its limits.
A refusal is a page, as the person followed a link, not a JSON answer.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, Throttled

from core.api.throttles import AnonymousRateThrottle
from core.limits import refusal, too_many_downloads
from entities.api.views import EntityViewSet

PAGE_DOWNLOAD_RATE = "10/minute"


class PageDownloadThrottle(AnonymousRateThrottle):
    scope = "page-download"

    def get_rate(self):
        return PAGE_DOWNLOAD_RATE


class PageDownload(EntityViewSet):
    throttle_classes = [PageDownloadThrottle]
    schema = None  # a page's link, not part of the API

    def handle_exception(self, exc):
        if not isinstance(exc, APIException):
            return super().handle_exception(exc)
        if isinstance(exc, Throttled):
            return too_many_downloads(self.request, round(exc.wait or 60))
        return refusal(self.request, exc.status_code, _("Bad request"), described(exc.detail))


def described(detail, name=None):
    """An API error's detail ({"band": ["…"]}) as one sentence for a page."""
    if isinstance(detail, dict):
        return " ".join(described(value, key) for key, value in detail.items())
    if isinstance(detail, list):
        return " ".join(described(value, name) for value in detail)
    return f"{name}: {detail}" if name else str(detail)


entity_download = PageDownload.as_view({"get": "export"})
# The same entities in the SSE data commons' standard CSV (ESSGlobal).
entity_download_essglobal = PageDownload.as_view({"get": "export_essglobal"})
# The CSV's description (CSV on the Web), which the download's Link header names.
entity_download_metadata = PageDownload.as_view({"get": "export_metadata"})
