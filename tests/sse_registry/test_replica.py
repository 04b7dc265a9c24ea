"""Read scaling on a streaming replica (DATABASE_REPLICA_URL): public reads go
to the replica; writes, the admin and sign-in to the primary.

The routing rules are tested everywhere. The tests against a real replica run
when one is configured; CI starts one (.ci/start-replica) and runs this file
with DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/sse_registry (its
test database mirrors the primary's, whose changes it replays)."""

import time

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core import routing
from core.routing import REPLICA, ReplicaRouter, replica_configured
from entities.models import Entity
from research.models import Assessment

from ..factories import EntityFactory, assess, reviewer

router = ReplicaRouter()


@pytest.fixture
def public_request():
    with routing.reads_on_replica():
        yield


def test_reads_go_to_the_primary_outside_public_requests():
    assert router.db_for_read(Entity) == "default"


@pytest.mark.parametrize("model", [Entity, Assessment])
def test_a_public_requests_reads_of_the_registry_go_to_the_replica(public_request, model):
    assert router.db_for_read(model) == REPLICA


@pytest.mark.parametrize("model", [User, Session, Token])
def test_sign_in_sessions_and_tokens_are_read_on_the_primary(public_request, model):
    # Issued a moment ago, they may not have reached the replica yet.
    assert router.db_for_read(model) == "default"


def test_every_write_and_migration_goes_to_the_primary(public_request):
    assert router.db_for_write(Entity) == "default"
    assert router.allow_migrate("default", "entities")
    assert not router.allow_migrate(REPLICA, "entities")


@pytest.mark.parametrize(
    "method, path, public",
    [
        ("GET", "/api/v1/entities/", True),
        ("HEAD", "/entities/", True),
        ("GET", "/api/v1/entities/export.csv", True),
        ("GET", "/countries/TH/", True),
        ("POST", "/i18n/setlang/", False),
        ("GET", "/admin/entities/entity/", False),
    ],
)
def test_which_requests_count_as_public_reads(method, path, public):
    request = RequestFactory().generic(method, path)
    assert routing.is_public_read(request) is public


# --- Against a real streaming replica ---------------------------------------------

needs_replica = pytest.mark.skipif(
    not replica_configured(), reason="no DATABASE_REPLICA_URL (CI starts one)"
)
on_both = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)


def wait_for_replica(check, seconds=15):
    """Until ``check()`` is true on data the replica has replayed."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.1)


def replica_sees(pk):
    return Entity.objects.using(REPLICA).filter(pk=pk).exists()


@needs_replica
@on_both
def test_the_replica_is_a_standby_of_the_primary():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


@needs_replica
@on_both
def test_public_pages_api_export_and_statistics_read_the_replica(client):
    entity = EntityFactory(name="Ban Na Rice Mill", country_id="TH")
    assess(entity, [3] * 7)
    wait_for_replica(lambda: replica_sees(entity.pk))
    for url in [
        "/api/v1/entities/?country=TH",
        f"/api/v1/entities/{entity.pk}/",
        "/api/v1/entities/export.csv?country=TH",
        "/api/v1/countries/TH/stats/",
        "/api/v1/stats/?group_by=sector&country=TH",
        "/entities/?country=TH",
        f"/entities/{entity.pk}/",
        "/countries/TH/",
    ]:
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            response = client.get(url)
            if response.streaming:  # the export reads as it streams
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        assert len(replica) > 0, url
        assert len(primary) == 0, (url, [q["sql"] for q in primary])


@needs_replica
@on_both
def test_what_a_reviewer_publishes_reaches_the_public_api_through_the_replica(client):
    entity = EntityFactory(name="Hop tac xa An Phu", country_id="VN", status="in_review")
    assess(entity, [2] * 7, status="in_review")
    client.force_login(reviewer())
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.post(
            reverse("admin:entities_entity_transition", args=[entity.pk, "publish"]),
            {"version": entity.version},
        )
    assert response.status_code == 302
    assert len(replica) == 0  # the admin reads and writes on the primary only
    client.logout()
    wait_for_replica(lambda: Entity.objects.using(REPLICA).published().filter(pk=entity.pk))
    response = client.get("/api/v1/entities/?country=VN")
    assert [row["name"] for row in response.json()["results"]] == ["Hop tac xa An Phu"]


@needs_replica
@on_both
def test_health_reports_the_replica(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "replica": "ok"}
