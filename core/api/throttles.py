"""Rate limits read from settings at request time (DRF's own classes read
theirs once at import), so they follow the environment and test settings.

The counters live in the shared cache (Redis), so a limit holds across every
worker process and server. If Redis cannot be reached, each process counts on
its own until it is back: the limits keep working, only looser by the number
of processes, and nobody is refused for the cache's failure.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.client_address import client_address

logger = logging.getLogger("sse_registry.cache")


class SharedCounters:
    """DRF's throttle cache: the "throttle" cache, or "local" while that fails."""

    WARN_EVERY_SECONDS = 60
    _last_warning = 0.0

    def get(self, key, default=None):
        try:
            return caches["throttle"].get(key, default)
        except Exception:
            self._warn()
            return caches["local"].get(key, default)

    def set(self, key, value, timeout):
        try:
            caches["throttle"].set(key, value, timeout)
        except Exception:
            self._warn()
            caches["local"].set(key, value, timeout)

    @classmethod
    def _warn(cls):
        now = time.monotonic()
        if now - cls._last_warning > cls.WARN_EVERY_SECONDS:
            cls._last_warning = now
            logger.warning("The shared cache is unreachable: rate limits count per process.")


SHARED_COUNTERS = SharedCounters()


class ClientAddressMixin:
    """Anonymous clients are counted by the one rule for their address, not
    DRF's own reading of X-Forwarded-For (which, unconfigured, keys on
    whatever the client writes there)."""

    def get_ident(self, request):
        return client_address(request)


class AnonymousRateThrottle(ClientAddressMixin, AnonRateThrottle):
    cache = SHARED_COUNTERS

    def get_rate(self):
        return settings.API_ANON_RATE


class TokenRateThrottle(ClientAddressMixin, UserRateThrottle):
    """Per token (user), for authenticated partners only; anonymous clients
    have their own limit above."""

    cache = SHARED_COUNTERS

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # not throttled here
        return super().get_cache_key(request, view)
