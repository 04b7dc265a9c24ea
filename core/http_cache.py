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
  while one request renders it, others for the same address are served the
  answer before it (with its own validator), as a proxy's "use stale while
  updating" would, rather than all render it at once;
- the API's answers pass its rate limits first (the throttles its views
  use): a request naming the validator is answered 304 after that, and a
  kept answer served only to a client within its limit (one over it gets
  the view's 429);
- ``If-Modified-Since`` without ``If-None-Match`` is answered by the
  ``Last-Modified`` date: the later of the published data's last change
  (any country's) and the code's;
- a new answer (200, setting no cookie, with no session or CSRF token used)
  is sent with ``ETag``, ``Last-Modified`` and ``Cache-Control: public, max-age=…,
  stale-while-revalidate=…`` (settings ``HTTP_CACHE_MAX_AGE``,
  ``HTTP_CACHE_STALE``) and kept in the shared cache (unless
  ``HTTP_CACHE_PAGES`` is off, or it is over 8 MB; a streamed answer once
  it has been sent whole).

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
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.settings import api_settings

from .freshness import cache_call, changed_at, current_version

logger = logging.getLogger(__name__)

CACHE_PREFIX = "page"
# Answers larger than this are not kept server-side (a proxy may keep them):
# a country's CSV of a few filters is several megabytes, and writing it again
# costs far more than reading it back.
LARGEST_KEPT = 8 * 1024 * 1024
# How long other requests for an answer being rendered are served the one
# before it, at most (when a render fails, the next request renders).
RENDERING_SECONDS = 30
VARY = ("Accept", "HX-Request")
API_PREFIX = "/api/"
PRIVATE_PREFIXES = ("/admin/", "/i18n/", "/accounts/")


def _build():
    """A digest of the code and templates this process runs: a new release
    gives every answer a new validator. Their names, sizes and times of
    change, so that every process of one installation agrees."""
    digest = hashlib.sha256()
    for path in _code_files():
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


SKIPPED = {
    "node_modules",
    "staticfiles",
    "build",
    "media",
    "__pycache__",
    "tests",
    "locale_src",
    "loadtest",
}
_built = None
_code_changed_at = None


def _code_files():
    root = Path(settings.BASE_DIR)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".json", ".txt")):
                yield Path(folder) / name


def code_changed_at():
    """When the code and templates this process runs last changed (a POSIX
    time): answers are as new as the data and the code that made them."""
    global _code_changed_at
    if _code_changed_at is None:
        _code_changed_at = max((path.stat().st_mtime for path in _code_files()), default=0)
    return _code_changed_at


def last_modified():
    """The answers' Last-Modified (a POSIX time): the later of the published
    data's last change and the code's; None when the cache holds no time for
    the data's current version (the ETag still serves)."""
    data = changed_at()
    return None if data is None else max(data.timestamp(), code_changed_at())


def _not_modified_since(request, modified):
    """A conditional request by date alone (If-None-Match takes precedence,
    as HTTP says) that the answer has not changed since."""
    if modified is None or "HTTP_IF_NONE_MATCH" in request.META:
        return False
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(modified) <= since


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


def address(request):
    """What an answer is of, whatever the data's version: the code's build,
    the absolute address (answers carry absolute links) and the headers the
    answer varies on."""
    parts = [build(), request.build_absolute_uri()]
    parts += [f"{name}={request.headers.get(name, '')}" for name in varies_on(request)]
    return "\n".join(parts)


def validator(request):
    """The ETag of the answer to ``request`` at the current version, or None
    when the cache can't say what the version is."""
    version = current_version(request_scopes(request))
    if version is None:
        return None
    return _etag(f"{version}\n{address(request)}")


def _etag(text):
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


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
        modified = last_modified()
        if not api and (_matches(request, etag) or _not_modified_since(request, modified)):
            return self._headers(request, HttpResponseNotModified(), etag, modified)
        key = f"{CACHE_PREFIX}:{etag}"
        latest = f"{CACHE_PREFIX}-latest:{_etag(address(request))}"
        kept = self._kept(key)
        rendering = f"{CACHE_PREFIX}-rendering:{etag}"
        renders, shown = False, etag  # shown: the validator of the answer sent
        if kept is None and settings.HTTP_CACHE_PAGES:
            renders = cache_call(cache.add, rendering, 1, RENDERING_SECONDS) is not False
            if not renders:
                # Another request renders this answer now: the one before it
                # meanwhile, with its own validator, rather than render it again.
                before = cache_call(cache.get, latest)
                kept = self._kept(f"{CACHE_PREFIX}:{before}") if before else None
                shown = before if kept is not None else etag
        if kept is not None and (not api or within_rate_limits(request)):
            status, content_type, headers, body = kept
            response = HttpResponse(body, status=status, content_type=content_type)
            for name, value in headers:
                response[name] = value
        else:
            shown = etag
            try:
                response = self.get_response(request)
            finally:
                if renders:
                    cache_call(cache.delete, rendering)
            if not self._cacheable(request, response):
                return response
            if modified is not None:
                response["Last-Modified"] = http_date(modified)
            self._keep(key, response, latest, etag)
        if api and (_matches(request, shown) or _not_modified_since(request, modified)):
            response = HttpResponseNotModified()
        return self._headers(request, response, shown, modified)

    @staticmethod
    def _kept(key):
        return cache_call(cache.get, key) if settings.HTTP_CACHE_PAGES else None

    @staticmethod
    def _keep(key, response, latest, etag):
        """Keep the answer under its validator, and which validator is the
        address's latest; a streamed answer once it has been sent whole."""
        if not settings.HTTP_CACHE_PAGES:
            return
        headers = [
            (name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS
        ]

        def store(body):
            kept = (response.status_code, response["Content-Type"], headers, body)
            cache_call(cache.set, key, kept, settings.HTTP_CACHE_KEPT_SECONDS)
            cache_call(cache.set, latest, etag, settings.HTTP_CACHE_KEPT_SECONDS)

        if not response.streaming:
            if len(response.content) <= LARGEST_KEPT:
                store(response.content)
            return
        response.streaming_content = _kept_once_sent(response.streaming_content, store)

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
    def _headers(request, response, etag, modified=None):
        response["ETag"] = etag
        if modified is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(modified)
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
    "last-modified",
    "allow",
    "content-disposition",
    "content-language",
    "link",
    "x-data-as-of",
    "x-robots-tag",
    "x-unplaced-count",
}


def _kept_once_sent(chunks, store):
    """The chunks of a streamed answer, passed on as they come, and the whole
    given to ``store`` once the last is sent, if it is no larger than
    LARGEST_KEPT (a client that went away leaves nothing kept)."""
    sent, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size <= LARGEST_KEPT:
            sent.append(chunk)
        yield chunk
    if size <= LARGEST_KEPT:
        store(b"".join(sent))


def within_rate_limits(request):
    """Whether an anonymous API client is within the API's rate limits, the
    request counted as the views' throttles would count it. One over a limit
    is left to the view, whose throttle refuses it with its 429 (a refusal
    is not counted, so it is not counted twice)."""
    return all(
        throttle().allow_request(request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )
