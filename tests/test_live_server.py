"""The registry served the production way: gunicorn with two worker processes,
the shared cache in Redis, JSON logs on standard error. Rate limits must hold
across the workers, and every log line must be JSON with the request id."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .test_api_limits import redis_available

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
RATE = 10  # anonymous requests a minute
REDIS_URL = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import redis

    work = tmp_path_factory.mktemp("live")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'registry.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "live-server-test-key-not-secret-0123456789-abcdefghijklmnopqrstu",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_TLS_PROXY": "false",
        "REDIS_URL": REDIS_URL,
        "LOG_FORMAT": "json",
        "API_ANON_RATE": f"{RATE}/minute",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    manage = [sys.executable, "manage.py"]
    # No collectstatic (a minute and a half of compression): the API only.
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--entities", "30"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (work / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        [VENV_BIN / "gunicorn", "sse_registry.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base, work / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def fresh_counters():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def wait_until_up(base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within a minute")


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def json_lines(log_path):
    lines = Path(log_path).read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def request_lines(log_path, path):
    return [
        line
        for line in json_lines(log_path)
        if line["logger"] == "sse_registry.requests" and line.get("path") == path
    ]


def test_the_rate_limit_holds_across_two_worker_processes(server):
    base, log_path = server
    path = "/api/v1/sectors/"
    statuses = []
    # One request at a time (each on a new connection, which either worker
    # may accept) until both workers have answered and the limit is passed.
    while len(statuses) < 60:
        statuses.append(get(base + path)[0])
        workers = {line["pid"] for line in request_lines(log_path, path)}
        if len(workers) == 2 and len(statuses) > RATE + 5:
            break
    assert len(workers) == 2, "the kernel gave every connection to one worker"
    assert statuses[:RATE] == [200] * RATE
    assert set(statuses[RATE:]) == {429}


def test_every_log_line_is_json_with_the_request_id(server):
    base, log_path = server
    status, headers = get(f"{base}/api/v1/entities/", {"X-Request-ID": "probe-entity-list-1"})
    assert status == 200 and headers["X-Request-ID"] == "probe-entity-list-1"
    (line,) = [
        line for line in json_lines(log_path) if line.get("request_id") == "probe-entity-list-1"
    ]
    assert line["level"] == "INFO" and line["logger"] == "sse_registry.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/entities/", 200)
    assert line["duration_ms"] > 0 and line["queries"] > 0
    assert {"time", "pid", "message"} <= line.keys()
    # Our log lines (not gunicorn's own start-up lines) are all JSON.
    app_lines = [raw for raw in log_path.read_text().splitlines() if "sse_registry" in raw]
    assert all(raw.startswith("{") for raw in app_lines)
