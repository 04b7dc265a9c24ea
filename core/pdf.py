"""PDF documents from HTML, drawn by WeasyPrint.

WeasyPrint is a Python package, but it draws with Debian's Pango and HarfBuzz
libraries and finds its fonts through fontconfig (fonts-noto-core for the
scripts of entity names); `.ci/pdf-setup` installs them. It is imported only
when a PDF is asked for, so the registry runs without them: ``missing()``
then says plainly what is missing, for the page to show.

WeasyPrint fetches nothing from the network: its URL fetcher serves the
registry's static files (from the collected files, else the finders) at the
address of the page being drawn, and refuses every other address.
"""

import importlib
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import gettext as _


class EngineMissing(Exception):
    """WeasyPrint, or a library it needs, is not installed; the message says which."""


def engine():
    """The weasyprint module, imported on first use; EngineMissing if it or
    its native libraries are missing (tried again at each call, so that
    installing them needs no restart)."""
    try:
        return importlib.import_module("weasyprint")
    except ImportError:
        raise EngineMissing(
            _("the Python package WeasyPrint is not installed (pip install weasyprint).")
        ) from None
    except OSError as error:  # a native library that cffi could not load
        raise EngineMissing(
            _(
                "WeasyPrint cannot load the Pango and HarfBuzz libraries (%(error)s); on "
                "Debian, install libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz0b and "
                "fonts-noto-core (.ci/pdf-setup)."
            )
            % {"error": error}
        ) from None


def missing():
    """What keeps this server from making PDFs, as a sentence; "" when nothing."""
    try:
        engine()
    except EngineMissing as error:
        return str(error)
    return ""


def render(html, *, base_url):
    """``html`` as PDF bytes; its relative addresses resolve against
    ``base_url`` (the page's own address), and only the static files under
    it are fetched."""
    weasyprint = engine()
    fetcher = _static_fetcher(weasyprint)(base_url)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def static_file(url, base_url):
    """The bytes and media type of the static file at ``url``, an address on
    the same site as ``base_url``; None for any other address."""
    address, base = urlsplit(url), urlsplit(base_url)
    prefix = settings.STATIC_URL
    if (address.scheme, address.netloc) != (base.scheme, base.netloc):
        return None
    if not address.path.startswith(prefix):
        return None
    name = unquote(address.path[len(prefix) :])
    if not name or ".." in name.split("/"):
        return None
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            content = file.read()
    else:
        path = finders.find(name)
        if not path:
            return None
        with open(path, "rb") as file:
            content = file.read()
    return content, mimetypes.guess_type(name)[0] or "application/octet-stream"


def _static_fetcher(weasyprint):
    class StaticFetcher(weasyprint.urls.URLFetcher):
        """Serves the registry's static files; refuses every other address
        (WeasyPrint then leaves the resource out and logs a warning)."""

        def __init__(self, base_url):
            super().__init__(allowed_protocols=())
            self.base_url = base_url

        def fetch(self, url, headers=None):
            found = static_file(url, self.base_url)
            if found is None:
                raise ValueError(f"Not fetched (only the registry's static files are): {url}")
            content, media_type = found
            return weasyprint.urls.URLFetcherResponse(url, content, {"Content-Type": media_type})

    return StaticFetcher
