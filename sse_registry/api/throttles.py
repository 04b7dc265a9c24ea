"""Rate limits read from settings at request time (DRF's own classes read
theirs once at import), so they follow the environment and test settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_ANON_RATE


class TokenRateThrottle(UserRateThrottle):
    """Per token (user) for authenticated partners; per address otherwise."""

    def get_rate(self):
        return settings.API_TOKEN_RATE
