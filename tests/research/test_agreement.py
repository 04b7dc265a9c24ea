"""Agreement between assessors: Krippendorff's alpha against his own worked
examples and a naive second implementation, weighted kappa against a hand
computation and a naive one, the bootstrap, the shares, the summary."""

import json
import random

import pytest

from research.agreement import (
    ALPHA_METRICS,
    agreement_summary,
    bootstrap_interval,
    exact_agreement,
    krippendorff_alpha,
    practising_agreement,
    weighted_kappa,
)
from research.framework import FEATURE_CODES

N = None  # not assessed

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": the example
# of any number of observers with missing values, 4 observers (rows) x 12 units
# (columns), values 1-5, computed there with the nominal and the other metrics.
# Unit 12 has a single value and is not pairable.
KRIPPENDORFF_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
KRIPPENDORFF_LEVELS = (1, 2, 3, 4, 5)


def units_of(observers):
    """Reliability data as observers x units, turned into one list per unit."""
    return [list(unit) for unit in zip(*observers, strict=True)]


# --- Krippendorff's alpha: published figures ------------------------------------------


@pytest.mark.parametrize(
    ("metric", "published"),
    [
        ("nominal", 0.743),
        # The ordinal figure is also that of the krippendorff package
        # (fast-krippendorff) for the same data, and of reference_alpha below.
        ("ordinal", 0.815),
        ("interval", 0.849),
    ],
)
def test_alpha_reproduces_krippendorffs_worked_example(metric, published):
    units = units_of(KRIPPENDORFF_OBSERVERS)

    alpha = krippendorff_alpha(units, metric=metric, levels=KRIPPENDORFF_LEVELS)

    assert round(alpha, 3) == published
    assert alpha == pytest.approx(reference_alpha(units, metric, KRIPPENDORFF_LEVELS))


def test_alpha_of_krippendorffs_binary_example_two_observers():
    # The paper's binary example: two observers, ten units, no missing values; 0.095.
    observers = [
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]
    alpha = krippendorff_alpha(units_of(observers), metric="nominal", levels=(0, 1))

    # o_01 = o_10 = 4, n_0 = 14, n_1 = 6, n = 20: 1 - 19 * 8 / (2 * 14 * 6) = 0.0952
    assert alpha == pytest.approx(1 - 19 * 8 / (2 * 14 * 6))
    assert round(alpha, 3) == 0.095


def test_alpha_of_krippendorffs_nominal_example_two_observers():
    # The paper's nominal example: two observers, twelve units, five categories; 0.692.
    observers = [list("aabbdcccedda"), list("babbbccceddd")]

    alpha = krippendorff_alpha(units_of(observers), metric="nominal", levels=tuple("abcde"))

    assert round(alpha, 3) == 0.692


def test_alpha_of_the_three_coder_example_with_many_missing_values():
    # The computational example of the Wikipedia article on Krippendorff's alpha
    # (3 coders x 15 units, values 1-4), also in the krippendorff package's tests.
    observers = [
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
    ]
    units = units_of(observers)

    assert round(krippendorff_alpha(units, metric="nominal", levels=(1, 2, 3, 4)), 6) == 0.691358
    assert round(krippendorff_alpha(units, metric="interval", levels=(1, 2, 3, 4)), 6) == 0.810845


# --- Krippendorff's alpha: a naive second implementation ------------------------------


def reference_alpha(units, metric, levels):
    """Alpha = 1 - D_o / D_e the long way, with no coincidence matrix: D_o from
    every ordered pair of two coders' values within a unit, weighted 1 / (m_u - 1);
    D_e from every ordered pair of distinct pairable values across all units."""
    kept = [[value for value in unit if value is not None] for unit in units]
    kept = [values for values in kept if len(values) >= 2]
    pooled = [value for values in kept for value in values]
    n = len(pooled)
    if n < 2:
        return None
    frequency = {level: pooled.count(level) for level in levels}

    def delta(a, b):
        if metric == "nominal":
            return 0 if a == b else 1
        if metric == "interval":
            return (a - b) ** 2
        low, high = sorted((levels.index(a), levels.index(b)))
        between = sum(frequency[levels[g]] for g in range(low, high + 1))
        return (between - (frequency[a] + frequency[b]) / 2) ** 2

    observed = 0.0
    for values in kept:
        m = len(values)
        for i in range(m):
            for j in range(m):
                if i != j:
                    observed += delta(values[i], values[j]) / (m - 1)
    expected = 0.0
    for i in range(n):
        for j in range(n):
            if i != j:
                expected += delta(pooled[i], pooled[j])
    if expected == 0:
        return None
    return 1 - (observed / n) / (expected / (n * (n - 1)))


