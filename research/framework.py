"""The seven-feature framework's rules: when a feature is practised, how many,
what is lacking, which band an entity falls in, and how a share of entities is
rounded.

Every caller (admin, API, pages, exports, demo data) derives profiles through
this module, so a rule such as the practising threshold has exactly one home.
Each rule is here in every form the code needs: on Python values, as a filter
on the entities' stored scores, and as SQL for the export PostgreSQL writes.
The threshold and band limits are settings (see sse_registry/settings.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Stable identifiers of the seven features, in their canonical order. They name
# API fields, CSV columns and URL parameters; names and texts are data (Feature).
FEATURE_CODES = (
    "economic_activity",
    "collective_interest",
    "voluntary_cooperation",
    "mutual_aid",
    "democratic_governance",
    "autonomy",
    "people_over_capital",
)


class ScoreLevel(models.IntegerChoices):
    ABSENT = 0, _("Absent")
    EMERGING = 1, _("Emerging")
    SUBSTANTIAL = 2, _("Substantial")
    FULL = 3, _("Full")


# What each level means, whatever the feature (the methodology page, the
# registry's vocabulary of score levels).
SCORE_MEANINGS = {
    ScoreLevel.ABSENT: _("No sign of it, or evidence of the opposite."),
    ScoreLevel.EMERGING: _("Practised informally or only in part."),
    ScoreLevel.SUBSTANTIAL: _("Practised as a rule, with some gaps."),
    ScoreLevel.FULL: _("Built into rules or bylaws and regular practice, with evidence."),
}

SCORE_MIN = ScoreLevel.ABSENT.value
SCORE_MAX = ScoreLevel.FULL.value
NOT_ASSESSED_LABEL = _("Not assessed")


class Band(models.TextChoices):
    ALL = "all", _("All seven")
    MOST = "most", _("Most")
    SOME = "some", _("Some")
    NONE = "none", _("None")
    # At least one feature without a score, whatever the others. The value is
    # the API's since version 1 and stays; people read the label everywhere.
    UNASSESSED = "unassessed", _("Not fully assessed")


def score_field(code):
    """Name of the Entity column that holds the current score of a feature."""
    return f"score_{code}"


def practising_threshold():
    return settings.SSE_PRACTISING_THRESHOLD


def is_practised(score):
    return score is not None and score >= practising_threshold()


def is_lacking(score):
    """Assessed and below the threshold: a feature not assessed is not lacking."""
    return score is not None and score < practising_threshold()


def lacking_features(scores):
    """The codes of ``scores`` (code -> score) whose feature is lacking, in its
    order. Called for every row of a list or export: the threshold is read once."""
    threshold = practising_threshold()
    return [code for code, score in scores.items() if score is not None and score < threshold]


def practising_q(*codes):
    """Entities that practise every one of ``codes``, by their stored scores."""
    threshold = practising_threshold()
    return Q(**{f"{score_field(code)}__gte": threshold for code in codes})


def lacking_q(*codes):
    """Entities assessed on, and below the threshold for, every one of ``codes``
    (a score not assessed is NULL, which no comparison selects)."""
    threshold = practising_threshold()
    return Q(**{f"{score_field(code)}__lt": threshold for code in codes})


def lacking_sql(column):
    """SQL that is true where the score in ``column`` (a quoted column or
    alias) is lacking; NULL, never true, where it is not assessed."""
    return f"{column} < {int(practising_threshold())}"


def band_for(practised, fully_assessed):
    if not fully_assessed:
        return Band.UNASSESSED
    if practised == len(FEATURE_CODES):
        return Band.ALL
    if practised >= settings.SSE_BAND_MOST_MIN:
        return Band.MOST
    if practised >= settings.SSE_BAND_SOME_MIN:
        return Band.SOME
    return Band.NONE


@dataclass(frozen=True)
class Profile:
    """One entity's scores on the seven features (None: not assessed)."""

    scores: Mapping[str, int | None]

    @classmethod
    def from_scores(cls, scores):
        unknown = set(scores) - set(FEATURE_CODES)
        if unknown:
            raise ValueError(f"Unknown feature codes: {sorted(unknown)}")
        return cls({code: scores.get(code) for code in FEATURE_CODES})

    @classmethod
    def empty(cls):
        return cls.from_scores({})

    @property
    def assessed(self):
        return [code for code, score in self.scores.items() if score is not None]

    @property
    def practised(self):
        return [code for code, score in self.scores.items() if is_practised(score)]

    @property
    def lacking(self):
        """Assessed features scored below the threshold; unassessed ones are not lacking."""
        return lacking_features(self.scores)

    @property
    def features_practised(self):
        """How many features are practised, or None when nothing is assessed."""
        if not self.assessed:
            return None
        return len(self.practised)

    @property
    def fully_assessed(self):
        return len(self.assessed) == len(FEATURE_CODES)

    @property
    def band(self):
        return band_for(len(self.practised), self.fully_assessed)


# --- Shares ----------------------------------------------------------------------
# A share is a part of a whole as a fraction (0–1): of the entities assessed on a
# feature, those that practise it; of all entities, those practising all seven.
# With nothing to share out there is no share (None), never 0 %. Each output
# keeps the rounding it has always published: the API's figures to SHARE_DIGITS
# decimals, the pages' percentages to a whole percent as Python rounds (half to
# even), the tapestry's cells to a whole percent half up (their shade follows
# the number written), computed as 100 × part / whole so that 29 of 200 is 15 %.

SHARE_DIGITS = 4  # e.g. 0.6667

# Below this many assessed entities a share rests on too few to be compared
# without a word of caution (the comparison of countries, the region maps).
FEW_ASSESSED = 30


def share(part, whole, digits=None):
    """``part`` of ``whole`` (0–1), rounded to ``digits`` decimals when given;
    None when ``whole`` is 0."""
    if not whole:
        return None
    if digits is None:
        return part / whole
    return round(part / whole, digits)


def whole_percent(fraction):
    """A share (0–1) as a whole percentage, half to even."""
    return round(fraction * 100)


def whole_percent_half_up(part, whole):
    """``part`` of ``whole`` as a whole percentage, half up; None when ``whole`` is 0."""
    return int(100 * part / whole + 0.5) if whole else None
