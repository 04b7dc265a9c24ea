"""HTTP caching of the public answers, by the published-data version.

Published data changes a few times a day, so almost every public answer can
be served again as it was. For an anonymous GET (or HEAD) of a public page or
of the API, this middleware works out, before any view runs, a *validator*:
a digest of the address (path and query), the headers the answer varies on,
the code's build (``BUILD``) and the published-data version of what the
answer shows (core.freshness: the versions of the countries a request names,
as the apps tell with ``scopes_for_requests``, else the whole's). Then:

- a request for a page whose ``If-None-Match`` names that validator is
  answered 304 without rendering anything;
- an answer rendered for that validator before is served from the shared
  cache, so a popular page or API answer is rendered once per data change;
- the API's answers pass its rate limits first (the throttles its views
  use): a request naming the validator is answered 304 after that, and a
  kept answer served only to a client within its limit (one over it gets
  the view's 429);
- a new answer (200, setting no cookie, with no session or CSRF token used)
  is sent with ``ETag`` and ``Cache-Control: public, max-age=…,
  stale-while-revalidate=…`` (settings ``HTTP_CACHE_MAX_AGE``,
  ``HTTP_CACHE_STALE``) and kept in the shared cache (unless
  ``HTTP_CACHE_PAGES`` is off, or it streams, or it is over 2 MB).

Anything personal (a signed-in user, a token, the admin) is answered
``Cache-Control: private, no-store``. ``Vary`` names ``Accept`` and
``HX-Request`` (and ``Accept-Language`` for the API, whose address does not
carry a language). A proxy in front (docs/deploy.md) may serve the public
answers itself and revalidate them with ``If-None-Match``.
"""

import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.settings import api_settings

from .freshness import cache_call, current_version

logger = logging.getLogger(__name__)

CACHE_PREFIX = "page"
# Answers larger than this are not kept server-side (a proxy may keep them).
LARGEST_KEPT = 2 * 1024 * 1024
VARY = ("Accept", "HX-Request")
API_PREFIX = "/api/"
PRIVATE_PREFIXES = ("/admin/", "/i18n/", "/accounts/")


def _build():
    """A digest of the code and templates this process runs: a new release
    gives every answer a new validator. Their names, sizes and times of
    change, so that every process of one installation agrees."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".json", ".txt")):
                stat = (Path(folder) / name).stat()
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


SKIPPED = {"node_modules", "staticfiles", "build", "media", "__pycache__", "tests", "locale_src"}
_built = None


def build():
    global _built
    if _built is None:
        _built = getattr(settings, "HTTP_CACHE_BUILD", "") or _build()
    return _built


# Functions that tell which scopes (countries) a request's answer shows, or
# None when they can't tell (the whole published data), registered by the
# apps that know their addresses (entities.freshness).
_request_finders = []


def scopes_for_requests(finder):
    """Register ``finder(request)``: the scopes of the published data the
    answer to ``request`` shows, or None if it can't tell."""
    if finder not in _request_finders:
        _request_finders.append(finder)
    return finder


def request_scopes(request):
    for finder in _request_finders:
        scopes = finder(request)
        if scopes is not None:
            return scopes
    return None


def is_personal(request):
    """Whether the answer is someone's own: a signed-in user, a token, the admin."""
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session: nobody signed in
    # Read by a store of its own, leaving the request's untouched: a use of
    # that would add "Vary: Cookie" (which no shared cache can use) and drop
    # the cookie of a session that has expired.
    return SESSION_KEY in type(session)(session.session_key).load()


def varies_on(request):
    headers = [*VARY]
    if request.path_info.startswith(API_PREFIX):
        headers.append("Accept-Language")
    return headers


def validator(request):
    """The ETag of the answer to ``request`` at the current version, or None
    when the cache can't say what the version is."""
    version = current_version(request_scopes(request))
    if version is None:
        return None
    parts = [build(), str(version), request.build_absolute_uri()]
    parts += [f"{name}={request.headers.get(name, '')}" for name in varies_on(request)]
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def _matches(request, etag):
    given = request.META.get("HTTP_IF_NONE_MATCH", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in given.split(",")) or given == "*"


class PublicCacheMiddleware:
    """See the module's docstring. Placed after the authentication, the
    language and the request limits, so that what it serves passes through
    every other middleware's answer processing as a rendered answer would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or is_personal(request):
            response = self.get_response(request)
            if is_personal(request):
                patch_cache_control(response, private=True, no_store=True)
            return response
        etag = validator(request)
        if etag is None:
            return self.get_response(request)
        api = request.path_info.startswith(API_PREFIX)
        if not api and _matches(request, etag):
            return self._headers(request, HttpResponseNotModified(), etag)
        key = f"{CACHE_PREFIX}:{etag}"
        kept = cache_call(cache.get, key) if settings.HTTP_CACHE_PAGES else None
        if kept is not None and (not api or within_rate_limits(request)):
            status, content_type, headers, body = kept
            response = HttpResponse(body, status=status, content_type=content_type)
            for name, value in headers:
                response[name] = value
        else:
            response = self.get_response(request)
            if not self._cacheable(request, response):
                return response
            self._keep(key, response)
        if api and _matches(request, etag):
            response = HttpResponseNotModified()
        return self._headers(request, response, etag)

    @staticmethod
    def _keep(key, response):
        if (
            settings.HTTP_CACHE_PAGES
            and not response.streaming
            and len(response.content) <= LARGEST_KEPT
        ):
            headers = [
                (name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS
            ]
            cache_call(
                cache.set,
                key,
                (response.status_code, response["Content-Type"], headers, response.content),
                settings.HTTP_CACHE_KEPT_SECONDS,
            )

    @staticmethod
    def _cacheable(request, response):
        return (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(getattr(request, "session", None), "modified", False)
            and not response.has_header("Cache-Control")  # a view that said otherwise
            and not response.has_header("ETag")  # a view with a validator of its own
        )

    @staticmethod
    def _headers(request, response, etag):
        response["ETag"] = etag
        patch_cache_control(
            response,
            public=True,
            max_age=settings.HTTP_CACHE_MAX_AGE,
            stale_while_revalidate=settings.HTTP_CACHE_STALE,
        )
        patch_vary_headers(response, varies_on(request))
        return response


# The headers a view set that a kept answer is served again with (the rest,
# such as the security headers, the outer middleware adds to every answer).
KEPT_HEADERS = {
    "access-control-allow-origin",
    "allow",
    "content-disposition",
    "content-language",
    "link",
    "x-data-as-of",
    "x-robots-tag",
    "x-unplaced-count",
}


def within_rate_limits(request):
    """Whether an anonymous API client is within the API's rate limits, the
    request counted as the views' throttles would count it. One over a limit
    is left to the view, whose throttle refuses it with its 429 (a refusal
    is not counted, so it is not counted twice)."""
    return all(
        throttle().allow_request(request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )
