"""How well independent assessors agree on the scores they give the same entity.

When two or more researchers assess one entity, the study reports their
agreement on each feature: Krippendorff's alpha (Krippendorff 2011,
"Computing Krippendorff's Alpha-Reliability"), which takes any number of
assessors and missing scores, with a bootstrap interval; Cohen's weighted
kappa (Cohen 1968) where every entity has exactly two assessments; and two
shares a reader grasps at once: the entities whose assessors gave the same
score, and those whose assessors agree on whether the feature is practised.

A *unit* is the list of scores the assessors gave one entity on one feature,
None where an assessor did not assess it. A unit with fewer than two scores
says nothing of agreement: every statistic leaves it out. Plain Python on
purpose: the data are a few thousand small integers, and each formula stays
readable beside its reference.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import chain

from research.framework import SCORE_MAX, SCORE_MIN, practising_threshold

# The score levels in their order: absent, emerging, substantial, full.
SCORE_LEVELS = tuple(range(SCORE_MIN, SCORE_MAX + 1))

ALPHA_METRICS = ("nominal", "ordinal", "interval")
KAPPA_WEIGHTS = ("linear", "quadratic")

# The summary's figures are rounded to this many decimals.
SUMMARY_DIGITS = 3


# --- Units -------------------------------------------------------------------------


def given_values(unit):
    """The scores given in ``unit``, in their order, without the missing ones."""
    return [value for value in unit if value is not None]


def pairable_units(units):
    """The units with at least two scores given: the only ones that can agree or not."""
    return [unit for unit in units if len(given_values(unit)) >= 2]


def _positions(levels):
    """Each level's place in the order of ``levels`` (0, 1, …)."""
    if len(set(levels)) != len(levels):
        raise ValueError(f"The levels repeat a value: {levels!r}")
    return {level: place for place, level in enumerate(levels)}


def _place_of(value, positions):
    try:
        return positions[value]
    except KeyError:
        raise ValueError(f"{value!r} is not one of the levels {tuple(positions)!r}") from None


# --- Krippendorff's alpha ------------------------------------------------------------


def coincidence_matrix(units, levels):
    """Krippendorff's coincidences o_ck: each ordered pair of scores two different
    assessors gave one unit counts 1 / (m_u - 1), m_u being the scores of the unit,
    so that every pairable score weighs 1 in all. Computed from each unit's counts
    of each level rather than pair by pair, and once for identical units, weighed
    by their number: scores 0-3 from two or three assessors make a few dozen
    distinct units, which keeps the bootstrap's thousand recomputations quick."""
    positions = _positions(levels)
    matrix = [[0.0] * len(levels) for _ in levels]
    for unit, repeats in Counter(map(tuple, units)).items():
        values = given_values(unit)
        if len(values) < 2:
            continue
        counts = Counter(_place_of(value, positions) for value in values)
        weight = repeats / (len(values) - 1)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                matrix[c][k] += weight * n_c * (n_k - 1 if c == k else n_k)
    return matrix


def _squared_distances(metric, levels, marginals):
    """delta^2 between every two levels, by the metric (Krippendorff 2011).
    The ordinal distance counts the scores lying between the two levels, from the
    marginal frequencies n_g: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2."""
    size = len(levels)
    if metric == "nominal":
        return [[0.0 if c == k else 1.0 for k in range(size)] for c in range(size)]
    if metric == "interval":
        return [[float(levels[c] - levels[k]) ** 2 for k in range(size)] for c in range(size)]
    if metric == "ordinal":
        return [[_ordinal_distance(c, k, marginals) for k in range(size)] for c in range(size)]
    raise ValueError(f"Unknown metric {metric!r}: one of {ALPHA_METRICS}")


def _ordinal_distance(c, k, marginals):
    low, high = min(c, k), max(c, k)
    between = sum(marginals[low : high + 1]) - (marginals[low] + marginals[high]) / 2
    return between**2


def krippendorff_alpha(units, *, metric="ordinal", levels=SCORE_LEVELS):
    """Krippendorff's alpha = 1 - D_o / D_e, computed as
    1 - (n - 1) * sum o_ck delta^2_ck / sum n_c n_k delta^2_ck, with n the
    pairable scores and n_c the marginals of the coincidences.

    None where alpha is undefined: fewer than two pairable scores, or no
    disagreement to expect (every score the same). A value outside ``levels``
    is a ValueError: a score the framework does not know is a bug upstream.
    """
    if metric not in ALPHA_METRICS:
        raise ValueError(f"Unknown metric {metric!r}: one of {ALPHA_METRICS}")
    coincidences = coincidence_matrix(units, levels)
    marginals = [sum(row) for row in coincidences]
    total = sum(marginals)
    if total < 2:
        return None
    delta = _squared_distances(metric, levels, marginals)
    cells = [(c, k) for c in range(len(levels)) for k in range(len(levels))]
    observed = sum(coincidences[c][k] * delta[c][k] for c, k in cells)
    expected = sum(marginals[c] * marginals[k] * delta[c][k] for c, k in cells)
    if expected == 0:
        return None
    return 1 - (total - 1) * observed / expected


# --- Cohen's weighted kappa ------------------------------------------------------------


def _kappa_disagreement(weights, c, k):
    """Cohen's (1968) disagreement weight of levels at places c and k. Kappa is a
    ratio of two weighted sums, so the weights need no scaling to 0-1."""
    if weights == "linear":
        return abs(c - k)
    if weights == "quadratic":
        return (c - k) ** 2
    raise ValueError(f"Unknown weights {weights!r}: one of {KAPPA_WEIGHTS}")


