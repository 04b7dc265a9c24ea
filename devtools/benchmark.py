"""Timings of typical requests, each beside its *limit* (see the `benchmark`
management command and docs/performance.md).

Requests go through django.test.Client, so the figures cover the whole Django
stack and the database, but not a web server or the network. Absolute times
drift on a shared machine; the ratio of a request to its limit, measured in
the same run with the runs interleaved, does not. The limit of a request is
what the database alone makes it cost:

- ``py`` (L0-py): the SQL the request issued, run again through the raw
  database driver on the same warm connection, each result turned into JSON
  (a list of objects) in the same process.
- ``sql`` (L0-sql): the same SQL, the rows only fetched.
- ``csv`` (L0-csv): on PostgreSQL, the export's query through the server's own
  ``COPY (…) TO STDOUT WITH CSV HEADER``; elsewhere its rows through Python's
  csv module.
"""

import csv
import io
import json
import math
import re
import resource
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from core.freshness import published_data_changed
from entities import map_grid
from entities.api.pagination import cursor_after
from entities.models import Entity
from workflow.models import CountryAssignment

HOST = "127.0.0.1"
PAGE_SIZE = 100
DEEP_POSITION = 500_000  # entities before the deep page (page 5,000 at 100 a page)
BENCHMARK_USERS = {
    # username: (group, countries)
    "benchmark-reviewer": ("Reviewer", []),
    "benchmark-researcher": ("National researcher", ["TH"]),
}


# --- Targets (issue 6): each says whether a result meets it ------------------


@dataclass(frozen=True)
class Target:
    """One condition on a result: ``figure`` (a Result attribute, or the ratio
    to another case's median when ``relative_to`` is set) at most ``limit``."""

    figure: str
    limit: float
    relative_to: str = ""

    def value(self, result, by_case):
        if self.relative_to:
            other = by_case[self.relative_to].median_ms
            return result.median_ms / other if other else None
        return getattr(result, self.figure)

    def met(self, result, by_case):
        value = self.value(result, by_case)
        return value is not None and value <= self.limit

    def describe(self):
        if self.relative_to:
            return f"≤{self.limit:g}× {self.relative_to}"
        units = {"p95_ms": "p95 <{:g} ms", "ratio": "ratio ≤{:g}", "queries": "≤{:g} queries"}
        units["rss_growth_mb"] = "mem +<{:g} MB"
        return units[self.figure].format(self.limit)


def ratio_at_most(limit):
    return Target("ratio", limit)


def p95_under(ms):
    return Target("p95_ms", ms)


def queries_at_most(n):
    return Target("queries", n)


