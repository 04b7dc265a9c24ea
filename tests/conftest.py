import contextlib
import copy
import itertools

import pytest
from django.conf import settings as project_settings
from django.core.cache import caches
from django.db import transaction
from django.utils import translation
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError
from rest_framework.test import APIClient

from . import registry
from .factories import UserFactory

# A Thai researcher and a reviewer signed in on the client (tests/importing.py);
# a module may define its own.
from .importing import researcher, reviewer  # noqa: F401


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


@pytest.fixture(autouse=True)
def map_grid_by_hand(settings):
    # Maps count the entities unless a test builds the grid (entities.map_grid):
    # no rebuild within a request or a thread behind a test's back.
    settings.MAP_GRID_REFRESH = "manual"


@pytest.fixture(autouse=True)
def answers_rendered_each_time(settings):
    # Tests count the queries of a page asked for again: no rendered answer
    # is served from the cache (core.http_cache) unless a test asks for it.
    settings.HTTP_CACHE_PAGES = False


@pytest.fixture(autouse=True, scope="session")
def pages_not_drawn_in_advance():
    # No thread drawing pages behind a test's back (entities.warming), from
    # the first write of the session on (a test database's data restored
    # before a test's own fixtures); the tests of it ask for it.
    from django.conf import settings

    settings.WARM_PAGES = "off"


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django's (a test database per xdist worker); on PostgreSQL the
    tests' connections also commit without waiting for the disk
    (synchronous_commit off). No test depends on a commit surviving a crash of
    the server, and the migrations and the tests that commit wait less."""
    for database in project_settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """The database open to a module's own fixtures, for data built once for
    the module's tests (as Django's setUpTestData does for a class): all of it
    is written in one transaction, rolled back after the module's last test,
    and each test still runs in a savepoint of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def registry_of_module(module_db):
    return registry.build()


@pytest.fixture
def shared_registry(db, registry_of_module):
    """tests/registry.py's registry, built once per module. Each test gets its
    own copies of the instances, so that one it changes in memory does not
    carry the change into the next test (as setUpTestData's do)."""
    return copy.deepcopy(registry_of_module)


def uses_module_data(item):
    return "module_db" in getattr(item, "fixturenames", ())


def commits(item):
    """pytest-django's test that commits: it runs after every test that runs
    in a transaction, and no shared data may follow it."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        fixtures & {"transactional_db", "live_server"}
    )


def pytest_collection_modifyitems(items):
    """Data built for a module stays until the module's last test, so the
    module's tests that use none run before those that do: they still start
    on an empty database. pytest-django has already put the tests that run
    in a transaction before those that commit; this keeps that order."""
    items[:] = [
        item
        for _, run in itertools.groupby(items, key=lambda item: (item.path, commits(item)))
        for item in sorted(run, key=uses_module_data)
    ]
