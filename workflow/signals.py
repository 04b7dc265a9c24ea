"""Security events worth a log line: lock-outs after repeated failed logins."""

import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

security_log = logging.getLogger("sse_registry.security")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    security_log.warning("login locked out username=%s ip=%s", username or "-", ip_address)
