"""Country scoping: which countries' records a user may see and change.

A national researcher works only on the countries assigned to them; reviewers,
administrators and superusers work on all. Querysets are scoped here, once, and
every admin list, search, autocomplete, filter, export and count is built on
them; object-level permission checks use the same rule.
"""

import logging

from django.core.exceptions import PermissionDenied

from core.observability import security_event

ALL_COUNTRIES_PERMISSION = "workflow.work_in_all_countries"


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
