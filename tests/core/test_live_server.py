"""The registry served the production way: gunicorn with two worker processes,
the shared cache in Redis, JSON logs on standard error. Rate limits must hold
across the workers, and every log line must be JSON with the request id."""

import pytest

from ..live import get, gunicorn, json_lines, prepared_env, redis_available

# Anonymous requests an hour: a window no loaded machine outlasts while the
# test makes its few dozen requests (a minute could pass, and free the first).
RATE = 10
REDIS_URL = "redis://127.0.0.1:6379/14"

pytestmark = [
    pytest.mark.slow,
    # One gunicorn for the module, and one Redis database: one worker of make test.
    pytest.mark.xdist_group("redis-14"),
    pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    env = prepared_env(
        f"sqlite:///{work / 'registry.sqlite3'}",
        REDIS_URL=REDIS_URL,
        API_ANON_RATE=f"{RATE}/hour",
    )
    log_path = work / "gunicorn.log"
    with gunicorn(env, log_path) as base:
        yield base, log_path


@pytest.fixture(autouse=True)
def fresh_counters():
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield
    store.flushdb()


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
    assert set(statuses[RATE:]) == {429}, statuses


def test_every_log_line_is_json_with_the_request_id(server):
    base, log_path = server
    status, headers, _ = get(f"{base}/api/v1/entities/", {"X-Request-ID": "probe-list-1"})
    assert status == 200 and headers["X-Request-ID"] == "probe-list-1"
    (line,) = [line for line in json_lines(log_path) if line.get("request_id") == "probe-list-1"]
    assert line["level"] == "INFO" and line["logger"] == "sse_registry.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/entities/", 200)
    assert line["duration_ms"] > 0 and line["queries"] > 0
    assert {"time", "pid", "message"} <= line.keys()
    # Our log lines (not gunicorn's own start-up lines) are all JSON.
    app_lines = [raw for raw in log_path.read_text().splitlines() if "sse_registry" in raw]
    assert all(raw.startswith("{") for raw in app_lines)
