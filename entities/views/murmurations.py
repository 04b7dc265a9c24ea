"""The Murmurations profiles of the published entities and the registry's own
schema for them (entities.murmurations.profiles), as JSON.

The same for everyone, with no cookie: a cache may keep a profile for five
minutes (a withdrawn entity's profile answers 404 soon after, which the index
waits for before dropping it) and the schema for a day; the ETag tells a
client whether either changed since."""

import hashlib
import json

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from entities.murmurations import profiles

PROFILE_CACHE_CONTROL = "public, max-age=300"
SCHEMA_CACHE_CONTROL = "public, max-age=86400"


@require_safe
def entity_profile(request, pk):
    found = profiles.profile(pk)
    if found is None:
        raise Http404("No published entity has this profile.")
    return json_response(request, found, PROFILE_CACHE_CONTROL)


@require_safe
def schema(request, name):
    if name not in profiles.SERVED_SCHEMAS:
        raise Http404("No such schema.")
    return json_response(request, profiles.served_schema(name), SCHEMA_CACHE_CONTROL)


def json_response(request, document, cache_control):
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Access-Control-Allow-Origin"] = "*"
    return response
