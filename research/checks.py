from django.conf import settings
from django.core.checks import Error, register

from .framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN


@register()
def framework_settings_check(app_configs, **kwargs):
    errors = []
    threshold = settings.SSE_PRACTISING_THRESHOLD
    most_min = settings.SSE_BAND_MOST_MIN
    some_min = settings.SSE_BAND_SOME_MIN
    if not SCORE_MIN < threshold <= SCORE_MAX:
        errors.append(
            Error(
                f"SSE_PRACTISING_THRESHOLD must be between {SCORE_MIN + 1} and {SCORE_MAX}.",
                id="research.E001",
            )
        )
    if not 1 <= some_min < most_min < len(FEATURE_CODES):
        errors.append(
            Error(
                "Band limits must satisfy 1 <= SSE_BAND_SOME_MIN < SSE_BAND_MOST_MIN < 7.",
                id="research.E002",
            )
        )
    return errors
