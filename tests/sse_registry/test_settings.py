"""Settings come from the environment through strict helpers."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from sse_registry.settings import env_bool, env_int, env_list, env_optional_url, env_origins


def test_boolean_accepts_the_usual_spellings(monkeypatch):
    for value, expected in [("true", True), ("1", True), ("off", False), ("No", False)]:
        monkeypatch.setenv("SSE_TEST_FLAG", value)
        assert env_bool("SSE_TEST_FLAG", None) is expected


def test_unset_or_empty_values_fall_back_to_the_default(monkeypatch):
    monkeypatch.delenv("SSE_TEST_FLAG", raising=False)
    assert env_bool("SSE_TEST_FLAG", True) is True
    monkeypatch.setenv("SSE_TEST_NUMBER", "")
    assert env_int("SSE_TEST_NUMBER", 2) == 2


@pytest.mark.parametrize(
    ("helper", "value"), [(env_bool, "maybe"), (env_int, "two"), (env_int, "2.5")]
)
def test_a_bad_value_fails_loudly_naming_the_variable(monkeypatch, helper, value):
    monkeypatch.setenv("SSE_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured, match="SSE_TEST_VALUE"):
        helper("SSE_TEST_VALUE", None)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SSE_TEST_HOSTS", "registry.example.org, 10.0.0.5 ,")
    assert env_list("SSE_TEST_HOSTS", []) == ["registry.example.org", "10.0.0.5"]


def test_an_optional_address_is_blank_when_unset_and_checked_when_set(monkeypatch):
    monkeypatch.delenv("SSE_TEST_URL", raising=False)
    assert env_optional_url("SSE_TEST_URL") == ""
    monkeypatch.setenv("SSE_TEST_URL", "  ")
    assert env_optional_url("SSE_TEST_URL") == ""
    monkeypatch.setenv("SSE_TEST_URL", "https://index.example.org")
    assert env_optional_url("SSE_TEST_URL") == "https://index.example.org"
    for bad in ("index.example.org", "ftp://index.example.org", "https://"):
        monkeypatch.setenv("SSE_TEST_URL", bad)
        with pytest.raises(ImproperlyConfigured, match="SSE_TEST_URL"):
            env_optional_url("SSE_TEST_URL")


def test_origins_are_space_or_comma_separated_and_checked(monkeypatch):
    monkeypatch.delenv("SSE_TEST_ORIGINS", raising=False)
    assert env_origins("SSE_TEST_ORIGINS") == []
    monkeypatch.setenv("SSE_TEST_ORIGINS", "https://a.example.org/ http://b.example.org:8080,")
    assert env_origins("SSE_TEST_ORIGINS") == [
        "https://a.example.org",
        "http://b.example.org:8080",
    ]
    for bad in ("a.example.org", "https://a.example.org/page", "'none'", "https://a.org;x"):
        monkeypatch.setenv("SSE_TEST_ORIGINS", bad)
        with pytest.raises(ImproperlyConfigured, match="SSE_TEST_ORIGINS"):
            env_origins("SSE_TEST_ORIGINS")
