from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with an empty filter parameter (`country=`) a
    400: the API's schema gives each parameter a type and its codes, and an
    empty value is none of them. (The pages' forms send empty values for
    "any", and the pages ignore them.) The search may be empty: `q=` searches
    for nothing in particular."""

    MAY_BE_EMPTY = {"q"}

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            empty = [
                name
                for name in filterset.filters
                if name not in self.MAY_BE_EMPTY
                and "" in map(str.strip, request.query_params.getlist(name))
            ]
            if empty:
                message = _("Give a value, or leave the parameter out.")
                raise ValidationError({name: [message] for name in empty})
        return filterset