def random_units(seed, count, *, coders=(2, 4), missing=0.2, spread=1):
    """``count`` units of 2-4 coders' scores 0-3, each a true score plus noise,
    some not assessed."""
    draw = random.Random(seed)
    units = []
    for _ in range(count):
        truth = draw.randint(0, 3)
        unit = [
            None
            if draw.random() < missing
            else min(3, max(0, truth + draw.randint(-spread, spread)))
            for _ in range(draw.randint(*coders))
        ]
        units.append(unit)
    return units


@pytest.mark.parametrize("metric", ALPHA_METRICS)
@pytest.mark.parametrize("seed", range(8))
def test_alpha_agrees_with_the_naive_implementation_on_random_data(metric, seed):
    units = random_units(seed, 40)

    alpha = krippendorff_alpha(units, metric=metric)

    assert alpha == pytest.approx(reference_alpha(units, metric, (0, 1, 2, 3)), abs=1e-12)


@pytest.mark.parametrize("metric", ALPHA_METRICS)
def test_alpha_of_perfect_agreement_is_one(metric):
    assert krippendorff_alpha([[0, 0], [1, 1, 1], [3, N, 3], [2, 2]], metric=metric) == 1.0


@pytest.mark.parametrize(
    "units",
    [
        [],
        [[2]],
        [[2, N], [N, 3], [1]],  # no unit with two values
        [[2, 2], [2, 2, 2]],  # one value only: no disagreement to expect
    ],
)
def test_alpha_is_none_where_undefined(units):
    for metric in ALPHA_METRICS:
        assert krippendorff_alpha(units, metric=metric) is None


def test_alpha_refuses_a_value_outside_the_levels_and_an_unknown_metric():
    with pytest.raises(ValueError, match="4 is not one of the levels"):
        krippendorff_alpha([[4, 3], [1, 2]])
    with pytest.raises(ValueError, match="Unknown metric"):
        krippendorff_alpha([[3, 3], [1, 2]], metric="ratio")


def test_ordinal_alpha_weighs_disagreement_by_the_scores_between():
    # The same data with one disagreement of one level or of three: the far
    # disagreement costs more under the ordinal and interval metrics, not nominal.
    near = [[0, 0], [1, 1], [2, 2], [3, 3], [0, 0], [3, 2]]
    far = [[0, 0], [1, 1], [2, 2], [3, 3], [0, 0], [3, 0]]
    for metric in ("ordinal", "interval"):
        assert krippendorff_alpha(far, metric=metric) < krippendorff_alpha(near, metric=metric)


# --- Weighted kappa -----------------------------------------------------------------


def test_weighted_kappa_of_a_hand_computed_example():
    # Five entities, levels 0-3, linear disagreement weights |i - j|:
    # observed: (0,0) 0, (1,2) 1, (2,2) 0, (3,2) 1, (3,3) 0 -> 2 / 5 = 0.4
    # first assessor's marginals {0: 1, 1: 1, 2: 1, 3: 2}, second's {0: 1, 2: 3, 3: 1}
    # expected: sum n_i m_j |i - j| / 25 =
    #   i=0: 1*(1*0 + 3*2 + 1*3) = 9;  i=1: 1*(1*1 + 3*1 + 1*2) = 6
    #   i=2: 1*(1*2 + 3*0 + 1*1) = 3;  i=3: 2*(1*3 + 3*1 + 1*0) = 12  -> 30 / 25 = 1.2
    # kappa = 1 - 0.4 / 1.2 = 2 / 3
    pairs = [(0, 0), (1, 2), (2, 2), (3, 2), (3, 3)]

    assert weighted_kappa(pairs) == pytest.approx(2 / 3)


