"""Rate limits read from settings at request time (DRF's own classes read
theirs once at import), so they follow the environment and test settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_ANON_RATE


class TokenRateThrottle(UserRateThrottle):
    """Per token (user), for authenticated partners only; anonymous clients
    have their own limit above."""

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # not throttled here
        return super().get_cache_key(request, view)
