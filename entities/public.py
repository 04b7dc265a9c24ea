"""What the public may see of an entity, declared once.

An entity holds public facts, private ones (Entity.PRIVATE_FIELDS: its
contacts and internal notes) and record keeping (status, reviewer's comment,
lock version, search copies, who created it). ``FIELDS`` names the public
ones; every public output of an entity is declared here from them, in its
order: the API's objects (``SUMMARY`` in the list, ``DETAIL`` for one entity;
the serializers that document them and the rows built straight from the
database), the CSV export's columns (the summary's), the rows of the list
page (``LISTED``), and what the entity's page and the API's detail give of
its related records (``same_as_of``, ``attributions``). Each output reads
only the row values declared here, and a value outside the public fields is
refused when this module loads, so a field never reaches the public by being
left off a list elsewhere.
"""

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from research.framework import FEATURE_CODES, score_field

from .models import Entity

# The entity's fields the public may see. A field not named here is private.
FIELDS = (
    "id",
    "name",
    "name_local",
    "country",
    "region",
    "locality",
    "latitude",
    "longitude",
    "location_precision",
    "entity_type",
    "legal_form",
    "sector",
    "year_established",
    "registered",
    "registration_number",
    "origin",
    "dependency",
    "members",
    "women_share",
    "workers",
    "description",
    "website",
    "sdgs",
    "sources",
    "is_demo",
    "updated_at",
    "current_assessment",
    *(score_field(code) for code in FEATURE_CODES),
    "features_practised",
    "band",
    "external_identifiers",
    "provenance",
)
# Of the related records, the reference data (country, region, type, sector)
# is public whole; of the others only these: of the current assessment, its
# date and method; of the entity's identifiers elsewhere, all that the API's
# ``same_as`` and the page's "Same as" give; of where an imported record came
# from, what an attribution names (and only where its licence requires one:
# ``attributions``), never the record's id there or when it was taken.
ASSESSMENT_FIELDS = ("assessed_on", "method")
IDENTIFIER_FIELDS = ("scheme", "value", "url")
ATTRIBUTION_FIELDS = ("source_name", "source_url", "licence", "licence_url")
RELATED_FIELDS = {
    "current_assessment": ASSESSMENT_FIELDS,
    "external_identifiers": IDENTIFIER_FIELDS,
    "provenance": ATTRIBUTION_FIELDS,
}
# Row values computed in the query, with the field each is made of.
ANNOTATIONS = {"sdg_numbers": "sdgs"}  # entities.api.representation.SdgNumbers

# Each key of an entity's public summary (the API list's objects; the CSV's
# columns, without the link and with the profile spread one column per
# feature), in its order, with the row values (``.values()`` names) it is
# read from. The link is made of the id, "lacking" of the profile.
SUMMARY = {
    "id": ("id",),
    "url": (),
    "name": ("name",),
    "name_local": ("name_local",),
    "country": ("country_id",),
    "country_name": ("country__name",),
    "region": ("region_id",),
    "region_name": ("region__name",),
    "entity_type": ("entity_type_id",),
    "legal_form": ("legal_form",),
    "sector": ("sector_id",),
    "year_established": ("year_established",),
    "registered": ("registered",),
    "origin": ("origin",),
    "dependency": ("dependency",),
    "members": ("members",),
    "women_share": ("women_share",),
    "workers": ("workers",),
    "website": ("website",),
    "sdgs": ("sdg_numbers",),
    "profile": tuple(score_field(code) for code in FEATURE_CODES),
    "features_practised": ("features_practised",),
    "lacking": (),
    "band": ("band",),
    "assessed_on": ("current_assessment__assessed_on",),
    "updated_at": ("updated_at",),
    # Added after the others, so that the CSV's earlier columns keep their places.
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "location_precision": ("location_precision",),
}
# One entity's public object: the summary, the longer texts, the current
# assessment and all the published ones (their dates, methods and scores are
# read by the entity's id, the current one's evidence too).
DETAIL = {
    **SUMMARY,
    "description": ("description",),
    "locality": ("locality",),
    "sources": ("sources",),
    "assessment": ("current_assessment_id", "current_assessment__method"),
    "is_demo": ("is_demo",),
    # Added after the others, so that the earlier keys keep their places.
    "assessments": ("id",),
    # The entity's identifiers elsewhere (IDENTIFIER_FIELDS), read by its id.
    "same_as": ("id",),
}


