"""Paging of the entity list: by page number for browsing, by cursor for
harvesting the whole registry.

Page numbers are served for the first ``MAX_OFFSET`` entities of any filter;
deeper, an OFFSET makes the database walk past every skipped row, so each page
would cost more than the last. Past that depth the client is pointed to the
cursor mode (keyset paging on the id: every page costs what the first costs)
and to the CSV export. Both modes give the exact count, cached until the
published data changes, and the same response shape.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.pagination import PageNumberPagination, one_value, positive_int
from core.api.schema import NO_NUL
from core.freshness import cached_count

MAX_OFFSET = 100_000  # page 1,000 at 100 a page


def count_key(request):
    """What determines the count of the entity list: its filter parameters
    (not the paging or the order). Cheaper to make than the query's SQL."""
    return (
        "entity-list",
        sorted(
            (name, values)
            for name, values in request.query_params.lists()
            if name not in NOT_FILTERS
        ),
    )


NOT_FILTERS = {"page", "page_size", "cursor", "ordering", "format"}


class CountedPaginator(pagination.DjangoPaginator):
    """Django's paginator with the count taken from the figure cache."""

    count_key = None

    @property
    def count(self):
        if not hasattr(self, "_count"):
            self._count = cached_count(self.object_list, key=self.count_key)
        return self._count


class EntityCursorPagination(pagination.CursorPagination):
    """Keyset paging in id order: ``?cursor=`` (empty) starts, ``next`` goes on."""

    ordering = ("id",)
    page_size_query_param = "page_size"

    def __init__(self, page_size, max_page_size):
        self.page_size, self.max_page_size = page_size, max_page_size

    def get_page_size(self, request):
        return positive_int(request, self.page_size_query_param, self.max_page_size) or (
            self.page_size
        )

    def get_ordering(self, request, queryset, view):
        return self.ordering  # the list's ?ordering= does not apply in this mode

    def decode_cursor(self, request):
        given = one_value(request, self.cursor_query_param)
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
        # DRF decodes leniently (base64 skips stray characters) and passes the
        # position to the id lookup as it is: a forged one would be a server
        # error or a silent first page. A cursor given out encodes back to
        # itself and holds an id.
        if (
            cursor is None
            or not re.fullmatch(r"\d{1,18}", cursor.position or "0")
            or self.encoded(cursor) != given
        ):
            # A page this API does not serve: 404, as DRF answers a bad cursor.
            raise NotFound(
                _(
                    "Not a cursor this API gave out. Start with an empty cursor "
                    "(cursor=) and follow the next links."
                )
            )
        return cursor

    def encoded(self, cursor):
        """The cursor parameter's value for ``cursor``, as encode_cursor gives it."""
        return parse_qs(urlsplit(self.encode_cursor(cursor)).query).get(
            self.cursor_query_param, [""]
        )[0]

    def paginate_queryset(self, queryset, request, view=None):
        self.count = cached_count(queryset, key=count_key(request))
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


class EntityPagination(PageNumberPagination):
    """Page numbers by default; cursor paging when the request has ``cursor``."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = None
        if self.cursor_query_param in request.query_params:
            # In id order, page after page: `ordering` and `page` do not apply,
            # but a page that is no page number is still the 400 it always is.
            positive_int(request, self.page_query_param)
            self.cursor_mode = EntityCursorPagination(self.page_size, self.max_page_size)
            return self.cursor_mode.paginate_queryset(queryset, request, view)
        number = positive_int(request, self.page_query_param) or 1
        size = self.get_page_size(request)
        if (number - 1) * size >= MAX_OFFSET:
            # Not served, like a page past the last: 404, saying where to go.
            raise NotFound(
                _(
                    "Page numbers reach only the first %(max)s entities. To go "
                    "through them all, page with a cursor (add cursor= and follow "
                    "the next links) or download the CSV export with the same "
                    "filters (/api/v1/entities/export.csv)."
                )
                % {"max": f"{MAX_OFFSET:,}"}
            )
        return super().paginate_queryset(queryset, request, view)

    def check_parameters(self, request):
        """A bad page number or page size is the list's 400, even where its
        paging does not apply (the list as GeoJSON)."""
        positive_int(request, self.page_query_param)
        self.get_page_size(request)

    def django_paginator_class(self, queryset, size):
        paginator = CountedPaginator(queryset, size)
        paginator.count_key = count_key(self.request)
        return paginator

    def get_paginated_response(self, data):
        if self.cursor_mode:
            return self.cursor_mode.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": (
                "Cursor paging, for going through every entity: give it empty to start, "
                "then follow `next`. In id order: `page` and `ordering` do not apply."
            ),
            "schema": {"type": "string", "pattern": NO_NUL},
        }
        return [*super().get_schema_operation_parameters(view), cursor]


def cursor_after(entity_id):
    """The cursor of the page that starts after the entity ``entity_id``."""
    paginator = EntityCursorPagination(page_size=1, max_page_size=1)
    paginator.base_url = "/"
    url = paginator.encode_cursor(pagination.Cursor(offset=0, reverse=False, position=entity_id))
    return parse_qs(urlsplit(url).query)[paginator.cursor_query_param][0]
