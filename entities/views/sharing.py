"""Sharing an entity's or a country's page: its address to copy, the Open
Graph and Twitter card metadata that social media read from its head, and
its preview image (/og/entity/<id>.png, /og/country/<code>.png): the page's
subject and its seven-feature profile drawn as SVG (entities.preview_images)
and rasterised to PNG (core.rasterise), cached per published-data version.

Without a PNG engine the images are a 503, like the charts' PNG files, and
the pages name no image. Thai and Khmer, which the engine cannot shape, get
the English image (core.rasterise.UNSHAPED_LANGUAGES).
"""

import unicodedata

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from core import rasterise
from core.freshness import cached_figure
from core.limits import refusal
from entities.models import Country, Entity
from entities.preview_images import SCORE_FILLS, Bar, preview_svg
from entities.statistics import statistics
from research.charts import draws_unshaped
from research.framework import NOT_ASSESSED_LABEL, SCORE_MAX, Band, whole_percent
from research.models import Feature, Score

# og:locale of each language (language_TERRITORY, as Open Graph asks).
OG_LOCALES = {
    "en": "en_US",
    "km": "km_KH",
    "ky": "ky_KG",
    "mn": "mn_MN",
    "th": "th_TH",
    "vi": "vi_VN",
}
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
# Browsers and shared caches keep an image this long; the server's cache
# keeps it until the published data changes.
IMAGE_MAX_AGE = 3600


def image_language():
    """The language a preview image is drawn in: the reader's, or English
    where the PNG engine cannot shape its script."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE if language in rasterise.UNSHAPED_LANGUAGES else language


def share_context(request, *, title, description, image_view, image_args, image_alt):
    """What a shared page's head and its "Copy link" show: its address (the
    page alone, without a query), its title and description, its preview
    image (None without a PNG engine) and the locales."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    image = None
    if rasterise.available():
        with translation.override(image_language()):
            image = request.build_absolute_uri(reverse(image_view, args=image_args))
    return {
        "url": request.build_absolute_uri(request.path),
        "title": title,
        "description": description,
        "image": image,
        "image_alt": image_alt,
        "image_width": IMAGE_WIDTH,
        "image_height": IMAGE_HEIGHT,
        "site_name": settings.SITE_NAME,
        "locale": OG_LOCALES.get(language, OG_LOCALES["en"]),
        "alternate_locales": [locale for code, locale in OG_LOCALES.items() if code != language],
    }


def entity_description(entity):
    """A sentence about a published entity, for its shared page."""
    values = {
        "type": entity.entity_type.name,
        "country": entity.country.name,
        "count": entity.features_practised,
    }
    if entity.features_practised is None:
        return _("%(type)s in %(country)s, not assessed yet on the seven SSE features.") % values
    return (
        ngettext(
            "%(type)s in %(country)s, practising %(count)s of the seven SSE features.",
            "%(type)s in %(country)s, practising %(count)s of the seven SSE features.",
            entity.features_practised,
        )
        % values
    )


def country_description(country, entities, all_seven):
    values = {"country": country.name, "count": entities, "all": all_seven}
    return (
        ngettext(
            "%(count)s published SSE entity in %(country)s; %(all)s practise all seven features.",
            "%(count)s published SSE entities in %(country)s; %(all)s practise all seven "
            "features.",
            entities,
        )
        % values
    )


# --- The images ------------------------------------------------------------------


def png_response(request, drawing_kind, queryset, key, draw):
    """The PNG of ``draw()`` (SVG text), cached for the published data of
    ``queryset`` and ``key``; a 503 without a PNG engine."""
    if not rasterise.available():
        return no_png(request)
    try:
        content = cached_figure(
            drawing_kind, queryset, lambda: rasterise.png(draw(), scale=1), key=key
        )
    except rasterise.PngUnavailable:
        return no_png(request)
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return response


def no_png(request):
    return refusal(
        request,
        503,
        _("PNG not available"),
        _("This server cannot make PNG files (no PNG engine is installed)."),
    )


def drawn_name(name):
    """``name`` as the image draws it, or None when the PNG engine could not
    draw its script."""
    name = unicodedata.normalize("NFC", str(name))
    return name if draws_unshaped(name) else None


@require_safe
def entity_image(request, pk):
    entity = get_object_or_404(
        Entity.objects.published().select_related("country", "entity_type"), pk=pk
    )
    language = image_language()

    def draw():
        with translation.override(language):
            return entity_svg(entity)

    published = Entity.objects.published().filter(country_id=entity.country_id)
    return png_response(request, "og-entity", published, ("entity", entity.pk, language), draw)


def entity_svg(entity):
    scores = {}
    if entity.current_assessment_id:
        scores = {
            score.feature_id: score.score
            for score in Score.objects.filter(assessment_id=entity.current_assessment_id)
        }
    bars = []
    for feature in Feature.objects.all():
        score = scores.get(feature.pk)
        bars.append(
            Bar(
                label=feature.name,
                fraction=None if score is None else score / SCORE_MAX,
                text=str(NOT_ASSESSED_LABEL) if score is None else f"{score} / {SCORE_MAX}",
                fill=SCORE_FILLS.get(score, SCORE_FILLS[3]),
            )
        )
    kind = f"{entity.entity_type.name} · {entity.country.name}"
    title = drawn_name(entity.name) or kind
    if entity.features_practised is None:
        note = _("Not assessed yet")
    else:
        note = _("Practises %(count)s of 7 features") % {"count": entity.features_practised}
    return preview_svg(
        title=title,
        subtitle=kind,
        note=note,
        bars=bars,
        caption=_("Score on each of the seven features (0–3)"),
    )


@require_safe
def country_image(request, code):
    stored_code = Country.stored_code(code)
    if stored_code is None:
        raise Http404
    country = get_object_or_404(Country, pk=stored_code)
    language = image_language()
    published = Entity.objects.published().filter(country=country)

    def draw():
        with translation.override(language):
            return country_svg(country, statistics(published))

    return png_response(request, "og-country", published, ("country", country.pk, language), draw)


def country_svg(country, figures):
    bars = []
    for feature in Feature.objects.all():
        figure = figures["features"][feature.code]
        fraction = figure["share_practising"]
        bars.append(
            Bar(
                label=feature.name,
                fraction=fraction,
                text="–" if fraction is None else f"{whole_percent(fraction)}%",
            )
        )
    entities = figures["entities"]
    all_seven = figures["by_band"].get(Band.ALL.value, 0)
    return preview_svg(
        title=country.name,
        subtitle=country_description(country, entities, all_seven),
        note=country.get_phase_display(),
        bars=bars,
        caption=_("Share of the assessed entities practising each feature"),
    )
