"""When an assessment is due for review: a number of months after the date
it was assessed on (``REVIEW_DUE_MONTHS``, or the country's own number).

The due date is computed, never stored: it follows at once from a change of
the setting or of a country's override, with nothing to rewrite. A filter
turns "due before a date" into "assessed before a date" (``assessed_before``),
a range on an indexed date column (entities.models.review_due_q).
"""

import calendar
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# "Due within" this many months: the window of the admin filter and the reminders.
DUE_SOON_MONTHS = 3


class ReviewState:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_DUE = "not_due"

    choices = [
        (OVERDUE, _("Review overdue")),
        (DUE_SOON, _("Review due within 3 months")),
        (NOT_DUE, _("Review not due")),
    ]


def default_months():
    return settings.REVIEW_DUE_MONTHS


def months_for(override):
    """The months until review for a country with ``override`` (None: the setting)."""
    return default_months() if override is None else override


def add_months(day, months):
    """``day`` moved by ``months`` (negative: back), on the same day of the
    month, or the month's last day when it is shorter (31 August + 6 months
    is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(assessed_on, months):
    return add_months(assessed_on, months)


def assessed_before(day, months):
    """The first assessment date whose review falls due on or after ``day``:
    an assessment is due before ``day`` exactly when it was assessed before
    the date returned. Going back ``months`` from ``day`` is right but for
    the ends of months, which the two steps below settle."""
    first = add_months(day, -months)
    while review_due(first - datetime.timedelta(days=1), months) >= day:
        first -= datetime.timedelta(days=1)
    while review_due(first, months) < day:
        first += datetime.timedelta(days=1)
    return first


def state(due, today):
    """The review state of a record due on ``due``, seen on ``today``."""
    if due < today:
        return ReviewState.OVERDUE
    if due < add_months(today, DUE_SOON_MONTHS):
        return ReviewState.DUE_SOON
    return ReviewState.NOT_DUE
