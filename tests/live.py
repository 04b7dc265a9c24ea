"""The registry served the production way in a process of its own (gunicorn,
DEBUG off), for tests of what only a real server shows: several worker
processes, logs on standard error, a database going away."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .source import ROOT

VENV_BIN = Path(sys.executable).parent
PRODUCTION_ON_LOOPBACK = {
    "DEBUG": "false",
    "SECRET_KEY": "live-server-test-key-not-secret-0123456789-abcdefghijklmnopqrstu",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BEHIND_TLS_PROXY": "false",
    "LOG_FORMAT": "json",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepared_env(database_url, entities=30, **settings):
    """The environment of a server on ``database_url``, migrated and seeded.
    No collectstatic (a minute of compression): the API and /healthz only."""
    env = {**os.environ, **PRODUCTION_ON_LOOPBACK, "DATABASE_URL": database_url, **settings}
    manage(env, "migrate", "--no-input", "-v0")
    # The dev tooling seeds; the server itself runs without it, as in production.
    manage({**env, "DEVTOOLS": "true"}, "seed_demo", "--entities", str(entities), "--seed", "7")
    return env


@contextmanager
def gunicorn(env, log_path, workers=2):
    """gunicorn serving the registry; yields its base URL."""
    port = free_port()
    env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [VENV_BIN / "gunicorn", "sse_registry.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within {seconds} s")


CUT_SHORT = -1


def get(url, headers=None, timeout=10):
    """(status, headers, body) of a GET; a refused or dropped connection is
    status 0, an answer whose body ended before its end CUT_SHORT."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except http.client.IncompleteRead:
        return CUT_SHORT, {}, b""
    except OSError:
        return 0, {}, b""


def json_lines(log_path):
    lines = Path(log_path).read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def redis_available():
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        return False
