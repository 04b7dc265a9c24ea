"""Views of the site as a whole: its health for load balancers, its icon."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

logger = logging.getLogger("sse_registry.health")


@never_cache
def healthz(request):
    """200 when the database (and the shared cache, when one is configured)
    answer, 503 otherwise: for load balancers and monitoring. The body says
    which part is unavailable, never why (the log does)."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["cache"] = _cache_answers()
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{part: "ok" if ok else "unavailable" for part, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database did not answer.", exc_info=True)
        # A broken connection is dropped, so the next request opens a new one.
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_answers():
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.warning("Health check: the cache did not answer.", exc_info=True)
        return False


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (error pages)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
