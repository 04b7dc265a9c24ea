"""The registry's own agreement figures: how well the independent second
assessments (workflow.independent) agree with the assessments they repeat.

Each first assessment with at least one submitted independent second is one
entity assessed twice (or more); on each feature, its unit is the first's
score followed by each second's (None where a feature was not assessed), the
units research.agreement measures. The summary adds each country's overall
figures, so that a report of one country and the methodology's table of all
of them read the same numbers.

The bootstrap costs about a second, so a summary is cached under a
fingerprint of the pairs it rests on (how many assessments, when the last
one changed, the threshold): a second submitted, edited, reconciled or
deleted gives a new fingerprint, and nothing else needs to say so. Not under
the published-data version: publishing an entity changes no pair, and would
only throw away a second of work.
"""

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Q

from core.freshness import cache_call, figure_timeout
from research.agreement import agreement_summary
from research.framework import FEATURE_CODES, practising_threshold
from research.models import Assessment, Score

# An entity's published status (entities.models.EntityStatus.PUBLISHED), named
# here as the database holds it: the figures are public, so they rest on
# published entities only, like every other public figure.
PUBLISHED_ENTITY = "published"


def independent_seconds(country=None):
    """The submitted independent second assessments of published entities
    (of ``country``'s, a country code or several, when given). An entity published or
    withdrawn changes their number, and so the fingerprint."""
    seconds = Assessment.objects.independent().filter(entity__status=PUBLISHED_ENTITY)
    if country is not None:
        codes = [country] if isinstance(country, str) else sorted(country)
        seconds = seconds.filter(entity__country_id__in=codes)
    return seconds


def _pairs(country):
    """{first assessment id: (country code, entity id, [second ids in order])}."""
    pairs = {}
    rows = (
        independent_seconds(country)
        .order_by("independent_of_id", "pk")
        .values_list("independent_of_id", "pk", "entity__country_id", "entity_id")
    )
    for first, second, code, entity in rows:
        pairs.setdefault(first, (code, entity, []))[2].append(second)
    return pairs


def _scores_of(assessment_ids):
    """{assessment id: {feature code: score}} of the given assessments."""
    scores = defaultdict(dict)
    rows = Score.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "feature_id", "score"
    )
    for assessment, feature, score in rows:
        scores[assessment][feature] = score
    return scores


def _units_by_country(country):
    """{country code: (entity ids, units_by_feature)}: two queries."""
    pairs = _pairs(country)
    ids = [*pairs, *(second for _, _, seconds in pairs.values() for second in seconds)]
    scores = _scores_of(ids)
    by_country = {}
    for first, (code, entity, seconds) in sorted(pairs.items()):
        entities, units = by_country.setdefault(code, (set(), {f: [] for f in FEATURE_CODES}))
        entities.add(entity)
        for feature in FEATURE_CODES:
            units[feature].append(
                [scores[assessment].get(feature) for assessment in (first, *seconds)]
            )
    return by_country


def paired_units(country=None):
    """The units of every first assessment that has a submitted independent
    second (of ``country``'s entities when given): feature code -> one unit per
    such first, [its score, each second's score], None for not assessed."""
    return _merged(_units_by_country(country).values())


def _merged(of_countries):
    """One units_by_feature of several countries' (entity ids, units_by_feature)."""
    units = {feature: [] for feature in FEATURE_CODES}
    for _, by_feature in of_countries:
        for feature, feature_units in by_feature.items():
            units[feature].extend(feature_units)
    return units


def _summary(country):
    """research.agreement's summary of ``country``'s pairs (all when None),
    with how many entities they cover, and each country's overall figures."""
    by_country = _units_by_country(country)
    countries = {}
    for code, (entities, by_feature) in sorted(by_country.items()):
        pooled = [unit for feature_units in by_feature.values() for unit in feature_units]
        countries[code] = {
            "n_entities": len(entities),
            **agreement_summary({"all": pooled})["overall"],
        }
    return {
        "n_entities": len(set().union(*(entities for entities, _ in by_country.values()))),
        **agreement_summary(_merged(by_country.values())),
        "countries": countries,
    }


def fingerprint(country=None):
    """What the summary of ``country`` rests on, read in one query: how many
    independent seconds and the firsts they repeat, the last time one of them
    changed (their scores change only with them), and the threshold."""
    seconds = independent_seconds(country)
    figures = Assessment.objects.filter(
        Q(pk__in=seconds.values("pk")) | Q(pk__in=seconds.values("independent_of_id"))
    ).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (
        country,
        figures["n"],
        None if figures["latest"] is None else figures["latest"].isoformat(),
        practising_threshold(),
    )


def agreement(country=None):
    """The agreement between assessors of ``country``'s entities (a country
    code; every country's when None): research.agreement.agreement_summary of
    paired_units, with ``n_entities`` (the entities assessed twice) and
    ``countries`` (code -> n_entities and the overall figures of that
    country). Cached until the pairs change."""
    digest = hashlib.sha256(repr(fingerprint(country)).encode()).hexdigest()
    key = f"agreement:{digest}"
    summary = cache_call(cache.get, key)
    if summary is None:
        summary = _summary(country)
        cache_call(cache.set, key, summary, figure_timeout())
    return summary
