from django.conf import settings
from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from core.filters import GIVEN_TWICE


def one_value(request, name):
    """The named query parameter's value (None when absent). Given more than
    once it is ambiguous: a 400, as the filters answer a one-value filter
    given twice."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [GIVEN_TWICE]})
    return values[0] if values else None


def positive_int(request, name, maximum=None):
    """The named query parameter as an int >= 1 (None when absent), or a 400
    that names the parameter and what it accepts."""
    raw = one_value(request, name)
    if raw is None:
        return None
    allowed = f"a whole number from 1 to {maximum}" if maximum else "a whole number from 1"
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"Must be {allowed}, not {raw[:40]!r}."]}) from None
    if value < 1 or (maximum and value > maximum):
        raise ValidationError({name: [f"Must be {allowed}, not {value}."]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number paging whose bad `page` or `page_size` is a 400, not a
    silent clamp or a 404 (a page past the end is still a 404)."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        size = positive_int(request, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        number = positive_int(request, self.page_query_param) or 1
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(
                f"Page {number} is past the last page ({paginator.num_pages})."
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
