"""The methodology page: the features, the scale, the rules and how the data is
collected. Every number on it comes from the framework's settings through
research.framework, so the page never disagrees with the stored profiles' rules."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from entities.models import Entity
from research.framework import (
    FEATURE_CODES,
    NOT_ASSESSED_LABEL,
    SCORE_MEANINGS,
    Profile,
    ScoreLevel,
    is_practised,
    practising_threshold,
)
from research.models import Assessment, Feature
from research.reliability import agreement

from .figures import METHOD_DESCRIPTIONS, agreement_table, band_ranges

# Two made-up profiles that show the rules at work with the current settings.
EXAMPLES = (
    (_("Entity A"), (3, 2, 1, 2, 0, 2, 3)),
    (_("Entity B"), (3, 3, None, 2, None, 1, 2)),
)


def methodology(request):
    features = list(Feature.objects.all())  # the one query of the page
    threshold = practising_threshold()
    names = {feature.code: feature.name for feature in features}
    context = {
        "features": features,
        "threshold": threshold,
        "levels": [
            {
                "value": level.value,
                "label": level.label,
                "meaning": SCORE_MEANINGS[level],
                "practised": is_practised(level.value),
            }
            for level in reversed(ScoreLevel)
        ],
        "not_assessed_label": NOT_ASSESSED_LABEL,
        "bands": band_ranges(),
        "feature_count": len(FEATURE_CODES),
        "examples": examples(features, names),
        "methods": [
            (label, METHOD_DESCRIPTIONS.get(value, ""))
            for value, label in Assessment.Method.choices
        ],
        # Cached by research.reliability until a pair of assessments changes.
        "agreement": agreement_table(agreement(), features),
        "private_fields": [
            Entity._meta.get_field(name).verbose_name for name in Entity.PRIVATE_FIELDS
        ],
    }
    return render(request, "pages/methodology.html", context)


def examples(features, names):
    rows = []
    for label, scores in EXAMPLES:
        profile = Profile.from_scores(dict(zip(FEATURE_CODES, scores, strict=True)))
        rows.append(
            {
                "label": label,
                "scores": [profile.scores[feature.code] for feature in features],
                "practised": profile.features_practised,
                "lacking": [names[code] for code in profile.lacking],
                "not_assessed": [
                    names[code] for code, score in profile.scores.items() if score is None
                ],
                "band": profile.band.label,
            }
        )
    return rows
