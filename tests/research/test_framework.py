"""The framework's rules: practising threshold, practised count, lacking, band."""

import pytest

from research.framework import FEATURE_CODES, Band, Profile

FULL = [3, 3, 3, 3, 3, 3, 3]


def profile(scores):
    return Profile.from_scores(dict(zip(FEATURE_CODES, scores, strict=True)))


def test_score_at_the_threshold_practises_the_feature():
    assert profile([2, 1, 0, 3, 2, 1, 0]).practised == [
        "economic_activity",
        "mutual_aid",
        "democratic_governance",
    ]


def test_lacking_lists_assessed_features_below_the_threshold_only():
    assert profile([2, 1, None, 3, 0, None, 3]).lacking == [
        "collective_interest",
        "democratic_governance",
    ]


def test_not_assessed_is_never_counted_as_zero():
    half = profile([3, 3, 3, None, None, None, None])
    assert half.features_practised == 3
    assert half.lacking == []
    assert half.band == Band.UNASSESSED


def test_nothing_assessed_has_no_practised_count():
    assert Profile.empty().features_practised is None
    assert Profile.empty().band == Band.UNASSESSED


@pytest.mark.parametrize(
    ("scores", "practised", "band"),
    [
        (FULL, 7, Band.ALL),
        ([2, 2, 2, 2, 2, 2, 2], 7, Band.ALL),
        ([3, 3, 3, 3, 3, 3, 1], 6, Band.MOST),
        ([3, 3, 3, 3, 0, 0, 0], 4, Band.MOST),
        ([3, 3, 3, 1, 0, 0, 0], 3, Band.SOME),
        ([2, 0, 0, 0, 0, 0, 0], 1, Band.SOME),
        ([1, 1, 1, 1, 1, 1, 0], 0, Band.NONE),
        ([3, 3, 3, 3, 3, 3, None], 6, Band.UNASSESSED),
    ],
)
def test_band_follows_the_practised_count_of_a_fully_assessed_profile(scores, practised, band):
    result = profile(scores)
    assert result.features_practised == practised
    assert result.band == band


def test_threshold_is_a_setting(settings):
    settings.SSE_PRACTISING_THRESHOLD = 3
    result = profile([3, 2, 2, 2, 2, 2, 3])
    assert result.features_practised == 2
    assert result.band == Band.SOME


def test_band_limits_are_settings(settings):
    settings.SSE_BAND_MOST_MIN = 6
    assert profile([3, 3, 3, 3, 3, 0, 0]).band == Band.SOME


def test_unknown_feature_code_is_refused():
    with pytest.raises(ValueError, match="autonomyy"):
        Profile.from_scores({"autonomyy": 2})


def test_bad_framework_settings_fail_the_system_check(settings):
    from research.checks import framework_settings_check

    settings.SSE_PRACTISING_THRESHOLD = 0
    settings.SSE_BAND_MOST_MIN = 1
    assert {error.id for error in framework_settings_check(None)} == {
        "research.E001",
        "research.E002",
    }
