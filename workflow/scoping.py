"""Country scoping: which countries' records a user may see and change.

A national researcher works only on the countries assigned to them; reviewers,
administrators and superusers work on all. Querysets are scoped here, once, and
every admin list, search, autocomplete, filter, export and count is built on
them; object-level permission checks use the same rule.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from core.observability import security_event

ALL_COUNTRIES_PERMISSION = "workflow.work_in_all_countries"
# The backend that holds the permissions (the other, django-axes's, only
# refuses locked-out sign-ins): named when asking who has a permission.
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def works_in_all_countries(user):
    return user.is_active and (user.is_superuser or user.has_perm(ALL_COUNTRIES_PERMISSION))


def country_codes(user):
    """The codes of the user's countries, or None when the user works in all."""
    if works_in_all_countries(user):
        return None
    cache = getattr(user, "_sse_country_codes", None)
    if cache is None:
        cache = frozenset(user.country_assignments.values_list("country_id", flat=True))
        user._sse_country_codes = cache
    return cache


def scope(queryset, user, country_field="country"):
    """Only the rows of ``queryset`` in the user's countries."""
    codes = country_codes(user)
    if codes is None:
        return queryset
    return queryset.filter(**{f"{country_field}__in": codes})


def working_in(users, country_code):
    """Of ``users`` (a queryset), those who work on ``country_code``: assigned
    to it, or working in all countries (``works_in_all_countries`` as a
    query)."""
    everywhere = get_user_model().objects.with_perm(
        ALL_COUNTRIES_PERMISSION, backend=PERMISSIONS_BACKEND
    )
    return users.filter(
        Q(pk__in=everywhere.values("pk")) | Q(country_assignments__country_id=country_code)
    ).distinct()


def in_scope(user, country_code):
    codes = country_codes(user)
    return codes is None or country_code in codes


def refuse(request, record, reason="outside the user's countries"):
    """Log a refused access to another country's record and refuse it (403)."""
    security_event(
        "access_refused",
        "refused access",
        level=logging.WARNING,
        user=request.user.get_username() or "-",
        record=f"{record._meta.label_lower}:{record.pk}",
        path=request.path,
        reason=reason,
    )
    raise PermissionDenied(reason)
