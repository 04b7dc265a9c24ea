"""The review-due date's arithmetic: months after the assessment, at the end
of a shorter month its last day, and the assessment dates a filter reads."""

import datetime

import pytest

from research import review_due
from research.review_due import ReviewState


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2023, 11, 15), 24, datetime.date(2025, 11, 15)),
        (datetime.date(2023, 8, 31), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2023, 8, 31), 18, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 12, 1), 1, datetime.date(2025, 1, 1)),
        (datetime.date(2025, 3, 31), -1, datetime.date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert review_due.add_months(day, months) == expected


@pytest.mark.parametrize("months", [1, 6, 12, 18, 24, 36])
def test_assessed_before_is_exactly_the_dates_due_before_the_day(months):
    """Every day of two years around the ends of months: an assessment is due
    before ``day`` if and only if it was assessed before assessed_before(day)."""
    start = datetime.date(2022, 1, 1)
    days = [start + datetime.timedelta(days=n) for n in range(0, 800, 1)]
    for day in (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1), datetime.date(2024, 2, 29)):
        first = review_due.assessed_before(day, months)
        for assessed in days:
            assert (review_due.review_due(assessed, months) < day) == (assessed < first)


def test_months_for_a_country_is_its_override_or_the_setting(settings):
    settings.REVIEW_DUE_MONTHS = 18
    assert review_due.months_for(None) == 18
    assert review_due.months_for(6) == 6


def test_states_overdue_due_soon_and_not_due():
    today = datetime.date(2026, 12, 7)
    assert review_due.state(datetime.date(2026, 12, 6), today) == ReviewState.OVERDUE
    assert review_due.state(today, today) == ReviewState.DUE_SOON
    assert review_due.state(datetime.date(2027, 3, 6), today) == ReviewState.DUE_SOON
    assert review_due.state(datetime.date(2027, 3, 7), today) == ReviewState.NOT_DUE