def reference_kappa(pairs, levels, weights):
    """Cohen's (1968) weighted kappa from the table of proportions with agreement
    weights w_ij = 1 - |i - j| / (k - 1) (squared for quadratic):
    (p_o - p_e) / (1 - p_e)."""
    kept = [(a, b) for a, b in pairs if a is not None and b is not None]
    k, n = len(levels), len(kept)
    power = 1 if weights == "linear" else 2
    table = [[0] * k for _ in range(k)]
    for a, b in kept:
        table[levels.index(a)][levels.index(b)] += 1
    rows = [sum(table[i]) / n for i in range(k)]
    columns = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    p_o = p_e = 0.0
    for i in range(k):
        for j in range(k):
            weight = 1 - (abs(i - j) / (k - 1)) ** power
            p_o += weight * table[i][j] / n
            p_e += weight * rows[i] * columns[j]
    return (p_o - p_e) / (1 - p_e)


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
@pytest.mark.parametrize("seed", range(8))
def test_weighted_kappa_agrees_with_the_naive_implementation_on_random_data(weights, seed):
    pairs = [tuple(unit) for unit in random_units(seed, 50, coders=(2, 2), missing=0.1)]

    kappa = weighted_kappa(pairs, weights=weights)

    assert kappa == pytest.approx(reference_kappa(pairs, (0, 1, 2, 3), weights), abs=1e-12)


def test_weighted_kappa_of_perfect_agreement_is_one():
    assert weighted_kappa([(0, 0), (1, 1), (3, 3), (2, 2), (N, 1)]) == 1.0


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [(N, 2), (1, N), (N, N)],  # no pair with both scores
        [(2, 2), (2, 2), (2, 2)],  # one level only: no disagreement to expect
    ],
)
def test_weighted_kappa_is_none_where_undefined(pairs):
    assert weighted_kappa(pairs) is None
    assert weighted_kappa(pairs, weights="quadratic") is None


def test_weighted_kappa_refuses_unknown_weights_and_values():
    with pytest.raises(ValueError, match="Unknown weights"):
        weighted_kappa([(1, 2)], weights="cubic")
    with pytest.raises(ValueError, match="7 is not one of the levels"):
        weighted_kappa([(1, 7)])


# --- Bootstrap ----------------------------------------------------------------------


def test_bootstrap_is_deterministic_for_a_seed():
    units = random_units(3, 60)

    first = bootstrap_interval(units, krippendorff_alpha, samples=300, seed=11)
    again = bootstrap_interval(units, krippendorff_alpha, samples=300, seed=11)
    other = bootstrap_interval(units, krippendorff_alpha, samples=300, seed=12)

    assert first == again
    assert first != other


@pytest.mark.parametrize("seed", range(4))
def test_bootstrap_interval_contains_the_estimate_on_typical_data(seed):
    units = random_units(seed, 80)
    alpha = krippendorff_alpha(units)

    low, high = bootstrap_interval(units, krippendorff_alpha, samples=400)

    assert 0 < low < alpha < high < 1
    assert high - low < 0.5


def test_bootstrap_with_a_higher_confidence_gives_a_wider_interval():
    units = random_units(5, 60)

    low_90, high_90 = bootstrap_interval(units, exact_agreement, samples=400, confidence=0.9)
    low_99, high_99 = bootstrap_interval(units, exact_agreement, samples=400, confidence=0.99)

    assert low_99 <= low_90 < high_90 <= high_99


@pytest.mark.parametrize("units", [[], [[1, 2]], [[1, 2], [3, N], [N, N, 0]]])
def test_bootstrap_is_none_with_fewer_than_two_pairable_units(units):
    assert bootstrap_interval(units, krippendorff_alpha) is None


def test_bootstrap_is_none_when_no_draw_defines_the_statistic():
    assert bootstrap_interval([[2, 2], [2, 2, 2]], krippendorff_alpha, samples=50) is None


