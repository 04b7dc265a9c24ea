"""The features' texts are data, translated per language (django-modeltranslation):
each field below gets one column per language of settings.LANGUAGES, and reading
``feature.name`` gives the active language's text, or English when it has none."""

from modeltranslation.translator import TranslationOptions, register

from .models import Feature


@register(Feature)
class FeatureTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "definition",
        "guidance_absent",
        "guidance_emerging",
        "guidance_substantial",
        "guidance_full",
        "adoption_guidance",
    )
    # The name is unique in every language: a missing translation is stored as
    # NULL rather than "", so that untranslated names never collide.
    empty_values = {"name": None}
