"""The registry's vocabularies (entities.skos): the page that lists them, in
the reader's language, and each scheme as a file, JSON-LD or Turtle, with
every language in it. A scheme's or a concept's address sends a program to
the file it asks for (Accept) and a person to the page.

The files are the same for everyone and set no cookie: a cache may keep them
for an hour, and the ETag tells a client whether they changed since."""

import hashlib
import json

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from entities import skos, vocabularies

CACHE_CONTROL = "public, max-age=3600"
FORMATS = {"jsonld": skos.JSONLD_MEDIA_TYPE, "ttl": skos.TURTLE_MEDIA_TYPE}


def scheme_or_404(slug):
    try:
        return skos.SCHEMES[slug]
    except KeyError:
        raise Http404("No such vocabulary.") from None


@require_safe
def vocabulary_index(request):
    schemes = []
    for scheme in skos.SCHEMES.values():
        concepts = scheme.concepts()
        schemes.append(
            {
                "slug": scheme.slug,
                "title": scheme.title,
                "description": scheme.description,
                "uri": skos.uri(scheme.slug),
                "files": {
                    fmt: reverse("vocab-file", kwargs={"scheme": scheme.slug, "fmt": fmt})
                    for fmt in FORMATS
                },
                "concepts": [concept_row(scheme, concept) for concept in concepts],
            }
        )
    return render(request, "pages/vocab.html", {"schemes": schemes})


def concept_row(scheme, concept):
    """A concept as the page shows it: its label and definition in the
    reader's language (else English), and its match to ESSGlobal."""
    language = get_language()
    labels, definitions = concept.labels, concept.definitions
    return {
        "code": concept.code,
        "anchor": f"{scheme.slug}-{concept.code}",
        "uri": skos.uri(scheme.slug, concept.code),
        "label": labels.get(language) or labels.get("en", concept.code),
        "definition": definitions.get(language) or definitions.get("en", ""),
        "matches": [
            {
                "kind": vocabularies.MatchKind(kind).label,
                "uri": other,
                "code": other.rsplit("/", 1)[-1],
            }
            for kind, other in concept.matches
        ],
    }


@require_safe
def vocabulary_file(request, scheme, fmt):
    found = scheme_or_404(scheme)
    concepts = found.concepts()
    if fmt == "jsonld":
        body = json.dumps(skos.jsonld(found, concepts), ensure_ascii=False, indent=2)
    else:
        body = skos.turtle(found, concepts)
    content = body.encode()
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(content, content_type=f"{FORMATS[fmt]}; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


def asked_format(request):
    """The file a request's Accept asks for ("ttl", "jsonld"), or None for the page."""
    accept = request.headers.get("Accept", "")
    if skos.TURTLE_MEDIA_TYPE in accept:
        return "ttl"
    if skos.JSONLD_MEDIA_TYPE in accept or "application/json" in accept:
        return "jsonld"
    return None


@require_safe
def scheme_address(request, scheme):
    scheme_or_404(scheme)
    return see_other(request, scheme, scheme)


@require_safe
def concept_address(request, scheme, code):
    found = scheme_or_404(scheme)
    if code not in {concept.code for concept in found.concepts()}:
        raise Http404("No such concept.")
    return see_other(request, scheme, f"{scheme}-{code}")


def see_other(request, scheme, anchor):
    """303 to the scheme's file in the format asked for, or to the page at ``anchor``."""
    fmt = asked_format(request)
    if fmt:
        target = reverse("vocab-file", kwargs={"scheme": scheme, "fmt": fmt})
    else:
        target = reverse("vocab-index") + f"#{anchor}"
    response = HttpResponseRedirect(target, status=303)
    patch_vary_headers(response, ("Accept",))
    response["Cache-Control"] = CACHE_CONTROL
    return response
