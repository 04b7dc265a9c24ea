"""The head's oEmbed discovery link of a public page that has an embedded
view (entities.views.oembed)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, title):
    """``<link rel="alternate" type="application/json+oembed">`` naming the
    oEmbed answer for the page being read, with its filters."""
    request = context["request"]
    query = urlencode({"url": request.build_absolute_uri(), "format": "json"})
    href = request.build_absolute_uri(f"{reverse('oembed')}?{query}")
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">', href, title
    )
