"""Browser tests: Playwright drives Debian's Chromium against pytest-django's
live server, on a small registry built in the live server's database.

What they need beyond the Python packages is installed by `.ci/browser-setup`:
Chromium at /usr/bin/chromium (Playwright's own browser downloads are not used)
and axe-core in .ci/node/. Without them the tests skip and say why, except on CI
(CI=true), where they fail instead: CI must never pass by skipping them.

The data. A test that only reads (it signs nobody in and saves nothing) asks
for `registry` or `poisoned` and carries no django_db marker: the data is built
and committed once per worker and dataset (`committed`, below), and the test
reads it as it is. A test that writes is marked `WRITES`, as pytest-django's
committing tests are: it starts from the reference data alone (what the
migrations wrote), builds its own data, and the database is flushed after it.
Whatever a reader's data set left is flushed before such a test, before a
reader of another data set, and after the last browser test, so that what runs
next on the worker finds the database as a committing test leaves it.
"""

import copy
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from entities.releases import freeze

from ..factories import EntityFactory, assess
from ..registry import FEW, NO_AUTONOMY_NO_DEMOCRACY, build
from ..source import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
SETUP = "run `bash .ci/browser-setup` as root"

# Filled by the tests, shown at the end of the run so that the CI log names them.
screenshots_taken = []
axe_notes = []


def running_on_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


def require(missing):
    """Skip the test for what is missing, or fail it on CI."""
    if not missing:
        return
    reason = "; ".join(missing)
    if running_on_ci():
        pytest.fail(f"CI=true, so the browser tests may not skip: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """One headless Chromium for all the browser tests."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"no Chromium at {CHROMIUM} ({SETUP})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package is not installed (pip install -e '.[dev]')")
    require(missing)

    from django.db import connections

    # Playwright's sync API keeps an event loop running in this thread. Django
    # then takes the tests' own ORM calls (building data, flushing it) for async
    # code: its check would refuse them, so it is off while the browser runs;
    # and it gives them connections of their own, which must get the test
    # database's serialized contents (for serialized_rollback) and be closed.
    sync_connections = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, connection in sync_connections.items():
            if hasattr(connection, "_test_serialized_contents"):
                contents = connection._test_serialized_contents
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        with django_db_blocker.unblock():
            connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# A test that writes to the database (signs someone in, saves, creates a
# token): it runs as pytest-django's committing tests do.
WRITES = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def writes(item):
    return item.get_closest_marker("django_db") is not None


class Committed:
    """The data set a reader asked for, committed to this worker's test
    database and kept for the readers of the same set that follow; at most one
    at a time. Before it is built the database is flushed and given the
    reference data again, as a committing test starts; a cheap check (the
    entities' ids) finds it gone if anything else flushed or changed it."""

    def __init__(self):
        self.name = None
        self.data = None
        self.entities = None

    def use(self, name, build):
        if self.name != name or self.entity_ids() != self.entities:
            self.clear(always=True)
            load_reference_data()
            self.data = build()
            self.name = name
            self.entities = self.entity_ids()
        # The test's own copies: a change in memory does not reach the next test.
        return copy.deepcopy(self.data)

    @staticmethod
    def entity_ids():
        from entities.models import Entity

        return list(Entity.objects.order_by("pk").values_list("pk", flat=True))

    def clear(self, always=False):
        """Flush the database, as a committing test's teardown does."""
        if self.name is None and not always:
            return
        self.name = self.data = self.entities = None
        flush_database()


def flush_database():
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS

    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        database=DEFAULT_DB_ALIAS,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=True,
    )


def load_reference_data():
    """What the migrations wrote, as a serialized_rollback test gets it."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="package")
def committed(browser, django_db_blocker):
    """The readers' data on this worker; flushed after the last browser test
    (or when the worker turns to other tests in between). The database stays
    open while the browser tests run, all of which use it: the live server's
    thread may still be finishing a request the test's closed page had made."""
    with django_db_blocker.unblock():
        data = Committed()
        yield data
        data.clear()


@pytest.fixture
def django_db_serialized_rollback():
    """pytest-django serializes the reference data for the tests that name this
    fixture (or carry serialized_rollback); the readers name it so that
    `committed` can load the reference data from there, and it does nothing
    else here (pytest-django's would make the test a committing one)."""


def shared(request, name, build):
    """``build()``'s data for the test: its own if the test writes, otherwise the
    data set ``name`` committed once for the readers."""
    if writes(request.node):
        return build()
    return request.getfixturevalue("committed").use(name, build)


