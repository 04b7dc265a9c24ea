"""Which language a request is answered in.

- **Public pages** carry it in the address: ``/th/countries/TH/`` is Thai,
  ``/countries/TH/`` English (the default language has no prefix), so a link
  a reader shares opens in the language they read it in. Neither the
  browser's ``Accept-Language`` nor the language cookie changes a page.
- **The admin** (``/admin/``) is personal: it speaks the language its user
  chose with the switcher (the cookie), else the browser's.
- **The API** is language-neutral: codes and English names, whatever the
  request says. An endpoint that documents ``Accept-Language`` answers in
  the language it names (``language_from_header``).

On the public pages the switcher asks ``language_page`` (a GET) for the same
page, with its query string, in the chosen language: a redirect that sets no
cookie and needs no form token, so that a public page stays cacheable
(core.http_cache). In the admin it posts to ``set_language``, which also sets
the cookie the admin reads.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.i18n import set_language as django_set_language

ADMIN_PREFIX = "/admin/"


def _language_of_path(path):
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def language_from_header(request):
    """The first language of the request's ``Accept-Language`` that the
    registry speaks (``th-TH`` gives ``th``); English when none is."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the admin's language chosen by its
    user and only the admin's answers varying with ``Accept-Language``."""

    def process_request(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            # The address decides: a prefix, or the default language.
            language = _language_of_path(request.path_info)
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def set_language(request):
    """Django's ``set_language``, reading the page it returns to (``next``)
    in that page's own language, so that the address it sends the reader to
    is the same page in the chosen one."""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    with translation.override(_language_of_path(urlsplit(next_url).path)):
        return django_set_language(request)


def language_page(request):
    """A redirect to the page ``next`` (a local address; else the home page)
    in the language ``language`` (if the registry speaks it). Sets nothing."""
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url)
    with translation.override(_language_of_path(urlsplit(next_url).path)):
        return redirect(translate_url(next_url, language))


def alternates(request):
    """The page in each language, ``(code, absolute address)``, for the
    ``hreflang`` links; empty where the address does not carry the language
    (the admin, the API)."""
    path = request.get_full_path()
    links = [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]
    if len({address for _code, address in links}) < len(links):
        return []
    return [(code, request.build_absolute_uri(address)) for code, address in links]


def language_links(request):
    """Context processor: ``language_alternates`` for the page's head,
    worked out only by a template that shows them (a template calls a
    callable it is given)."""
    return {
        "language_alternates": lambda: alternates(request),
        # The admin's switcher sets the cookie its user's pages read (a POST);
        # the public pages' only follows the address (a GET, nothing stored).
        "language_switch_posts": request.path_info.startswith(ADMIN_PREFIX),
    }
