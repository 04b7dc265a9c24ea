import contextlib

import pytest
from django.conf import settings as project_settings
from django.core.cache import caches
from django.utils import translation
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError
from rest_framework.test import APIClient

from .factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate-limit counters and cached reference codes must not leak between tests.
    clear_caches()
    yield
    clear_caches()


def clear_caches():
    for cache in caches.all():
        # A test may have pointed a cache at a Redis that isn't there.
        with contextlib.suppress(ConnectionInterrupted, RedisError):
            cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    # A request in Thai leaves Thai active in this thread; the next test starts
    # in the default language, as a new request would.
    yield
    translation.activate(project_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a login; tests of sign-in make dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def api():
    return APIClient()
