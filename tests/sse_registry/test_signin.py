"""Repeated failed admin logins are locked out for a while: an account at one
client address after a few failures, the whole address after many more. Each
lock-out is logged."""

import logging

import pytest

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


def attempt(client, username, password, ip="203.0.113.7", **headers):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=ip, **headers)


def test_an_account_is_locked_at_an_address_after_repeated_failures(client, caplog):
    UserFactory(username="somchai", is_staff=True)
    caplog.set_level(logging.WARNING, logger="sse_registry.security")
    for _ in range(4):
        assert attempt(client, "somchai", "wrong").status_code == 200
    assert attempt(client, "somchai", "wrong").status_code == 429
    response = attempt(client, "somchai", PASSWORD)
    assert response.status_code == 429
    assert "Signing in is locked for a while" in response.content.decode()
    assert "login locked out username=somchai ip=203.0.113.7" in caplog.text
    # Somebody else's failures elsewhere do not lock the account's owner out.
    assert attempt(client, "somchai", PASSWORD, ip="198.51.100.1").status_code == 302


def test_failures_for_a_made_up_name_leave_other_accounts_at_that_address_alone(client):
    UserFactory(username="lan", is_staff=True)
    for _ in range(5):
        attempt(client, "nobody", "wrong")
    assert attempt(client, "nobody", "wrong").status_code == 429
    assert attempt(client, "lan", PASSWORD).status_code == 302


def test_an_address_is_locked_after_many_failures_on_any_accounts(client, settings, caplog):
    settings.AXES_IP_FAILURE_LIMIT = 12
    UserFactory(username="lan", is_staff=True)
    caplog.set_level(logging.WARNING, logger="sse_registry.security")
    for n in range(11):
        assert attempt(client, f"guess{n}", "wrong").status_code == 200
    assert attempt(client, "guess-last", "wrong").status_code == 429
    assert "login locked out username=guess-last ip=203.0.113.7" in caplog.text
    assert attempt(client, "lan", PASSWORD).status_code == 429
    # Another address can still sign in to that account.
    assert attempt(client, "lan", PASSWORD, ip="198.51.100.2").status_code == 302


def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="lan", is_staff=True)

    def via_proxy(password, forwarded):
        return attempt(client, "lan", password, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):
        via_proxy("wrong", f"1.1.1.{n}, 203.0.113.7")  # the client's own entry is not believed
    assert via_proxy(PASSWORD, "203.0.113.7").status_code == 429
    assert via_proxy(PASSWORD, "198.51.100.3").status_code == 302


def test_success_before_the_limit_resets_the_count(client):
    UserFactory(username="bat", is_staff=True)
    for _ in range(4):
        attempt(client, "bat", "wrong")
    assert attempt(client, "bat", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "bat", "wrong")
    assert attempt(client, "bat", PASSWORD).status_code == 302
