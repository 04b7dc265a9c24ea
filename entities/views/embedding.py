"""What the public pages and their embedded views share: which page has
which embedded view (/embed/…), the ``<iframe>`` that shows one on another
site, and the words of an embedded view's frame (the link back to the full
page, the filters in force).

The embedded views themselves are beside their pages (listing, map,
tapestry), each a compact, read-only rendering of the page's own figures;
``core.embedding.embeddable`` makes them framable and cacheable. The oEmbed
endpoint (entities.views.oembed) answers with the same ``<iframe>``.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# Parameters an embedded view leaves out: it shows the first page.
NOT_EMBEDDED = ("page", "page_size")
DEFAULT_WIDTH = 600


@dataclass(frozen=True)
class Embed:
    page: str  # the full page's URL name
    embed: str  # the embedded view's URL name
    height: int  # the iframe's height, in CSS pixels
    title: str  # what the iframe shows, for its title and oEmbed's


EMBEDS = {
    embed.page: embed
    for embed in (
        Embed("entity-list", "embed-list", 520, _("Published SSE entities")),
        Embed("entity-map", "embed-map", 560, _("Map of SSE entities")),
        Embed("tapestry", "embed-tapestry", 560, _("Tapestry of SSE entities")),
        Embed("entity-detail", "embed-entity", 460, _("An SSE entity's seven features")),
    )
}
BY_EMBED = {embed.embed: embed for embed in EMBEDS.values()}


def embedded_query(query):
    """The query string of ``query`` (a QueryDict or a string) an embedded
    view takes: the filters, without paging and empty values."""
    params = query if isinstance(query, QueryDict) else QueryDict(query)
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value.strip()]
        if name not in NOT_EMBEDDED and values:
            kept.setlist(name, values)
    return kept.urlencode()


def embed_path(page, query="", args=()):
    """The address of the embedded view of ``page`` (a URL name), in the
    current language, with the page's filters."""
    path = reverse(EMBEDS[page].embed, args=args)
    query = embedded_query(query)
    return f"{path}?{query}" if query else path


def iframe(src, *, title, width=None, height):
    """The ``<iframe>`` a partner pastes: ``width`` None is the full width of
    its column."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:1px solid #d5dae1;max-width:100%" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>',
        src,
        "100%" if width is None else width,
        height,
        title,
    )


def embed_snippet(request, page, title=None, args=()):
    """For the "Embed this" disclosure of a page: the absolute address of its
    embedded view with the page's filters, and the ``<iframe>`` to paste."""
    embed = EMBEDS[page]
    src = request.build_absolute_uri(embed_path(page, request.GET, args))
    title = title or embed.title
    return {"src": src, "html": iframe(src, title=title, height=embed.height)}


def back_link(request, page, args=()):
    """The full page an embedded view shows, with its filters, as an
    absolute address (it opens outside the frame)."""
    path = reverse(page, args=args)
    query = embedded_query(request.GET)
    return request.build_absolute_uri(f"{path}?{query}" if query else path)
