"""The client's address, one rule for the rate limits, the sign-in lock-out
and the request log: the connection's address, unless the settings say how
many proxies in front of the registry are trusted."""

import logging

import pytest
from django.test import RequestFactory

from core.client_address import client_address

pytestmark = pytest.mark.django_db


def address(forwarded=None, remote="10.0.0.2"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("203.0.113.9") == "10.0.0.2"


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not believed
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "203.0.113.9", "10.0.0.2"),  # shorter than the chain of proxies
        (1, None, "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "1.2.3.4, not-an-address", "10.0.0.2"),
        (1, "203.0.113.9:443", "10.0.0.2"),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_entry_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert address(forwarded) == expected


def test_the_request_log_names_the_client(client, settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="sse_registry.requests")
    client.get("/healthz", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    (record,) = [r for r in caplog.records if r.name == "sse_registry.requests"]
    assert record.client == "203.0.113.9"