def test_bootstrap_refuses_a_meaningless_sample_count_or_confidence():
    with pytest.raises(ValueError, match="at least one sample"):
        bootstrap_interval([[1, 2], [2, 2]], exact_agreement, samples=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        bootstrap_interval([[1, 2], [2, 2]], exact_agreement, confidence=95)


# --- Exact and practising agreement ---------------------------------------------------

SHARES_EXAMPLE = [
    [2, 3],  # different scores, both practising at 2
    [1, 2],  # different scores, either side of 2
    [0, 0, N],  # the same score
    [3, N],  # one score only: not pairable
    [2, 2, 3],  # different scores, all practising at 2
]


def test_exact_agreement_is_the_share_of_pairable_units_with_one_score():
    assert exact_agreement(SHARES_EXAMPLE) == 1 / 4


def test_practising_agreement_is_the_share_on_the_same_side_of_the_threshold():
    assert practising_agreement(SHARES_EXAMPLE, 2) == 3 / 4
    # At 3: [2, 3] and [2, 2, 3] straddle it, [1, 2] and [0, 0] are both below.
    assert practising_agreement(SHARES_EXAMPLE, 3) == 2 / 4


def test_practising_agreement_follows_the_frameworks_threshold(settings):
    settings.SSE_PRACTISING_THRESHOLD = 3

    assert practising_agreement(SHARES_EXAMPLE) == 2 / 4


def test_shares_are_none_without_pairable_units():
    assert exact_agreement([[1], [N, 2]]) is None
    assert practising_agreement([], 2) is None


# --- The summary ---------------------------------------------------------------------


def test_summary_per_feature_and_pooled_as_plain_rounded_figures():
    units_by_feature = {
        "economic_activity": [[3, 3], [2, 3], [1, 1], [1, 2], [3, 2], [2, 2]],
        "autonomy": [[0, 0], [1, 2], [3, 3], [2, N], [0, 1]],
    }

    summary = agreement_summary(units_by_feature, 2, samples=200)

    assert summary["threshold"] == 2
    assert list(summary["features"]) == ["economic_activity", "autonomy"]
    economic = summary["features"]["economic_activity"]
    assert economic["n_units"] == 6
    assert economic["alpha"] == round(krippendorff_alpha(units_by_feature["economic_activity"]), 3)
    assert economic["kappa"] == round(weighted_kappa(units_by_feature["economic_activity"]), 3)
    assert economic["exact_agreement"] == 0.5
    assert economic["practising_agreement"] == round(5 / 6, 3)
    low, high = economic["alpha_interval"]
    assert low <= economic["alpha"] <= high
    autonomy = summary["features"]["autonomy"]
    assert autonomy["n_units"] == 4  # [2, N] has one score
    assert autonomy["exact_agreement"] == 0.5
    overall = summary["overall"]
    assert overall["n_units"] == 10
    assert overall["exact_agreement"] == 0.5
    pooled = units_by_feature["economic_activity"] + units_by_feature["autonomy"]
    assert overall["alpha"] == round(krippendorff_alpha(pooled), 3)
    # Plain JSON, every figure to three decimals at most.
    assert json.loads(json.dumps(summary)) == summary
    for figures in [*summary["features"].values(), overall]:
        numbers = [figures["alpha"], figures["kappa"], *figures["alpha_interval"]]
        assert all(number == round(number, 3) for number in numbers)


def test_summary_gives_kappa_only_where_every_unit_has_two_scores():
    units_by_feature = {
        "mutual_aid": [[1, 2], [3, 3], [0, 1]],
        "autonomy": [[1, 2, 2], [3, 3], [0, N, 1]],
    }

    summary = agreement_summary(units_by_feature, 2, samples=50)

    assert summary["features"]["mutual_aid"]["kappa"] is not None
    assert summary["features"]["autonomy"]["kappa"] is None
    assert summary["overall"]["kappa"] is None


def test_summary_is_none_where_nothing_is_double_assessed(settings):
    settings.SSE_PRACTISING_THRESHOLD = 3

    summary = agreement_summary({code: [[2, N], [3]] for code in FEATURE_CODES}, samples=50)

    assert summary["threshold"] == 3
    assert list(summary["features"]) == list(FEATURE_CODES)
    expected = {
        "n_units": 0,
        "alpha": None,
        "alpha_interval": None,
        "kappa": None,
        "exact_agreement": None,
        "practising_agreement": None,
    }
    assert all(figures == expected for figures in summary["features"].values())
    assert summary["overall"] == expected


def test_summary_is_reproducible():
    units_by_feature = {code: random_units(seed, 30) for seed, code in enumerate(FEATURE_CODES)}

    first = agreement_summary(units_by_feature, 2, samples=100)

    assert agreement_summary(units_by_feature, 2, samples=100) == first
