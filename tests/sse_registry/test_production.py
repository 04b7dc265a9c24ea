"""Running in production: the health check for load balancers, the settings
that `check --deploy` asks for, and static files served by the app itself."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.utils import OperationalError

from ..source import ROOT

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-test-secret-key-of-fifty-or-more-characters-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "registry.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://registry.example.org",
}


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_without_the_database_and_tells_no_secret(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("password authentication failed")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert b"password" not in response.content


def test_health_checks_the_shared_cache_when_one_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    with mock.patch.object(cache, "set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checks(tmp_path):
    # A migrated database: the checks generate the API schema, which lists the
    # reference codes.
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert run_manage("migrate", "--no-input", env=env).returncode == 0
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_static_files_get_hashed_names_and_compressed_copies(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    # The registry's own files; compressing the admin's and the API docs' (the
    # same storage, nine seconds more) would prove nothing more.
    vendored = ("admin", "drf_spectacular_sidecar", "rest_framework")
    ignored = [argument for app in vendored for argument in ("--ignore", f"{app}/*")]
    result = run_manage("collectstatic", "--no-input", *ignored, env=env)
    assert result.returncode == 0, result.stderr
    names = {path.name for path in (tmp_path / "css").iterdir()}
    hashed = [name for name in names if name.startswith("registry.") and name.endswith(".css")]
    assert len(hashed) == 2  # registry.css and registry.<hash>.css
    assert any(name.endswith(".css.gz") for name in names)
    assert any(name.endswith(".css.br") for name in names)


@pytest.mark.parametrize("path", ["/", "/entities/", "/api/v1/entities/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"  # no inline script, no other origin
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_responses_carry_hsts_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_is_redirected_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/entities/").status_code == 301
    assert client.get("/healthz").status_code == 200