def is_public(value):
    """Whether the row value ``value`` (a ``.values()`` name of the entity, or
    an annotation of ANNOTATIONS) is one the public may see."""
    name, _, related = ANNOTATIONS.get(value, value).partition("__")
    field = Entity._meta.get_field(name)
    if field.name not in FIELDS or field.name in Entity.PRIVATE_FIELDS:
        return False
    return not related or related in RELATED_FIELDS.get(field.name, (related,))


def public_values(values):
    """``values`` (row values), refused unless every one is public."""
    if refused := [value for value in values if not is_public(value)]:
        raise ImproperlyConfigured(f"Not public fields of an entity: {', '.join(refused)}.")
    return tuple(values)


def read_values(declared):
    """The row values a declaration (key -> values) is read from, once each, in
    its order, without the annotations (which their query adds)."""
    read = public_values(dict.fromkeys(value for values in declared.values() for value in values))
    return tuple(value for value in read if value not in ANNOTATIONS)


SUMMARY_VALUES = read_values(SUMMARY)
DETAIL_VALUES = read_values(DETAIL)

# The values of an entity's related rows that its public outputs read.
IDENTIFIER_VALUES = public_values([f"external_identifiers__{name}" for name in IDENTIFIER_FIELDS])
ATTRIBUTION_VALUES = public_values([f"provenance__{name}" for name in ATTRIBUTION_FIELDS])


def web_link(url):
    """``url`` as a link target only when it is a web address, else ""."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def same_as_of(entity_ids):
    """Each entity's identifiers elsewhere (``{scheme, value, url}``, url None
    where none is recorded), by entity id, in one query, in the order of
    scheme and value."""
    rows = (
        Entity.objects.filter(pk__in=entity_ids, external_identifiers__isnull=False)
        .order_by("pk", *IDENTIFIER_VALUES)
        .values_list("pk", *IDENTIFIER_VALUES)
    )
    found = {}
    for entity_id, scheme, value, url in rows:
        found.setdefault(entity_id, []).append(
            {"scheme": scheme, "value": value, "url": url or None}
        )
    return found


def attributions(entity_id):
    """What the entity's page must say of the sources whose licence requires
    attribution: ``{source_name, source_url, licence, licence_url}`` each, the
    addresses only when they are web addresses."""
    rows = (
        Entity.objects.filter(pk=entity_id, provenance__attribution_required=True)
        .order_by(*ATTRIBUTION_VALUES)
        .values_list(*ATTRIBUTION_VALUES)
        .distinct()
    )
    return [
        {
            "source_name": name,
            "source_url": web_link(source_url),
            "licence": licence,
            "licence_url": web_link(licence_url),
        }
        for name, source_url, licence, licence_url in rows
    ]


# What a row of the list page shows, read as plain values.
LISTED = public_values(
    (
        "id",
        "name",
        "name_local",
        "country_id",
        "country__name",
        "region_id",
        "region__name",
        "entity_type_id",
        "entity_type__name",
        "sector_id",
        "sector__name",
        "features_practised",
        "band",
    )
)


def address_prefix(view_name, request=None):
    """The address of an entity's public page (``"entity-detail"``) or API
    object (``"api:entity-detail"``) up to its id, which follows with a
    slash; absolute with ``request``. Reversed once for many entities:
    reversing for each row cost a third of a list page's rendering."""
    prefix = reverse(view_name, kwargs={"pk": 0})
    if request is not None:
        prefix = request.build_absolute_uri(prefix)
    return prefix.removesuffix("0/")
