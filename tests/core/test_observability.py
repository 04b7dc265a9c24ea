"""What operators see: a log line per request with its id, duration and query
count; security events; a friendly error page or JSON error with the request
id; 503 when the database is unavailable."""

import logging

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entities.models import Entity
from workflow.transitions import TRANSITIONS, apply

from ..factories import EntityFactory, assess, researcher, reviewer
from ..importing import another_row, confirm, csv_upload, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="sse_registry.requests")
    return caplog


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="sse_registry.security")
    return caplog


def records_of(caplog, logger):
    return [record for record in caplog.records if record.name == logger]


def test_each_request_is_logged_with_its_id_duration_and_queries(client, request_log):
    EntityFactory()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/entities/?country=TH")
    assert response.status_code == 200
    (line,) = records_of(request_log, "sse_registry.requests")
    assert (line.method, line.path, line.status) == ("GET", "/api/v1/entities/", 200)
    assert line.queries == len(queries) > 0
    assert line.duration_ms > 0
    assert line.user is None
    # The id the client sees in X-Request-ID is on every log line of the request.
    assert len(response["X-Request-ID"]) == 32
    assert line.request_id == response["X-Request-ID"]


def test_a_proxys_request_id_is_kept(client, request_log):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a-42"})
    assert response["X-Request-ID"] == "lb-7f3a-42"
    (line,) = records_of(request_log, "sse_registry.requests")
    assert line.request_id == "lb-7f3a-42"


def test_the_request_log_names_the_signed_in_user(admin_client, request_log):
    admin_client.get(reverse("admin:index"))
    (line,) = records_of(request_log, "sse_registry.requests")
    assert line.user is not None and line.status == 200


def test_failed_logins_and_lockouts_are_security_events(client, security_log, settings):
    settings.AXES_FAILURE_LIMIT = 2
    researcher("TH", username="somchai")
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "somchai", "password": "wrong"})
    events = [r.event for r in records_of(security_log, "sse_registry.security")]
    assert events.count("login_failed") == 3
    assert "locked_out" in events
    failed = next(r for r in security_log.records if getattr(r, "event", "") == "login_failed")
    assert (failed.username, failed.ip) == ("somchai", "127.0.0.1")
    assert "wrong" not in security_log.text  # never the password


def test_publication_is_a_security_event(security_log):
    entity = EntityFactory(status=Entity.Status.IN_REVIEW)
    assess(entity, [3] * 7, status="in_review")
    apply(reviewer(), [entity], TRANSITIONS[Entity]["publish"])
    (event,) = [r for r in security_log.records if getattr(r, "event", "") == "published"]
    assert event.user == "reviewer"
    assert f"entities.entity:{entity.pk}" in event.records


def test_a_confirmed_import_is_a_security_event(client, security_log):
    client.force_login(researcher("TH", username="somchai"))
    response = confirm(client, preview(client, csv_upload([another_row("Ban Kok Weavers")])))
    assert response.status_code == 302
    (event,) = [r for r in security_log.records if getattr(r, "event", "") == "import_confirmed"]
    assert (event.user, event.model, event.new, event.changed) == (
        "somchai",
        "entities.entity",
        1,
        0,
    )


@pytest.fixture
def failing_queries():
    """Every query of the entities' table raises ``error``, as the database
    would (a bug in SQL, or a connection lost)."""

    def fail_with(error):
        def execute(run, sql, params, many, context):
            if "entities_entity" in sql:
                raise error
            return run(sql, params, many, context)

        return connection.execute_wrapper(execute)

    return fail_with


@pytest.fixture
def client_keeping_errors(client):
    client.raise_request_exception = False
    return client


def test_a_server_error_shows_a_friendly_page_with_the_request_id(
    client_keeping_errors, failing_queries, caplog
):
    with failing_queries(RuntimeError("bug")):
        response = client_keeping_errors.get(reverse("entity-list"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert response["X-Request-ID"] in page
    assert "RuntimeError" not in page and "Traceback" not in page
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].request_id == response["X-Request-ID"]
    assert logged[0].exc_info  # the traceback is in the log


def test_a_server_error_under_the_api_is_json(client_keeping_errors, failing_queries):
    with failing_queries(RuntimeError("bug")):
        response = client_keeping_errors.get("/api/v1/entities/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong on our side. The error has been logged.",
        "request_id": response["X-Request-ID"],
    }


@pytest.mark.parametrize(
    "error", [OperationalError("server closed the connection"), InterfaceError("closed")]
)
@pytest.mark.parametrize("path", ["/api/v1/entities/", "/entities/"])
def test_an_unavailable_database_gives_503_with_retry_after(
    client_keeping_errors, failing_queries, error, path
):
    with failing_queries(error):
        response = client_keeping_errors.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"briefly unavailable" in response.content
    assert b"server closed" not in response.content
