"""Timings of typical API calls, measured in-process (see the `benchmark`
management command).

Requests go through django.test.Client, so the figures cover the whole Django
and DRF stack and the database, but not a web server or the network.
"""

import math
import resource
import statistics
import sys
import time
from dataclasses import asdict, dataclass, replace
from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from entities.models import Entity

HOST = "127.0.0.1"
PAGE_SIZE = 100
DEEP_PAGE = 5000  # as deep as a client paging through a large registry goes


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    streaming: bool = False  # the body is a generator; reading it is part of the cost
    warm_up_path: str = ""  # a cheaper request through the same code, if this one is slow

    def warm_up(self):
        return replace(self, path=self.warm_up_path) if self.warm_up_path else self

    @property
    def readable_path(self):
        return unquote_plus(self.path)

    def runs(self, repeat, streaming_runs=None):
        """Timed runs: `repeat`, but fewer for a streamed export, which is
        orders of magnitude slower than a page (a tenth, at least 3, unless
        `streaming_runs` says otherwise), so the whole benchmark takes minutes."""
        if not self.streaming:
            return repeat
        return streaming_runs or min(repeat, max(3, repeat // 10))


@dataclass
class Result:
    case: str
    median_ms: float
    p95_ms: float
    queries: int
    peak_rss_mb: float

    def as_dict(self):
        return asdict(self)


def build_cases():
    """The typical calls, with the detail id and the deep page taken from the
    data, so that every case answers 200 on a registry of any size."""
    published = Entity.objects.published()
    entity_id = published.order_by("pk").values_list("pk", flat=True).first()
    if entity_id is None:
        raise CommandError("The registry holds no published entity to benchmark.")
    last_page = max(1, math.ceil(published.count() / PAGE_SIZE))
    return [
        Case("list", api("entities/", page_size=PAGE_SIZE)),
        Case("country", api("entities/", country="TH")),
        Case("country_lacks_band", api("entities/", country="VN", lacks="autonomy", band="most")),
        Case("search_thai", api("entities/", q="วิสาหกิจชุมชน")),
        Case("search_vietnamese", api("entities/", q="hop tac xa")),
        Case("deep_page", api("entities/", page=min(DEEP_PAGE, last_page), page_size=PAGE_SIZE)),
        Case("detail", api(f"entities/{entity_id}/")),
        Case("country_stats", api("countries/TH/stats/")),
        Case("grouped_stats", api("stats/", group_by="country")),
        Case(
            "export_csv",
            api("entities/export.csv"),
            streaming=True,
            # Kyrgyzstan's entities, 1.5 %: every line of the export's code
            # runs, for seconds where the whole export takes minutes.
            warm_up_path=api("entities/export.csv", country="KG"),
        ),
    ]


def api(path, **params):
    """An API URL, its query percent-encoded as a real client sends it."""
    query = f"?{urlencode(params)}" if params else ""
    return f"/api/v1/{path}{query}"


def api_client():
    return Client(HTTP_HOST=HOST, HTTP_ACCEPT="application/json")


def unthrottled():
    """Settings for the run: no rate limits (the throttles read their rates
    from settings at each request; None means no limit), and the host allowed
    (with DEBUG off and ALLOWED_HOSTS unset no host is)."""
    return override_settings(
        API_ANON_RATE=None,
        API_TOKEN_RATE=None,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, HOST],
    )


def request_once(client, case):
    """One request, read to the end: (milliseconds, SQL queries)."""
    # CaptureQueriesContext counts by position in connection.queries_log, a
    # deque of at most 9000 entries that no request resets meanwhile; once it
    # is full the positions stop moving and every count would read 0.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(case.path)
        _read(response)
        elapsed_ms = (time.perf_counter() - started) * 1000
    _check(case, response)
    if len(queries) >= connection.queries_log.maxlen:
        raise CommandError(f"{case.name}: {len(queries)} queries or more; the count is cut off.")
    return elapsed_ms, len(queries)


def _read(response):
    # A streamed body is produced (and queried) only while it is read; the
    # chunks are dropped as they come, as a server would send them on.
    if response.streaming:
        for _chunk in response.streaming_content:
            pass


def _check(case, response):
    if response.status_code != 200:
        body = b"" if response.streaming else response.content[:300]
        raise CommandError(
            f"{case.name}: GET {case.path} answered {response.status_code}: "
            f"{body.decode(errors='replace')}"
        )


def measure(client, case, runs):
    timings, counts = [], []
    for _ in range(runs):
        elapsed_ms, count = request_once(client, case)
        timings.append(elapsed_ms)
        counts.append(count)
    return Result(
        case=case.name,
        median_ms=round(statistics.median(timings), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        # The same request should always cost the same queries; the highest
        # count shows it if one repetition did not.
        queries=max(counts),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )


def percentile(values, fraction):
    """Nearest-rank percentile: always one of the measured values (with ten
    repetitions, p95 is the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def peak_rss_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


COLUMNS = (
    ("case", "case", "<", "{}"),
    ("median ms", "median_ms", ">", "{:.1f}"),
    ("p95 ms", "p95_ms", ">", "{:.1f}"),
    ("queries", "queries", ">", "{}"),
    ("peak RSS MB", "peak_rss_mb", ">", "{:.1f}"),
)


def format_table(results):
    rows = [[title for title, *_ in COLUMNS]]
    for result in results:
        figures = result.as_dict()
        rows.append([fmt.format(figures[key]) for _, key, _, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, width, (_, _, align, _) in zip(row, widths, COLUMNS, strict=True)
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
