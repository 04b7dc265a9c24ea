"""The pages a change touched, drawn again before a reader asks for them.

The first reader of a country's page after its published data has changed
pays for its figures: at a million entities, a scan of Thailand's 600,000
entities, about two seconds. Every later reader finds them in the cache
(core.freshness). So that no reader pays that first time, the process that
made a change draws the pages it touched once the change has committed: the
home page (whose figures span the countries) and, for each country changed,
its page and its list. A change that names no country touches every country.
The pages are drawn as a reader's request is, through the middleware and
the views, so what is cached is exactly what a reader's request asks for;
the figures don't depend on the language, so one drawing serves every
language.

``settings.WARM_PAGES`` says how: "background" (the default) in a thread of
the writing process, a moment after the last change of a burst, so that a
reviewer publishing twenty records in a minute costs a few drawings, not
twenty; "request" within the request that made the change (for tests);
"off".
"""

import logging
import threading

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse

from core.freshness import after_each_change

from .models import Country

logger = logging.getLogger(__name__)

# How long a burst of changes may go quiet before its pages are drawn.
QUIET_SECONDS = 1.0


def pages_of(countries):
    """The addresses a change of ``countries`` (None: every country) touched."""
    if countries is None:
        countries = Country.objects.values_list("code", flat=True)
    pages = [reverse("home")]
    for code in sorted(countries):
        pages.append(reverse("country-detail", args=[code.lower()]))
        pages.append(f"{reverse('entity-list')}?country={code}")
    return pages


class Handler(BaseHandler):
    """The project's middleware and views, as the server runs them."""

    def __init__(self):
        super().__init__()
        self.load_middleware()


_handler = None


def draw(address):
    """Draw the page at ``address`` as an anonymous reader's request is
    answered, for the figures it caches; the page itself is thrown away.
    Returns the response's status."""
    global _handler
    if _handler is None:
        _handler = Handler()
    host = next((host for host in settings.ALLOWED_HOSTS if "*" not in host), "localhost")
    request = RequestFactory(HTTP_HOST=host.lstrip(".")).get(address)
    return _handler.get_response(request).status_code


def draw_all(countries):
    for address in pages_of(countries):
        try:
            status = draw(address)
        except Exception:  # a page that fails is drawn by its first reader instead
            logger.exception("Could not draw %s in advance.", address)
        else:
            if status != 200:
                logger.warning("Drawing %s in advance was answered %s.", address, status)


class Painter:
    """The thread of a process that draws the pages of the changes it is
    told of, after each burst (``QUIET_SECONDS`` without a change)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.countries = set()
        self.every_country = False
        self.thread = None

    def tell(self, countries):
        with self.lock:
            if countries is None:
                self.every_country = True
            else:
                self.countries.update(countries)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="warm-pages", daemon=True)
                self.thread.start()
        self.changed.set()

    def take(self):
        """The countries changed since the last take (None: every one), or an
        empty set when nothing has."""
        with self.lock:
            countries = None if self.every_country else self.countries
            self.countries, self.every_country = set(), False
            return countries

    def run(self):
        try:
            while True:
                # Wait for the burst to go quiet.
                while self.changed.wait(QUIET_SECONDS):
                    self.changed.clear()
                countries = self.take()
                if countries is not None and not countries:
                    with self.lock:  # nothing came meanwhile: end; the next change starts anew
                        if not self.countries and not self.every_country:
                            self.thread = None
                            return
                    continue
                draw_all(countries)
        finally:
            connections.close_all()  # this thread's own connections


painter = Painter()


@after_each_change
def changed(countries):
    mode = settings.WARM_PAGES
    if mode == "background":
        painter.tell(countries)
    elif mode == "request":
        draw_all(countries)