def weighted_kappa(pairs, *, levels=SCORE_LEVELS, weights="linear"):
    """Cohen's weighted kappa for two assessors: 1 - sum v_ck p_ck / sum v_ck p_c. p_.k,
    p being the shares of pairs (observed) and of each assessor's scores (expected
    by chance). ``pairs`` are (first assessor's score, second's); a pair with a
    score missing is left out.

    None where kappa is undefined: no pairs, or no disagreement to expect (both
    assessors gave one and the same level throughout).
    """
    if weights not in KAPPA_WEIGHTS:
        raise ValueError(f"Unknown weights {weights!r}: one of {KAPPA_WEIGHTS}")
    positions = _positions(levels)
    placed = [
        (_place_of(a, positions), _place_of(b, positions))
        for a, b in pairs
        if a is not None and b is not None
    ]
    if not placed:
        return None
    size = len(placed)
    firsts = Counter(a for a, _ in placed)
    seconds = Counter(b for _, b in placed)
    observed = sum(_kappa_disagreement(weights, a, b) for a, b in placed) / size
    expected = (
        sum(
            n_c * n_k * _kappa_disagreement(weights, c, k)
            for c, n_c in firsts.items()
            for k, n_k in seconds.items()
        )
        / size**2
    )
    if expected == 0:
        return None
    return 1 - observed / expected


# --- Bootstrap ---------------------------------------------------------------------


def _percentile(ordered, fraction):
    """The ``fraction`` quantile of a sorted list, interpolating between neighbours."""
    place = fraction * (len(ordered) - 1)
    below = math.floor(place)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (place - below)


def bootstrap_interval(units, statistic, *, samples=1000, confidence=0.95, seed=0):
    """A percentile bootstrap interval (low, high) of ``statistic`` (a function of
    units): the pairable units are drawn with replacement ``samples`` times, as
    many as there are. The same seed gives the same interval, so a published
    figure can be reproduced. Draws on which the statistic is undefined (None)
    are left out. None with fewer than two pairable units, or when no draw
    gives a value.
    """
    if samples < 1:
        raise ValueError("The bootstrap needs at least one sample.")
    if not 0 < confidence < 1:
        raise ValueError("The confidence is a share between 0 and 1.")
    units = pairable_units(units)
    if len(units) < 2:
        return None
    draw = random.Random(seed)
    estimates = sorted(
        estimate
        for estimate in (statistic(draw.choices(units, k=len(units))) for _ in range(samples))
        if estimate is not None
    )
    if not estimates:
        return None
    tail = (1 - confidence) / 2
    return _percentile(estimates, tail), _percentile(estimates, 1 - tail)


# --- Shares that agree ----------------------------------------------------------------


def _share_of_units(units, agrees):
    """The share of pairable units whose scores ``agrees`` accepts; None without any."""
    units = pairable_units(units)
    if not units:
        return None
    return sum(1 for unit in units if agrees(given_values(unit))) / len(units)


def exact_agreement(units):
    """The share of pairable units in which every assessor gave the same score."""
    return _share_of_units(units, lambda values: len(set(values)) == 1)


def practising_agreement(units, threshold=None):
    """The share of pairable units in which the assessors agree on whether the
    feature is practised: every score at or above the threshold, or every one
    below it. The threshold is the framework's unless given."""
    if threshold is None:
        threshold = practising_threshold()
    return _share_of_units(units, lambda values: len({v >= threshold for v in values}) == 1)


# --- The summary ---------------------------------------------------------------------


def _rounded(value):
    return None if value is None else round(value, SUMMARY_DIGITS)


def _kappa_of_pairs(units):
    """Weighted kappa when every pairable unit has exactly two scores (first and
    second assessor, in the units' order); None when one has more."""
    pairs = [given_values(unit) for unit in units]
    if any(len(pair) != 2 for pair in pairs):
        return None
    return weighted_kappa(pairs)


def _summarise(units, threshold, samples, seed):
    units = pairable_units(units)
    interval = bootstrap_interval(units, krippendorff_alpha, samples=samples, seed=seed)
    return {
        "n_units": len(units),
        "alpha": _rounded(krippendorff_alpha(units)),
        "alpha_interval": None if interval is None else [_rounded(end) for end in interval],
        "kappa": _rounded(_kappa_of_pairs(units)),
        "exact_agreement": _rounded(exact_agreement(units)),
        "practising_agreement": _rounded(practising_agreement(units, threshold)),
    }


def agreement_summary(units_by_feature, threshold=None, *, samples=1000, seed=0):
    """The assessors' agreement on each feature (``units_by_feature``: feature code ->
    units) and on all features pooled (each entity's feature a unit of its own),
    as plain dicts an API can serialise as they are:

    n_units (pairable units), alpha (ordinal, on the score levels) and
    alpha_interval ([low, high], 95 % bootstrap), kappa (linear weights; only
    where every unit has exactly two scores), exact_agreement and
    practising_agreement (shares, 0-1). Figures to three decimals, None where
    undefined. The threshold is the framework's unless given.

    The pooled interval draws entity-features as if independent; one entity's
    features are not, so it is, if anything, narrower than it should be.
    """
    if threshold is None:
        threshold = practising_threshold()
    features = {
        code: _summarise(units, threshold, samples, seed)
        for code, units in units_by_feature.items()
    }
    pooled = list(chain.from_iterable(units_by_feature.values()))
    return {
        "threshold": threshold,
        "features": features,
        "overall": _summarise(pooled, threshold, samples, seed),
    }
