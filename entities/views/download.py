"""The pages' "Download CSV": the API's export, under a limit of its own.

A person reading the pages may download a few files a minute; counted against
the API's anonymous limit, with everyone behind one address sharing it, they
were refused. Here the same export has its own throttle scope and rate,
generous for reading, still limited. The API's own address keeps its limits.
"""

from entities.api.views import EntityViewSet
from sse_registry.api.throttles import AnonymousRateThrottle

PAGE_DOWNLOAD_RATE = "10/minute"


class PageDownloadThrottle(AnonymousRateThrottle):
    scope = "page-download"

    def get_rate(self):
        return PAGE_DOWNLOAD_RATE


class PageDownload(EntityViewSet):
    throttle_classes = [PageDownloadThrottle]
    schema = None  # a page's link, not part of the API


entity_download = PageDownload.as_view({"get": "export"})
