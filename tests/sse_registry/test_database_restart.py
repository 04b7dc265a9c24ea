"""PostgreSQL restarting under load: the registry answers 503 (never 500)
for what it must read from the database while the database is away, serves
the answers it keeps in the shared cache meanwhile, and recovers by itself
when it is back.

The test stops and starts a PostgreSQL cluster of its own, so it runs only
where it is given one: DRILL_DATABASE_URL (a database on that cluster) and
DRILL_CLUSTER ("VERSION NAME", for pg_ctlcluster, which needs root). CI makes
one with .ci/start-drill-cluster."""

import os
import subprocess
import threading
import time
from collections import Counter

import pytest

from ..live import CUT_SHORT, get, gunicorn, json_lines, prepared_env

DATABASE_URL = os.environ.get("DRILL_DATABASE_URL", "")
CLUSTER = os.environ.get("DRILL_CLUSTER", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (DATABASE_URL and CLUSTER), reason="no DRILL_DATABASE_URL and DRILL_CLUSTER"
    ),
]


def cluster(action):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER.split(), action],
        check=True,
        timeout=120,
    )


class Load:
    """Clients asking for a mix of API answers, one request after another,
    recording each status with the time it came."""

    PATHS = [
        # A new address each time (an unknown parameter is ignored): never a
        # kept answer, so it needs the database.
        "/api/v1/entities/?country=TH&visit={n}",
        "/api/v1/entities/?page_size=20",
        "/api/v1/entities/?country=TH&band=most",
        "/api/v1/countries/TH/stats/",
        "/api/v1/stats/?group_by=sector",
        "/api/v1/entities/export.csv?country=KG",
        "/healthz",
    ]

    def __init__(self, base, clients=4):
        self.base, self.results, self.stopping = base, [], threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(clients)]

    def run(self, offset):
        n = offset
        while not self.stopping.is_set():
            path = self.PATHS[n % len(self.PATHS)].format(n=n)
            status, headers, body = get(self.base + path, timeout=30)
            self.results.append((time.monotonic(), path, status, headers, body))
            n += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def statuses(self, since=0.0, until=float("inf")):
        return Counter(status for t, _, status, _, _ in self.results if since <= t < until)

    def answered(self, since, status):
        """The addresses answered with ``status`` since then."""
        return {path for t, path, code, _, _ in self.results if t >= since and code == status}


def test_a_database_restart_under_load_gives_503s_then_recovers(tmp_path):
    env = prepared_env(DATABASE_URL, entities=300, API_ANON_RATE="1000000/minute")
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(env, log_path) as base, Load(base) as load:
        time.sleep(3)
        stopping = time.monotonic()
        cluster("stop")
        time.sleep(4)
        during = load.statuses(since=time.monotonic() - 3)
        served_while_away = load.answered(time.monotonic() - 3, 200)
        cluster("start")
        started = time.monotonic()
        recovered = None
        while time.monotonic() - started < 30:
            time.sleep(0.5)
            recent = load.statuses(since=time.monotonic() - 0.5)
            if recent and set(recent) == {200}:
                recovered = time.monotonic() - started
                break
        time.sleep(2)
    before = load.statuses(until=stopping)
    print(
        f"\nbefore: {dict(before)}, database away: {dict(during)}, back to 200s after "
        f"{recovered} s; all: {dict(load.statuses())}"
    )
    assert set(before) == {200}
    assert 503 in during and set(during) <= {200, 503}
    # What was served meanwhile came from the shared cache: never an address
    # asked for the first time, nor the health check, which asks the database.
    assert not {path for path in served_while_away if "visit=" in path or path == "/healthz"}
    assert recovered is not None, "still failing 30 s after the database came back"
    assert 500 not in load.statuses() and 0 not in load.statuses()
    # A download under way when the database went is cut short, visibly: its
    # chunked body never ends, so the client knows the file is incomplete.
    cut = {path for _, path, status, _, _ in load.results if status == CUT_SHORT}
    assert cut <= {"/api/v1/entities/export.csv?country=KG"}
    # The 503s are the registry's own, with a reason a client can act on.
    unavailable = [r for r in load.results if r[2] == 503]
    assert all(r[3].get("Retry-After") == "5" for r in unavailable)
    api = next(r for r in unavailable if "visit=" in r[1])
    assert b"briefly unavailable" in api[4] and b"request_id" in api[4]
    # Logged as errors with their request id, never as an unhandled crash.
    errors = [line for line in json_lines(log_path) if line["level"] == "ERROR"]
    assert errors and all(line["request_id"] for line in errors)
