"""The countries' own recommendations are data translated per language
(django-modeltranslation), as the features' texts are (research.translation):
``recommendation.text`` reads the active language's text, or English.

Their history is registered here, after the translation: a historical model
made from the model before its translated columns exist would record only
the text of whichever language was active when it was saved."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Country,
    CountryRecommendation,
    EntityType,
    Sector,
    SustainableDevelopmentGoal,
)


@register(CountryRecommendation)
class CountryRecommendationTranslationOptions(TranslationOptions):
    fields = ("text",)
    # English is required (the fallback of every language); the others may be empty.
    required_languages = ("en",)


register_history(CountryRecommendation, app=__package__)


# The reference data's names are translated the same way; the API and the CSV
# give the English ones (the untranslated column), the pages the reader's.
# A name is unique in every language, so a missing translation is NULL.
@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = {"name": None}


@register(EntityType)
class EntityTypeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
    empty_values = {"name": None}


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = {"name": None}


@register(SustainableDevelopmentGoal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = {"name": None}
