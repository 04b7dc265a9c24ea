"""Requests refused before any view reads them: a body over its size limit
(413), and NUL characters in the address or a form (PostgreSQL cannot hold or
compare them, so any lookup with one would be a server error, not a miss).

The API answers in JSON, like every other API answer; pages answer with a page
that says what was wrong.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as default_bad_request

from core.api.errors import is_api

# Room around the spreadsheet in an import's body: the multipart boundaries and
# headers and the form's few small fields.
IMPORT_ENVELOPE_BYTES = 64 * 1024
NUL = "\x00"


class RequestLimitsMiddleware:
    """Refuses a request that no view could serve before any view reads it:
    a body over its limit by its length alone (a huge upload is not even
    read), and a NUL in the address, the query or a form, so that none
    reaches the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404  # no address holds a NUL: the usual "not found"
        size, limit = body_size(request), body_limit(request)
        if limit is not None and size > limit:
            return too_large(request, size, limit)
        # Read only now, within its size limit (a form's body: as the CSRF check
        # would read it next anyway; any other body is not read here).
        with_nul = names_with_nul(request.GET) or names_with_nul(request.POST)
        if with_nul:
            return refused_nul(request, with_nul)
        return self.get_response(request)


def names_with_nul(parameters):
    return sorted(
        {
            name
            for name, values in parameters.lists()
            if NUL in name or any(NUL in value for value in values)
        }
    )


def body_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body then either


def import_path():
    return reverse("admin:entities_entity_import")


def body_limit(request):
    """The largest body accepted at this address (None: no limit). Only the
    import takes a file; every other request is a form or a query, bounded by
    Django's own limit."""
    if request.path == import_path():
        return settings.IMPORT_MAX_BYTES + IMPORT_ENVELOPE_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}"


def limit_megabytes(limit):
    return f"{limit / 1024 / 1024:g}"  # as the import form states its limit


def too_large(request, size=None, limit=None):
    if size is None:  # Django found the form fields too large while reading them
        message = _("The request is too large: its form fields exceed %(limit)s MB.") % {
            "limit": limit_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    elif request.path == import_path():
        message = _(
            "The upload is %(size)s MB; a spreadsheet may be at most %(limit)s MB. "
            "Split the file and import each part."
        ) % {"size": megabytes(size), "limit": limit_megabytes(settings.IMPORT_MAX_BYTES)}
    else:
        message = _("The request is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": megabytes(size),
            "limit": limit_megabytes(limit),
        }
    return refusal(request, 413, _("Too large"), message)


def refused_nul(request, names):
    message = _("Null characters are not allowed.")
    if is_api(request):
        # As the API names a bad parameter: its name, then its messages.
        return JsonResponse({name: [message] for name in names}, status=400)
    return refusal(
        request,
        400,
        _("Bad request"),
        _("%(message)s (In: %(names)s.)") % {"message": message, "names": ", ".join(names)},
    )


def refusal(request, status, title, message):
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    # The admin's layout needs the user, which a request refused before any
    # view (a body too large, a NUL) has not been given yet.
    in_admin = hasattr(request, "user") and request.path.startswith(reverse("admin:index"))
    template = "admin/request_refused.html" if in_admin else "request_refused.html"
    context = {"title": title, "message": message}
    if in_admin:
        context.update(admin.site.each_context(request))
    return render(request, template, context, status=status)


def too_many_requests(request, wait, title, message):
    """A request refused by a rate limit (429): try again in ``wait`` seconds."""
    response = refusal(request, 429, title, message)
    response["Retry-After"] = str(wait)
    return response


def too_many_downloads(request, wait):
    """A page's download refused by its rate limit: try again in ``wait`` seconds."""
    return too_many_requests(
        request,
        wait,
        _("Too many downloads"),
        _("Please wait %(seconds)s seconds before downloading again.") % {"seconds": wait},
    )


def bad_request(request, exception):
    """handler400. Django raises RequestDataTooBig for form fields over its
    limit (DATA_UPLOAD_MAX_MEMORY_SIZE) and hands it here: that is a 413. Other
    bad requests under /api/ are JSON like every API answer."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if is_api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return default_bad_request(request, exception)
