"""Sign-in lock-outs (django-axes), with two limits.

An account is locked at one client address after ``AXES_FAILURE_LIMIT``
failures there: failures for one name, made up or real, do not lock anyone
else out, and the account's owner can still sign in from elsewhere. An
address as a whole is locked after ``AXES_IP_FAILURE_LIMIT`` failures on any
accounts, a higher limit, against guessing through many names.

django-axes compares one count with one limit, so the count reported for a
sign-in is the account's failures at the address, raised to that limit once
the address alone has reached its own. Successful sign-ins clear only the
account's failures at the address (axes' reset on success), so they do not
wipe out the address's record of guesses at other names.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class SignInLockouts(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        at_address_for_account = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if at_address_for_account < limit and (
            self.address_failures(request) >= settings.AXES_IP_FAILURE_LIMIT
        ):
            return limit
        return at_address_for_account

    def address_failures(self, request):
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
