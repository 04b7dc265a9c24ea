"""Views of the site as a whole: its health for load balancers, its answer to
a server error, its icon."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django_guid import get_guid

from core.api.errors import is_api
from core.routing import REPLICA, replica_configured

logger = logging.getLogger("sse_registry.health")


# The database went away (restarting, failing over, out of connections) or gave
# up on a statement: the request may succeed in a moment, so 503, not 500.
# Django drops the broken connection at the end of the request, and the next
# request opens a new one once the database is back.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


@never_cache
def healthz(request):
    """200 when the database (and the shared cache, when one is configured)
    answer, 503 otherwise: for load balancers and monitoring. The body says
    which part is unavailable, never why (the log does)."""
    checks = {"database": _database_answers("default")}
    if replica_configured():
        checks["replica"] = _database_answers(REPLICA)
    if settings.REDIS_URL:
        checks["cache"] = _cache_answers()
    healthy = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{part: "ok" if ok else "unavailable" for part, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_answers(alias):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database %s did not answer.", alias, exc_info=True)
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


@requires_csrf_token
def server_error(request):
    """Django's handler500: a page for people, JSON under /api/, both with the
    request id that the error's log lines carry, so that a person reporting
    the error can be matched with them."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, UNAVAILABLE)
    status = 503 if unavailable else 500
    request_id = get_guid()
    if unavailable:
        message = _("The registry is briefly unavailable. Please try again in a moment.")
    else:
        message = _("Something went wrong on our side. The error has been logged.")
    if is_api(request):
        response = JsonResponse({"detail": message, "request_id": request_id}, status=status)
    else:
        response = HttpResponse(_error_page(request, message, request_id), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error_page(request, message, request_id):
    context = {"message": message, "request_id": request_id}
    try:
        return render_to_string("500.html", context, request=request)
    except Exception:  # the page itself failed: say it plainly
        logger.exception("The error page could not be rendered.")
        return f"{message} ({_('Request')} {request_id})"
