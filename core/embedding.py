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
by browsers and shared caches for ``EMBED_CACHE_SECONDS``.
"""

import functools

from csp.decorators import csp_replace
from django.conf import settings
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
        response = framed(request, *args, **kwargs)
        seconds = settings.EMBED_CACHE_SECONDS
        if response.status_code == 200 and seconds:
            patch_cache_control(response, public=True, max_age=seconds)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    return xframe_options_exempt(wrapper)
