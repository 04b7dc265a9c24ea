"""Repeated failed admin logins are locked out for a while, by account and by
client address, and each lock-out is logged."""

import logging

import pytest

from .factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_account_is_locked_after_repeated_failures_even_from_other_addresses(client, caplog):
    UserFactory(username="somchai", is_staff=True)
    caplog.set_level(logging.WARNING, logger="sse_registry.security")
    for n in range(4):
        assert attempt(client, "somchai", "wrong", ip=f"203.0.113.{n}").status_code == 200
    assert attempt(client, "somchai", "wrong", ip="203.0.113.9").status_code == 429
    response = attempt(client, "somchai", PASSWORD, ip="198.51.100.1")
    assert response.status_code == 429
    assert "Signing in is locked for a while" in response.content.decode()
    assert "login locked out username=somchai" in caplog.text


def test_client_address_is_locked_after_failures_on_many_accounts(client):
    UserFactory(username="lan", is_staff=True)
    for n in range(5):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "lan", PASSWORD).status_code == 429
    # Another address can still sign in to that account.
    assert attempt(client, "lan", PASSWORD, ip="198.51.100.2").status_code == 302


def test_success_before_the_limit_resets_the_count(client):
    UserFactory(username="bat", is_staff=True)
    for _ in range(4):
        attempt(client, "bat", "wrong")
    assert attempt(client, "bat", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "bat", "wrong")
    assert attempt(client, "bat", PASSWORD).status_code == 302