@pytest.fixture(autouse=True)
def _django_db_marker(request):
    """pytest-django's (the django_db marker), after flushing what the readers'
    data left: a test that writes starts from the reference data alone."""
    if writes(request.node):
        request.getfixturevalue("committed").clear()
        request.getfixturevalue("_django_db_helper")


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's, for the live server: a test that writes gets
    transactional_db; a reader reads what `committed` holds (the database open
    to it and to the live server's thread), and nothing is flushed after it."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if writes(request.node):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("committed")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


# The readers' data sets, in the order their tests run.
DATA_SETS = ["reference_data", "registry", "poisoned"]


def data_order(item):
    if writes(item):
        return 0
    names = getattr(item, "fixturenames", ())
    return 1 + min((DATA_SETS.index(name) for name in names if name in DATA_SETS), default=0)


def pytest_collection_modifyitems(items):
    """The browser tests in the places pytest-django gave them (after the tests
    that do not commit), reordered among themselves: the writers first, then
    the readers of each data set together, so that a worker builds each set
    once rather than again after every writer or other set."""
    here = Path(__file__).parent
    places = [index for index, item in enumerate(items) if here in item.path.parents]
    ordered = sorted((items[index] for index in places), key=data_order)
    for index, item in zip(places, ordered, strict=True):
        items[index] = item


@pytest.fixture
def reference_data(request, live_server, django_db_serialized_rollback):
    """For a reader that needs no more than the reference data."""
    return shared(request, "reference", dict)


@pytest.fixture(scope="package")
def axe_script():
    require([] if AXE.is_file() else [f"axe-core is not installed at {AXE} ({SETUP})"])
    return AXE


@pytest.fixture(scope="package")
def screenshot_dir():
    """The folder of this run's screenshots, emptied first."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    print(f"\nscreenshots go to {SCREENSHOTS}")
    return SCREENSHOTS


@dataclass
class Tab:
    """A browser page on the live server that notes what a page must never do:
    log a console error, throw, answer an error status, or make the browser ask
    another host for anything."""

    page: object
    origin: str
    problems: list = field(default_factory=list)

    def __post_init__(self):
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("request", self._request)
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.problems.append(f"console error on {self.page.url}: {message.text} {where}")

    def _page_error(self, error):
        self.problems.append(f"uncaught error on {self.page.url}: {error}")

    def _request(self, request):
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request to another host: {request.method} {request.url}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"{response.status} for {response.request.method} {response.url}")

    def open(self, path):
        """Go to ``path`` as a person typing it; the page must answer 200."""
        response = self.page.goto(self.origin + path)
        assert response is not None, f"no response for {path}"
        if response.status == 501:
            pytest.fail(f"{path} answers 501: the page is still a placeholder", pytrace=False)
        assert response.status == 200, f"{path} answered {response.status}"
        self.check()
        return response

    def check(self):
        problems, self.problems = self.problems, []
        assert not problems, "the browser saw:\n" + "\n".join(problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


@pytest.fixture
def open_tab(request, browser, live_server):
    """Opens a fresh browser context (no shared history, storage or cookies)."""
    contexts = []
    tabs = []

    def open_tab(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(context.new_page(), live_server.url)
        tabs.append(tab)
        return tab

    yield open_tab
    try:
        # What the test did not check itself, unless it failed already.
        if not getattr(request.node, "browser_call_failed", True):
            for tab in tabs:
                tab.check()
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def tab(open_tab):
    return open_tab()


# Thailand gets two more entities than tests/registry.py gives it, so that its
# country page and filtered lists have some variety to show.
THAI_EXTRAS = {
    "th_assoc": dict(
        name="Chiang Mai Organic Farmers Association",
        name_local="สมาคมเกษตรกรอินทรีย์เชียงใหม่",
        region_id="TH-50",
        entity_type_id="association",
        sector_id="A",
        origin="community",
        dependency="low",
        year_established=2008,
        scores=FEW,
    ),
    "th_sg": dict(
        name="Khon Kaen Women's Savings Group",
        name_local="กลุ่มออมทรัพย์สตรีขอนแก่น",
        region_id="TH-40",
        entity_type_id="savings-group",
        sector_id="K",
        origin="donor",
        dependency="high",
        year_established=2016,
        scores=NO_AUTONOMY_NO_DEMOCRACY,
    ),
}
THAILAND = [
    "Ban Don Weaving Community Enterprise",
    "Ban Mae Tha Homestay Community Enterprise",
    "Ban Nong Bua Rice Cooperative",
    "Chiang Mai Organic Farmers Association",
    "Khon Kaen Women's Savings Group",
]


RELEASE = "2026-12 regional release"


def build_registry():
    built = build()
    for key, fields in THAI_EXTRAS.items():
        fields = dict(fields)
        scores = fields.pop("scores")
        built[key] = EntityFactory(country_id="TH", **fields)
        assess(built[key], scores)
    built["release"] = freeze(RELEASE)
    return built


@pytest.fixture
def registry(request, live_server, django_db_serialized_rollback):
    """tests/registry.py's registry plus THAI_EXTRAS, committed so that the live
    server's thread sees it: built once for the readers (see `shared`)."""
    return shared(request, "registry", build_registry)


def pytest_terminal_summary(terminalreporter):
    if screenshots_taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"{len(screenshots_taken)} screenshots (360 px and 1280 px wide) in {SCREENSHOTS}"
        )
    if axe_notes:
        terminalreporter.write_sep("-", "axe-core: moderate and minor findings (not failures)")
        for note in axe_notes:
            terminalreporter.write_line(note)
