"""An entity as linked data for the SSE data commons: one JSON-LD document,
the same in the entity's page (a ``<script type="application/ld+json">`` in
its head, which search engines and the commons' harvesters read) and in the
API (``/api/v1/entities/{id}/`` with ``Accept: application/ld+json`` or
``?format=jsonld``).

The document is a schema.org ``Organization`` with ESSGlobal's terms beside
schema.org's (the ``essglobal:`` prefix: the entity's organisational
structure and activity, as ESSGlobal's concept URIs, entities.vocabularies)
and its seven feature scores as ``additionalProperty``. The data's licence
is stated on the registry's record of the entity (``subjectOf``, a schema.org
``Dataset`` about the organisation, with ``license``): schema.org's
``license`` belongs to a creative work, and the record is one, the
organisation is not.

It is built from row values declared public (``VALUES``, refused by
entities.public when this module loads if one is not): the API reads them
with ``.values()``, the page from the entity it has already loaded
(``values_of``), so both give the same document for the same entity.
"""

import json
from functools import reduce

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from research.framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN, score_field

from . import citation, public
from .vocabularies import ESSGLOBAL_BASE, activity_uri, structure_uri

MEDIA_TYPE = "application/ld+json"
SCHEMA_ORG = "https://schema.org/"
# ESSGlobal's properties are published beside its concept schemes ("standard/").
ESSGLOBAL_VOCAB = ESSGLOBAL_BASE.removesuffix("standard/") + "vocab/"
CONTEXT = {"@vocab": SCHEMA_ORG, "essglobal": ESSGLOBAL_VOCAB}

# The row values the document is made of: public ones only.
VALUES = public.public_values(
    (
        "id",
        "name",
        "name_local",
        "description",
        "country_id",
        "region__name",
        "locality",
        "latitude",
        "longitude",
        "sector_id",
        "sector__essglobal_activity",
        "entity_type__essglobal_structure",
        "year_established",
        "website",
        "updated_at",
        "features_practised",
        *(score_field(code) for code in FEATURE_CODES),
    )
)


def rows(queryset):
    """``queryset`` (entities) as the rows ``document`` reads."""
    return queryset.values(*VALUES)


def values_of(entity):
    """The same row as ``rows`` gives, read from a loaded entity (its
    related reference data loaded with it: ``EntityQuerySet.with_profile``)."""

    def read(value):
        names = value.split("__")
        return reduce(lambda obj, name: None if obj is None else getattr(obj, name), names, entity)

    return {value: read(value) for value in VALUES}


def page_address(request, entity_id):
    """The entity's page, absolute, in the default language: the same
    address whatever language the page or the API answers in."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("entity-detail", kwargs={"pk": entity_id})
    return request.build_absolute_uri(path)


def record_address(request, entity_id):
    """The entity's object in the API, absolute."""
    return request.build_absolute_uri(reverse("api:entity-detail", kwargs={"pk": entity_id}))


def document(row, request, same_as):
    """The JSON-LD document of an entity: ``row`` as ``rows`` gives it,
    ``same_as`` its identifiers elsewhere (entities.public.same_as_of)."""
    page = page_address(request, row["id"])
    organisation = {
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": page,
        "url": page,
        "identifier": str(row["id"]),
        "name": row["name"],
    }
    if row["name_local"]:
        organisation["alternateName"] = row["name_local"]
    if row["description"]:
        organisation["description"] = row["description"]
    organisation["address"] = address(row)
    if row["latitude"] is not None and row["longitude"] is not None:
        organisation["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
        }
    organisation["isicV4"] = row["sector_id"]
    if row["year_established"]:
        organisation["foundingDate"] = str(row["year_established"])
    if links := same_as_links(row, same_as):
        organisation["sameAs"] = links
    if structure := structure_uri(row["entity_type__essglobal_structure"]):
        organisation["essglobal:organisationalStructure"] = {"@id": structure}
    if activity := activity_uri(row["sector__essglobal_activity"]):
        organisation["essglobal:primarySector"] = {"@id": activity}
    if scores := feature_scores(row):
        organisation["additionalProperty"] = scores
    organisation["subjectOf"] = record(row, request)
    return organisation


def address(row):
    postal = {"@type": "PostalAddress", "addressCountry": row["country_id"]}
    if row["region__name"]:
        postal["addressRegion"] = row["region__name"]
    if row["locality"]:
        postal["addressLocality"] = row["locality"]
    return postal


def same_as_links(row, same_as):
    """The addresses of the entity's records elsewhere, then its website."""
    links = [public.web_link(each["url"] or "") for each in same_as]
    links.append(public.web_link(row["website"] or ""))
    return list(dict.fromkeys(link for link in links if link))


def feature_scores(row):
    """The current scores (0–3), one PropertyValue per feature, and how many
    features it practises; none before an assessment."""
    scores = [
        {
            "@type": "PropertyValue",
            "propertyID": code,
            "value": row[score_field(code)],
            "minValue": SCORE_MIN,
            "maxValue": SCORE_MAX,
        }
        for code in FEATURE_CODES
        if row[score_field(code)] is not None
    ]
    if row["features_practised"] is not None:
        scores.append(
            {
                "@type": "PropertyValue",
                "propertyID": "features_practised",
                "value": row["features_practised"],
                "minValue": 0,
                "maxValue": len(FEATURE_CODES),
            }
        )
    return scores


def record(row, request):
    """The registry's record of the entity: its licence, publisher and date."""
    terms = citation.licence()
    return {
        "@type": "Dataset",
        "@id": record_address(request, row["id"]),
        "name": f"{settings.SITE_NAME}: {row['name']}",
        "url": page_address(request, row["id"]),
        "license": terms.url,
        "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "dateModified": citation.iso(row["updated_at"]),
    }


# Characters that could end the script element or open markup inside it, as
# JSON escapes (as Django's json_script writes them).
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(doc):
    """The document as the page's ``<script type="application/ld+json">``:
    a data block, which browsers never run (the Content-Security-Policy's
    script-src does not apply to it), its text unable to close the element."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    return format_html('<script type="{}">{}</script>', MEDIA_TYPE, mark_safe(text))  # noqa: S308
