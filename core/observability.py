"""What the registry tells its operators: one log line per request, and the
security events, each with the request id (django-guid) that ties them to the
request log and to the X-Request-ID header the client saw."""

import contextlib
import logging
import time

from django.db import connections
from django.utils.functional import SimpleLazyObject, empty

from core.client_address import client_address

request_log = logging.getLogger("sse_registry.requests")
security_log = logging.getLogger("sse_registry.security")


def security_event(event, message, *, level=logging.INFO, **fields):
    """Log a security event: ``event`` names its kind for alerting and search
    (login_failed, locked_out, access_refused, import_confirmed, published…),
    ``fields`` say who and what. In JSON logs each field is a key of its own."""
    details = " ".join(f"{name}={value}" for name, value in fields.items())
    security_log.log(level, f"{message} {details}".strip(), extra={"event": event, **fields})


class RequestLogMiddleware:
    """Logs each request once it is answered: client address, method, path,
    status, duration and the number of SQL queries it ran on every database. A
    streamed answer (the CSV export) is logged when its headers leave, before
    its rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "queries": counter.count,
            "user": _user_id(request),
            "client": client_address(request),
        }
        request_log.info(
            "%s %s %s %s %.1fms %dq",
            fields["client"],
            request.method,
            request.get_full_path(),
            response.status_code,
            duration_ms,
            counter.count,
            extra=fields,
        )
        return response


def _user_id(request):
    """The signed-in user's id, if the request already looked them up (the
    log line costs no query of its own)."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user.pk if user is not None and user.is_authenticated else None


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
