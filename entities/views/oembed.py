"""oEmbed (https://oembed.com): /oembed?url=<a page of the registry> answers
with the ``<iframe>`` of that page's embedded view, so that a site that
reads oEmbed (a CMS, a blog) embeds a link pasted into it.

Any address of the entity list, the map, the tapestry or a published
entity's page, in any language and with any filters, on this site (its
host as requested, or SITE_URL's). Also the embedded views' own addresses.
- a missing ``url`` or a bad ``maxwidth``/``maxheight``: 400;
- an address of another site, or of a page with no embedded view: 404;
- ``format`` other than json (xml included): 501, as the specification says.

Errors are JSON, ``{"detail": …}``, as the API's. ``maxwidth`` and
``maxheight`` are honoured as the specification asks: the iframe is never
larger than either (600 px wide by default, its height the embedded view's).

The public pages name this endpoint in their head (the discovery link,
``oembed_discovery``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from entities.models import Entity

from .embedding import BY_EMBED, DEFAULT_WIDTH, EMBEDS, embed_path, iframe

VERSION = "1.0"
FORMATS = ("json", "xml")  # the specification's two; only json is served


class NotEmbeddable(Exception):
    """An address of another site, or of no page with an embedded view."""


def own_hosts(request):
    hosts = {request.get_host().lower()}
    hosts.add(urlsplit(settings.SITE_URL).netloc.lower())
    return hosts


def embed_for(request, url):
    """(the Embed, the embedded view's absolute address, its title) of the
    page at ``url``; NotEmbeddable when there is none."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in own_hosts(request):
        raise NotEmbeddable
    path = parts.path or "/"
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            raise NotEmbeddable from None
        embed = EMBEDS.get(match.view_name) or BY_EMBED.get(match.view_name)
        if embed is None:
            raise NotEmbeddable
        args = ()
        title = str(embed.title)
        if embed.page == "entity-detail":
            entity = Entity.objects.published().filter(pk=match.kwargs["pk"]).only("name").first()
            if entity is None:
                raise NotEmbeddable
            args = (entity.pk,)
            title = entity.name
        src = request.build_absolute_uri(embed_path(embed.page, parts.query, args))
    return embed, src, title


def size(request, name):
    """``maxwidth`` or ``maxheight`` as a whole number, or None; ValueError
    when it is not one."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) <= 10_000:
        raise ValueError(name)
    return int(value)


def error(status, message):
    return JsonResponse({"detail": message}, status=status)


@require_safe
def oembed(request):
    url = request.GET.get("url", "")
    if not url.strip():
        return error(400, _("url: the address of a page to embed."))
    fmt = request.GET.get("format", "json").strip().lower() or "json"
    if fmt != "json":
        return error(501, _("format: only json is served."))
    try:
        max_width, max_height = size(request, "maxwidth"), size(request, "maxheight")
    except ValueError as refused:
        return error(
            400, _("%(name)s: a whole number of pixels, e.g. 600.") % {"name": refused.args[0]}
        )
    try:
        embed, src, title = embed_for(request, url)
    except NotEmbeddable:
        return error(404, _("No page of this site that can be embedded has this address."))
    width = DEFAULT_WIDTH if max_width is None else min(DEFAULT_WIDTH, max_width)
    height = embed.height if max_height is None else min(embed.height, max_height)
    response = JsonResponse(
        {
            "version": VERSION,
            "type": "rich",
            "html": str(iframe(src, title=title, width=width, height=height)),
            "width": width,
            "height": height,
            "title": title,
            "provider_name": settings.SITE_NAME,
            "provider_url": request.build_absolute_uri(reverse("home")),
            "cache_age": settings.EMBED_CACHE_SECONDS,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    if settings.EMBED_CACHE_SECONDS:
        patch_cache_control(response, public=True, max_age=settings.EMBED_CACHE_SECONDS)
    return response
