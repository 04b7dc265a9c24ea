"""Who is asking: the client's address, as the rate limits, the sign-in
lock-out and the request log all see it.

The connection's address (REMOTE_ADDR) unless ``TRUSTED_PROXY_COUNT`` says how
many proxies stand in front of the registry. Each proxy appends the address it
received the request from to X-Forwarded-For, so the last N entries come from
proxies we trust, and the N-th from the right is the address the outermost one
saw: the client. Entries to its left were written by the client and may be
anything. A header too short for the chain, or whose entry is not an address,
proves nothing: the connection's address is used.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-trusted].strip()))
    except ValueError:
        return remote
