"""Security events worth a log line: failed logins and lock-outs."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from core.client_address import client_address
from core.observability import security_event


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    security_event(
        "login_failed",
        "login failed",
        level=logging.WARNING,
        username=credentials.get("username") or "-",
        ip=client_address(request) if request is not None else None,
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    security_event(
        "locked_out",
        "login locked out",
        level=logging.WARNING,
        username=username or "-",
        ip=ip_address,
    )