API_LIST = (ratio_at_most(2), queries_at_most(3), p95_under(100))
ADMIN = (p95_under(1000),)
COUNTRY_MAP = "/countries/TH/?measure=lacking&feature=autonomy&origin=government"
SEARCH = (queries_at_most(3), p95_under(150))
# The map's cells (issue 15). Read from the grid counted in advance
# (entities.map_grid) for the questions it holds: a read of a few hundred
# rows, where the request's time is Django's own (as for a cached figure),
# so the ratio to that read is shown but not a target. Counted from the
# entities for any other filter: at most three queries, close to their SQL.
MAP_CELLS = (queries_at_most(3), p95_under(150))
MAP_CELLS_COUNTED = (ratio_at_most(2), queries_at_most(3))
MAP_CELLS_FILTERED = {"country": "VN", "entity_type": "cooperative", "lacks": "autonomy"}
# One of each kind of filter the map's grid holds beside country, type and origin.
MAP_CELLS_FACETS = {
    "region_lacking": {"lacks": "democratic_governance"},
    "practising": {"country": "VN", "practises": "autonomy"},
    "sector": {"sector": "A"},
    "band": {"country": "TH", "band": "all"},
    "sdg": {"country": "VN", "sdg": "1"},
}
# Two of them at once, which the grid does not hold: counted from the entities.
MAP_CELLS_COUNTED_FILTER = {"country": "VN", "sector": "A", "band": "all"}
MAP_PAGE = f"/map/?{urlencode(MAP_CELLS_FILTERED)}"
# A GeoJSON download of about 10,000 entities at 100,000 (Viet Nam's
# cooperatives; see docs/performance.md), streamed.
GEOJSON_FILTER = {"country": "VN", "entity_type": "cooperative"}
# Timed runs of the region's report as PDF, each some seconds.
REPORT_PDF_RUNS = 3


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    limit: str = "py"  # "py", "sql", "csv" (see the module's docstring)
    targets: tuple = ()
    user: str = ""  # a BENCHMARK_USERS name to log in as (the admin)
    uncached: bool = False  # cached figures are forgotten before each run
    streaming: bool = False  # the body is a generator; reading it is part of the cost
    warm_up_path: str = ""  # a cheaper request through the same code, if this one is slow
    repeat: int = 0  # at most this many timed runs, whatever --repeat says (a slow case)
    # Before each run, a change of these countries' published data commits,
    # and the pages it touched are drawn again (entities.warming), untimed.
    after_change_in: tuple = ()

    def warm_up(self):
        return replace(self, path=self.warm_up_path) if self.warm_up_path else self

    @property
    def readable_path(self):
        return unquote_plus(self.path)

    def runs(self, repeat, streaming_runs=None):
        """Timed runs: `repeat`, but fewer for a streamed export, which is
        orders of magnitude slower than a page (a tenth, at least 3, unless
        `streaming_runs` says otherwise), so the whole benchmark takes minutes;
        at most the case's own `repeat` when it has one."""
        if self.repeat:
            return min(repeat, self.repeat)
        if not self.streaming:
            return repeat
        return streaming_runs or min(repeat, max(3, repeat // 10))


@dataclass
class Result:
    case: str
    median_ms: float
    p95_ms: float
    queries: int
    limit_ms: float | None
    ratio: float | None
    peak_rss_mb: float
    rss_growth_mb: float
    targets: list = field(default_factory=list)  # descriptions of the targets
    met: bool | None = None  # all targets met (None: no target)

    def as_dict(self):
        return asdict(self)


def build_cases():
    """The typical requests, with the detail id and the deep cursor taken from
    the data, so that every case answers 200 on a registry of any size."""
    published = Entity.objects.published()
    entity_id = published.order_by("pk").values_list("pk", flat=True).first()
    if entity_id is None:
        raise CommandError("The registry holds no published entity to benchmark.")
    return [
        Case("list", api("entities/", page_size=PAGE_SIZE), targets=API_LIST),
        Case("country", api("entities/", country="TH", page_size=PAGE_SIZE), targets=API_LIST),
        Case(
            "country_lacks_band",
            api("entities/", country="VN", lacks="autonomy", band="most", page_size=PAGE_SIZE),
            targets=API_LIST,
        ),
        Case("search_thai", api("entities/", q="วิสาหกิจชุมชน"), targets=SEARCH),
        Case("search_vietnamese", api("entities/", q="hop tac xa"), targets=SEARCH),
        Case(
            "deep_page",
            api("entities/", cursor=deep_cursor(published), page_size=PAGE_SIZE),
            targets=(*API_LIST, Target("median_ms", 1.5, relative_to="cursor_first")),
        ),
        Case(
            "cursor_first",
            api("entities/", cursor="", page_size=PAGE_SIZE),
            targets=API_LIST,
        ),
        # The issue sets no ratio for a detail: its two small queries take under
        # a millisecond, less than Django's own work on any request.
        Case("detail", api(f"entities/{entity_id}/"), targets=(p95_under(50),)),
        Case(
            "country_stats",
            api("countries/TH/stats/"),
            limit="sql",
            targets=(ratio_at_most(1.3),),
            uncached=True,
        ),
        Case("country_stats_cached", api("countries/TH/stats/"), targets=(p95_under(5),)),
        Case(
            "grouped_stats",
            api("stats/", group_by="country"),
            limit="sql",
            targets=(ratio_at_most(1.3),),
            uncached=True,
        ),
        Case("grouped_stats_cached", api("stats/", group_by="country"), targets=(p95_under(5),)),
        Case(
            "export_csv",
            api("entities/export.csv"),
            limit="csv",
            targets=(ratio_at_most(2.5), Target("rss_growth_mb", 50)),
            streaming=True,
            # Kyrgyzstan's entities, 1.5 %: every line of the export's code
            # runs, for seconds where the whole export takes minutes.
            warm_up_path=api("entities/export.csv", country="KG"),
        ),
        # The map's cells: the whole region, one country, one country filtered
        # (Vietnamese cooperatives lacking autonomy), the region lacking a
        # feature, and by each kind of filter the grid holds (a feature
        # practised, a sector, a band, an SDG), from the grid; one country by
        # two filters at once, which the grid does not hold, counted; each
        # uncached. Then from the cache, as a map panned back and forth asks again.
        Case("map_cells_region", api("map/cells/"), targets=MAP_CELLS, uncached=True),
        Case(
            "map_cells_country", api("map/cells/", country="VN"), targets=MAP_CELLS, uncached=True
        ),
        Case(
            "map_cells_filtered",
            api("map/cells/", **MAP_CELLS_FILTERED),
            targets=MAP_CELLS,
            uncached=True,
        ),
        *(
            Case(f"map_cells_{name}", api("map/cells/", **query), targets=MAP_CELLS, uncached=True)
            for name, query in MAP_CELLS_FACETS.items()
        ),
        Case(
            "map_cells_counted",
            api("map/cells/", **MAP_CELLS_COUNTED_FILTER),
            limit="sql",
            targets=MAP_CELLS_COUNTED,
            uncached=True,
        ),
        # The map page of the same filter: the cells, the first 50 in view,
        # the count of those without a place.
        Case("html_map_filtered", MAP_PAGE, targets=(p95_under(300),), uncached=True),
        Case(
            "map_cells_cached",
            api("map/cells/", **MAP_CELLS_FILTERED),
            targets=(queries_at_most(1), p95_under(150)),
        ),
        Case(
            "geojson",
            api("entities.geojson", **GEOJSON_FILTER),
            # Its limit streams too (the rows through COPY), so that the memory
            # measured is the request's, not a limit's holding every row.
            limit="csv",
            targets=(Target("rss_growth_mb", 50),),
            streaming=True,
            warm_up_path=api("entities.geojson", country="KG"),
        ),
        Case(
            "html_list",
            "/entities/?page_size=100",
            targets=(Target("median_ms", 3, relative_to="list"),),
        ),
        Case("html_country_th", "/countries/TH/", targets=(p95_under(300),)),
        # The first reader after a publication: in Thailand (its pages drawn
        # again by the writer once it committed), and in Viet Nam (Thailand's
        # figures stand, each country having its own version).
        Case(
            "html_country_th_after_th_change",
            "/countries/TH/",
            targets=(p95_under(300),),
            after_change_in=("TH",),
        ),
        Case(
            "html_country_th_after_vn_change",
            "/countries/TH/",
            targets=(p95_under(300),),
            after_change_in=("VN",),
        ),
        # A country page with its region map coloured by a share over a filter:
        # the map's figures (and the page's statistics) computed, then cached.
        Case("html_country_th_map", COUNTRY_MAP, targets=(p95_under(2000),), uncached=True),
        Case("html_country_th_map_cached", COUNTRY_MAP, targets=(p95_under(300),)),
        # The home page: the five countries' region maps, from cached figures.
        Case("html_home", "/", targets=(p95_under(300),)),
        # The tapestry's counts by country and type: computed, then cached.
        Case(
            "html_tapestry_th",
            "/tapestry/?country=TH",
            targets=(p95_under(2000),),
            uncached=True,
        ),
        Case("html_tapestry_th_cached", "/tapestry/?country=TH", targets=(p95_under(300),)),
        # The region's report as PDF (issue 16), drawn anew at each run: the
        # report's figures computed, then WeasyPrint's layout of some 70 A4
        # pages, which takes seconds whatever the registry's size; so a few
        # runs. Its warm-up draws a smaller country's PDF (fonts, imports).
        Case(
            "report_pdf_region",
            "/report.pdf",
            targets=(p95_under(60_000), Target("rss_growth_mb", 300)),
            uncached=True,
            warm_up_path="/countries/kg/report.pdf",
            repeat=REPORT_PDF_RUNS,
        ),
        Case(
            "admin_reviewer",
            "/admin/entities/entity/",
            user="benchmark-reviewer",
            targets=(p95_under(1000),),
        ),
        Case(
            "admin_researcher",
            "/admin/entities/entity/",
            user="benchmark-researcher",
            targets=(p95_under(1000),),
        ),
        # The admin's home page with each role's work queues and their counts,
        # and a queue's list (workflow.queues).
        Case("admin_home_reviewer", "/admin/", user="benchmark-reviewer", targets=ADMIN),
        Case("admin_home_researcher", "/admin/", user="benchmark-researcher", targets=ADMIN),
        Case(
            "admin_queue_awaiting_review",
            "/admin/entities/entity/?queue=awaiting_review",
            user="benchmark-reviewer",
            targets=ADMIN,
        ),
        Case(
            "admin_queue_due",
            "/admin/entities/entity/?queue=due",
            user="benchmark-researcher",
            targets=ADMIN,
        ),
    ]


def deep_cursor(published):
    """The API's cursor for the page after the first ``DEEP_POSITION``
    published entities (or after the middle one, in a smaller registry)."""
    count = published.count()
    position = min(DEEP_POSITION, count // 2)
    entity_id = published.order_by("pk").values_list("pk", flat=True)[position]
    return cursor_after(entity_id)


def api(path, **params):
    """An API URL, its query percent-encoded as a real client sends it."""
    query = f"?{urlencode(params)}" if params else ""
    return f"/api/v1/{path}{query}"


def clients():
    """An anonymous API client, and one logged-in client per benchmark user
    (created on first use with their role and countries)."""
    made = {"": Client(HTTP_HOST=HOST, HTTP_ACCEPT="application/json")}
    for username, (group, countries) in BENCHMARK_USERS.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        user.groups.set([Group.objects.get(name=group)])
        for code in countries:
            CountryAssignment.objects.get_or_create(user=user, country_id=code)
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        made[username] = client
    return made


def unthrottled():
    """Settings for the run: no rate limits (the throttles read their rates
    from settings at each request; None means no limit), and the host allowed
    (with DEBUG off and ALLOWED_HOSTS unset no host is)."""
    return override_settings(
        API_ANON_RATE=None,
        API_TOKEN_RATE=None,
        # Pages are drawn in advance only for the cases that ask (after_change_in).
        WARM_PAGES="off",
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, HOST],
    )


# --- One request, and its limit ------------------------------------------------


def request_once(client, case):
    """One request, read to the end: (milliseconds, the SQL it issued)."""
    if case.uncached or case.after_change_in:
        current = map_grid.is_current()
        with override_settings(WARM_PAGES="request" if case.after_change_in else "off"):
            published_data_changed(scopes=case.after_change_in or None)
        if current:  # nothing published changed: the map's grid still counts the data
            map_grid.mark_current()
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
    return elapsed_ms, [query["sql"] for query in queries.captured_queries]


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


# A server-side cursor's statement as the query log shows it on PostgreSQL.
DECLARE = re.compile(r"^DECLARE\s+\S+\s+.*?\bCURSOR\b.*?\bFOR\s+", re.IGNORECASE | re.DOTALL)


def reads(statements):
    """The reading statements of a request's SQL (without transaction and
    savepoint statements), a server-side cursor's as its plain SELECT, and a
    COPY … TO STDOUT as it is."""
    selects = []
    for sql in statements:
        sql = DECLARE.sub("", sql)
        if sql.lstrip().upper().startswith(("SELECT", "WITH", "COPY")):
            selects.append(sql)
    return selects


def _is_copy(sql):
    return sql.lstrip().upper().startswith("COPY")


def limit_once(kind, statements):
    """The limit of a request that issued ``statements``, in milliseconds."""
    raw = connection.connection  # the driver's own connection, already open
    selects = reads(statements)
    started = time.perf_counter()
    if kind == "csv":
        _copy_csv(raw, max(selects, key=len) if selects else None)
    else:
        cursor = raw.cursor()
        try:
            for sql in (sql for sql in selects if not _is_copy(sql)):
                cursor.execute(sql)
                rows = cursor.fetchall()
                if kind == "py":
                    names = [column[0] for column in cursor.description]
                    json.dumps([dict(zip(names, row, strict=True)) for row in rows], default=str)
        finally:
            cursor.close()
    return (time.perf_counter() - started) * 1000


class _Discard(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        return len(data)


def _copy_csv(raw, sql):
    if sql is None:
        return
    if connection.vendor == "postgresql":
        # The export's own COPY, or its SELECT through COPY.
        statement = sql if _is_copy(sql) else f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
        with raw.cursor() as cursor:
            cursor.copy_expert(statement, _Discard())
        return
    cursor = raw.cursor()
    try:
        cursor.execute(sql)
        writer = csv.writer(io.TextIOWrapper(_Discard(), encoding="utf-8"))
        writer.writerow([column[0] for column in cursor.description])
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)
    finally:
        cursor.close()


def measure(client, case, runs):
    """``runs`` timed requests, each followed by a run of its limit: the SQL
    that request issued, without Django (none for a request answered from
    the cache alone)."""
    timings, limits, counts = [], [], []
    with RssWatch() as watch:
        for _ in range(runs):
            elapsed_ms, issued = request_once(client, case)
            timings.append(elapsed_ms)
            counts.append(len(issued))
            if reads(issued):
                limits.append(limit_once(case.limit, issued))
    median = statistics.median(timings)
    limit = statistics.median(limits) if limits else None
    return Result(
        case=case.name,
        median_ms=round(median, 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        # The same request should always cost the same queries; the highest
        # count shows it if one repetition did not.
        queries=max(counts),
        limit_ms=round(limit, 2) if limit else None,
        ratio=round(median / limit, 2) if limit else None,
        peak_rss_mb=round(peak_rss_mb(), 1),
        rss_growth_mb=round(watch.growth_mb, 1),
        targets=[target.describe() for target in case.targets],
    )


def judge(cases, results):
    """Set each result's ``met``: whether it meets all its case's targets."""
    by_case = {result.case: result for result in results}
    for case, result in zip(cases, results, strict=True):
        targets = [t for t in case.targets if not t.relative_to or t.relative_to in by_case]
        if targets:
            result.met = all(target.met(result, by_case) for target in targets)


def percentile(values, fraction):
    """Nearest-rank percentile: always one of the measured values (with ten
    repetitions, p95 is the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def peak_rss_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def current_rss_mb():
    """The process's resident memory now (Linux; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return peak_rss_mb()
    return pages * resource.getpagesize() / 1024 / 1024


class RssWatch:
    """How much the process's resident memory grew above where it started,
    sampled every 20 ms while the block runs."""

    INTERVAL = 0.02

    def __enter__(self):
        self.start = self.highest = current_rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(self.INTERVAL):
            self.highest = max(self.highest, current_rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.highest = max(self.highest, current_rss_mb())

    @property
    def growth_mb(self):
        return max(0.0, self.highest - self.start)


# --- The table -------------------------------------------------------------------


def _optional(fmt):
    return lambda value: "-" if value is None else fmt.format(value)


COLUMNS = (
    ("case", "case", "<", "{}".format),
    ("median ms", "median_ms", ">", "{:.1f}".format),
    ("p95 ms", "p95_ms", ">", "{:.1f}".format),
    ("queries", "queries", ">", "{}".format),
    ("limit ms", "limit_ms", ">", _optional("{:.1f}")),
    ("ratio", "ratio", ">", _optional("{:.2f}")),
    ("peak RSS MB", "peak_rss_mb", ">", "{:.1f}".format),
    ("RSS +MB", "rss_growth_mb", ">", "{:.1f}".format),
    ("target", "targets", "<", ", ".join),
    ("met", "met", "<", lambda met: {True: "yes", False: "NO", None: ""}[met]),
)


def format_table(results):
    rows = [[title for title, *_ in COLUMNS]]
    for result in results:
        figures = result.as_dict()
        rows.append([fmt(figures[key]) for _, key, _, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, width, (_, _, align, _) in zip(row, widths, COLUMNS, strict=True)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
