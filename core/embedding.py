"""Views that other sites may frame: the embedded views of the public pages.

Every other answer refuses to be framed (``X-Frame-Options: DENY`` and the
Content-Security-Policy's ``frame-ancestors 'none'``, the settings'
defaults). ``embeddable`` lifts both for one view: its answer carries
``frame-ancestors`` with the registry itself and the origins of
``EMBED_FRAME_ANCESTORS`` (any site, ``*``, when that is empty) and no
X-Frame-Options, which cannot name an origin and would override it in older
browsers.

An embedded view is the same for every reader: it sets no cookie (no session,
no CSRF token, no language: the address carries the language) and may be kept
by browsers and shared caches for ``EMBED_CACHE_SECONDS``. What it cannot
find (an entity withdrawn since a partner embedded it) is a 404 the frame
still shows, saying so, rather than the browser's refusal to frame it.
"""

import functools

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt


def frame_ancestors():
    """The CSP ``frame-ancestors`` sources of an embedded view."""
    origins = settings.EMBED_FRAME_ANCESTORS
    if not origins:
        return ["*"]
    return ["'self'", *origins]


def embeddable(view):
    """Let ``view``'s answers be framed by the embedding sites, and cached by
    anyone; the settings are read on each request."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        framed = csp_replace({"frame-ancestors": frame_ancestors()})(view)
        try:
            response = framed(request, *args, **kwargs)
        except Http404:
            response = csp_replace({"frame-ancestors": frame_ancestors()})(not_found)(request)
        seconds = settings.EMBED_CACHE_SECONDS
        if response.status_code == 200 and seconds:
            patch_cache_control(response, public=True, max_age=seconds)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    return xframe_options_exempt(wrapper)


def not_found(request):
    home = request.build_absolute_uri(reverse("home"))
    return render(request, "embeds/not_found.html", {"full_page": home}, status=404)
